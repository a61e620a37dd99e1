"""A queue moved upstairs in Administración → Colas takes its desk along, and the panels follow without a reload:
both rooms' panels are told to re-read their snapshot, and the moved desk's next call shows upstairs only."""

from __future__ import annotations

from core.actors import SYSTEM
from core.extensions import socketio
from core.panels import board
from core.tickets import console, desks, engine
from tests.builders import make_area, make_desk, make_queue, make_transaction
from tests.helpers import device_token


def test_a_call_from_a_desk_moved_with_its_queue_shows_on_the_new_rooms_panel(app, supervisor) -> None:
    downstairs, upstairs = make_area(name="Plataforma"), make_area(name="Mezanine")
    moved = make_queue(area=downstairs, name="Reclamos")
    desk = make_desk(queues=[moved], name="Mesón 5")
    tx = make_transaction(moved).code
    panels = {room.code: socketio.test_client(app, auth={"token": device_token("panel", f"panel-{room.code}",
                                                                               area=room.code)})
              for room in (downstairs, upstairs)}
    try:
        for panel in panels.values():
            assert panel.is_connected()
            panel.get_received()

        response = supervisor.post(f"/admin/colas/{moved.id}", {
            "code": moved.code, "prefix": moved.prefix, "name": moved.name, "area": upstairs.code,
            "sla_minutes": "15", "default_service_minutes": "5", "active": "1"})
        assert response.status_code == 302

        # Both panels re-read their snapshot (the room they lost or gained a queue and a desk).
        for code, panel in panels.items():
            assert [(m["name"], m["args"][0]["area"]) for m in panel.get_received()] == [("config_changed", code)]
        assert console.desk_state(desk.code)["desk"]["area"] == upstairs.code  # the desk stands upstairs now

        engine.issue_ticket(tx, actor=SYSTEM)
        called = desks.call_next(desk.code, actor=SYSTEM)

        calls = [m["args"][0] for m in panels[upstairs.code].get_received() if m["name"] == "ticket_called"]
        assert [(call["number"], call["desk_name"]) for call in calls] == [(called.label, "Mesón 5")]
        assert "ticket_called" not in [m["name"] for m in panels[downstairs.code].get_received()]
        assert board.snapshot(upstairs.code)["current"]["number"] == called.label
        assert board.snapshot(downstairs.code)["current"] is None
    finally:
        for panel in panels.values():
            panel.disconnect()
