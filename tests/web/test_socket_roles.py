"""Socket.IO connect × who connects (Flask-SocketIO's test client): the right room and first message,
or a refusal. Every registered socket event must have a row in EVENTS."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from core.actors import SYSTEM
from core.extensions import db, socketio
from core.models import ApiToken
from core.people import users
from core.tickets import desks, engine
from tests.builders import make_area
from tests.helpers import device_token, login, make_user, token_for

# Socket events a client may send → who gets an answer. A new event fails test_every_socket_event_has_a_row.
EVENTS: dict[str, str] = {
    "connect": "see the tests below",
    "disconnect": "nobody: bookkeeping only",
    "snapshot": "panels (and staff viewing a panel): a fresh snapshot",
    "survey_pending": "the survey tablet of a desk (and supervisors naming a desk): the unrated service",
    "join_top10": "Top 10 roles and supervisors: the live control sheet room",
    "follow_ticket": "status pages only: their transferred ticket's queue (tests/realtime/test_position_changed.py)",
    "panel_health": "panel devices only: their health report for the monitor (tests/display/test_panel_health.py)",
    "staff_seq": "staff screens only: where the staff sequence stands (test_staff_seq_answers_staff_only)",
}


def connect(app: Flask, **kwargs: Any):
    return socketio.test_client(app, **kwargs)


def names_of(received: list[dict[str, Any]]) -> list[str]:
    return [message["name"] for message in received]


def names(client) -> list[str]:
    return names_of(client.get_received())


def test_every_socket_event_has_a_row(app) -> None:
    """A new socket event fails here until EVENTS says who may send it (and a test covers it)."""
    registered = set(socketio.server.handlers.get("/", {}))
    missing = sorted(registered - set(EVENTS))
    assert not missing, f"socket events without a row in EVENTS (tests/web/test_socket_roles.py): {missing}"


def test_panel_device_gets_its_area_snapshot(app, counter) -> None:
    """A panel connects with its device token and receives its area's snapshot."""
    client = connect(app, auth={"token": device_token("panel", area=counter.area.code)})
    assert client.is_connected()
    (message,) = client.get_received()
    assert message["name"] == "snapshot"
    body = message["args"][0]
    assert body["area"] == counter.area.code and {"seq", "current", "history", "waiting", "announcements"} <= set(body)


def test_panel_of_all_areas_gets_the_all_snapshot(app) -> None:
    """A panel registered for every area gets the combined snapshot."""
    client = connect(app, auth={"token": device_token("panel", area="ALL")})
    assert client.get_received()[0]["args"][0]["area"] == "ALL"


def test_panel_asks_for_a_snapshot_again(app) -> None:
    """A panel that sees a gap asks with `snapshot` and gets one."""
    client = connect(app, auth={"token": device_token("panel", area=make_area().code)})
    client.get_received()
    client.emit("snapshot")
    assert names(client) == ["snapshot"]


def test_staff_api_token_joins_the_staff_room(app, counter) -> None:
    """Staff connecting with an API token get ticket_changed for every ticket change; reception with full detail
    (who gets personal data: tests/realtime/test_personal_data_rooms.py)."""
    client = connect(app, auth={"token": token_for("recep1", "reception")})
    assert client.is_connected() and names(client) == ["release"]
    engine.issue_ticket(counter.tx, actor=SYSTEM, account="100200")
    changed = [m["args"][0] for m in client.get_received() if m["name"] == "ticket_changed"]
    assert changed[0]["action"] == "issue" and changed[0]["ticket"]["account"] == "100200"
    assert isinstance(changed[0]["seq"], int)


def test_staff_session_cookie_joins_the_staff_room(app, counter) -> None:
    """A signed-in browser (session cookie) connects as staff."""
    make_user("supervisora", "supervisor")
    browser = app.test_client()
    login(browser, "supervisora")
    client = connect(app, flask_test_client=browser)
    assert client.is_connected()
    engine.issue_ticket(counter.tx, actor=SYSTEM)
    assert "ticket_changed" in names(client)


def test_staff_asking_for_a_snapshot_without_an_area_gets_nothing(app) -> None:
    """`snapshot` answers panels only; a staff console gets no panel data from it."""
    client = connect(app, auth={"token": token_for("asesor1", "agent")})
    assert names(client) == ["release"]
    client.emit("snapshot")
    assert names(client) == []


def test_every_page_but_a_panel_is_told_the_release_it_talks_to(app, counter) -> None:
    """A kiosk, a survey tablet, a desk console and a status page learn the server's release on connect (a page of
    an older one reloads when its screen allows: static/common/live.js); a panel's snapshot names it instead."""
    version = app.config["APP_VERSION"]
    ticket = engine.issue_ticket(counter.tx, actor=SYSTEM)
    for auth in ({"token": device_token("kiosk")}, {"token": device_token("survey", desk=counter.desk)},
                 {"token": token_for("asesor1", "agent")}, {"ticket": ticket.token}):
        received = connect(app, auth=auth).get_received()
        assert {"name": "release", "args": [{"version": version}], "namespace": "/"} in received, auth
    panel = connect(app, auth={"token": device_token("panel", area=counter.area.code)}).get_received()
    assert names_of(panel) == ["snapshot"] and panel[0]["args"][0]["version"] == version


def test_staff_may_watch_a_panel(app) -> None:
    """Staff opening a panel page on their PC connect as that area's panel."""
    room = make_area()
    client = connect(app, auth={"token": token_for("recep", "reception"), "area": room.code})
    assert client.get_received()[0]["args"][0]["area"] == room.code


def test_panel_gets_no_personal_data(app, counter) -> None:
    """Panels receive calls and counts, never an account number or a customer's name."""
    client = connect(app, auth={"token": device_token("panel", area=counter.area.code)})
    engine.issue_ticket(counter.tx, actor=SYSTEM, account="100300")
    desks.call_next(counter.desk, actor=SYSTEM)
    received = client.get_received()
    assert {m["name"] for m in received} <= {"snapshot", "queue_changed", "ticket_called"}
    assert "100300" not in repr(received) and "account" not in repr(received)


def test_survey_tablet_gets_the_finished_ticket_of_its_desk(app, counter) -> None:
    """The survey tablet of a desk is asked to rate the service that just finished there."""
    client = connect(app, auth={"token": device_token("survey", desk=counter.desk)})
    assert client.is_connected() and names(client) == ["release"]
    ticket = engine.issue_ticket(counter.tx, actor=SYSTEM)
    desks.call_next(counter.desk, actor=SYSTEM)
    desks.finish(counter.desk, actor=SYSTEM)
    (message,) = [m for m in client.get_received() if m["name"] != "survey_closed"]  # the call closes none here
    assert message["name"] == "survey_request" and message["args"][0]["ticket"] == ticket.id


def test_survey_tablet_hears_its_desk_call_the_next_ticket(app, counter) -> None:
    """The desk calls someone after a finish: its tablet gets `survey_closed` (the question it shows closes in
    45 s), and at the start of that service again (it closes now); another desk's tablet gets nothing."""
    tablet = connect(app, auth={"token": device_token("survey", desk=counter.desk)})
    other = connect(app, auth={"token": device_token("survey", "encuesta-otra", desk=counter.desks[1])})
    counter.issue(), counter.issue()
    desks.call_next(counter.desk, actor=SYSTEM)
    desks.finish(counter.desk, actor=SYSTEM)
    tablet.get_received(), other.get_received()
    called = desks.call_next(counter.desk, actor=SYSTEM)
    (message,) = tablet.get_received()
    # The customer just served may finish answering while the next one walks over: 45 s, or until the start.
    assert message["name"] == "survey_closed" and message["args"][0] == {"called": called.id, "closes_in_s": 45}
    desks.start(counter.desk, actor=SYSTEM)
    (message,) = tablet.get_received()
    assert message["name"] == "survey_closed" and message["args"][0] == {"called": called.id, "closes_in_s": 0}
    assert names(other) == []


def test_kiosk_device_connects_without_ticket_traffic(app, counter) -> None:
    """A kiosk connects (for configuration pushes) but does not receive ticket events."""
    client = connect(app, auth={"token": device_token("kiosk")})
    assert client.is_connected()
    engine.issue_ticket(counter.tx, actor=SYSTEM)
    assert not any(name.startswith("ticket") for name in names(client))


def test_status_page_follows_its_ticket(app, counter) -> None:
    """A status page connects with its ticket token, gets its status, then the update when called."""
    ticket = engine.issue_ticket(counter.tx, actor=SYSTEM)
    client = connect(app, auth={"ticket": ticket.token})
    first = client.get_received()
    assert first[0]["name"] == "ticket_status" and first[0]["args"][0]["status"] == "waiting"
    desks.call_next(counter.desk, actor=SYSTEM)
    statuses = [m["args"][0]["status"] for m in client.get_received() if m["name"] == "ticket_status"]
    assert statuses == ["called"]


@pytest.mark.parametrize("auth", [None, {}, {"token": "no-es-un-token"}, {"ticket": "no-existe"}])
def test_anonymous_and_unknown_tokens_are_refused(app, auth) -> None:
    """Without a valid token or session the connection is refused."""
    assert not connect(app, auth=auth).is_connected()


def test_revoked_device_is_refused(app) -> None:
    """A revoked panel can no longer connect."""
    device, token = users.create_device("panel", "panel-viejo", area=make_area().code)
    users.revoke_device(device.id)
    assert not connect(app, auth={"token": token}).is_connected()


def test_revoked_api_token_is_refused(app) -> None:
    """A revoked staff API token can no longer connect."""
    token = token_for("asesor1", "agent")
    db.session.execute(db.update(ApiToken).values(revoked_at=db.func.now()))  # arrange: admin revocation
    db.session.commit()
    assert not connect(app, auth={"token": token}).is_connected()


def test_survey_tablet_asks_for_the_unrated_service(app, counter) -> None:
    """A survey tablet that reconnects asks for the service it has not rated yet; an agent gets nothing."""
    ticket = engine.issue_ticket(counter.tx, actor=SYSTEM)
    desks.call_next(counter.desk, actor=SYSTEM)
    desks.finish(counter.desk, actor=SYSTEM)
    tablet = connect(app, auth={"token": device_token("survey", desk=counter.desk)})
    assert tablet.emit("survey_pending", callback=True)["ticket"] == ticket.id
    agent = connect(app, auth={"token": token_for("asesor1", "agent")})
    assert not agent.emit("survey_pending", {"desk": counter.desk}, callback=True)


@pytest.mark.parametrize("role,allowed", [("top10_gestor", True), ("supervisor", True), ("agent", False),
                                          ("reception", False)])
def test_join_top10_by_role(app, role, allowed) -> None:
    """Only Top 10 roles and supervisors join the live control sheet."""
    client = connect(app, auth={"token": token_for(f"u-{role}", role)})
    assert client.emit("join_top10", callback=True)["ok"] is allowed


def test_join_top10_refuses_devices(app) -> None:
    """A panel cannot join the Top 10 room."""
    client = connect(app, auth={"token": device_token("panel", area=make_area().code)})
    assert client.emit("join_top10", callback=True)["ok"] is False


def test_staff_seq_answers_staff_only(app, counter, monkeypatch) -> None:
    """A staff screen learns where the staff sequence stands, and so that it missed an event emitted by another
    process (static/common/live.js `catchUp`); a panel, a kiosk or a status page learns nothing."""
    staff = connect(app, auth={"token": token_for("recepcion", "reception")})
    before = staff.emit("staff_seq", callback=True)["seq"]
    monkeypatch.setattr(socketio, "emit", lambda *_args, **_kwargs: None)  # the issue's events reach nobody
    ticket = engine.issue_ticket(counter.tx, actor=SYSTEM)
    monkeypatch.undo()
    assert staff.emit("staff_seq", callback=True) == {"seq": before + 1}
    others = [connect(app, auth={"token": device_token("panel", area=counter.area.code)}),
              connect(app, auth={"token": device_token("kiosk")}), connect(app, auth={"ticket": ticket.token})]
    assert [other.emit("staff_seq", callback=True) for other in others] == [{}, {}, {}]
