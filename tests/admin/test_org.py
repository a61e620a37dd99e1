"""Admin → waiting areas, queues and desks: every create, update, deactivate and validation error."""

from __future__ import annotations

from sqlalchemy import select

from core.extensions import db
from core.models import CatalogueNode, Desk, DeskQueue, Queue, WaitingArea
from core.tickets import desks
from tests.helpers import actor_for
from tests.staff import issue

NEW_QUEUE = {"code": "reclamos", "prefix": "r", "name": "Reclamos", "area": "MEZ", "sla_minutes": "20",
             "default_service_minutes": "9", "active": "1"}


def queue(code: str) -> Queue:
    db.session.expire_all()
    return db.session.scalar(select(Queue).where(Queue.code == code))


def desk(code: str) -> Desk | None:
    db.session.expire_all()
    return db.session.scalar(select(Desk).where(Desk.code == code))


# --- areas ---------------------------------------------------------------------------------------------

def test_create_area(supervisor) -> None:
    """A new waiting area is saved with an upper-case code and listed."""
    response = supervisor.post("/admin/salas/nueva", {"code": "piso2", "name": "Segundo piso",
                                                       "directions": "Ascensor, piso 2"})
    assert response.status_code == 302
    area = db.session.scalar(select(WaitingArea).where(WaitingArea.code == "PISO2"))
    assert area is not None and area.directions == "Ascensor, piso 2"
    assert "Segundo piso" in supervisor.get("/admin/salas").get_data(as_text=True)


def test_update_area_name(supervisor) -> None:
    """Editing an area changes its name and keeps its code."""
    area = db.session.scalar(select(WaitingArea).where(WaitingArea.code == "MEZ"))
    response = supervisor.post(f"/admin/salas/{area.id}", {"code": "MEZ", "name": "Mezanine BOC",
                                                            "directions": "Primer piso"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(WaitingArea, area.id).name == "Mezanine BOC"


def test_area_code_all_is_reserved(supervisor) -> None:
    """«ALL» names the all-areas panel, so no area may take it."""
    response = supervisor.post("/admin/salas/nueva", {"code": "ALL", "name": "Todo"})
    assert response.status_code == 422
    assert "ALL» está reservado" in response.get_data(as_text=True)


def test_area_without_name_is_refused(supervisor) -> None:
    """The name is required; the form comes back with the typed code."""
    response = supervisor.post("/admin/salas/nueva", {"code": "NUEVA", "name": "  "})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "«Nombre de la sala» es obligatorio." in body
    assert 'value="NUEVA"' in body


def test_area_in_use_cannot_be_deleted(supervisor) -> None:
    """An area with queues and desks is kept, with a Spanish explanation."""
    area = db.session.scalar(select(WaitingArea).where(WaitingArea.code == "MEZ"))
    response = supervisor.post(f"/admin/salas/{area.id}/eliminar", follow_redirects=True)
    assert "tiene colas, mesones, paneles o avisos" in response.get_data(as_text=True)
    assert db.session.get(WaitingArea, area.id) is not None


def test_unused_area_is_deleted(supervisor) -> None:
    """An area nothing points to is removed."""
    supervisor.post("/admin/salas/nueva", {"code": "TEMP", "name": "Temporal"})
    area = db.session.scalar(select(WaitingArea).where(WaitingArea.code == "TEMP"))
    supervisor.post(f"/admin/salas/{area.id}/eliminar")
    db.session.expire_all()
    assert db.session.scalar(select(WaitingArea).where(WaitingArea.code == "TEMP")) is None


# --- queues --------------------------------------------------------------------------------------------

def test_create_queue(supervisor) -> None:
    """A new queue gets an upper-case code and prefix, its area and SLA."""
    assert supervisor.post("/admin/colas/nueva", NEW_QUEUE).status_code == 302
    created = queue("RECLAMOS")
    assert (created.prefix, created.area.code, created.sla_minutes, created.default_service_minutes) == (
        "R", "MEZ", 20, 9)


def test_queue_prefix_must_be_unique(supervisor) -> None:
    """Two queues cannot share a prefix: their numbers would look the same."""
    response = supervisor.post("/admin/colas/nueva", {**NEW_QUEUE, "prefix": "A"})
    assert response.status_code == 422
    assert "El prefijo «A» ya lo usa otra cola." in response.get_data(as_text=True)


def test_queue_prefix_must_be_letters(supervisor) -> None:
    """A prefix with digits is refused."""
    response = supervisor.post("/admin/colas/nueva", {**NEW_QUEUE, "prefix": "R2"})
    assert response.status_code == 422 and "El prefijo son de 1 a 3 letras" in response.get_data(as_text=True)


def test_queue_sla_must_be_a_number_in_range(supervisor) -> None:
    """The SLA target is a whole number of minutes between 1 and 480."""
    response = supervisor.post("/admin/colas/nueva", {**NEW_QUEUE, "sla_minutes": "0"})
    assert response.status_code == 422
    assert "«Meta de espera (min)» debe estar entre 1 y 480." in response.get_data(as_text=True)
    assert queue("RECLAMOS") is None


def test_queue_with_unknown_area_is_refused(supervisor) -> None:
    """The waiting area must exist."""
    response = supervisor.post("/admin/colas/nueva", {**NEW_QUEUE, "area": "NOPE"})
    assert response.status_code == 404 and "No existe la sala de espera «NOPE»." in response.get_data(as_text=True)


def test_update_queue_sla_and_name(supervisor) -> None:
    """Editing a queue changes its name and SLA target."""
    plat = queue("PLAT")
    response = supervisor.post(f"/admin/colas/{plat.id}", {"code": "PLAT", "prefix": "A", "name": "Asesores",
                                                            "area": "PLAT", "sla_minutes": "12",
                                                            "default_service_minutes": "10", "active": "1"})
    assert response.status_code == 302
    assert (queue("PLAT").name, queue("PLAT").sla_minutes) == ("Asesores", 12)


def test_queue_in_catalogue_cannot_be_deactivated(supervisor) -> None:
    """A queue that catalogue transactions send to stays active until they are re-routed."""
    legal = queue("LEGAL")
    response = supervisor.post(f"/admin/colas/{legal.id}", {"code": "LEGAL", "prefix": "L", "name": "Legal",
                                                             "area": "MEZ", "sla_minutes": "15",
                                                             "default_service_minutes": "12"})
    assert response.status_code == 422
    assert "Detalle de llamadas entrantes" in response.get_data(as_text=True)
    assert queue("LEGAL").active


def test_queue_with_waiting_tickets_cannot_be_deactivated(supervisor) -> None:
    """People waiting in a queue keep it active."""
    supervisor.post("/admin/colas/nueva", NEW_QUEUE)
    node = db.session.scalar(select(CatalogueNode).where(CatalogueNode.code == "PV_DANOS"))
    node.queue_id = queue("RECLAMOS").id
    db.session.commit()
    issue("PV_DANOS")
    node.queue_id = queue("BOC").id
    db.session.commit()
    response = supervisor.post(f"/admin/colas/{queue('RECLAMOS').id}/eliminar", follow_redirects=True)
    assert "tiene 1 ficha(s) pendientes" in response.get_data(as_text=True)
    assert queue("RECLAMOS").active


def test_unused_queue_is_deleted(supervisor) -> None:
    """A queue that never had a ticket is removed, with its desk links."""
    supervisor.post("/admin/colas/nueva", NEW_QUEUE)
    supervisor.post("/admin/mesones/nuevo", {"code": "R1", "name": "Reclamos 1", "area": "MEZ",
                                             "queues": ["RECLAMOS"], "active": "1"})
    supervisor.post("/admin/mesones/nuevo", {"code": "R2", "name": "Reclamos 2", "area": "MEZ",
                                             "queues": ["BOC"], "active": "1"})
    desk_id = desk("R1").id
    supervisor.post(f"/admin/mesones/{desk_id}", {"code": "R1", "name": "Reclamos 1", "area": "MEZ",
                                                  "queues": ["BOC", "RECLAMOS"], "active": "1"})
    response = supervisor.post(f"/admin/colas/{queue('RECLAMOS').id}/eliminar", follow_redirects=True)
    assert "Cola «Reclamos» eliminada." in response.get_data(as_text=True)
    assert queue("RECLAMOS") is None
    assert [link.queue.code for link in desk("R1").queue_links] == ["BOC"]


def test_queue_with_history_is_deactivated_not_deleted(supervisor) -> None:
    """Deleting a queue that issued tickets deactivates it, so history keeps its name."""
    supervisor.post("/admin/colas/nueva", NEW_QUEUE)
    node = db.session.scalar(select(CatalogueNode).where(CatalogueNode.code == "PV_DANOS"))
    node.queue_id = queue("RECLAMOS").id
    db.session.commit()
    ticket = issue("PV_DANOS")
    from core.actors import SYSTEM
    from core.tickets import engine

    engine.cancel(ticket.id, actor=SYSTEM)
    node.queue_id = queue("BOC").id
    db.session.commit()
    response = supervisor.post(f"/admin/colas/{queue('RECLAMOS').id}/eliminar", follow_redirects=True)
    assert "se desactivó en lugar de eliminarse" in response.get_data(as_text=True)
    assert queue("RECLAMOS") is not None and not queue("RECLAMOS").active


# --- desks ---------------------------------------------------------------------------------------------

def test_create_desk_with_queues_in_order(supervisor) -> None:
    """A desk serves the checked queues in the order typed beside them."""
    response = supervisor.post("/admin/mesones/nuevo", {
        "code": "p05", "name": "Mesón 5", "spoken_name": "mesón cinco", "area": "PLAT",
        "queues": ["PLAT", "CRED", "M50"], "order_PLAT": "3", "order_CRED": "1", "order_M50": "2", "active": "1"})
    assert response.status_code == 302
    created = desk("P05")
    assert [q.code for q in created.queues] == ["CRED", "M50", "PLAT"]
    assert (created.spoken_name, created.state) == ("mesón cinco", "closed")


def test_desk_edit_form_shows_order(supervisor) -> None:
    """The edit form checks the served queues and numbers them in order."""
    body = supervisor.get(f"/admin/mesones/{desk('BOC1').id}").get_data(as_text=True)
    assert 'name="order_BOC" type="number" min="1" max="99" value="1"' in body


def test_active_desk_needs_a_queue(supervisor) -> None:
    """An active desk that serves nothing could never call: refused."""
    response = supervisor.post("/admin/mesones/nuevo", {"code": "P05", "name": "Mesón 5", "area": "PLAT",
                                                        "active": "1"})
    assert response.status_code == 422
    assert "Un mesón activo debe atender al menos una cola." in response.get_data(as_text=True)


def test_desk_code_must_be_unique(supervisor) -> None:
    """Two desks cannot share a code."""
    response = supervisor.post("/admin/mesones/nuevo", {"code": "p01", "name": "Otro", "area": "PLAT",
                                                        "queues": ["PLAT"], "active": "1"})
    assert response.status_code == 422
    assert "Ya existe un mesón con el código «P01»." in response.get_data(as_text=True)


def test_desk_routed_in_catalogue_keeps_its_queue(supervisor) -> None:
    """Mesón 19 receives «Solicitud de crédito» through CRED, so it cannot stop serving CRED."""
    m19 = desk("M19")
    response = supervisor.post(f"/admin/mesones/{m19.id}", {"code": "M19", "name": "Mesón 19", "area": "PLAT",
                                                             "queues": ["PLAT"], "active": "1"})
    assert response.status_code == 422
    assert "Solicitud de crédito" in response.get_data(as_text=True)
    assert [q.code for q in desk("M19").queues] == ["CRED"]


def test_desk_holding_a_ticket_cannot_be_deactivated(supervisor) -> None:
    """A desk with a called ticket stays active until the ticket is finished or transferred."""
    issue()
    desks.call_next("P01", actor=actor_for("asesor1", "agent"))
    response = supervisor.post(f"/admin/mesones/{desk('P01').id}/eliminar", follow_redirects=True)
    assert "tiene una ficha en curso" in response.get_data(as_text=True)
    assert desk("P01").active


def test_desk_with_history_is_deactivated_and_closed(supervisor) -> None:
    """Deleting a desk that served tickets deactivates it and frees it."""
    agent = actor_for("asesor1", "agent")
    issue()
    desks.call_next("P02", actor=agent)
    desks.finish("P02", actor=agent)
    response = supervisor.post(f"/admin/mesones/{desk('P02').id}/eliminar", follow_redirects=True)
    assert "se desactivó en lugar de eliminarse" in response.get_data(as_text=True)
    deactivated = desk("P02")
    assert (deactivated.active, deactivated.state, deactivated.agent_id) == (False, "closed", None)


def test_unused_desk_is_deleted(supervisor) -> None:
    """A desk that never served anyone is removed with its queue links."""
    supervisor.post("/admin/mesones/nuevo", {"code": "P09", "name": "Mesón 9", "area": "PLAT",
                                             "queues": ["PLAT"], "active": "1"})
    desk_id = desk("P09").id
    supervisor.post(f"/admin/mesones/{desk_id}/eliminar")
    assert desk("P09") is None
    assert db.session.scalar(select(DeskQueue).where(DeskQueue.desk_id == desk_id)) is None
