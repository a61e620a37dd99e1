"""Recording each customer attended at the entrance, and their answer to the P01 question.

COM-DSC-P01 measures «clientes satisfechos con la información brindada»: the customer informed (act. 2),
located and directed (act. 3–4) or routed with a ticket (act. 5–8). Tickets get their attention in the
engine's own transaction (`for_ticket`); info-only and locate-only visits are recorded here, at reception
or when the kiosk prints their slip, with the slip's short link to the question.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from core import clock, lookups, tx, urls
from core.actors import Actor
from core.errors import Forbidden, IllegalTransition, Invalid, NotFound
from core.extensions import db
from core.models import ATTENTION_KINDS, Attention, InfoAnswer, Ticket
from core.org import directory
from core.printing import documents, print_queue
from core.roles import RECEPTION_STAFF, require
from core.tickets import follow_up
from core.tx import unit_of_work

logger = logging.getLogger(__name__)

# The P01 question: reception's information and routing, not the desk's service (core/tickets/survey.py).
QUESTION = "¿La información y la orientación que recibió al llegar fueron claras y le sirvieron?"
SOURCES = ("reception", "status_page", "slip")
# Reception asks right after the attention; past this, only the customer's own link may answer.
RECEPTION_WINDOW = timedelta(minutes=30)
# The catalogue entries each kind of visit is about; «pending» (act. 7): a trámite the customer cannot start yet.
VISIT_KINDS = {"info": ("info",), "locate": ("directory",), "pending": ("transaction",)}


class AlreadyAnswered(IllegalTransition):
    code, message = "already_answered", "Esta atención ya fue evaluada: gracias por su respuesta."


def _row(kind: str, channel: str, node_code: str, topic: str, actor: Actor, now: datetime,
         ticket_id: int | None = None, customer_key: str | None = None) -> dict[str, Any]:
    """The columns of an attention row: one definition for the ORM object and the issue's Core insert."""
    return {"kind": kind, "channel": channel, "at": now, "day": clock.business_day(now), "node_code": node_code,
            "topic": topic[:160], "ticket_id": ticket_id, "actor_kind": actor.kind, "actor_id": actor.id,
            "actor_name": actor.name, "token": secrets.token_urlsafe(8), "customer_key": customer_key}


def _new(kind: str, channel: str, node_code: str, topic: str, actor: Actor, now: datetime,
         customer_key: str | None = None) -> Attention:
    attention = Attention(**_row(kind, channel, node_code, topic, actor, now, customer_key=customer_key))
    db.session.add(attention)
    db.session.flush()
    return attention


_INSERT = insert(Attention.__table__)  # Core: the issue never reads its attention back (issue 13's CPU per ticket)


def for_ticket(ticket: Ticket, actor: Actor, now: datetime, after: str | None = None,
               refs: Iterable[str | None] = ()) -> None:
    """The attention of a ticket just issued (the ticket has its id), in the issuing transaction (the engine
    calls this). A ticket that follows up the same customer's «pending» attention of today takes it over instead
    (core/tickets/follow_up.py: `after`, the debt screen's token, or `refs`, the account or CI references the
    ticket knows): one customer, one attention in P01, and their QR and the ticket's page ask the one question."""
    if follow_up.claim(ticket, actor, now, after=after, refs=refs):
        return
    channel = "reception" if ticket.channel in ("reception", "api") else "kiosk"
    tx.run(_INSERT, _row("ticket", channel, ticket.transaction_code, ticket.transaction_label, actor, now, ticket.id))


def survey_url(attention: Attention, base_url: str = "") -> str:
    """The short public link of the P01 question, printed as a QR on the slip."""
    return urls.public_base(base_url) + f"/i/{attention.token}"


def record_visit(kind: str, node_code: str, *, actor: Actor, channel: Literal["reception", "kiosk"],
                 print_slip: bool, device_id: int | None = None, base_url: str = "", account: str | None = None,
                 now: datetime | None = None) -> tuple[Attention, int | None]:
    """An info-only (act. 2) or locate-only (act. 3–4) attention, and its slip when asked: the brochure with
    the requirements, or the directions with Seguridad Física's instructions. Returns the attention and the
    print job (None: not asked, or no printer). «pending» (act. 7): the customer was told what to settle before
    the trámite (pending requirements, a debt) and leaves without a ticket; P01 counts them as attended too. Its
    `account` (the account or CI the check was for) lets a ticket this customer takes later today follow it up
    (core/tickets/follow_up.py); it is kept as a digest only, and only for «pending». The same customer told again
    the same day about the same trámite gets the attention they already have: they are one customer in P01."""
    now = now or clock.now()
    if kind not in VISIT_KINDS:
        raise Invalid("Tipo de atención no válido: información, ubicación o requisitos pendientes.",
                      code="invalid_kind")
    print_slip = print_slip and kind != "pending"  # no slip of its own: the screen listed what is missing
    if channel == "reception":
        require(actor, RECEPTION_STAFF, "Solo Recepción registra atenciones.")
    with unit_of_work():
        node = documents.catalogue_entry(node_code, *VISIT_KINDS[kind])
        key = follow_up.customer_key(account) if kind == "pending" else None
        # Told again what to settle (the kiosk twice, then reception): the same attention, one customer in P01.
        attention = follow_up.open_pending(key, node.code, now) or \
            _new(kind, channel, node.code, node.label, actor, now, customer_key=key)
        job = None
        if print_slip:
            printer = print_queue.print_brochure if kind == "info" else print_queue.print_directions
            job = printer(node.code, device_id=device_id, actor=actor, now=now,
                          survey_url=survey_url(attention, base_url))
    logger.info("attention %s %s (%s) by %s %s", kind, node_code, channel, actor.kind, actor.name)
    return attention, job


def by_token(token: str) -> Attention:
    found = db.session.scalar(select(Attention).where(Attention.token == token)) if len(token) <= 32 else None
    if found is None:
        raise NotFound("Enlace no válido o vencido.", code="unknown_attention")
    return found


def of_ticket(ticket: Ticket) -> Attention | None:
    return db.session.scalar(select(Attention).where(Attention.ticket_id == ticket.id))


def answer_for(attention: Attention | None) -> InfoAnswer | None:
    if attention is None:
        return None
    return db.session.scalar(select(InfoAnswer).where(InfoAnswer.attention_id == attention.id))


def _last_at_reception(attention: Attention) -> datetime | None:
    """When reception last attended this customer: the attention itself, or the ticket that followed up a
    «pending» one (told at the kiosk in the morning, back at reception with the ticket: reception asks then)."""
    times = [clock.as_utc(attention.at)] if attention.channel == "reception" else []
    if attention.ticket is not None and attention.ticket.channel in ("reception", "api"):
        times.append(clock.as_utc(attention.ticket.issued_at))
    return max(times, default=None)


def _attention_for(source: str, attention_id: int | None, token: str | None, actor: Actor | None,
                   now: datetime) -> Attention:
    if source == "reception":
        if actor is None:
            raise Forbidden("Solo Recepción registra la respuesta en su pantalla.", code="forbidden")
        require(actor, RECEPTION_STAFF, "Solo Recepción registra la respuesta en su pantalla.")
        attention = db.session.get(Attention, attention_id) if attention_id else None
        if attention is None:
            raise NotFound("No existe esa atención.", code="unknown_attention")
        last = _last_at_reception(attention)
        if last is None or last < now - RECEPTION_WINDOW:
            raise IllegalTransition("Esta atención ya no se puede evaluar en Recepción: el cliente puede "
                                    "responder con el código de su impresión.", code="survey_closed")
        return attention
    if source == "status_page":
        attention = of_ticket(lookups.ticket_by_token(token or ""))
        if attention is None:
            raise NotFound("Esta ficha no tiene una atención registrada.", code="unknown_attention")
        return attention
    return by_token(token or "")


def answer(*, satisfied: object, source: str, attention_id: int | None = None, token: str | None = None,
           actor: Actor | None = None, now: datetime | None = None) -> InfoAnswer:
    """Record the customer's P01 answer: at reception (`attention_id`, by reception staff, shortly after),
    on the ticket's status page (the ticket `token`) or from the slip's link (the attention `token`). One
    answer per attention; a second raises AlreadyAnswered."""
    now = now or clock.now()
    if not isinstance(satisfied, bool):
        raise Invalid("Indique si la información le sirvió: sí o no.", code="invalid_answer")
    if source not in SOURCES:
        raise Invalid("Origen de la respuesta no válido.", code="invalid_source")
    try:
        with unit_of_work():
            attention = _attention_for(source, attention_id, token, actor, now)
            if answer_for(attention) is not None:
                raise AlreadyAnswered()
            row = InfoAnswer(attention_id=attention.id, satisfied=satisfied, source=source, at=now)
            db.session.add(row)
            db.session.flush()
    except IntegrityError as error:  # two channels answered at the same moment
        raise AlreadyAnswered() from error
    logger.info("P01 answer for attention %s: satisfied=%s via %s", attention.id, satisfied, source)
    return row


PUBLIC_KIND_LABELS = {"pending": "Trámite consultado"}


def public(attention: Attention) -> dict[str, Any]:
    """What the customer's page shows: the kind and the topic, and what the slip said about it, read from the
    catalogue (an entry since deactivated says nothing more): the requirements (a brochure, a trámite the customer
    could not start yet), or where the place is (directions). Nothing personal: a «pending» attention never names
    the account's own pending requirements or debt, only the trámite's."""
    # «Requisitos o deuda pendientes: Cambio de nombre», over the trámite's whole list, read as the customer's own
    # missing items: on their page a «pending» attention names the trámite asked about (PUBLIC_KIND_LABELS).
    data: dict[str, Any] = {"kind": attention.kind,
                            "kind_label": PUBLIC_KIND_LABELS.get(attention.kind, ATTENTION_KINDS[attention.kind]),
                            "topic": attention.topic, "answered": answer_for(attention) is not None,
                            "requirements": [], "description": "", "place": None}
    node = lookups.active_node(attention.node_code) if attention.kind != "ticket" else None
    if node is None:
        return data
    if node.kind == "directory":
        data["place"] = {"unit": node.unit, "floor": node.floor, "location": node.location,
                         "notice": directory.slip_notice(node)}  # the slip's «saque su ficha» or Seguridad Física
        data["description"] = node.description or ""
    else:
        data["requirements"] = node.requirement_list
        data["description"] = (node.description or "") if node.kind == "info" else ""  # a brochure's body
    return data


def staff(attention: Attention) -> dict[str, Any]:
    return {"id": attention.id, "kind": attention.kind, "kind_label": ATTENTION_KINDS[attention.kind],
            "topic": attention.topic, "at": clock.iso(attention.at), "token": attention.token,
            "ticket_id": attention.ticket_id, "answered": answer_for(attention) is not None}
