"""Saving the editable settings (core/settings.py DEFAULTS) with per-key checks and Spanish errors."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from core import settings, validation
from core.actors import Actor
from core.errors import Invalid
from core.extensions import db
from core.models import Setting
from core.realtime import config_events
from core.tx import unit_of_work

logger = logging.getLogger(__name__)

# key → (lowest, highest) for numbers, or max length for text. Keys without an entry are checked by type.
LIMITS: dict[str, tuple[int, int] | int] = {
    "preferential_ratio": (0, 10),
    "normal_max_wait_min": (1, 240),
    "panel_history": (0, 20),
    "kiosk_idle_seconds": (10, 600),
    "debt_payment_places": 300,
}


def _parse(key: str, raw: Any) -> Any:
    label = settings.LABELS.get(key, key)
    default = settings.DEFAULTS[key]
    limit = LIMITS.get(key)
    if isinstance(default, bool):
        return bool(raw) and str(raw).lower() not in ("0", "false", "off", "no")
    if isinstance(default, int):
        low, high = limit if isinstance(limit, tuple) else (0, 100_000)
        return validation.integer(raw, label, low=low, high=high)
    return validation.text(str(raw or ""), label, max_len=limit if isinstance(limit, int) else 500)


def save(values: dict[str, Any], *, actor: Actor, now: datetime) -> dict[str, Any]:
    """Check every submitted value first, then store them all or none."""
    unknown = sorted(set(values) - set(settings.DEFAULTS))
    if unknown:
        raise Invalid(f"Parámetro desconocido: {', '.join(unknown)}.", code="unknown_setting")
    parsed = {key: _parse(key, raw) for key, raw in values.items()}
    with unit_of_work():
        changed = []
        for key, value in parsed.items():
            row = db.session.get(Setting, key)
            if row is None:
                db.session.add(Setting(key=key, value=value))
                changed.append(key)
            elif row.value != value:
                row.value = value
                changed.append(key)
        if changed:
            config_events.config_changed("settings")
            config_events.catalogue_changed("settings")
    logger.info("settings %s changed by %s", ", ".join(changed) or "(none)", actor.name)
    return settings.all_settings()
