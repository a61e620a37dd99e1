"""Taking a customer in: the account check (COM-DSC-P01 act. 6–7) before a ticket is issued (act. 8).

Kiosk, reception and the API all come through `request_ticket`.
"""

from __future__ import annotations

from datetime import datetime

from core import tickets
from core.actors import Actor
from core.models import Ticket


def request_ticket(transaction: str, *, actor: Actor, preferential: str | None = None, account: str | None = None,
                   idempotency_key: str | None = None, channel: str = "kiosk",
                   now: datetime | None = None) -> Ticket:
    return tickets.issue_ticket(transaction, actor=actor, preferential=preferential, account=account,
                                idempotency_key=idempotency_key, channel=channel, now=now)
