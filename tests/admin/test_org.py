"""Admin → waiting areas, queues and desks: every create, update, deactivate and validation error."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.actors import SYSTEM
from core.extensions import db
from core.models import CatalogueNode, Desk, DeskQueue, Queue, WaitingArea
from core.tickets import desks, engine
from core.tx import unit_of_work
from tests.builders import make_area, make_desk, make_queue, make_ticket, make_transaction


@pytest.fixture
def room(app) -> WaitingArea:
    """A waiting room of the test's own, for the queues and desks the forms create."""
    return make_area()


@pytest.fixture
def new_queue(room: WaitingArea) -> dict[str, str]:
    """The form of a new queue «Reclamos» in `room`."""
    return {"code": "reclamos", "prefix": "r", "name": "Reclamos", "area": room.code, "sla_minutes": "20",
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
    area = make_area()
    response = supervisor.post(f"/admin/salas/{area.id}", {"code": area.code, "name": "Mezanine BOC",
                                                            "directions": "Primer piso"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (db.session.get(WaitingArea, area.id).code, db.session.get(WaitingArea, area.id).name) == (
        area.code, "Mezanine BOC")


def test_area_code_all_is_reserved(supervisor) -> None:
    """«ALL» names the all-areas panel, so no area may take it."""
    response = supervisor.post("/admin/salas/nueva", {"code": "ALL", "name": "Todo"})
    assert response.status_code == 422
    assert "ALL» está reservado" in response.get_data(as_text=True)


def test_area_without_name_is_refused(supervisor) -> None:
    """The name is required; the form comes back with the typed code."""
    response = supervisor.post("/admin/salas/nueva", {"code": "NUEVA", "name": "  "})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "Falta «Nombre de la sala»." in body
    assert 'value="NUEVA"' in body


def test_area_in_use_cannot_be_deleted(supervisor) -> None:
    """An area with queues and desks is kept, with a Spanish explanation."""
    area = make_desk().area
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

def test_create_queue(supervisor, room, new_queue) -> None:
    """A new queue gets an upper-case code and prefix, its area and SLA."""
    assert supervisor.post("/admin/colas/nueva", new_queue).status_code == 302
    created = queue("RECLAMOS")
    assert (created.prefix, created.area.code, created.sla_minutes, created.default_service_minutes) == (
        "R", room.code, 20, 9)


def test_queue_prefix_must_be_unique(supervisor, new_queue) -> None:
    """Two queues cannot share a prefix: their numbers would look the same."""
    taken = make_queue().prefix
    response = supervisor.post("/admin/colas/nueva", {**new_queue, "prefix": taken})
    assert response.status_code == 422
    assert f"El prefijo «{taken}» ya lo usa otra cola." in response.get_data(as_text=True)


def test_queue_prefix_must_be_letters(supervisor, new_queue) -> None:
    """A prefix with digits is refused."""
    response = supervisor.post("/admin/colas/nueva", {**new_queue, "prefix": "R2"})
    assert response.status_code == 422 and "El prefijo son de 1 a 3 letras" in response.get_data(as_text=True)


def test_queue_sla_must_be_a_number_in_range(supervisor, new_queue) -> None:
    """The SLA target is a whole number of minutes between 1 and 480."""
    response = supervisor.post("/admin/colas/nueva", {**new_queue, "sla_minutes": "0"})
    assert response.status_code == 422
    assert "«Meta de espera (min)» debe estar entre 1 y 480." in response.get_data(as_text=True)
    assert queue("RECLAMOS") is None


def test_a_new_queue_asks_for_its_room(supervisor, new_queue) -> None:
    """«Nueva cola» preselects no room (the first by code was Mezanine, taken silently), and a queue saved
    without one is refused in Spanish, with what was typed kept."""
    page = supervisor.get("/admin/colas/nueva").get_data(as_text=True)
    assert '<option value="">Elija la sala</option>' in page and " selected>" not in page.split('id="f-area"')[1]
    response = supervisor.post("/admin/colas/nueva", {**new_queue, "area": ""})
    assert response.status_code == 422
    assert "Elija la sala de espera de la cola" in response.get_data(as_text=True)
    assert 'value="reclamos"' in response.get_data(as_text=True) and queue("RECLAMOS") is None


def test_queue_with_unknown_area_is_refused(supervisor, new_queue) -> None:
    """The waiting area must exist."""
    response = supervisor.post("/admin/colas/nueva", {**new_queue, "area": "NOPE"})
    assert response.status_code == 404 and "No existe la sala de espera «NOPE»." in response.get_data(as_text=True)


def test_update_queue_sla_and_name(supervisor) -> None:
    """Editing a queue changes its name and SLA target."""
    edited = make_queue(sla_minutes=15)
    response = supervisor.post(f"/admin/colas/{edited.id}", {
        "code": edited.code, "prefix": edited.prefix, "name": "Asesores", "area": edited.area.code,
        "sla_minutes": "12", "default_service_minutes": "10", "active": "1"})
    assert response.status_code == 302
    assert (queue(edited.code).name, queue(edited.code).sla_minutes) == ("Asesores", 12)


def test_queue_in_catalogue_cannot_be_deactivated(supervisor) -> None:
    """A queue that catalogue transactions send to stays active until they are re-routed."""
    legal = make_queue()
    make_transaction(legal, label="Detalle de llamadas entrantes")
    response = supervisor.post(f"/admin/colas/{legal.id}", {"code": legal.code, "prefix": legal.prefix,
                                                             "name": "Legal", "area": legal.area.code,
                                                             "sla_minutes": "15", "default_service_minutes": "12"})
    assert response.status_code == 422
    assert "Detalle de llamadas entrantes" in response.get_data(as_text=True)
    assert queue(legal.code).active


def reroute(node: CatalogueNode, to: Queue) -> None:
    node.queue_id = to.id
    db.session.commit()


def test_queue_with_waiting_tickets_cannot_be_deactivated(supervisor, new_queue) -> None:
    """People waiting in a queue keep it active."""
    supervisor.post("/admin/colas/nueva", new_queue)
    node = make_transaction(queue("RECLAMOS"))
    make_ticket(node)
    reroute(node, make_queue())  # so only the waiting ticket holds the queue
    response = supervisor.post(f"/admin/colas/{queue('RECLAMOS').id}/eliminar", follow_redirects=True)
    assert "tiene 1 ficha pendiente:" in response.get_data(as_text=True)
    assert queue("RECLAMOS").active


def test_unused_queue_is_deleted(supervisor, room, new_queue) -> None:
    """A queue that never had a ticket is removed, with its desk links."""
    other = make_queue(area=room)
    supervisor.post("/admin/colas/nueva", new_queue)
    supervisor.post("/admin/mesones/nuevo", {"code": "R1", "name": "Reclamos 1", "area": room.code,
                                             "queues": ["RECLAMOS"], "active": "1"})
    supervisor.post("/admin/mesones/nuevo", {"code": "R2", "name": "Reclamos 2", "area": room.code,
                                             "queues": [other.code], "active": "1"})
    desk_id = desk("R1").id
    supervisor.post(f"/admin/mesones/{desk_id}", {"code": "R1", "name": "Reclamos 1", "area": room.code,
                                                  "queues": [other.code, "RECLAMOS"], "active": "1"})
    response = supervisor.post(f"/admin/colas/{queue('RECLAMOS').id}/eliminar", follow_redirects=True)
    assert "Cola «Reclamos» eliminada." in response.get_data(as_text=True)
    assert queue("RECLAMOS") is None
    assert [link.queue.code for link in desk("R1").queue_links] == [other.code]


def test_queue_with_history_is_deactivated_not_deleted(supervisor, new_queue) -> None:
    """Deleting a queue that issued tickets deactivates it, so history keeps its name."""
    supervisor.post("/admin/colas/nueva", new_queue)
    node = make_transaction(queue("RECLAMOS"))
    ticket = make_ticket(node)
    engine.cancel(ticket.id, actor=SYSTEM)
    reroute(node, make_queue())
    response = supervisor.post(f"/admin/colas/{queue('RECLAMOS').id}/eliminar", follow_redirects=True)
    assert "se desactivó en lugar de eliminarse" in response.get_data(as_text=True)
    assert queue("RECLAMOS") is not None and not queue("RECLAMOS").active


# --- desks ---------------------------------------------------------------------------------------------

def test_create_desk_with_queues_in_order(supervisor, room) -> None:
    """A desk serves the checked queues in the order typed beside them."""
    first, second, third = (make_queue(area=room) for _ in range(3))
    response = supervisor.post("/admin/mesones/nuevo", {
        "code": "x05", "name": "Mesón 5", "spoken_name": "mesón cinco", "area": room.code,
        "queues": [first.code, second.code, third.code],
        f"order_{first.code}": "3", f"order_{second.code}": "1", f"order_{third.code}": "2", "active": "1"})
    assert response.status_code == 302
    created = desk("X05")
    assert [q.code for q in created.queues] == [second.code, third.code, first.code]
    assert (created.spoken_name, created.state) == ("mesón cinco", "closed")


def test_new_desk_form_picks_no_room(supervisor, room) -> None:
    """«Nuevo mesón» preselects no room (it used to be the first by code, Mezanine): blank means its queues' room."""
    body = supervisor.get("/admin/mesones/nuevo").get_data(as_text=True)
    assert '<option value="">La sala de las colas que atiende</option>' in body
    assert " selected>" not in body.split('name="area"')[1].split("</select>")[0]


def test_desk_left_without_room_stands_in_its_queues_room(supervisor, room) -> None:
    """Room left blank: the desk is saved in the room its queues wait in, where their panel calls."""
    served = make_queue(area=room)
    make_area()  # another room, so the first one by code is not necessarily the queue's
    response = supervisor.post("/admin/mesones/nuevo", {"code": "X05", "name": "Mesón 5", "area": "",
                                                        "queues": [served.code], "active": "1"})
    assert response.status_code == 302
    assert desk("X05").area.code == room.code


def test_desk_in_another_room_than_its_queues_is_refused(supervisor, room) -> None:
    """A desk upstairs serving a queue that waits downstairs would call people who never hear it: refused."""
    served = make_queue(area=room, prefix="AZ", name="Asesores")
    upstairs = make_area(name="Mezanine Norte")
    response = supervisor.post("/admin/mesones/nuevo", {"code": "X05", "name": "Mesón 5", "area": upstairs.code,
                                                        "queues": [served.code], "active": "1"})
    assert response.status_code == 422
    assert (f"El mesón está en «Mezanine Norte», pero la cola «AZ · Asesores» espera en «{room.name}»"
            in response.get_data(as_text=True))
    assert desk("X05") is None


def test_desk_serving_queues_of_two_rooms_is_refused(supervisor, room) -> None:
    """One desk cannot answer to two panels: queues of different rooms are refused together."""
    here, there = make_queue(area=room), make_queue()
    response = supervisor.post("/admin/mesones/nuevo", {"code": "X05", "name": "Mesón 5", "area": room.code,
                                                        "queues": [here.code, there.code], "active": "1"})
    assert response.status_code == 422
    assert "un mesón atiende colas de una sola sala" in response.get_data(as_text=True)
    assert desk("X05") is None


def test_desk_code_hint_and_error_give_the_same_example(supervisor, room) -> None:
    """The hint under «Código» and the error for a bad code show one example, so the admin is not told two rules."""
    form = supervisor.get("/admin/mesones/nuevo").get_data(as_text=True)
    assert "Letras sin tilde, números y guion bajo (ej.: BOC_2)." in form
    served = make_queue(area=room)
    response = supervisor.post("/admin/mesones/nuevo", {"code": "BOC-3", "name": "Mesón 5", "area": room.code,
                                                        "queues": [served.code], "active": "1"})
    assert response.status_code == 422
    assert "solo admite letras sin tilde, números y guion bajo (ej.: BOC_2)." in response.get_data(as_text=True)


def test_desk_edit_form_shows_order(supervisor) -> None:
    """The edit form checks the served queues and numbers them in order."""
    served = make_queue()
    body = supervisor.get(f"/admin/mesones/{make_desk(queues=[served]).id}").get_data(as_text=True)
    assert f'name="order_{served.code}" type="number" min="1" max="99" value="1"' in body


def test_active_desk_needs_a_queue(supervisor, room) -> None:
    """An active desk that serves nothing could never call: refused."""
    response = supervisor.post("/admin/mesones/nuevo", {"code": "X05", "name": "Mesón 5", "area": room.code,
                                                        "active": "1"})
    assert response.status_code == 422
    assert "Un mesón activo debe atender al menos una cola." in response.get_data(as_text=True)


def test_desk_code_must_be_unique(supervisor) -> None:
    """Two desks cannot share a code (typed in lower case, it is still the same code)."""
    existing = make_desk()
    response = supervisor.post("/admin/mesones/nuevo", {"code": existing.code.lower(), "name": "Otro",
                                                        "area": existing.area.code,
                                                        "queues": [existing.queues[0].code], "active": "1"})
    assert response.status_code == 422
    assert f"Ya existe un mesón con el código «{existing.code}»." in response.get_data(as_text=True)


def test_desk_routed_in_catalogue_keeps_its_queue(supervisor) -> None:
    """A desk that receives «Solicitud de crédito» through its queue cannot stop serving that queue."""
    credit = make_queue()
    m19 = make_desk(queues=[credit])
    make_transaction(credit, desk=m19, label="Solicitud de crédito")
    other = make_queue(area=credit.area)
    response = supervisor.post(f"/admin/mesones/{m19.id}", {"code": m19.code, "name": m19.name,
                                                             "area": m19.area.code, "queues": [other.code],
                                                             "active": "1"})
    assert response.status_code == 422
    assert "Solicitud de crédito" in response.get_data(as_text=True)
    assert [q.code for q in desk(m19.code).queues] == [credit.code]


def test_desk_holding_a_ticket_cannot_be_deactivated(supervisor, counter, agent) -> None:
    """A desk with a called ticket stays active until the ticket is finished or transferred."""
    counter.issue()
    desks.call_next(counter.desk, actor=agent)
    response = supervisor.post(f"/admin/mesones/{desk(counter.desk).id}/eliminar", follow_redirects=True)
    assert "tiene una ficha en curso" in response.get_data(as_text=True)
    assert desk(counter.desk).active


def test_desk_with_history_is_deactivated_and_closed(supervisor, counter, agent) -> None:
    """Deleting a desk that served tickets deactivates it and frees it."""
    counter.issue()
    desks.call_next(counter.desk, actor=agent)
    desks.finish(counter.desk, actor=agent)
    response = supervisor.post(f"/admin/mesones/{desk(counter.desk).id}/eliminar", follow_redirects=True)
    assert "se desactivó en lugar de eliminarse" in response.get_data(as_text=True)
    deactivated = desk(counter.desk)
    assert (deactivated.active, deactivated.state, deactivated.agent_id) == (False, "closed", None)


def test_unused_desk_is_deleted(supervisor, room) -> None:
    """A desk that never served anyone is removed with its queue links."""
    served = make_queue(area=room)
    supervisor.post("/admin/mesones/nuevo", {"code": "X09", "name": "Mesón 9", "area": room.code,
                                             "queues": [served.code], "active": "1"})
    desk_id = desk("X09").id
    supervisor.post(f"/admin/mesones/{desk_id}/eliminar")
    assert desk("X09") is None
    assert db.session.scalar(select(DeskQueue).where(DeskQueue.desk_id == desk_id)) is None


def test_the_desk_list_flags_a_desk_left_in_another_room(supervisor) -> None:
    """A desk saved before the room rule, or inactive when its queue moved, is flagged in «Mesones» with the
    reason, until someone edits it; a desk in its queues' room is not."""
    upstairs, downstairs = make_area(name="Mezanine Sur"), make_area(name="Plataforma Sur")
    fine = make_desk(queues=[make_queue(area=downstairs)])
    stray = make_desk(queues=[make_queue(area=downstairs)])
    with unit_of_work():
        db.session.get(Desk, stray.id).area_id = upstairs.id  # as an older version saved it
    page = supervisor.get("/admin/mesones").get_data(as_text=True)
    row = page.split(f"<td>{stray.code}</td>")[1].split("</tr>")[0]
    assert "El mesón está en «Mezanine Sur», pero la cola" in row and "Plataforma Sur" in row
    assert "El mesón está en" not in page.split(f"<td>{fine.code}</td>")[1].split("</tr>")[0]


def test_the_desk_list_reads_the_same_statements_whatever_the_number_of_desks(supervisor) -> None:
    """The room check of «Mesones» reads each desk's room and queues in batches, not a few statements per desk."""
    from bench.sql_count import statements

    def counted() -> int:
        db.session.expire_all()
        with statements(db.engine) as seen:
            assert supervisor.get("/admin/mesones").status_code == 200
        return len(seen)

    room = make_area(name="Plataforma Norte")
    make_desk(queues=[make_queue(area=room)])
    before = counted()
    for _ in range(5):
        make_desk(queues=[make_queue(area=room)])
    assert counted() == before


def _queue_form(moved: Queue, **changes: str) -> dict[str, str]:
    return {"code": moved.code, "prefix": moved.prefix, "name": moved.name, "area": moved.area.code,
            "sla_minutes": str(moved.sla_minutes), "default_service_minutes": str(moved.default_service_minutes),
            "active": "1", **changes}


def test_moving_a_queue_to_another_room_takes_its_desks_along(supervisor) -> None:
    """The admin moves «Reclamos» upstairs: its desk goes too, the message says so by name, and «Mesones» lists the
    desk upstairs with no warning (it was left downstairs, flagged, for someone to find)."""
    downstairs, upstairs = make_area(name="Plataforma Este"), make_area(name="Mezanine Este")
    moved = make_queue(area=downstairs, name="Reclamos")
    follower = make_desk(queues=[moved], name="Mesón 5")
    response = supervisor.post(f"/admin/colas/{moved.id}", _queue_form(moved, area=upstairs.code),
                               follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Cola guardada. Pasó con ella a «Mezanine Este» el mesón «Mesón 5», que solo atiende colas de esa sala." \
        in page
    desks_page = supervisor.get("/admin/mesones").get_data(as_text=True)
    row = desks_page.split(f"<td>{follower.code}</td>")[1].split("</tr>")[0]
    assert "Mezanine Este" in row and "El mesón está en" not in row


def test_a_queue_move_that_would_split_a_desk_is_refused_keeping_the_form(supervisor) -> None:
    """A desk that also serves a queue staying downstairs: refused, naming the desk, the other queue and what to do
    first; the form comes back with everything typed (the new name, target and room), and nothing is saved."""
    downstairs, upstairs = make_area(name="Plataforma Oeste"), make_area(name="Mezanine Oeste")
    moved = make_queue(area=downstairs, prefix="RQ", name="Reclamos")
    staying = make_queue(area=downstairs, prefix="CQ", name="Caja")
    split = make_desk(queues=[moved, staying], name="Mesón 8")
    response = supervisor.post(f"/admin/colas/{moved.id}", _queue_form(
        moved, area=upstairs.code, name="Reclamos técnicos", sla_minutes="25"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert ("el mesón «Mesón 8» (atiende también «CQ · Caja», en «Plataforma Oeste») quedaría atendiendo colas de "
            "dos salas") in page
    assert "Primero quite la cola «RQ · Reclamos técnicos» del mesón «Mesón 8»" in page
    assert 'value="Reclamos técnicos"' in page and 'value="25"' in page
    assert f'<option value="{upstairs.code}" selected>' in page
    assert (queue(moved.code).area.code, queue(moved.code).name) == (downstairs.code, "Reclamos")
    assert desk(split.code).area.code == downstairs.code
