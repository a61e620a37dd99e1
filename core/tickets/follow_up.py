"""Which earlier «pending» attention a new ticket follows up, so that P01 counts the customer once.

COM-DSC-P01 act. 7 tells a customer what to settle first (pending requirements, a debt) and ends without a ticket:
a «pending» attention. The same customer back later that day with it settled, taking the ticket (act. 8), goes on
with that same procedure: one customer attended, and P01's «total de clientes atendidos» must count them once.
The ticket then takes the «pending» attention over (its `ticket_id`), and no «ticket» attention of its own is made.

Two links, tried in this order:
- explicit: the caller that recorded the «pending» attention sends its token with the ticket (`after_attention`),
  the kiosk with whatever ticket the same customer then takes there (the debt unit's, or their trámite's after
  correcting a mistyped account: the account alone would not link them), reception with its debt ticket and with
  the ticket it issues after that one was refused;
- by reference, from any channel (kiosk in the morning, reception in the afternoon): the same account or CI
  reference, on the same La Paz business day, for the same trámite (or for the debt unit's trámite, the one the
  debt screen itself offers), on a «pending» attention no ticket has followed up yet: the latest such.
  The ticket's side is every reference it knows: as typed, the account its check resolved it to, and the holder's
  CI, so «CI in the morning, account number in the afternoon» links too. No reference typed, no link: two
  customers are never merged on a guess.

The reference is kept as a keyed digest (HMAC with the app's SECRET_KEY), never as typed: an attention is no
record of who asked what, and the digest names no one on any screen or export.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime

from flask import current_app
from sqlalchemy import bindparam, select, update

from core import clock, tx, validation
from core.actors import Actor
from core.errors import Invalid
from core.extensions import db
from core.models import Attention, Ticket
from core.org import catalogue

_table = Attention.__table__

# The explicit link: the caller's own «pending» attention of today, named by its token.
_BY_TOKEN = (update(_table)
             .where(_table.c.token == bindparam("b_token"), _table.c.kind == "pending",
                    _table.c.ticket_id.is_(None), _table.c.day == bindparam("b_today"),
                    _table.c.actor_kind == bindparam("b_actor_kind"), _table.c.actor_id == bindparam("b_actor_id"))
             .values(ticket_id=bindparam("b_ticket")))


def customer_key(raw: str | None) -> str | None:
    """The digest an attention keeps of an account or CI reference (normalized as the account check reads it);
    None for nothing usable: no reference, no link."""
    try:
        value = validation.customer_id(raw) if raw else ""
    except Invalid:
        return None
    if not value:
        return None
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"attention-customer\n{value}".encode(), hashlib.sha256).hexdigest()[:32]


def _keys(refs: Iterable[str | None]) -> list[str]:
    return sorted({key for key in map(customer_key, refs) if key})


def _by_reference(ticket: Ticket, keys: list[str], now: datetime) -> bool:
    candidates = [_table.c.kind == "pending", _table.c.ticket_id.is_(None),
                  _table.c.day == clock.business_day(now), _table.c.customer_key.in_(keys)]
    debt = catalogue.debt_transaction()
    if debt is None or debt["code"] != ticket.transaction_code:  # the debt unit's ticket follows any trámite's debt
        candidates.append(_table.c.node_code == ticket.transaction_code)
    latest = select(_table.c.id).where(*candidates).order_by(_table.c.id.desc()).limit(1).scalar_subquery()
    # `ticket_id IS NULL` again: a ticket issued at the same moment for the same customer took it first.
    taken = tx.run(update(_table).where(_table.c.id == latest, _table.c.ticket_id.is_(None))
                   .values(ticket_id=ticket.id))
    return taken.rowcount == 1


def claim(ticket: Ticket, actor: Actor, now: datetime, *, after: str | None = None,
          refs: Iterable[str | None] = ()) -> bool:
    """Link the ticket just issued to the «pending» attention it follows up, if any (in the issuing transaction).
    True when one was taken over: the ticket then needs no attention of its own."""
    if after and tx.run(_BY_TOKEN, {"b_token": after, "b_today": clock.business_day(now), "b_actor_kind": actor.kind,
                                    "b_actor_id": actor.id, "b_ticket": ticket.id}).rowcount == 1:
        return True
    keys = _keys(refs)
    return bool(keys) and _by_reference(ticket, keys, now)


def open_pending(key: str | None, node_code: str, now: datetime) -> Attention | None:
    """The customer's «pending» attention of today for this trámite that no ticket followed up yet, if any: told
    the same thing again (a second try at the kiosk, then reception), they are still one customer in P01."""
    if not key:
        return None
    return db.session.scalar(select(Attention).where(
        Attention.kind == "pending", Attention.ticket_id.is_(None), Attention.day == clock.business_day(now),
        Attention.customer_key == key, Attention.node_code == node_code).order_by(Attention.id.desc()).limit(1))
