"""What a desk console and a survey tablet read (no writes): the desk, its queues, its ticket, who waits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.orm import aliased, joinedload

from core import clock, lookups, settings, tx
from core.extensions import db
from core.formatting import money
from core.models import PREFERENTIAL, Account, Desk, Queue, Ticket, TicketEvent, User
from core.org.desk_names import desk_named
from core.tickets import desks, positions, serialize, survey
from core.top10 import office

WAITING_LIST = 40
VERIFICATION_LABELS = {
    "unverified": "Verificación pendiente: no se pudo consultar Smartflex al emitir la ficha.",
    "override": "Emitida pese a la observación de recepción.",
    "debt": "El cliente tiene deuda.",
    "pending_requirements": "El cliente tiene requisitos pendientes.",
}


def _account(number: str | None) -> dict[str, Any] | None:
    if not number:
        return None
    account = db.session.scalar(select(Account).where(Account.number == number))
    if account is None:
        return {"number": number, "found": False}
    return {"number": number, "found": True, "holder": account.holder_name, "debt": str(account.debt_amount),
            "pending_requirements": [r for r in account.pending_requirements.splitlines() if r.strip()],
            "notes": account.notes}


def _current(desk: Desk, now: datetime) -> dict[str, Any] | None:
    if desk.current_ticket_id is None:
        return None
    ticket = lookups.ticket(desk.current_ticket_id)
    data = serialize.staff_ticket(ticket)
    account = _account(ticket.account_ref)
    data["account_note"] = account_note(ticket, account)
    data["holder"] = holder(ticket, account)
    events = db.session.scalars(_CALLS_AND_TRANSFERS, {"ticket": ticket.id}).all()
    data["transfer"] = _transfer(next((e for e in events if e.action == "transfer"), None))
    # «Llamada · hace …» counts from this desk's first call: a recall does not restart it (its count is `recalls`).
    first_call = desks.first_call_here(events)
    data["called_here_at"] = clock.iso(first_call)
    data["auto_no_show"] = _auto_no_show(ticket, first_call, now)
    return data


def _auto_no_show(ticket: Ticket, first_call: datetime | None, now: datetime) -> dict[str, Any] | None:
    """A ticket recalled `no_show_auto_recalls` times that the no-show rule kept (its minutes, its calls): when the
    rule allows it (`from`) and the recalls still needed (`calls_left`), so the agent knows which recall will mark
    it by itself rather than wondering why the limit did nothing. None otherwise."""
    if ticket.status != "called" or not desks.auto_no_show_reached(ticket):
        return None
    rule = desks.no_show_rule(ticket, first_call, now)
    # To the next whole second (clock.iso drops the fraction): a recall at the time said is never too early.
    at = rule.from_at + timedelta(microseconds=-rule.from_at.microsecond % 1_000_000)
    return {"from": clock.iso(at), "calls_left": rule.calls_left}


# The current ticket's calls and transfers, newest first, in one read: its last transfer and this desk's first call.
_CALLS_AND_TRANSFERS = (select(TicketEvent).where(TicketEvent.ticket_id == bindparam("ticket"),
                                                  TicketEvent.action.in_(("call", "transfer")))
                        .order_by(TicketEvent.id.desc()))


def holder(ticket: Ticket, account: dict[str, Any] | None) -> str | None:
    """The account holder's name, for the agent to greet and check the customer (P01: the requirements are checked
    at the desk), once the account was verified: an unverified reference may be mistyped, and its holder someone
    else. Staff only: only the desk serving the ticket reads it (desk_state)."""
    if ticket.verification == "unverified" or not account or not account.get("found"):
        return None
    return account["holder"] or None


def _transfer(event: TicketEvent | None) -> dict[str, Any] | None:
    """Where a transferred customer comes from and what the sender wrote (its last transfer `event`), so the
    receiving agent reads it rather than asking the customer to explain again. None for one never transferred."""
    if event is None:
        return None
    desk = db.session.get(Desk, event.desk_id) if event.desk_id else None
    queue = db.session.get(Queue, event.from_queue_id) if event.from_queue_id else None
    return {"from": desk.name if desk else queue.name if queue else "", "by": event.actor_name,
            "at": clock.iso(event.at), "note": event.note}


def account_note(ticket: Ticket, account: dict[str, Any] | None) -> dict[str, Any] | None:
    """One note about the customer's account for the desk: the verification's own reason (not a generic
    label beside it) and, from the imported account, its debt, pending requirements and notes."""
    lines: list[str] = []
    reason = ticket.verification_note or VERIFICATION_LABELS.get(ticket.verification, "")
    if reason:
        lines.append(reason.removeprefix("Verificación pendiente: ").strip())
    if account and account.get("found"):
        if Decimal(account["debt"]) > 0:
            lines.append(f"Deuda registrada: {money(Decimal(account['debt']))}")
        lines.extend(f"Requisito pendiente: {r}" for r in account["pending_requirements"])
        if account["notes"]:
            lines.append(account["notes"])
    if not lines:
        return None
    pending = ticket.verification == "unverified"
    # The account number is on the card already («Cuenta»): the title says what the note is about.
    title = "Verificación pendiente" if pending else "Observación de la cuenta" if ticket.account_ref else "Observación"
    return {"kind": ticket.verification, "title": title, "lines": lines,
            "can_recheck": pending and bool(ticket.account_ref)}


# A desk's queues as its console shows them: per queue and target desk (none: any of the queue's desks), how many
# wait and since when the longest of them waits. One grouped query; the desk's own share is added up below.
_FOR_DESK = (
    select(Ticket.queue_id, Ticket.target_desk_id, func.count(), func.min(Ticket.waiting_since))
    .where(Ticket.status == "waiting", Ticket.queue_id.in_(bindparam("queues", expanding=True)))
    .group_by(Ticket.queue_id, Ticket.target_desk_id)
)


@dataclass
class DeskQueueCount:
    callable: int = 0  # waiting tickets this desk may call
    earliest: datetime | None = None  # since when the longest-waiting of those waits (`Ticket.waiting_since`)
    elsewhere: dict[int, int] = field(default_factory=dict)  # other desk id → tickets of the queue sent to it


def _waiting_for_desk(desk_id: int, queue_ids: list[int]) -> dict[int, DeskQueueCount]:
    """queue id → what of that queue's waiting a desk may call (its console's queue table)."""
    counts: dict[int, DeskQueueCount] = {}
    for queue_id, target, n, earliest in tx.run(_FOR_DESK, {"queues": queue_ids}):
        count = counts.setdefault(queue_id, DeskQueueCount())
        if target is not None and target != desk_id:
            count.elsewhere[target] = n
            continue
        count.callable += n
        since = clock.as_utc(earliest) if earliest else None
        if since and (count.earliest is None or since < count.earliest):
            count.earliest = since
    return counts


def _elsewhere(desks_by_id: dict[int, Desk], counts: dict[int, int]) -> list[dict[str, Any]]:
    """Who the tickets sent to another desk wait for, and whether that desk is closed (or inactive) or paused:
    «+5 para el mesón BOI, que está cerrado» tells the agent nobody calls them now, not that another desk will."""
    return [{"count": n, "code": desk.code, "desk": desk.name, "named": desk_named(desk.name),
             "state": desk.state if desk.active else "closed"}
            for desk, n in ((desks_by_id[d], n) for d, n in sorted(counts.items()))]


def _queues(desk: Desk, now: datetime) -> list[dict[str, Any]]:
    """The desk's queues: how many of each it may call and the longest of those waits; `elsewhere`, those of the
    queue sent to another desk (the agent should not count on calling them), by desk."""
    counts = _waiting_for_desk(desk.id, [q.id for q in desk.queues])
    others = {d for count in counts.values() for d in count.elsewhere}
    desks_by_id = {d.id: d for d in db.session.scalars(select(Desk).where(Desk.id.in_(others)))} if others else {}
    result = []
    for queue in desk.queues:
        count = counts.get(queue.id, DeskQueueCount())
        result.append({"code": queue.code, "prefix": queue.prefix, "name": queue.name, "waiting": count.callable,
                       "elsewhere": _elsewhere(desks_by_id, count.elsewhere),
                       "longest_wait_s": int((now - count.earliest).total_seconds()) if count.earliest else 0})
    return result


def top10_flags(tickets: Sequence[Ticket | Row[Any]]) -> set[int]:
    """The «Cliente Top 10» badge: the ids of these tickets whose account has an open Top 10 case (the same
    rule as the current ticket's flag, core/top10/office.py)."""
    flagged = office.flagged(t.account_ref for t in tickets)
    return {t.id for t in tickets if t.account_ref and t.account_ref.strip() in flagged}


# The waiting list's columns only, and each ticket's last transfer (from which desk or queue, by whom, the note), in
# one prebuilt query: a console re-reads its list after every change in its queues, and loading up to 40 whole
# tickets as objects, then their transfers, was the largest share of that read.
_LAST_TRANSFER = aliased(TicketEvent)
_FROM_DESK = aliased(Desk)
_FROM_QUEUE = aliased(Queue)
_LAST_TRANSFER_ID = (select(func.max(TicketEvent.id))
                     .where(TicketEvent.ticket_id == Ticket.id, TicketEvent.action == "transfer").scalar_subquery())
_WAITING_ROWS = (
    select(Ticket.id, Ticket.prefix, Ticket.number, Ticket.transaction_label, Ticket.preferential,
           Ticket.verification, Ticket.account_ref, Ticket.waiting_since, Ticket.arrival_at, Ticket.target_desk_id,
           _LAST_TRANSFER.id.label("transfer_id"), _LAST_TRANSFER.at.label("transfer_at"),
           _LAST_TRANSFER.actor_name.label("transfer_by"), _LAST_TRANSFER.note.label("transfer_note"),
           func.coalesce(_FROM_DESK.name, _FROM_QUEUE.name).label("transfer_from"))
    .select_from(Ticket)
    .outerjoin(_LAST_TRANSFER, _LAST_TRANSFER.id == _LAST_TRANSFER_ID)
    .outerjoin(_FROM_DESK, _FROM_DESK.id == _LAST_TRANSFER.desk_id)
    .outerjoin(_FROM_QUEUE, _FROM_QUEUE.id == _LAST_TRANSFER.from_queue_id)
    .where(Ticket.id.in_(bindparam("ids", expanding=True)))
)


def _listed_transfer(row: Row[Any]) -> dict[str, Any] | None:
    """A listed ticket's last transfer, as the card's (`_transfer`: from where, by whom, when, the note), and
    `kept_place`/`arrived_at`: its place follows its arrival while its wait («Espera») counts from the transfer, so
    the row says both rather than look out of order. None for one never transferred."""
    if row.transfer_id is None:
        return None
    arrived, since = clock.as_utc(row.arrival_at), clock.as_utc(row.waiting_since)
    # A desk had the customer (or the arrival was not kept): the wait began again at the transfer (engine.transfer).
    restarted = since >= clock.as_utc(row.transfer_at)
    return {"from": row.transfer_from or "", "by": row.transfer_by, "at": clock.iso(row.transfer_at),
            "note": row.transfer_note, "wait_restarted": restarted, "kept_place": restarted and arrived < since,
            "arrived_at": clock.iso(arrived)}


def _waiting(desk: Desk, now: datetime) -> list[dict[str, Any]]:
    """Tickets this desk may call, in the order *Llamar siguiente* will take them (desks.next_in_line)."""
    ids = desks.next_in_line(desk, now, WAITING_LIST)
    if not ids:
        return []
    by_id = {row.id: row for row in tx.run(_WAITING_ROWS, {"ids": ids})}
    top10 = top10_flags(list(by_id.values()))
    return [{"id": t.id, "number": Ticket.label_of(t.prefix, t.number), "transaction_label": t.transaction_label,
             "preferential": t.preferential, "preferential_label": PREFERENTIAL.get(t.preferential or "", ""),
             "unverified": t.verification == "unverified", "override": t.verification == "override",
             "transferred": t.transfer_id is not None, "transfer": _listed_transfer(t),
             "for_this_desk": t.target_desk_id == desk.id,  # sent to this desk only (a transfer, the catalogue)
             "top10": t.id in top10,
             "waited_s": int((now - clock.as_utc(t.waiting_since)).total_seconds())}
            for t in (by_id[i] for i in ids)]


def _reorder_in(waiting: list[dict[str, Any]]) -> int | None:
    """Seconds until the listed order changes by the clock alone: a normal ticket passing the max wait breaks the
    desk's preferential streak (core/tickets/policy.py), so the console reads its state again then. None when
    no normal ticket of the list is still short of it, or the list holds one class only."""
    if len({bool(w["preferential"]) for w in waiting}) < 2:
        return None
    rule = positions.policy()
    if rule.ratio <= 0:
        return None
    limit = int(rule.max_wait.total_seconds())
    left = [limit - w["waited_s"] for w in waiting if not w["preferential"] and w["waited_s"] < limit]
    return min(left) if left else None


def _undoable(desk: Desk, now: datetime) -> dict[str, Any] | None:
    """The no-show this desk may still undo (desks.undo_no_show): its newest, while the window lasts and the
    desk holds no other ticket."""
    window = desks.undo_window()
    if desk.current_ticket_id is not None or not window:
        return None
    ticket = db.session.scalars(
        select(Ticket).where(Ticket.desk_id == desk.id, Ticket.status == "no_show", Ticket.finished_at >= now - window)
        .order_by(Ticket.finished_at.desc(), Ticket.id.desc()).limit(1)).first()
    if ticket is None or ticket.finished_at is None:
        return None
    return {"ticket": ticket.id, "number": ticket.label,
            "until": clock.iso(clock.as_utc(ticket.finished_at) + window)}


# The desk's attentions finished today, for the agent's own count (today's tickets, through an index on the day).
_DONE_TODAY = select(Ticket.started_at, Ticket.finished_at).where(
    Ticket.day == bindparam("day"), Ticket.status == "done", Ticket.desk_id == bindparam("desk"))


def _today(desk: Desk, now: datetime) -> dict[str, Any]:
    """«Hoy en este mesón»: customers attended (finished) at the desk today, La Paz's business day, and their mean
    attention from «Iniciar atención» to «Finalizar» (None before the first)."""
    rows = tx.run(_DONE_TODAY, {"day": clock.business_day(now), "desk": desk.id}).all()
    spans = [(clock.as_utc(end) - clock.as_utc(start)).total_seconds() for start, end in rows if start and end]
    return {"served": len(rows), "mean_service_s": round(sum(spans) / len(spans)) if spans else None}


def desk_state(code: str, now: datetime | None = None) -> dict[str, Any]:
    now = now or clock.now()
    desk = lookups.desk_to_show(code)
    agent = db.session.get(User, desk.agent_id) if desk.agent_id else None  # the console's user: no query
    settings.get_many(*desks.NO_SHOW_SETTINGS)  # the undo window, the automatic no-show and its rule: one read
    return {
        "server_time": clock.iso(now),
        "desk": {"code": desk.code, "name": desk.name, "state": desk.state, "area": desk.area.code,
                 "agent": agent.display_name if agent else None, "agent_id": desk.agent_id},
        "queues": _queues(desk, now),
        "current": _current(desk, now),
        "waiting": (waiting := _waiting(desk, now)),
        "reorder_in_s": _reorder_in(waiting),
        "undo_no_show": _undoable(desk, now),
        "undo_seconds": int(desks.undo_window().total_seconds()),  # what the no-show dialog promises
        "today": _today(desk, now),
    }


def transfer_targets() -> dict[str, list[dict[str, Any]]]:
    """Where a desk may send its customer, with what the agent must know before choosing: each desk's state (a
    customer sent to a closed desk waits until it opens) and whether an open or paused desk serves each queue."""
    queues = db.session.scalars(select(Queue).where(Queue.active.is_(True)).options(joinedload(Queue.area))
                                .order_by(Queue.prefix))
    desks = db.session.scalars(select(Desk).where(Desk.active.is_(True)).options(joinedload(Desk.area))
                               .order_by(Desk.id))
    _open_desks, served = positions.open_now()
    # Each with its room: a customer sent to another room must be told to go there (the console says so after).
    return {"queues": [{"code": q.code, "name": f"{q.prefix} · {q.name}", "room": q.area.name, "served": q.id in served}
                       for q in queues],
            "desks": [{"code": d.code, "name": d.name, "room": d.area.name, "state": d.state} for d in desks]}


def pending_survey(desk_code: str, now: datetime | None = None) -> dict[str, Any] | None:
    """The question a tablet that reconnects should show: its desk's open one (survey.open_question), unrated."""
    ticket = survey.open_question(lookups.desk(desk_code), now or clock.now())
    if ticket is None or survey.answer_for(ticket.id) is not None:
        return None
    return {"ticket": ticket.id, "number": ticket.label}
