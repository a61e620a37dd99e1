"""Saving the editable settings, each checked against its row of core/settings.py SETTINGS."""

from __future__ import annotations

import logging
from typing import Any

from core import settings, validation
from core.actors import Actor
from core.errors import Invalid
from core.extensions import db
from core.models import Setting
from core.org import changes
from core.realtime import config_events
from core.roles import SUPERVISORS, TOP10_CONFIGURERS, require
from core.tx import unit_of_work

logger = logging.getLogger(__name__)


# Who edits each group of settings: the office's by the supervisor, the Top 10's by the Jefe División (the
# procedure's owner of the configuration); admin edits both.
EDITORS = {"office": SUPERVISORS, "top10": TOP10_CONFIGURERS}
# How the change log names each group's page (core/org/changes.py KINDS).
CHANGE_KINDS = {"office": "settings", "top10": "top10_settings"}


def _parse(key: str, raw: Any) -> Any:
    spec = settings.SETTINGS[key]
    if spec.choices:
        value = str(raw or "").strip()
        if value not in dict(spec.choices):
            names = ", ".join(f"«{label}»" for _value, label in spec.choices)
            raise Invalid(f"«{spec.label}»: elija una de las opciones ({names}).", code="invalid_choice")
        return value
    if isinstance(spec.default, bool):
        return bool(raw) and str(raw).lower() not in ("0", "false", "off", "no")
    if isinstance(spec.default, int):
        return validation.integer(raw, spec.label, low=spec.low, high=spec.high)
    return validation.text(str(raw or ""), spec.label, max_len=spec.max_len)


def _shown(spec: settings.Spec, value: Any) -> str:
    """A value as the form shows it: a choice by its label."""
    return changes.shown(dict(spec.choices).get(value, value) if spec.choices else value)


def save(values: dict[str, Any], *, actor: Actor) -> dict[str, Any]:
    """Check every submitted value first, then store them all or none."""
    unknown = sorted(set(values) - set(settings.SETTINGS))
    if unknown:
        raise Invalid(f"Parámetro desconocido: {', '.join(unknown)}.", code="unknown_setting")
    for group in sorted({settings.SETTINGS[key].group for key in values} or {"office"}):
        require(actor, EDITORS[group])
    parsed, wrong = {}, []
    for key, raw in values.items():  # every wrong value at once, not one per submit
        try:
            parsed[key] = _parse(key, raw)
        except Invalid as error:
            wrong.append(error)
    if len(wrong) == 1:
        raise wrong[0]
    if wrong:
        raise Invalid(" ".join(error.message for error in wrong), code="invalid_settings",
                      details=[error.message for error in wrong])
    with unit_of_work():
        changed, lines = [], {}
        for key, value in parsed.items():
            row = db.session.get(Setting, key)
            spec = settings.SETTINGS[key]
            old = spec.default if row is None else row.value
            if old != value:  # a first save of the default value writes its row but changes nothing
                lines.setdefault(spec.group, []).append(
                    f"{spec.label}: {_shown(spec, old)} → {_shown(spec, value)}")
            if row is None:
                db.session.add(Setting(key=key, value=value))
                changed.append(key)
            elif row.value != value:
                row.value = value
                changed.append(key)
        for group, said in sorted(lines.items()):
            changes.record(actor, CHANGE_KINDS[group], "update", name=changes.KINDS[CHANGE_KINDS[group]], lines=said)
        if changed:
            settings.forget()
            config_events.config_changed("settings")
            config_events.catalogue_changed("settings")
    logger.info("settings %s changed by %s", ", ".join(changed) or "(none)", actor.name)
    return settings.all_settings()
