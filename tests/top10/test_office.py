"""Issue 12, Cliente Top 10 at the office: staff see the open case beside the account, the desk's call puts
«Visitó la oficina (trámite, mesón)» on the case and tells its owner live; the customer's ticket and the
panels carry nothing of it."""

from __future__ import annotations

import json

from core.actors import SYSTEM
from core.extensions import socketio
from core.panels import board
from core.people import users
from core.tickets import desk_shifts, desks, engine, serialize
from core.top10 import detection, office
from tests.helpers import KIOSK_TX, actor_for
from tests.top10.helpers import one_case


def test_a_top10_customer_is_flagged_for_staff_and_the_visit_reaches_the_case(app, team) -> None:
    case_id = one_case(team, "100")
    assert office.flag("999") is None
    expected = f"Cliente Top 10: caso abierto #{case_id} (paso 2, Analista Gestor Top 10)"
    assert office.flag("100")["text"] == expected
    socket = socketio.test_client(app, auth={"token": users.create_api_token(team.gestor.name)})
    assert socket.emit("join_top10", callback=True) == {"ok": True}
    socket.get_received()
    agent = actor_for("asesor1", "agent")
    desk_shifts.sign_in("P01", actor=agent)
    ticket = engine.issue_ticket(KIOSK_TX, actor=SYSTEM, account="100")
    assert serialize.staff_ticket(ticket)["top10"]["text"] == expected
    assert "top10" not in serialize.public_ticket(ticket)
    called = desks.call_next("P01", actor=agent)
    assert called.id == ticket.id
    visit = detection.actions(case_id)[-1]
    assert visit.action == "visita_oficina" and visit.note == f"{ticket.transaction_label}, mesón {called.desk.name}"
    notices = [e["args"][0] for e in socket.get_received() if e["name"] == "top10_notice"]
    assert [n["case"] for n in notices] == [case_id] and "visitó la oficina" in notices[0]["message"]
    socket.disconnect()
    panel = json.dumps(board.snapshot(called.queue.area.code), ensure_ascii=False, default=str)
    assert "Top 10" not in panel and "caso abierto" not in panel and "top10" not in panel


def test_a_transferred_customer_visits_the_office_once(app, team, frozen) -> None:
    """The second desk's call of a transferred ticket is the same visit: one «Visitó la oficina» on the case."""
    case_id = one_case(team, "100")
    first, second = actor_for("asesor1", "agent"), actor_for("asesor2", "agent")
    desk_shifts.sign_in("P01", actor=first)
    ticket = engine.issue_ticket(KIOSK_TX, actor=SYSTEM, account="100")
    desks.call_next("P01", actor=first)
    frozen.advance(minutes=4)
    engine.transfer(ticket.id, actor=first, desk="P02")
    frozen.advance(minutes=1)
    assert desks.call_next("P02", actor=second).id == ticket.id
    assert [a.action for a in detection.actions(case_id)].count("visita_oficina") == 1
