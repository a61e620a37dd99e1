"""Cliente Top 10 at the office (issue 12): staff who identify a customer with an open Top 10 case (kiosk,
reception, the API account check, the desk) see «Cliente Top 10: caso abierto #N (paso, responsable)»; when
the ticket is called at a desk, the case's timeline gets «Visitó la oficina (trámite, mesón)» and its owner is
told live. Only staff serialisations carry the flag: never the customer's ticket page, never the panels."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from core.actors import Actor
from core.models import Top10Case
from core.top10 import followup
from core.top10.cases import STATUSES, act, changed, owner_label


def open_cases(accounts: Iterable[str | None]) -> dict[str, Top10Case]:
    """The open Top 10 case of each of these accounts (the Smartflex customer code) that has one."""
    codes = sorted({account.strip() for account in accounts if account and account.strip()})
    return followup.open_cases_by_customer(codes)


def open_case_for(account: str | None) -> Top10Case | None:
    return open_cases([account]).get((account or "").strip())


def describe(case: Top10Case) -> dict[str, Any]:
    """What staff see beside the account: «Cliente Top 10: caso abierto #N (paso, responsable)»."""
    status = STATUSES[case.status]
    owner = owner_label(case)
    return {"case": case.id, "step": status.steps, "status": status.label, "owner": owner,
            "text": f"Cliente Top 10: caso abierto #{case.id} (paso {status.steps}, {owner})"}


def flag(account: str | None) -> dict[str, Any] | None:
    """The flag of one account (a ticket's, on the desk console and every staff serialisation); None for a
    customer without an open case."""
    case = open_case_for(account)
    return describe(case) if case is not None else None


def flagged(accounts: Iterable[str | None]) -> set[str]:
    """Which of these accounts carry the flag: one query for a whole waiting list."""
    return set(open_cases(accounts))


def record_visit(account: str | None, *, transaction: str, desk: str, actor: Actor, now: datetime) -> bool:
    """In the caller's unit of work (the desk's call): note the visit on the open case and tell its owner."""
    case = open_case_for(account)
    if case is None:
        return False
    act(case, case_step(case), "visita_oficina", actor=actor, now=now, note=f"{transaction}, mesón {desk}")
    followup.notify(case, f"El cliente {case.customer_code} del caso #{case.id} visitó la oficina "
                          f"({transaction}, mesón {desk}).")
    changed([case.id])
    return True


def case_step(case: Top10Case) -> int:
    """The step the case waits on, as a number for the timeline («11–13» → 11)."""
    return int(STATUSES[case.status].steps.split("–")[0] or 0)
