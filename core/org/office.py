"""Editing the office: waiting areas, queues and desks (with the queues each desk serves, in order).

History is never broken: a queue or desk that tickets point to is deactivated instead of deleted, and a
change that would strand customers (a queue with people waiting, a desk holding a ticket) is refused.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from core import lookups, validation
from core.actors import Actor
from core.errors import Invalid, NotFound
from core.extensions import db
from core.formatting import plural
from core.models import (
    Announcement,
    CatalogueNode,
    DailyCounter,
    Desk,
    DeskQueue,
    Device,
    Queue,
    Ticket,
    TicketEvent,
    WaitingArea,
)
from core.org import changes, desk_room
from core.realtime import config_events
from core.roles import SUPERVISORS, require
from core.tickets import states
from core.tx import unit_of_work

logger = logging.getLogger(__name__)
PREFIX_RE = re.compile(r"^[A-Z]{1,3}$")

# The fields the change log compares (core/org/changes.py), with the names the admin forms give them.
AREA_FIELDS = {"code": "Código", "name": "Nombre", "directions": "Indicaciones"}
QUEUE_FIELDS = {"code": "Código", "prefix": "Prefijo", "name": "Nombre", "area": "Sala",
                "sla_minutes": "Meta de espera (min)", "default_service_minutes": "Duración típica de atención (min)",
                "daily_quota": "Cupo diario de fichas", "opens_at": "Hora de apertura", "closes_at": "Hora de cierre",
                "active": "Activa"}
DESK_FIELDS = {"code": "Código", "name": "Nombre", "spoken_name": "Nombre hablado", "area": "Sala",
               "queues": "Colas que atiende (en orden)", "active": "Activo"}


def _get(model: type, row_id: int, what: str) -> object:
    row = db.session.get(model, row_id)
    if row is None:
        raise NotFound(f"{what} no existe.")
    return row


def _taken(model: type, column: object, value: str, row_id: int | None, message: str) -> None:
    stmt = select(model.id).where(func.upper(column) == value.upper())
    if row_id is not None:
        stmt = stmt.where(model.id != row_id)
    if db.session.scalar(stmt) is not None:
        raise Invalid(message, code="duplicate")


def _count(stmt: object) -> int:
    return db.session.scalar(stmt) or 0


# --- waiting areas -------------------------------------------------------------------------------------

def save_area(area_id: int | None, *, code: str, name: str, directions: str, actor: Actor) -> WaitingArea:
    require(actor, SUPERVISORS)
    code = validation.code(code, "Código de la sala", max_len=16)
    if code == "ALL":
        raise Invalid("«ALL» está reservado para los paneles de todas las salas.", code="reserved_code")
    name = validation.text(name, "Nombre de la sala", max_len=80)
    directions = validation.text(directions, "Indicaciones", max_len=1000, required=False)
    with unit_of_work():
        _taken(WaitingArea, WaitingArea.code, code, area_id, f"Ya existe una sala con el código «{code}».")
        if area_id is None:
            area = WaitingArea(branch_id=lookups.branch().id, code=code, name=name, directions=directions)
            db.session.add(area)
            db.session.flush()
            before = None
        else:
            area = _get(WaitingArea, area_id, "La sala de espera")
            if area.code != code and _area_in_use(area):
                raise Invalid("El código de una sala con colas, mesones o paneles no puede cambiar.",
                              code="code_in_use")
            before = _area_state(area)
            area.code, area.name, area.directions = code, name, directions
        changes.saved(actor, "area", before=before, after=_area_state(area), labels=AREA_FIELDS, code=area.code,
                      name=area.name)
        config_events.config_changed("areas", [area.code])
        config_events.catalogue_changed("areas")
    logger.info("area %s saved by %s", code, actor.name)
    return area


def _area_state(area: WaitingArea) -> dict[str, object]:
    return {"code": area.code, "name": area.name, "directions": area.directions}


def _area_in_use(area: WaitingArea) -> bool:
    return any(_count(select(func.count()).select_from(model).where(model.area_id == area.id))
               for model in (Queue, Desk, Device, Announcement))


def delete_area(area_id: int, *, actor: Actor) -> str:
    require(actor, SUPERVISORS)
    with unit_of_work():
        area = _get(WaitingArea, area_id, "La sala de espera")
        if _area_in_use(area):
            raise Invalid(f"La sala «{area.name}» tiene colas, mesones, paneles o avisos: cámbielos de sala "
                          "antes de eliminarla.", code="area_in_use")
        name = area.name
        changes.record(actor, "area", "delete", code=area.code, name=name)
        db.session.delete(area)
    logger.info("area %s deleted by %s", name, actor.name)
    return f"Sala «{name}» eliminada."


# --- queues --------------------------------------------------------------------------------------------

def save_queue(queue_id: int | None, *, code: str, prefix: str, name: str, area: str, sla_minutes: int | str,
               default_service_minutes: int | str, active: bool, actor: Actor, daily_quota: int | str | None = None,
               opens_at: str = "", closes_at: str = "") -> SavedQueue:
    """`daily_quota`, `opens_at` and `closes_at` are the queue's daily limits (core/tickets/limits.py); blank =
    none. A queue moved to another room takes along the desks that then serve only that room (desk_room.follow)."""
    require(actor, SUPERVISORS)
    code = validation.code(code, "Código de la cola")
    prefix = validation.text(prefix, "Prefijo", max_len=3).upper()
    if not PREFIX_RE.match(prefix):
        raise Invalid("El prefijo son de 1 a 3 letras sin tilde (ej.: A, BOC).", code="invalid_prefix")
    name = validation.text(name, "Nombre de la cola", max_len=120)
    sla = validation.integer(sla_minutes, "Meta de espera (min)", low=1, high=480)
    service = validation.integer(default_service_minutes, "Duración típica de atención (min)", low=1, high=240)
    quota = validation.optional_integer(daily_quota, "Cupo diario de fichas", low=1, high=9999)
    opens = validation.clock_time(opens_at, "Hora de apertura")
    closes = validation.clock_time(closes_at, "Hora de cierre")
    if opens is not None and closes is not None and closes <= opens:
        raise Invalid("La hora de cierre debe ser posterior a la de apertura.", code="invalid_time")
    if not area.strip():  # no silent default: the room decides which panel calls its customers
        raise Invalid("Elija la sala de espera de la cola: sus clientes esperan allí y sus llamados salen en el "
                      "panel de esa sala.", code="area_required")
    with unit_of_work():
        area_row = lookups.area(area)
        _taken(Queue, Queue.code, code, queue_id, f"Ya existe una cola con el código «{code}».")
        _taken(Queue, Queue.prefix, prefix, queue_id, f"El prefijo «{prefix}» ya lo usa otra cola.")
        if queue_id is None:
            queue = Queue(branch_id=lookups.branch().id, code=code, prefix=prefix, name=name, area_id=area_row.id,
                          sla_minutes=sla, default_service_minutes=service, active=active, daily_quota=quota,
                          opens_at=opens, closes_at=closes)
            db.session.add(queue)
            db.session.flush()
            previous_area, before = None, None
        else:
            queue = _get(Queue, queue_id, "La cola")
            previous_area, before = queue.area.code, _queue_state(queue)
            if queue.code != code and _queue_has_history(queue):
                raise Invalid("El código de una cola con fichas emitidas no puede cambiar.", code="code_in_use")
            if queue.prefix != prefix and _open_tickets(queue):
                raise Invalid("El prefijo no puede cambiar mientras la cola tiene fichas pendientes.",
                              code="prefix_in_use")
            if queue.active and not active:
                _check_can_deactivate_queue(queue)
                _detach_directory(queue, actor)
            queue.code, queue.prefix, queue.name = code, prefix, name
            queue.sla_minutes, queue.default_service_minutes, queue.active = sla, service, active
            queue.daily_quota, queue.opens_at, queue.closes_at = quota, opens, closes
        changes.saved(actor, "queue", before=before, after=_queue_state(queue, area_row), labels=QUEUE_FIELDS,
                      code=queue.code, name=queue.name)
        # A new room takes the queue's desks along, or refuses the change (their log rows come after the queue's).
        followed = desk_room.follow(queue, area_row, actor=actor)
        # Every room that changed hears it: the queue's old and new, and where a moved desk stood (the monitor
        # and the consoles, staff, re-read the desks' rooms).
        config_events.config_changed("queues", sorted({area_row.code, previous_area or area_row.code,
                                                       *followed.rooms_left}))
        config_events.catalogue_changed("queues")
    logger.info("queue %s saved by %s", code, actor.name)
    return SavedQueue(queue, followed)


@dataclass(frozen=True)
class SavedQueue:
    queue: Queue
    followed: desk_room.Followed  # the desks that moved with it to its new room

    @property
    def message(self) -> str:
        return " ".join(filter(None, ["Cola guardada.", self.followed.note()]))


def _queue_state(queue: Queue, area: WaitingArea | None = None) -> dict[str, object]:
    return {"code": queue.code, "prefix": queue.prefix, "name": queue.name, "area": (area or queue.area).name,
            "sla_minutes": queue.sla_minutes, "default_service_minutes": queue.default_service_minutes,
            "daily_quota": queue.daily_quota, "opens_at": queue.opens_at, "closes_at": queue.closes_at,
            "active": queue.active}


def _open_tickets(queue: Queue) -> int:
    return _count(select(func.count(Ticket.id)).where(Ticket.queue_id == queue.id,
                                                      Ticket.status.in_(states.OPEN)))


def _queue_has_history(queue: Queue) -> bool:
    return bool(
        _count(select(func.count(Ticket.id)).where(or_(Ticket.queue_id == queue.id,
                                                        Ticket.origin_queue_id == queue.id)))
        or _count(select(func.count(TicketEvent.id)).where(or_(TicketEvent.from_queue_id == queue.id,
                                                               TicketEvent.to_queue_id == queue.id)))
        or _count(select(func.count()).select_from(DailyCounter).where(DailyCounter.queue_id == queue.id))
    )


def _routed_labels(destination: object) -> list[str]:
    """Labels of the active catalogue transactions that send customers to this queue or desk (a directory entry
    naming a queue only points the customer to its ticket: `_detach_directory`)."""
    return list(db.session.scalars(
        select(CatalogueNode.label).where(destination, CatalogueNode.kind == "transaction",
                                          CatalogueNode.active.is_(True)).order_by(CatalogueNode.label)))


def _detach_directory(queue: Queue, actor: Actor) -> None:
    """A queue that stops serving: the directory entries that sent customers to its ticket («saque su ficha»,
    core/org/directory.py) become plain places again, each change in the log."""
    entries = db.session.scalars(select(CatalogueNode).where(CatalogueNode.kind == "directory",
                                                             CatalogueNode.queue_id == queue.id))
    for entry in entries:
        entry.queue_id = None
        changes.record(actor, "catalogue", "update", code=entry.code, name=entry.label,
                       lines=[f"Atiende al público con ficha de la cola: «{queue.name}» → ninguna (la cola dejó de "
                              "atender)"])


def _check_can_deactivate_queue(queue: Queue) -> None:
    pending = _open_tickets(queue)
    if pending:
        tickets = plural(pending, "ficha pendiente", "fichas pendientes")
        raise Invalid(f"La cola «{queue.name}» tiene {pending} {tickets}: atiéndalas o transfiéralas antes de "
                      "desactivarla.", code="queue_busy")
    routed = _routed_labels(CatalogueNode.queue_id == queue.id)
    if routed:
        raise Invalid(f"Estos trámites del catálogo envían a la cola «{queue.name}»: {', '.join(routed)}. "
                      "Cambie su destino antes de desactivarla.", code="queue_in_catalogue")


def delete_queue(queue_id: int, *, actor: Actor) -> str:
    """Delete a queue nobody ever used; one with history (tickets, catalogue nodes) is deactivated."""
    require(actor, SUPERVISORS)
    with unit_of_work():
        queue = _get(Queue, queue_id, "La cola")
        area_code = queue.area.code
        if queue.active:
            _check_can_deactivate_queue(queue)
        _detach_directory(queue, actor)
        referenced = _queue_has_history(queue) or _count(
            select(func.count(CatalogueNode.id)).where(CatalogueNode.queue_id == queue.id))
        if referenced:
            if queue.active:
                changes.record(actor, "queue", "deactivate", code=queue.code, name=queue.name,
                               lines=["Activa: sí → no (tiene historial: se desactivó en lugar de eliminarse)"])
            queue.active = False
            message = f"La cola «{queue.name}» tiene historial: se desactivó en lugar de eliminarse."
        else:
            changes.record(actor, "queue", "delete", code=queue.code, name=queue.name)
            for link in db.session.scalars(select(DeskQueue).where(DeskQueue.queue_id == queue.id)):
                db.session.delete(link)
            db.session.delete(queue)
            message = f"Cola «{queue.name}» eliminada."
        config_events.config_changed("queues", [area_code])
    logger.info("queue %s deleted/deactivated by %s", queue_id, actor.name)
    return message


# --- desks ---------------------------------------------------------------------------------------------

def save_desk(desk_id: int | None, *, code: str, name: str, spoken_name: str, area: str, queues: list[str],
              active: bool, actor: Actor) -> Desk:
    """`queues`: the codes of the queues the desk serves, in the order the console lists them."""
    require(actor, SUPERVISORS)
    code = validation.code(code, "Código del mesón")
    name = validation.text(name, "Nombre del mesón", max_len=80)
    spoken_name = validation.text(spoken_name, "Nombre hablado", max_len=120, required=False)
    codes = list(dict.fromkeys(q.strip().upper() for q in queues if q and q.strip()))
    if active and not codes:
        raise Invalid("Un mesón activo debe atender al menos una cola.", code="desk_without_queue")
    with unit_of_work():
        served = [lookups.queue(c) for c in codes]
        area_row = desk_room.room_of(area, served)
        _taken(Desk, Desk.code, code, desk_id, f"Ya existe un mesón con el código «{code}».")
        if desk_id is None:
            desk = Desk(branch_id=lookups.branch().id, code=code, name=name, spoken_name=spoken_name,
                        area_id=area_row.id, active=active, state="closed")
            db.session.add(desk)
            db.session.flush()
            previous_area, before = None, None
        else:
            desk = _get(Desk, desk_id, "El mesón")
            previous_area, before = desk.area.code, _desk_state(desk)
            if desk.code != code and _desk_has_history(desk):
                raise Invalid("El código de un mesón con fichas atendidas no puede cambiar.", code="code_in_use")
            if desk.active and not active:
                _check_can_deactivate_desk(desk)
                desk.state, desk.agent_id = "closed", None
            desk.code, desk.name, desk.spoken_name, desk.area_id, desk.active = (
                code, name, spoken_name, area_row.id, active)
            desk.area = area_row
        _check_targeted_queues(desk, served)
        desk.queue_links.clear()
        db.session.flush()
        for position, queue in enumerate(served):
            desk.queue_links.append(DeskQueue(queue_id=queue.id, position=position))
        changes.saved(actor, "desk", before=before, after=_desk_state(desk, area_row, served), labels=DESK_FIELDS,
                      code=desk.code, name=desk.name)
        config_events.config_changed("desks", sorted({area_row.code, previous_area or area_row.code}))
        config_events.catalogue_changed("desks")
    logger.info("desk %s saved by %s", code, actor.name)
    return desk


def _desk_state(desk: Desk, area: WaitingArea | None = None, served: list[Queue] | None = None) -> dict[str, object]:
    queues = served if served is not None else desk.queues
    return {"code": desk.code, "name": desk.name, "spoken_name": desk.spoken_name, "area": (area or desk.area).name,
            "queues": [q.name for q in queues], "active": desk.active}


def _check_targeted_queues(desk: Desk, served: list[Queue]) -> None:
    """A catalogue transaction sent to this desk must stay in a queue the desk serves."""
    if desk.id is None:
        return
    served_ids = {q.id for q in served}
    orphans = list(db.session.scalars(select(CatalogueNode.label).where(
        CatalogueNode.desk_id == desk.id, CatalogueNode.active.is_(True),
        CatalogueNode.queue_id.not_in(served_ids) if served_ids else CatalogueNode.queue_id.is_not(None))))
    if orphans:
        raise Invalid(f"Estos trámites envían a este mesón por una cola que dejaría de atender: "
                      f"{', '.join(orphans)}.", code="desk_queue_in_catalogue")


def _desk_has_history(desk: Desk) -> bool:
    return bool(_count(select(func.count(TicketEvent.id)).where(TicketEvent.desk_id == desk.id))
                or _count(select(func.count(Ticket.id)).where(or_(Ticket.desk_id == desk.id,
                                                                  Ticket.target_desk_id == desk.id))))


def _check_can_deactivate_desk(desk: Desk) -> None:
    if desk.current_ticket_id is not None:
        raise Invalid(f"El mesón «{desk.name}» tiene una ficha en curso: finalícela o transfiérala primero.",
                      code="desk_busy")
    waiting = _count(select(func.count(Ticket.id)).where(Ticket.target_desk_id == desk.id,
                                                         Ticket.status == "waiting"))
    if waiting:
        tickets = plural(waiting, "ficha esperando", "fichas esperando")
        raise Invalid(f"Hay {waiting} {tickets} específicamente al mesón «{desk.name}».", code="desk_has_waiting")
    routed = _routed_labels(CatalogueNode.desk_id == desk.id)
    if routed:
        raise Invalid(f"Estos trámites del catálogo envían al mesón «{desk.name}»: {', '.join(routed)}. "
                      "Cambie su destino antes de desactivarlo.", code="desk_in_catalogue")


def delete_desk(desk_id: int, *, actor: Actor) -> str:
    """Delete a desk that never served anyone; one with history is deactivated instead."""
    require(actor, SUPERVISORS)
    with unit_of_work():
        desk = _get(Desk, desk_id, "El mesón")
        area_code = desk.area.code
        if desk.active:
            _check_can_deactivate_desk(desk)
        referenced = _desk_has_history(desk) or _count(
            select(func.count(CatalogueNode.id)).where(CatalogueNode.desk_id == desk.id)) or _count(
            select(func.count(Device.id)).where(Device.desk_id == desk.id))
        if referenced:
            if desk.active:
                changes.record(actor, "desk", "deactivate", code=desk.code, name=desk.name,
                               lines=["Activo: sí → no (tiene historial: se desactivó en lugar de eliminarse)"])
            desk.active, desk.state, desk.agent_id = False, "closed", None
            message = f"El mesón «{desk.name}» tiene historial: se desactivó en lugar de eliminarse."
        else:
            changes.record(actor, "desk", "delete", code=desk.code, name=desk.name)
            db.session.delete(desk)
            message = f"Mesón «{desk.name}» eliminado."
        config_events.config_changed("desks", [area_code])
    logger.info("desk %s deleted/deactivated by %s", desk_id, actor.name)
    return message
