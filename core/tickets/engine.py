"""The ticket engine: every ticket state change happens here, in one transaction, with its event row.

Views, socket handlers, the CLI and tests all call these functions. Each commits exactly once; the
Socket.IO events they queue, and the log line of each transition, leave after that commit
(core/realtime/outbox.py).
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime

from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from core import clock, lookups, tx
from core.actors import CUSTOMER, Actor
from core.errors import DomainError, Forbidden, IllegalTransition, Invalid
from core.extensions import db
from core.models import PREFERENTIAL, Desk, Queue, Ticket, TicketEvent
from core.org.desk_names import desk_subject
from core.realtime import broadcast, outbox
from core.tickets import attentions, limits, numbering, service_times, states
from core.tx import unit_of_work

logger = logging.getLogger(__name__)


def check_transition(ticket: Ticket, action: str) -> str:
    """The status `action` leads to; `IllegalTransition` when the ticket's status does not allow it."""
    step = states.ACTIONS[action]
    if ticket.status not in step.sources:
        raise IllegalTransition(
            f"No se puede {step.verb} la ficha {ticket.label}: está {states.status_label(ticket.status).lower()}."
        )
    return step.target


_EVENT = insert(TicketEvent.__table__)  # Core: the row is written, never read back as an object in the request


def record(ticket: Ticket, action: str, actor: Actor, now: datetime, *, from_status: str | None,
           desk: Desk | None = None, from_queue: Queue | None = None, to_desk: Desk | None = None,
           note: str = "") -> None:
    """The event row of a transition (the ticket already has its id), and its log line after the commit."""
    tx.run(_EVENT, {
        "ticket_id": ticket.id, "at": now, "action": action, "from_status": from_status, "to_status": ticket.status,
        "from_queue_id": from_queue.id if from_queue else ticket.queue_id, "to_queue_id": ticket.queue_id,
        "desk_id": desk.id if desk else ticket.desk_id, "to_desk_id": to_desk.id if to_desk else None,
        "actor_kind": actor.kind, "actor_id": actor.id,
        "actor_name": actor.name, "note": note,
    })
    # The one choke point every transition passes, so every call, finish and no-show is logged (no personal data).
    outbox.log_after_commit(logger, "ticket %s %s: %s -> %s, desk %s, by %s %s", ticket.label, action,
                            from_status or "-", ticket.status, desk.code if desk else "-", actor.kind, actor.name)
    if ticket.status == "done":  # a new service time, for the estimates this process keeps
        service = (ticket.queue_id, ticket.day, ticket.started_at, ticket.finished_at)
        outbox.call_after_commit(lambda: service_times.add_service(*service))


def cancel_by_customer(token: str, *, now: datetime | None = None) -> Ticket:
    """«Anular mi ficha» on the status page (/t/<token>): a customer who leaves gives up the place, so those behind
    move up and no desk calls for nobody. Only while the ticket waits, and only on its day (a past day's ticket
    is closed: its page says so)."""
    now = now or clock.now()
    ticket = lookups.ticket_by_token(token)
    if states.expired(ticket.status, ticket.day, clock.business_day(now)):
        raise IllegalTransition("Su ficha ya está cerrada: no se anuló.", code="ticket_expired")
    return cancel(ticket.id, actor=CUSTOMER, reason="el cliente, desde la página de su ficha", waiting_only=True,
                  now=now)


def idempotency_scope(actor: Actor) -> str:
    """The caller an idempotency key belongs to: a key never reaches another kiosk's or user's ticket."""
    return f"{actor.kind}:{actor.id if actor.id is not None else ''}"


# Every kiosk issue asks (its key is new nearly always): the id alone, prebuilt; the ticket is loaded when found.
_BY_KEY = select(Ticket.id).where(Ticket.idempotency_scope == bindparam("scope"),
                                  Ticket.idempotency_key == bindparam("key"))


def _by_idempotency_key(scope: str, key: str) -> Ticket | None:
    found = tx.run(_BY_KEY, {"scope": scope, "key": key}).scalar()
    return db.session.get(Ticket, found) if found is not None else None


# Every column of a new ticket the issue does not choose, at its default: uncalled, unserved, at no desk.
_DEFAULTS = {column.key: column.default.arg if column.default is not None and column.default.is_scalar else None
             for column in Ticket.__table__.c if not column.primary_key}
_TICKET = insert(Ticket.__table__).returning(Ticket.__table__.c.id)


def _insert_ticket(**values: object) -> Ticket:
    """The new ticket's row by a Core INSERT, then the same values as a persistent object in the session, as if
    loaded: the ORM's flush of one new object cost more CPU than the insert itself (issue 13). Every column is
    given, so reading any of them later needs no query."""
    row = {**_DEFAULTS, **values}
    ticket = Ticket(id=tx.run(_TICKET, row).scalar_one(), **row)
    make_transient_to_detached(ticket)  # persistent once added: its attributes count as loaded, nothing pending
    db.session.add(ticket)
    return ticket


def issue_ticket(transaction: str, *, actor: Actor, preferential: str | None = None, account: str | None = None,
                 verification: str = "none", verification_note: str = "", idempotency_key: str | None = None,
                 channel: str = "kiosk", limit_override: str = "", unchecked: bool = False,
                 after_attention: str | None = None, customer_refs: tuple[str, ...] = (),
                 now: datetime | None = None) -> Ticket:
    """Issue a ticket for a catalogue transaction. The same idempotency key from the same caller returns the
    same ticket; from another caller it is another request. Past the queue's daily limits (core/tickets/limits.py)
    it raises `DayClosed`, unless `limit_override` gives reception's reason (checked by intake.request_ticket).
    `unchecked`: no account was checked (intake.request_ticket without an account or a reason), so a trámite that
    needs the check is refused. `after_attention` and `customer_refs` (besides `account`, the other account or CI
    references the customer is known by): which «pending» attention it follows up (core/tickets/follow_up.py)."""
    now = now or clock.now()
    if preferential in ("", "none"):
        preferential = None
    if preferential is not None and preferential not in PREFERENTIAL:
        raise Invalid("Tipo de atención preferencial no válido.", code="invalid_preferential")
    if idempotency_key is not None and not (8 <= len(idempotency_key) <= 80):
        raise Invalid("La clave de idempotencia debe tener entre 8 y 80 caracteres.", code="invalid_idempotency_key")
    if account is not None and len(account) > 32:
        raise Invalid("Número de cuenta demasiado largo.", code="invalid_account")
    scope = idempotency_scope(actor) if idempotency_key else None
    try:
        with unit_of_work():
            if (scope and idempotency_key and numbering.claim_key(scope, idempotency_key)
                    and (existing := _by_idempotency_key(scope, idempotency_key))):
                return existing
            node = lookups.transaction(transaction)
            if unchecked and node.needs_account_check:
                raise Invalid("Este trámite necesita su número de cuenta o de CI.", code="account_required")
            queue = node.queue
            day = clock.business_day(now)
            # The limits before a number is taken, so a refusal takes none. The quota is checked by the counter's
            # own upsert: two kiosks never both take the quota's last number.
            closing = limits.closing_cutoff(queue, now)
            number = None if closing else numbering.next_number(queue, day, queue.daily_quota)
            event_note = verification_note
            if number is None:
                cutoff = limits.refused(queue, now, closing)
                if not limit_override:
                    raise limits.closed_error(queue, node.label, cutoff, now)
                number = numbering.next_number(queue, day)
                past = f"Emitida con el trámite cerrado por hoy ({cutoff.why}). Motivo: {limit_override}"
                event_note = "; ".join(filter(None, (verification_note, past)))
            ticket = _insert_ticket(
                branch_id=queue.branch_id, origin_queue_id=queue.id, queue_id=queue.id, day=day, number=number,
                prefix=queue.prefix, status="waiting", transaction_code=node.code, transaction_label=node.label,
                preferential=preferential, account_ref=account or None, verification=verification,
                verification_note=verification_note, target_desk_id=node.desk_id, issued_at=now, arrival_at=now,
                waiting_since=now, channel=channel, token=secrets.token_urlsafe(16), idempotency_key=idempotency_key,
                idempotency_scope=scope,
            )
            record(ticket, "issue", actor, now, from_status=None, note=event_note)
            # The customer counts in P01 once: a «pending» attention this ticket follows up becomes its own.
            attentions.for_ticket(ticket, actor, now, after=after_attention, refs=(account, *customer_refs))
            broadcast.ticket_changed(ticket, "issue")
    except (IntegrityError, DomainError):
        # A resend of a request that issued (on SQLite the key is not looked up first: its INSERT fails on the
        # ticket's unique key, and everything rolls back): its ticket, whatever refused it now (the queue closed
        # with that very ticket, the trámite withdrawn since). Or two requests with one key raced: the other won.
        if scope and idempotency_key and (existing := _by_idempotency_key(scope, idempotency_key)):
            return existing
        raise
    return ticket


def cancel(ticket_id: int, *, actor: Actor, reason: str = "", waiting_only: bool = False,
           now: datetime | None = None) -> Ticket:
    """Reception, a supervisor or the API; `waiting_only` for the customer (`cancel_by_customer`), whom a desk
    may be calling already (checked under the ticket's lock: a call that commits first wins)."""
    now = now or clock.now()
    with unit_of_work():
        ticket = lookups.ticket(ticket_id, lock=True)
        before = ticket.status
        if waiting_only and before != "waiting":
            raise IllegalTransition("Su ficha ya no está en espera: no se anuló.", code="not_waiting")
        ticket.status = check_transition(ticket, "cancel")
        ticket.finished_at = now
        desk = _release_desk(ticket)
        record(ticket, "cancel", actor, now, from_status=before, desk=desk, note=reason)
        broadcast.ticket_changed(ticket, "cancel", released=desk)
    return ticket


def _release_desk(ticket: Ticket) -> Desk | None:
    """Free the desk that holds this ticket, if any."""
    desk = db.session.scalars(select(Desk).where(Desk.current_ticket_id == ticket.id)).first()
    if desk is not None:
        desk.current_ticket_id = None
        broadcast.desk_changed(desk)
    return desk


def _may_transfer(ticket: Ticket, actor: Actor) -> bool:
    """Who may move a ticket: supervisors; the agent whose desk holds it (called or serving there, or marked
    no-show there); an agent operating a desk it is waiting for. Anyone else would empty another agent's desk
    or take a customer out of a queue that is not theirs."""
    if actor.kind == "system" or actor.has_role("supervisor"):
        return True
    if actor.kind != "user" or not actor.has_role("agent"):
        return False
    holder = db.session.scalars(select(Desk).where(Desk.current_ticket_id == ticket.id)).first()
    if holder is not None:
        return holder.agent_id == actor.id
    for desk in db.session.scalars(select(Desk).where(Desk.agent_id == actor.id, Desk.active.is_(True))):
        if ticket.status == "no_show" and ticket.desk_id == desk.id:
            return True
        if ticket.status == "waiting" and (ticket.target_desk_id == desk.id or (
                ticket.target_desk_id is None and ticket.queue_id in {link.queue_id for link in desk.queue_links})):
            return True
    return False


def transfer(ticket_id: int, *, actor: Actor, queue: str | None = None, desk: str | None = None,
             keep_arrival: bool = True, note: str = "", now: datetime | None = None) -> Ticket:
    """Move a ticket to another queue or desk. It keeps its number and, by default, its arrival time."""
    now = now or clock.now()
    if not queue and not desk:
        raise Invalid("Indique la cola o el mesón de destino.", code="transfer_target_missing")
    with unit_of_work():
        ticket = lookups.ticket(ticket_id, lock=True)
        before, from_queue = ticket.status, ticket.queue
        previous_area = from_queue.area
        waited = broadcast.Placement.of(ticket) if before == "waiting" else None  # its old queue's customers move up
        check_transition(ticket, "transfer")
        if not _may_transfer(ticket, actor):
            raise Forbidden(f"La ficha {ticket.label} está a cargo de otro mesón: solo puede transferirla el asesor "
                            "que la atiende, un asesor de la cola donde espera o un supervisor.",
                            code="transfer_forbidden")
        target_desk = lookups.desk(desk) if desk else None
        if queue:
            target_queue = lookups.queue(queue)
        elif target_desk is not None:
            served = target_desk.queues
            if not served:
                raise Invalid(f"{desk_subject(target_desk.name)} no atiende ninguna cola.", code="desk_without_queue")
            target_queue = from_queue if from_queue in served else served[0]
        if target_desk is not None and target_desk.id == ticket.desk_id and before != "waiting":
            # It would wait for the desk that just let it go, and that desk's next call would bring it back.
            raise Invalid(f"La ficha {ticket.label} ya está en {target_desk.name}: elija otro mesón o una cola.",
                          code="transfer_same_desk")
        if target_desk is not None and target_queue not in target_desk.queues:
            raise Invalid(f"{desk_subject(target_desk.name)} no atiende la cola {target_queue.name}.",
                          code="desk_does_not_serve_queue")
        released = _release_desk(ticket)
        ticket.status = "waiting"
        ticket.queue_id = target_queue.id
        ticket.queue = target_queue
        ticket.target_desk_id = target_desk.id if target_desk else None
        ticket.target_desk = target_desk
        ticket.desk_id = None
        ticket.desk = None
        # The next desk starts afresh: its «Llamadas repetidas», the no-show rule's count and the service time the
        # estimates learn from are its own, not the desk's that sent the customer (the events keep those).
        ticket.recalls = 0
        ticket.started_at = None
        if not keep_arrival:
            ticket.arrival_at = now
        if before != "waiting" or not keep_arrival:
            ticket.waiting_since = now  # a desk had the customer: this wait begins now (a moved waiting one goes on)
        db.session.flush()
        record(ticket, "transfer", actor, now, from_status=before, desk=released, from_queue=from_queue,
               to_desk=target_desk, note=note or ("" if keep_arrival else "sin conservar la hora de llegada"))
        broadcast.ticket_changed(ticket, "transfer", previous_area=previous_area, left=waited, released=released)
    return ticket
