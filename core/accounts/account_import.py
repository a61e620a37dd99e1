"""The Smartflex account export as an import kind: its column table and the one call that imports it.

Upserted by account number; the kiosk and Reception read these rows when no lookup service is configured."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from core.actors import Actor
from core.imports import engine
from core.imports.columns import Column, as_amount, as_lines, code
from core.models import Account
from core.roles import SUPERVISORS

ACCOUNTS = engine.Kind(
    name="accounts", label="Cuentas", imported="Cuentas importadas", model=Account, roles=SUPERVISORS,
    columns=(
        Column("number", "Cuenta", ("cuenta", "cod cuenta", "codigo cuenta", "account"),
               code(r"^[0-9A-Za-z-]{3,32}$", "de 3 a 32 letras, números o «-»"), required=True, max_len=32),
        Column("ci", "CI", ("ci", "documento", "cedula", "carnet"), max_len=20),
        Column("holder_name", "Nombre", ("nombre", "titular", "cliente", "nombre cliente", "nombre titular",
                                         "razon social"), max_len=160, truncate=True),
        Column("debt_amount", "Deuda", ("deuda", "saldo", "saldo deudor", "monto deuda", "deuda bs",
                                        "saldo pendiente"), as_amount, max_len=40, empty=Decimal("0.00")),
        Column("pending_requirements", "Requisitos pendientes", ("requisitos pendientes", "requisitos",
                                                                 "pendientes"), as_lines),
        Column("notes", "Observaciones", ("observaciones", "notas", "observacion")),
    ),
    stamp=lambda batch_id, now, is_demo: {"updated_at": now, "is_demo": is_demo},
)


def import_accounts(data: bytes, filename: str, *, actor: Actor, now: datetime) -> engine.ImportResult:
    return engine.run(ACCOUNTS, data, filename, actor=actor, now=now)
