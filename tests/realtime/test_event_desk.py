"""`ticket_changed` names the desk where the change happened, as the event's row does: the live monitor's
«Últimos movimientos» showed no desk for a finish and the trámite's desk for an issue, then other desks after a
reload."""

from __future__ import annotations

from core.actors import SYSTEM
from core.extensions import socketio
from core.people import users
from core.tickets import desks, engine
from tests.helpers import make_user


def test_each_change_names_the_desk_it_happened_at(app, office) -> None:
    make_user("jefa-movimientos", "supervisor")
    socket = socketio.test_client(app, auth={"token": users.create_api_token("jefa-movimientos")})
    socket.get_received()
    ticket = engine.issue_ticket(office.plat.tx, actor=SYSTEM)
    desks.call_next(office.plat.desk, actor=SYSTEM)
    engine.transfer(ticket.id, actor=SYSTEM, desk=office.plat.desks[1])
    desks.call_next(office.plat.desks[1], actor=SYSTEM)
    desks.finish(office.plat.desks[1], actor=SYSTEM)
    seen = [(e["args"][0]["action"], e["args"][0]["desk"]) for e in socket.get_received()
            if e["name"] == "ticket_changed"]
    socket.disconnect()
    assert seen == [("issue", None), ("call", office.plat.desk), ("transfer", office.plat.desk),
                    ("call", office.plat.desks[1]), ("finish", office.plat.desks[1])]
