"""Customers' personal data (account number, the verification/debt note) reaches over Socket.IO only the desk
serving the ticket, reception and supervisors (admins); every other staff socket, the six Top 10 roles
included, gets the ticket without it. Real python-socketio clients of each role against a live server."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from core.actors import SYSTEM
from core.extensions import db
from core.roles import TOP10_ROLES
from core.tickets import desks, engine
from tests.helpers import csrf_from, make_user, token_for
from tests.realtime.live import WAIT, Listener, browser_session, cookie_header, listen

ACCOUNT = "4455667"
NOTE = "Deuda Bs 350,50: emitida por recepción con autorización"
PRIVATE_ROLES = ("admin", "supervisor", "reception")


def console_at(base: str, username: str, desk: str) -> requests.Session:
    """An agent who signed in at `desk` on /desk, as the desk console page does."""
    make_user(username, "agent")
    db.session.commit()
    browser = browser_session(base, username)
    csrf = csrf_from(browser.get(f"{base}/desk", timeout=WAIT).text)
    chosen = browser.post(f"{base}/desk/sign-in", data={"desk": desk, "csrf_token": csrf}, allow_redirects=False,
                          timeout=WAIT)
    assert chosen.status_code == 302
    return browser


def ticket_events(listener: Listener, action: str) -> list[dict[str, Any]]:
    """Every ticket_changed this client got up to the one for `action` (the staff room's, always sent)."""
    listener.wait_for("ticket_changed", action=action)
    return [data["ticket"] for event, data in listener.seen if event == "ticket_changed"]


def test_personal_data_reaches_only_those_who_serve_the_customer(live_server, listeners, counter) -> None:
    """Issue with an account and a debt note, then call at the counter's first desk: admin, supervisor, reception
    and that desk's console see the account and note; an agent at the other desk and every Top 10 role get the
    same events without them."""
    base = live_server.url
    private = {role: listen(listeners, base, {"token": token_for(f"u-{role}", role)}) for role in PRIVATE_ROLES}
    others = {role: listen(listeners, base, {"token": token_for(f"u-{role}", role)})
              for role in ("agent", *TOP10_ROLES)}
    p01 = listen(listeners, base, {}, headers=cookie_header(console_at(base, "asesor-p01", counter.desk)))
    p02 = listen(listeners, base, {}, headers=cookie_header(console_at(base, "asesor-p02", counter.desks[1])))

    ticket = engine.issue_ticket(counter.tx, actor=SYSTEM, account=ACCOUNT, verification="override",
                                 verification_note=NOTE)
    desks.call_next(counter.desk, actor=SYSTEM)

    for role, listener in private.items():
        called = ticket_events(listener, "call")[-1]
        assert (called["id"], called["account"], called["verification_note"]) == (ticket.id, ACCOUNT, NOTE), role
    for role, listener in {**others, "agent at the other desk": p02}.items():
        seen = ticket_events(listener, "call")
        assert [t["id"] for t in seen][-1] == ticket.id, role
        assert all("account" not in t and "verification_note" not in t for t in seen), role
        assert ACCOUNT not in repr(listener.seen) and "Deuda" not in repr(listener.seen), role
    with_data = p01.wait_for("ticket_changed", action="call")  # from `staff` and from `desk:<code>`, same seq
    if "account" not in with_data["ticket"]:
        with_data = p01.wait_for("ticket_changed", action="call")
    assert (with_data["ticket"]["account"], with_data["ticket"]["verification_note"]) == (ACCOUNT, NOTE)

@pytest.mark.parametrize("role", ["agent", *TOP10_ROLES])
def test_issue_event_without_personal_data_for_role(live_server, listeners, counter, role) -> None:
    """Before any desk serves it, a ticket issued with an account reaches `role` without the account."""
    listener = listen(listeners, live_server.url, {"token": token_for(f"u-{role}", role)})
    engine.issue_ticket(counter.tx, actor=SYSTEM, account=ACCOUNT)
    (issued,) = ticket_events(listener, "issue")
    assert "account" not in issued and ACCOUNT not in repr(listener.seen)
