"""Finding rows by their public codes, with Spanish not-found errors."""

from __future__ import annotations

from sqlalchemy import func, select

from core import validation
from core.errors import NotFound
from core.extensions import db
from core.models import Branch, CatalogueNode, Desk, ImportBatch, Queue, Ticket, WaitingArea


def branch(code: str | None = None) -> Branch:
    stmt = select(Branch).order_by(Branch.id)
    if code:
        stmt = stmt.where(Branch.code == code)
    found = db.session.scalars(stmt).first()
    if found is None:
        raise NotFound("La oficina no está configurada: ejecute «flask --app wsgi seed».", code="no_branch")
    return found


def desk(code: str, *, lock: bool = False) -> Desk:
    stmt = select(Desk).where(func.lower(Desk.code) == code.lower(), Desk.active.is_(True))
    if lock:
        stmt = stmt.with_for_update()
    found = db.session.scalars(stmt).first()
    if found is None:
        raise NotFound(f"No existe el mesón «{code}».", code="unknown_desk")
    return found


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


def transaction(code: str) -> CatalogueNode:
    node = db.session.scalars(
        select(CatalogueNode).where(CatalogueNode.code == code, CatalogueNode.active.is_(True))
    ).first()
    if node is None or node.kind != "transaction" or node.queue_id is None:
        raise NotFound(f"No existe el trámite «{code}».", code="unknown_transaction")
    return node


def ticket(ticket_id: int, *, lock: bool = False) -> Ticket:
    if validation.record_id(ticket_id) is None:  # a number no row can have (the database cannot bind some)
        raise NotFound(f"No existe la ficha {str(ticket_id)[:24]}.", code="unknown_ticket")
    stmt = select(Ticket).where(Ticket.id == ticket_id)
    if lock:
        stmt = stmt.with_for_update()
    found = db.session.scalars(stmt).first()
    if found is None:
        raise NotFound(f"No existe la ficha {ticket_id}.", code="unknown_ticket")
    return found


def ticket_by_token(token: str) -> Ticket:
    found = db.session.scalars(select(Ticket).where(Ticket.token == token)).first()
    if found is None:
        raise NotFound("Ficha no encontrada.", code="unknown_ticket")
    return found


def import_batch(batch_id: int) -> ImportBatch:
    found = db.session.get(ImportBatch, batch_id)
    if found is None:
        raise NotFound("Esa importación no existe.", code="unknown_import")
    return found
