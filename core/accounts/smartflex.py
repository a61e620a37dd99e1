"""The Smartflex account check (COM-DSC-P01 act. 6–7): is the customer up to date, do they owe, what is missing.

Two sources behind one interface: the local table imported from Smartflex exports (`LocalLookup`) and an
HTTP JSON service (`HttpLookup`, chosen when ACCOUNT_LOOKUP_URL is set). A source that is down gives the
result `unavailable`, never an exception: the kiosk then issues the ticket flagged «verificación pendiente».

HTTP contract: `GET <ACCOUNT_LOOKUP_URL>?q=<account or CI>` → 200 with
`{"status"?, "account", "holder_name"?, "ci"?, "debt_amount"?, "pending_requirements"?: [..], "notes"?}`;
404 means not found. Without `status`, it is derived: debt > 0 → debt; pending list → pending_requirements.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from flask import current_app
from sqlalchemy import or_, select

from core import settings, validation
from core.actors import Actor
from core.extensions import db
from core.formatting import money
from core.models import Account
from core.org import catalogue
from core.roles import PERSONAL_DATA_READERS
from core.top10 import office

logger = logging.getLogger(__name__)

# The largest debt an account can hold (Account.debt_amount is Numeric(12, 2)): more is nonsense.
MAX_DEBT = Decimal("9999999999.99")
MAX_BODY = 64 * 1024  # an account's JSON is a few hundred bytes
STATUSES = ("ok", "pending_requirements", "debt", "not_found", "unavailable")

MESSAGES = {
    "ok": "La cuenta está al día: puede continuar.",
    "pending_requirements": "Tiene requisitos pendientes: debe cumplirlos antes de realizar el trámite.",
    "debt": "La cuenta tiene una deuda pendiente: debe pagarla antes de realizar el trámite.",
    # «Continuar» beside it still gives a valid ticket: the desk checks the account (verificación pendiente).
    "not_found": "No encontramos una cuenta con ese número o CI. Revise el número; si es correcto, pulse «Continuar»: "
                 "en el mesón revisarán su cuenta.",
    "unavailable": "No pudimos verificar su cuenta en este momento: la verificación se hará en el mesón.",
}

# A sale (core/org/catalogue.py::is_sale): a new customer has no account yet, and that is normal.
NOT_FOUND_SALE = ("No encontramos una cuenta con ese número o CI. Si es cliente nuevo, pulse «Continuar»: en el "
                  "mesón registrarán sus datos. Si ya es cliente, revise el número.")
# Reception reads the check to the customer and issues the ticket itself (no «Continuar» there).
STAFF_NOT_FOUND = ("No hay una cuenta con ese número o CI: revise el número. Si es correcto, la ficha sale con "
                   "verificación pendiente y el mesón revisa la cuenta.")
STAFF_NOT_FOUND_SALE = ("No hay una cuenta con ese número o CI. Si es cliente nuevo, emita la ficha: en el mesón "
                        "registrarán sus datos. Si ya es cliente, revise el número.")


class LookupUnavailable(Exception):
    """The source did not answer (down, slow, or answered nonsense)."""


@dataclass(frozen=True)
class AccountResult:
    status: str
    query: str
    account: str = ""
    debt_amount: Decimal = Decimal("0")
    pending: tuple[str, ...] = ()
    holder_name: str = ""
    ci: str = ""
    notes: str = ""
    pay_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    sale: bool = False  # checked for a sale's trámite: a new customer has no account yet

    @property
    def resolved(self) -> str:
        """What a ticket keeps: the account a CI (or number) resolved to; what was typed when none was found."""
        found = self.status in ("ok", "debt", "pending_requirements")
        return (self.account or self.query)[:32] if found else self.query

    @property
    def message(self) -> str:
        if self.status == "not_found" and self.sale:
            return NOT_FOUND_SALE
        return MESSAGES[self.status]

    @property
    def blocks_ticket(self) -> bool:
        """Activity 7: debt or pending requirements stop the kiosk; reception may override."""
        return self.status in ("debt", "pending_requirements")

    def public(self) -> dict[str, Any]:
        """What the customer at the kiosk may see: that there is a debt and where to pay it, never its amount,
        the name, the CI or the notes. Anyone may type a CI at a kiosk: the amount would tell a stranger what
        someone owes. The cashier or reception gives it to the holder."""
        data: dict[str, Any] = {"status": self.status, "message": self.message,
                                "pending_requirements": list(self.pending)}
        if self.debt_amount > 0:
            data["pay_at"] = self.pay_at
        return data

    def staff(self) -> dict[str, Any]:
        """The full detail for the reception adviser."""
        data = self.public()
        if self.status == "not_found":
            data["message"] = STAFF_NOT_FOUND_SALE if self.sale else STAFF_NOT_FOUND
        return {**data, "account": self.account, "holder_name": self.holder_name, "ci": self.ci,
                "notes": self.notes, "debt_amount": f"{self.debt_amount:.2f}",
                # An account not found (or not read) owes nothing known: no «Deuda Bs 0,00» for it.
                "debt_text": money(self.debt_amount) if self.status not in ("not_found", "unavailable") else ""}

    def summary(self) -> str:
        """One line for the ticket's verification note (staff only)."""
        if self.status == "debt":
            return f"deuda de {money(self.debt_amount)} en la cuenta {self.account or self.query}"
        if self.status == "pending_requirements":
            return f"requisitos pendientes ({'; '.join(self.pending)}) en la cuenta {self.account or self.query}"
        if self.status == "not_found":
            return f"cuenta o CI «{self.query}» sin coincidencias"
        return f"cuenta {self.account or self.query}"


class AccountLookup(Protocol):
    def find(self, query: str) -> dict[str, Any] | None:
        """The account's raw data, None when not found; raises LookupUnavailable when the source is down."""


class LocalLookup:
    """The table imported from Smartflex exports (core/accounts/account_import.py, through core/imports)."""

    def find(self, query: str) -> dict[str, Any] | None:
        row = db.session.scalars(
            select(Account).where(or_(Account.number == query, Account.ci == query)).order_by(Account.number)
        ).first()
        if row is None:
            return None
        return {"account": row.number, "holder_name": row.holder_name, "ci": row.ci,
                "debt_amount": row.debt_amount, "notes": row.notes,
                "pending_requirements": [line.strip() for line in row.pending_requirements.splitlines()
                                         if line.strip()]}


class HttpLookup:
    """A JSON service (a Smartflex gateway). `timeout` bounds the whole call (connect, headers, body): past
    it the lookup is unavailable and the kiosk issues the ticket as *verificación pendiente*."""

    def __init__(self, url: str, timeout: float = 2.0) -> None:
        self.url = url
        self.timeout = timeout

    def find(self, query: str) -> dict[str, Any] | None:
        from core.accounts import http_deadline  # with `requests`: loaded by the first HTTP lookup, not at start

        try:
            status, body = http_deadline.get(self.url, params={"q": query}, seconds=self.timeout,
                                             max_body=MAX_BODY, headers={"Accept": "application/json"})
        except http_deadline.Failed as error:
            raise LookupUnavailable(str(error)) from error
        if len(body) > MAX_BODY:
            raise LookupUnavailable("respuesta demasiado grande")
        if status == 404:
            return None
        if status != 200:
            raise LookupUnavailable(f"HTTP {status}")
        try:
            data = json.loads(body)
        except ValueError as error:
            raise LookupUnavailable("respuesta que no es JSON") from error
        if not isinstance(data, dict):
            raise LookupUnavailable("respuesta JSON que no es un objeto")
        if data.get("status") == "not_found":
            return None
        return data


def configured_lookup() -> AccountLookup:
    url = current_app.config.get("ACCOUNT_LOOKUP_URL")
    if url:
        return HttpLookup(url, float(current_app.config.get("ACCOUNT_LOOKUP_TIMEOUT", 2.0)))
    return LocalLookup()


def normalize_query(raw: str | None) -> str:
    return validation.customer_id(raw)


def _decimal(value: Any) -> Decimal:
    """A debt from the source: a number of Bs from 0 to MAX_DEBT; anything else means the source is broken."""
    try:
        amount = Decimal(str(value if value not in (None, "") else "0").replace(",", "."))
        if not amount.is_finite() or not 0 <= amount <= MAX_DEBT:
            raise InvalidOperation
        return amount.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise LookupUnavailable(f"monto no válido: {str(value)[:40]!r}") from None


def _result(query: str, data: dict[str, Any]) -> AccountResult:
    pending = data.get("pending_requirements") or []
    if isinstance(pending, str):
        pending = [line for line in pending.splitlines() if line.strip()]
    if not isinstance(pending, list):
        raise LookupUnavailable("pending_requirements no es una lista")
    debt = _decimal(data.get("debt_amount"))
    status = data.get("status")
    if status not in ("ok", "pending_requirements", "debt"):
        status = "debt" if debt > 0 else "pending_requirements" if pending else "ok"
    return AccountResult(
        status=status, query=query, account=str(data.get("account") or query), debt_amount=debt,
        pending=tuple(str(item).strip() for item in pending if str(item).strip()),
        holder_name=str(data.get("holder_name") or ""), ci=str(data.get("ci") or ""),
        notes=str(data.get("notes") or ""), pay_at=str(settings.get("debt_payment_places")),
    )


def check_account(raw_query: str | None, *, lookup: AccountLookup | None = None) -> AccountResult:
    """Check an account number or CI. Never raises for a source that is down: the result says `unavailable`."""
    query = normalize_query(raw_query)
    source = lookup or configured_lookup()
    try:
        data = source.find(query)
        if data is None:
            return AccountResult(status="not_found", query=query)
        return _result(query, data)
    except LookupUnavailable as error:
        logger.warning("account lookup unavailable: %s", error)
        return AccountResult(status="unavailable", query=query)


def answer(raw_query: str | None, *, actor: Actor, transaction: str | None = None,
           lookup: AccountLookup | None = None) -> dict[str, Any]:
    """The account check as its caller may see it (POST /api/v1/accounts/check). `transaction`: the trámite it is
    for, when known; for a sale's, «not found» tells a new customer how to go on (NOT_FOUND_SALE). The kiosk
    device, whose screen the customer reads, gets only the customer's view. Reception and supervisors get the full
    detail and `top10`: «Cliente Top 10: caso abierto #N (paso, responsable)» when the account has an open Top 10 case
    (core/top10/office.py), null otherwise; it is personal data like the holder's name."""
    sale = catalogue.is_sale(transaction)
    # The caller's read transaction (authentication) ends first: its connection goes back to the pool instead of
    # waiting, unused, for as long as Smartflex takes (under gevent other requests need it meanwhile).
    db.session.commit()
    result = replace(check_account(raw_query, lookup=lookup), sale=sale)
    if actor.kind != "user" or not actor.has_role(*PERSONAL_DATA_READERS):
        return result.public()
    return {**result.staff(), "top10": office.flag(result.account or result.query)}
