"""Cliente Top 10 on the desk console, one rule for both places (issue 12 with the desk's hook): «Fichas en espera»
badges exactly the customers whose current ticket carries the flag, and the flag travels over Socket.IO only to
those who serve the customer, like the account."""

from __future__ import annotations

from core.actors import SYSTEM
from core.extensions import socketio
from core.people import users
from core.tickets import console, desk_shifts, desks, engine
from tests.helpers import KIOSK_TX, actor_for, token_for
from tests.top10.helpers import one_case


def test_waiting_list_badges_the_customers_whose_ticket_carries_the_flag(app, team) -> None:
    """Of three waiting tickets only the one of a customer with an open case has the badge; called, that same
    ticket shows «Cliente Top 10: caso abierto #N…» as the current ticket."""
    case_id = one_case(team, "100")
    agent = actor_for("asesor1", "agent")
    desk_shifts.sign_in("P01", actor=agent)
    followed = engine.issue_ticket(KIOSK_TX, actor=SYSTEM, account="100")
    other = engine.issue_ticket(KIOSK_TX, actor=SYSTEM, account="999")
    without = engine.issue_ticket(KIOSK_TX, actor=SYSTEM)
    waiting = {row["id"]: row["top10"] for row in console.desk_state("P01")["waiting"]}
    assert waiting == {followed.id: True, other.id: False, without.id: False}

    assert desks.call_next("P01", actor=agent).id == followed.id
    current = console.desk_state("P01")["current"]
    assert current["top10"]["text"].startswith(f"Cliente Top 10: caso abierto #{case_id} (paso 2")
    assert [row["top10"] for row in console.desk_state("P01")["waiting"]] == [False, False]


def test_the_flag_reaches_supervisors_live_but_not_other_staff(app, team) -> None:
    """An agent's socket (the plain staff room) gets the issued ticket without the flag, a supervisor's with it."""
    one_case(team, "100")
    sockets = {who: socketio.test_client(app, auth={"token": token})
               for who, token in (("agent", token_for("asesor2", "agent")),
                                  ("supervisor", users.create_api_token(team.supervisor.name)))}
    for socket in sockets.values():
        socket.get_received()
    ticket = engine.issue_ticket(KIOSK_TX, actor=SYSTEM, account="100")
    seen = {}
    for who, socket in sockets.items():
        seen[who] = [e["args"][0]["ticket"] for e in socket.get_received() if e["name"] == "ticket_changed"]
        socket.disconnect()
    assert [t["id"] for t in seen["agent"]] == [ticket.id] and "top10" not in seen["agent"][0]
    assert seen["supervisor"][0]["top10"]["text"].startswith("Cliente Top 10: caso abierto")
