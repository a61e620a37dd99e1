"""Finding rows by their public codes, with Spanish not-found errors."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, select
from sqlalchemy.orm import joinedload

from core import tx, validation
from core.errors import NotFound
from core.extensions import db
from core.models import Branch, CatalogueNode, Desk, DeskQueue, ImportBatch, Queue, Ticket, WaitingArea


def branch(code: str | None = None) -> Branch:
    stmt = select(Branch).order_by(Branch.id)
    if code:
        stmt = stmt.where(Branch.code == code)
    found = db.session.scalars(stmt).first()
    if found is None:
        raise NotFound("La oficina no está configurada: ejecute «flask --app wsgi seed».", code="no_branch")
    return found


_DESK = select(Desk).where(func.lower(Desk.code) == bindparam("code"), Desk.active.is_(True))
_LOCKED_DESK = _DESK.with_for_update()  # both built once: every desk action reads its desk (issue 13)


# What a desk console shows of its desk: its area and queues, in one query instead of three (its agent is the
# signed-in user the session has already loaded).
_links = joinedload(Desk.queue_links)
_DESK_SHOWN = _DESK.options(joinedload(Desk.area), _links.joinedload(DeskQueue.queue))


def desk(code: str, *, lock: bool = False) -> Desk:
    found = db.session.scalars(_LOCKED_DESK if lock else _DESK, {"code": code.lower()}).first()
    if found is None:
        raise NotFound(f"No existe el mesón «{code}».", code="unknown_desk")
    return found


def desk_to_show(code: str) -> Desk:
    """The desk with its area and queues loaded, read once per transaction (the console's view checks
    the desk, then reads its state: every console re-reads it after each change in its queues)."""
    desks = tx.memo("desks_shown")
    key = code.lower()
    if key not in desks:
        desks[key] = db.session.scalars(_DESK_SHOWN, {"code": key}).unique().first()
    if desks[key] is None:
        raise NotFound(f"No existe el mesón «{code}».", code="unknown_desk")
    return desks[key]


def queue(code: str) -> Queue:
    found = db.session.scalars(
        select(Queue).where(func.lower(Queue.code) == code.lower(), Queue.active.is_(True))
    ).first()
    if found is None:
        raise NotFound(f"No existe la cola «{code}».", code="unknown_queue")
    return found


def area(code: str) -> WaitingArea:
    found = db.session.scalars(select(WaitingArea).where(func.lower(WaitingArea.code) == code.lower())).first()
    if found is None:
        raise NotFound(f"No existe la sala de espera «{code}».", code="unknown_area")
    return found


def is_active_node(code: Any) -> ColumnElement[bool]:
    """The catalogue node named `code` (a value or a column), while active: for a join that brings it along."""
    return and_(CatalogueNode.code == code, CatalogueNode.active.is_(True))


# Built once (issue 13): constructing a select and its cache key per call was a large share of an issue's CPU.
_NODE = select(CatalogueNode).where(is_active_node(bindparam("code")))
# The issue names its queue and area, and estimates the wait from the desks serving that queue: one query.
_queue = joinedload(CatalogueNode.queue)
_TRANSACTION = _NODE.options(_queue.joinedload(Queue.area), _queue.joinedload(Queue.desks))


def active_node(code: str, stmt: Select[Any] = _NODE) -> CatalogueNode | None:
    """The active catalogue node `code`, read once per transaction: the issue takes its trámite and the ticket
    it serialises names the same node's requirements. `stmt`: `_NODE` with eager loads."""
    nodes = tx.memo("catalogue_nodes")
    if code not in nodes:
        found = db.session.scalars(stmt, {"code": code})
        nodes[code] = found.unique().first()  # unique(): an eager-loaded collection repeats the row
    return nodes[code]


def remember_node(code: str, node: CatalogueNode | None) -> None:
    """`active_node(code)` for the rest of this transaction, read by a query that joined it (is_active_node)."""
    tx.memo("catalogue_nodes")[code] = node


# A trámite a screen still offers after the admin took it away (the kiosk says it with no code: kiosk.html).
TRANSACTION_GONE = "Este trámite ya no se atiende: elija otro o consulte en Recepción."


def issues_tickets(node: CatalogueNode | None) -> bool:
    """Whether a ticket can be issued for this node: an active trámite (active_node) routed to a queue. The issue
    asks it, and so do the settings that name a trámite (the kiosk's debt button, core/org/settings_edit.py)."""
    return node is not None and node.active and node.kind == "transaction" and node.queue_id is not None


def transaction(code: str) -> CatalogueNode:
    node = active_node(code, _TRANSACTION)
    if not issues_tickets(node):
        # A screen opened before the admin deactivated it still offers it: say so in words, not with its code.
        retired = node is None and db.session.scalar(select(CatalogueNode.id).where(CatalogueNode.code == code))
        raise NotFound(TRANSACTION_GONE if retired else f"No existe el trámite «{code}».", code="unknown_transaction")
    return node


_LOCKED_TICKET = select(Ticket).where(Ticket.id == bindparam("id")).with_for_update()
# A ticket shown to the customer (a status page, and every phone showing one refreshes when its queue moves; the
# printed ticket) names its queue and area and estimates from the desks serving the queue: one query, built
# once, instead of four (issue 13).
_SHOWN = select(Ticket).options(joinedload(Ticket.queue).joinedload(Queue.area),
                                joinedload(Ticket.queue).joinedload(Queue.desks))
_BY_TOKEN = _SHOWN.where(Ticket.token == bindparam("token"))
_TO_SHOW = _SHOWN.where(Ticket.id == bindparam("id"))


def _valid_id(ticket_id: int) -> None:
    if validation.record_id(ticket_id) is None:  # a number no row can have (the database cannot bind some)
        raise NotFound(f"No existe la ficha {str(ticket_id)[:24]}.", code="unknown_ticket")


def ticket(ticket_id: int, *, lock: bool = False) -> Ticket:
    """The ticket; unlocked, from the session when this transaction has it already (no query)."""
    _valid_id(ticket_id)
    found = (db.session.scalars(_LOCKED_TICKET, {"id": ticket_id}).first() if lock
             else db.session.get(Ticket, ticket_id))
    if found is None:
        raise NotFound(f"No existe la ficha {ticket_id}.", code="unknown_ticket")
    return found


def ticket_to_show(ticket_id: int) -> Ticket:
    """The ticket with what showing it to the customer reads (its queue, area and serving desks)."""
    _valid_id(ticket_id)
    found = db.session.scalars(_TO_SHOW, {"id": ticket_id}).unique().first()
    if found is None:
        raise NotFound(f"No existe la ficha {ticket_id}.", code="unknown_ticket")
    return found


def ticket_by_token(token: str) -> Ticket:
    found = db.session.scalars(_BY_TOKEN, {"token": token}).unique().first()
    if found is None:
        raise NotFound("Ficha no encontrada.", code="unknown_ticket")
    return found


def import_batch(batch_id: int) -> ImportBatch:
    found = db.session.get(ImportBatch, batch_id)
    if found is None:
        raise NotFound("Esa importación no existe.", code="unknown_import")
    return found
