"""Editable settings with defaults in code. Values are JSON in the `setting` table."""

from __future__ import annotations

from typing import Any

from core.extensions import db
from core.models import Setting

DEFAULTS: dict[str, Any] = {
    # Preferential policy (DESIGN.md §3): N preferential calls per normal one...
    "preferential_ratio": 2,
    # ...unless a normal ticket has waited this long: then it goes first.
    "normal_max_wait_min": 20,
    # Panel: how many past calls to list.
    "panel_history": 8,
    # Kiosk: seconds of inactivity before returning to the welcome screen.
    "kiosk_idle_seconds": 45,
    # Where a customer with debt settles it (activity 7).
    "debt_payment_places": "Unidad de Cartera (Plataforma) o cajas de cobranza",
    # Top 10 (seeds/001_…): damage reports of one customer within this many days count as repeated.
    "top10_window_days": 10,
}

LABELS: dict[str, str] = {
    "preferential_ratio": "Llamadas preferenciales por cada llamada normal",
    "normal_max_wait_min": "Espera máxima de una ficha normal antes de pasar primero (min)",
    "panel_history": "Llamadas anteriores en el panel",
    "kiosk_idle_seconds": "Segundos sin uso antes de volver al inicio del kiosco",
    "debt_payment_places": "Dónde pagar una deuda",
    "top10_window_days": "Top 10: días en que los reportes de daño de un cliente cuentan como reiterados",
}


def get(key: str) -> Any:
    row = db.session.get(Setting, key)
    return row.value if row is not None else DEFAULTS[key]


def all_settings() -> dict[str, Any]:
    stored = {row.key: row.value for row in db.session.scalars(db.select(Setting))}
    return {key: stored.get(key, default) for key, default in DEFAULTS.items()}
