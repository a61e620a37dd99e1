"""Taking a customer in: the account check (COM-DSC-P01 act. 6–7) before a ticket is issued (act. 8).

Kiosk, reception and the API all come through `request_ticket`. The check runs on the server even when the
screen already showed its result: the screen is not trusted.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime

from sqlalchemy import ColumnElement, bindparam, func, or_, select
from sqlalchemy.orm import joinedload

from core import clock, lookups
from core.accounts import smartflex
from core.accounts.smartflex import AccountLookup, AccountResult
from core.actors import Actor
from core.errors import DomainError, Forbidden, Invalid
from core.extensions import db
from core.models import Desk, PrintJob, Ticket, TicketEvent
from core.org.desk_names import desk_subject
from core.printing import print_queue
from core.roles import RECEPTION_STAFF, require
from core.tickets import desk_shifts, engine
from core.tx import unit_of_work

logger = logging.getLogger(__name__)

MIN_REASON = 5


class AccountCheckFailed(DomainError):
    """Debt or pending requirements: no ticket from the kiosk (act. 7). `details` is the customer's view."""

    status = 409

    def __init__(self, result: AccountResult) -> None:
        super().__init__(result.message, code=f"account_{result.status}", details=result.public())
        self.result = result


def _verification(result: AccountResult) -> tuple[str, str]:
    if result.status == "ok":
        return "ok", ""
    if result.status == "unavailable":
        return "unverified", "Verificación pendiente: el sistema de cuentas no respondió al emitir la ficha."
    return "unverified", f"Verificación pendiente: {result.summary()}."


def request_ticket(transaction: str, *, actor: Actor, preferential: str | None = None, account: str | None = None,
                   idempotency_key: str | None = None, channel: str = "kiosk", override_reason: str | None = None,
                   now: datetime | None = None, lookup: AccountLookup | None = None,
                   after_attention: str | None = None) -> Ticket:
    """Issue a ticket, checking the account first when the transaction needs it. `after_attention`: the token of
    the debt screen's «pending» attention it follows up; without it, the account or CI follows up the same
    customer's «pending» attention of today (core/tickets/follow_up.py).

    ok → verification «ok»; lookup down or account not found → «unverified» (verificación pendiente, the
    desk checks); debt or pending requirements → AccountCheckFailed, unless reception overrides with a
    reason (verification «override», the reason in the note and in the issue event). A queue closed for today
    raises `DayClosed`, unless reception gives that same reason.
    """
    reason = (override_reason or "").strip()
    # An override named at all (even blank, as the API may send it) is judged: who may, and with what reason.
    overriding = override_reason is not None
    if overriding and not actor.has_role(*RECEPTION_STAFF):
        raise Forbidden("Solo Recepción puede emitir una ficha pese a la verificación de la cuenta.",
                        code="override_forbidden")
    if overriding and len(reason) < MIN_REASON:
        raise Invalid("Escriba el motivo para emitir la ficha pese a la verificación.", code="override_reason")
    if len(reason) > 300:
        raise Invalid("El motivo no puede pasar de 300 caracteres.", code="override_reason")
    if not account and not reason:
        # Nothing to check outside the write transaction: the engine reads the trámite once, inside it, and refuses
        # one that needs the account check (`account_required`).
        return engine.issue_ticket(transaction, actor=actor, preferential=preferential, idempotency_key=idempotency_key,
                                   channel=channel, unchecked=True, after_attention=after_attention, now=now)
    node = lookups.transaction(transaction)  # before the write lock: the account check may call Smartflex
    code, needs_check = node.code, node.needs_account_check
    # No transaction (nor pooled connection) held while Smartflex answers; the unit of work below would end
    # this read transaction anyway.
    db.session.commit()
    verification, note = "none", ""
    refs: tuple[str, ...] = ()  # how else the customer is known: as typed, and the holder's CI
    if needs_check:
        if account:
            result = smartflex.check_account(account, lookup=lookup)
            refs = (account, result.ci)
            # A CI is kept as the account it resolved to: the desk then reads that account's debt and notes.
            account = result.resolved
            verification, note = _verification(result)
            if result.blocks_ticket:
                if not reason:
                    raise AccountCheckFailed(result)
                verification, note = "override", f"Emitida pese a {result.summary()}. Motivo: {reason}"
        else:
            verification, note = "override", f"Emitida sin número de cuenta. Motivo: {reason}"
    # Reception's reason also lets a ticket through a queue closed for today (core/tickets/limits.py).
    return engine.issue_ticket(code, actor=actor, preferential=preferential, account=account,
                                verification=verification, verification_note=note,
                                idempotency_key=idempotency_key, channel=channel, limit_override=reason,
                                after_attention=after_attention, customer_refs=refs, now=now)


def _pending_check(desk_code: str, actor: Actor, *, lock: bool) -> tuple[Ticket, Desk]:
    """The desk's active ticket, if its verification is still pending; else a Spanish refusal."""
    desk = lookups.desk(desk_code, lock=lock)
    desk_shifts.ensure_operator(desk, actor)
    if desk.current_ticket_id is None:
        raise Invalid(f"{desk_subject(desk.name)} no tiene una ficha activa.", code="no_active_ticket")
    ticket = lookups.ticket(desk.current_ticket_id, lock=lock)
    if ticket.verification != "unverified" or not ticket.account_ref:
        raise Invalid(f"La ficha {ticket.label} no tiene una verificación pendiente.", code="not_unverified")
    return ticket, desk


def recheck_account(desk_code: str, *, actor: Actor, now: datetime | None = None,
                    lookup: AccountLookup | None = None) -> Ticket:
    """The desk re-runs the account check of its ticket issued with «verificación pendiente» (Smartflex was
    down or the account was not found at issue time). The new result replaces the verification and is
    recorded as a «verify» event; a source still down leaves the ticket pending.

    Smartflex is asked with no transaction open, as at issue time: on SQLite a unit of work holds the write
    lock, and a slow answer would hold every kiosk's issue (under gevent, the whole worker) for as long."""
    ticket, _ = _pending_check(desk_code, actor, lock=False)
    ticket_id, asked = ticket.id, ticket.account_ref
    db.session.commit()  # ends the read transaction and gives its connection back while Smartflex answers
    result = smartflex.check_account(asked, lookup=lookup)
    now = now or clock.now()
    with unit_of_work():
        ticket, desk = _pending_check(desk_code, actor, lock=True)
        if ticket.id != ticket_id or ticket.account_ref != asked:
            raise Invalid(f"{desk_subject(desk.name)} pasó a otra ficha mientras Smartflex respondía: no se guardó "
                          "la verificación. Verifique la ficha actual si la necesita.", code="desk_ticket_changed")
        if result.status in ("ok", "debt", "pending_requirements"):
            ticket.account_ref = result.resolved
            ticket.verification = result.status
            ticket.verification_note = "" if result.status == "ok" else f"Verificada en el mesón: {result.summary()}."
        else:
            ticket.verification_note = _verification(result)[1].replace("al emitir la ficha", "al volver a verificar")
        engine.record(ticket, "verify", actor, now, from_status=ticket.status, desk=desk,
                      note=ticket.verification_note or "cuenta verificada")
    return ticket


# Printing the ticket (act. 8) ------------------------------------------------------------------------------
# Built once: a printout asks for its ticket's job every time (a resend finds it), and who issued it when the caller
# did not just do so.
_TICKET_JOB = (select(PrintJob.id).where(PrintJob.kind == "ticket", PrintJob.reference == bindparam("reference"))
               .order_by(PrintJob.id))
_ISSUED_BY = select(TicketEvent.id).where(
    TicketEvent.ticket_id == bindparam("ticket"), TicketEvent.action == "issue",
    TicketEvent.actor_kind == bindparam("kind"), TicketEvent.actor_id == bindparam("actor"))


def _existing_ticket_job(ticket: Ticket) -> int | None:
    return db.session.scalar(_TICKET_JOB, {"reference": str(ticket.id)})


def _issued_by(ticket: Ticket, actor: Actor) -> bool:
    return db.session.scalar(_ISSUED_BY, {"ticket": ticket.id, "kind": actor.kind, "actor": actor.id}) is not None


def print_new_ticket(ticket_id: int, *, actor: Actor, device_id: int | None, base_url: str = "",
                     now: datetime | None = None, issued_here: bool = False) -> int | None:
    """Queue the printout of a ticket just issued by this kiosk (or reception). Asking again returns the same
    job: a repeated request never prints a second ticket. None when no printer is bound. `issued_here`: this
    caller issued it in the same request (or a resend of it, its idempotency key being the caller's own)."""
    now = now or clock.now()
    with unit_of_work():
        ticket = lookups.ticket_to_show(ticket_id)  # the printout shows its queue, area and wait
        if not (issued_here or actor.has_role(*RECEPTION_STAFF) or _issued_by(ticket, actor)):
            raise Forbidden("Esta ficha no fue emitida en este kiosco.", code="not_your_ticket")
        if ticket.day != clock.business_day(now):
            raise Invalid("Solo se imprimen fichas de hoy.", code="not_today")
        existing = _existing_ticket_job(ticket)
        if existing is not None:
            return existing
        return print_queue.print_ticket(ticket.id, device_id=device_id, actor=actor, base_url=base_url, now=now)


def print_issued(ticket_id: int, *, actor: Actor, base_url: str = "") -> int | None:
    """`print_new_ticket` for a ticket this caller issued in the same request (`print: true`, the kiosk page: one
    request per customer, not two), on a kiosk's own printer or, for reception staff, reception's. The ticket
    stands whatever happens here: a job that could not be queued answers None (the kiosk then says to note the
    number, as for a printer that is off) and is logged."""
    device_id = actor.id if actor.is_device("kiosk") else None
    try:
        return print_new_ticket(ticket_id, actor=actor, device_id=device_id, base_url=base_url, issued_here=True)
    except Exception:  # the ticket is issued and answered; its printout must never turn that into an error
        logger.exception("ticket %s issued but its printout was not queued", ticket_id)
        return None


def issue_at_reception(transaction: str, *, actor: Actor, preferential: str | None = None,
                       account: str | None = None, override_reason: str | None = None,
                       idempotency_key: str | None = None, base_url: str = "",
                       now: datetime | None = None, after_attention: str | None = None) -> tuple[Ticket, int | None]:
    """Reception issues for the customer and the ticket goes to the reception printer at once. `after_attention`:
    as at the kiosk, the «pending» attention (told of a debt) that the debt unit's ticket follows up."""
    require(actor, RECEPTION_STAFF, "Solo Recepción puede emitir fichas desde esta pantalla.")
    ticket = request_ticket(transaction, actor=actor, preferential=preferential, account=account,
                            idempotency_key=idempotency_key, channel="reception", override_reason=override_reason,
                            now=now, after_attention=after_attention)
    job = print_new_ticket(ticket.id, actor=actor, device_id=None, base_url=base_url, now=now)
    return ticket, job


def reprint_ticket(ticket_id: int, *, actor: Actor, base_url: str = "", now: datetime | None = None) -> int:
    """Reception reprints any ticket of the day on its printer; the reprint is recorded on the ticket."""
    now = now or clock.now()
    require(actor, RECEPTION_STAFF, "Solo Recepción puede reimprimir fichas.")
    with unit_of_work():
        ticket = lookups.ticket(ticket_id)
        if ticket.day != clock.business_day(now):
            raise Invalid(f"La ficha {ticket.label} no es de hoy: solo se reimprimen fichas del día.",
                          code="not_today")
        job = print_queue.print_ticket(ticket.id, device_id=None, actor=actor, base_url=base_url, now=now)
        if job is None:
            raise Invalid("No hay una impresora de Recepción configurada (Administración → Impresoras).",
                          code="no_printer")
        engine.record(ticket, "reprint", actor, now, from_status=ticket.status, note=f"impresión {job}")
    return job


def todays_tickets(search: str = "", *, limit: int = 60, now: datetime | None = None) -> list[Ticket]:
    """Today's tickets, newest first; `search` matches the number (A-012, A12, 12), the number being typed (Q, QA-,
    QA-0, QA-01: the labels that start so), or the transaction."""
    # Each row names its queue; reception reloads this list after every change in the office.
    stmt = (select(Ticket).options(joinedload(Ticket.queue)).where(Ticket.day == clock.business_day(now))
            .order_by(Ticket.id.desc()).limit(limit))
    text = search.strip().upper().replace(" ", "")
    label = func.lower(Ticket.transaction_label).contains(search.strip().lower())
    match = re.fullmatch(r"([A-Z]{1,3})?(-?)(\d{0,4})", text)
    if not text:
        pass
    elif match is None or not (match.group(1) or match.group(3)):
        stmt = stmt.where(label)
    elif not match.group(3):  # «Q», «QA» (the prefix being typed) or «QA-»; without the dash, a trámite's word too
        stmt = stmt.where(or_(Ticket.prefix.startswith(match.group(1)), label) if not match.group(2)
                          else Ticket.prefix == match.group(1))
    else:
        if match.group(1):
            stmt = stmt.where(Ticket.prefix == match.group(1))
        stmt = stmt.where(_number_typed(match.group(3)))
    return list(db.session.scalars(stmt))


def _number_typed(digits: str) -> ColumnElement[bool]:
    """The numbers `digits` names: itself (12, 012), or, while a padded number is still being typed («0», «01»), every
    number whose three-digit label starts so (reception searched A-00 as A-000 and found nothing)."""
    if digits.startswith("0") and len(digits) < 3:
        return Ticket.number.between(int(digits.ljust(3, "0")), int(digits.ljust(3, "9")))
    return Ticket.number == int(digits)
