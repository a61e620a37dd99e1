"""Plain dicts for the API, the screens and Socket.IO payloads. Public shapes carry no personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select

from core import clock, urls
from core.extensions import db
from core.models import PREFERENTIAL, CatalogueNode, Desk, Ticket, TicketEvent
from core.org import catalogue
from core.panels import tts
from core.realtime import outbox
from core.tickets import positions
from core.top10 import office

_MEMO = "_turnero_serialized"  # (transaction serial, token, public fields, staff-only fields) on the instance


def desk_spoken(desk: Desk | None) -> str:
    return spoken_name(desk.spoken_name, desk.name) if desk is not None else ""


def spoken_name(spoken: str | None, name: str) -> str:
    """How the voice says a desk: its spoken name when it has one (admin), else its name."""
    return spoken or name


def requirements(transaction_code: str) -> list[str]:
    """What the customer brings for this trámite (its catalogue entry, as the admin edits it)."""
    node = catalogue.node(transaction_code)
    return node.requirement_list if node is not None else []


def _transferred(ticket: Ticket, node: CatalogueNode | None) -> bool:
    """A waiting ticket that was sent elsewhere (the status page names its new destination). A ticket still
    where its trámite put it and never called needs no query: only a transfer moves it."""
    if ticket.status != "waiting":
        return False
    if (ticket.queue_id == ticket.origin_queue_id and ticket.called_at is None
            and ticket.target_desk_id == (node.desk_id if node else None)):
        return False
    return db.session.scalar(select(TicketEvent.id).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.action == "transfer").limit(1)) is not None


def _public_fields(ticket: Ticket) -> dict[str, Any]:
    wait = positions.wait(ticket)
    node = catalogue.node(ticket.transaction_code)
    queue = ticket.queue
    desk = ticket.desk if ticket.status in ("called", "serving") else ticket.target_desk
    return {
        "id": ticket.id,
        "number": ticket.label,
        "status": ticket.status,
        "queue": queue.code,
        "queue_name": queue.name,
        "area": queue.area.code,
        "area_name": queue.area.name,
        "area_directions": queue.area.directions,
        "desk": desk.code if desk else None,
        "desk_name": desk.name if desk else None,
        "destination": catalogue.destination(queue.name, desk.name if desk else None),
        "transaction": ticket.transaction_code,
        "transaction_label": ticket.transaction_label,
        "preferential": ticket.preferential,
        "preferential_label": PREFERENTIAL.get(ticket.preferential or ""),
        "verification": ticket.verification,
        "issued_at": clock.iso(ticket.issued_at),
        "called_at": clock.iso(ticket.last_called_at),
        "people_ahead": wait.people_ahead,
        "estimated_wait_min": wait.minutes,
        # Added by issue 10 (API.md shapes unchanged otherwise): what the customer brings, the wait as the
        # screens word it («en breve», never «0 min»), whether a desk that may call it is open, and why not.
        "wait_text": wait.text,
        "desk_open": wait.desk_open,
        "wait_notice": wait.notice,
        "requirements": node.requirement_list if node is not None else [],
        "transferred": _transferred(ticket, node),
    }


def _staff_fields(ticket: Ticket) -> dict[str, Any]:
    return {
        "account": ticket.account_ref,
        "verification_note": ticket.verification_note,
        "channel": ticket.channel,
        "arrival_at": clock.iso(ticket.arrival_at),
        "waiting_since": clock.iso(ticket.waiting_since),  # «Espera más larga»: a transfer after a desk restarts it
        "first_called_at": clock.iso(ticket.called_at),
        "started_at": clock.iso(ticket.started_at),
        "finished_at": clock.iso(ticket.finished_at),
        "outcome": ticket.outcome,
        "recalls": ticket.recalls,
        "target_desk": ticket.target_desk.code if ticket.target_desk else None,
        "current_desk": ticket.desk.code if ticket.desk and ticket.status in ("called", "serving") else None,
        "top10": office.flag(ticket.account_ref),  # «Cliente Top 10: caso abierto #N (…)», personal like the account
    }


def _fields(ticket: Ticket, *, reuse: bool = False) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(token, public fields, staff-only fields), computed once per change.

    The engine serialises a changed ticket for its events; the view answering that same request after the
    commit asks to `reuse` it, which holds while no transaction began in the session since (outbox.serial)
    instead of reloading the row and counting the queue again."""
    session = inspect(ticket).session
    serial = outbox.serial(session) if session is not None else None
    memo = getattr(ticket, _MEMO, None)
    if reuse and memo is not None and serial is not None and memo[0] == serial:
        return memo[1], memo[2], memo[3]
    fields = (ticket.token, _public_fields(ticket), _staff_fields(ticket))
    setattr(ticket, _MEMO, (serial, *fields))
    return fields


def public_ticket(ticket: Ticket, base_url: str = "", *, reuse: bool = False) -> dict[str, Any]:
    """What the customer may see (kiosk screen, status page, printed ticket): no account, no notes."""
    token, public, _staff = _fields(ticket, reuse=reuse)
    return {**public, "status_url": urls.token_status_url(token, base_url)}


def staff_ticket(ticket: Ticket, base_url: str = "", *, reuse: bool = False) -> dict[str, Any]:
    token, public, staff = _fields(ticket, reuse=reuse)
    return {**public, "status_url": urls.token_status_url(token, base_url), **staff}


# The account number, the debt/verification note and the customer's open Top 10 case.
PERSONAL_FIELDS = ("account", "verification_note", "top10")


def without_personal(data: dict[str, Any]) -> dict[str, Any]:
    """A staff ticket for those who do not serve the customer (core/realtime/rooms.py)."""
    return {key: value for key, value in data.items() if key not in PERSONAL_FIELDS}


def call_payload(ticket: Ticket, *, recall: bool) -> dict[str, Any]:
    """`ticket_called` for the panels: number and desk only (API.md)."""
    desk = ticket.desk
    return called(ticket.label, desk.code if desk else None, desk.name if desk else "", desk_spoken(desk),
                  ticket.queue.area.code, ticket.queue.code, ticket.last_called_at, recall=recall,
                  calls=ticket.recalls + 1)


def called(number: str, desk: str | None, desk_name: str, spoken_desk: str, area: str, queue: str,
           at: datetime | None, *, recall: bool, calls: int = 1) -> dict[str, Any]:
    """A call as the panels show it, from its parts (the panels' last calls are read as rows: broadcast.py).
    `calls`: how many times the ticket has been called at its desk (1 + its recalls); from the second on, the panel
    shows and says which call it is (`call_label`, «Segundo llamado»)."""
    return {
        "number": number,
        "desk": desk,
        "desk_name": desk_name,
        "spoken_desk": spoken_desk,
        "area": area,
        "queue": queue,
        "recall": recall,
        "calls": calls,
        "call_label": tts.call_label(calls),
        "at": clock.iso(at),
        **tts.announcement(number, spoken_desk, calls),  # "speech" + "audio_key" for the panel's voice
    }
