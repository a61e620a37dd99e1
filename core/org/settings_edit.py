"""Saving the editable settings, each checked against its row of core/settings.py SETTINGS."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from core import lookups, settings, validation
from core.actors import Actor
from core.errors import Invalid
from core.extensions import db
from core.models import CatalogueNode, Setting
from core.org import catalogue, catalogue_edit, changes
from core.realtime import config_events
from core.roles import SUPERVISORS, TOP10_CONFIGURERS, require
from core.tx import unit_of_work

logger = logging.getLogger(__name__)


# Who edits each group of settings: the office's by the supervisor, the Top 10's by the Jefe División (the
# procedure's owner of the configuration); admin edits both.
EDITORS = {"office": SUPERVISORS, "top10": TOP10_CONFIGURERS}
# How the change log names each group's page (core/org/changes.py KINDS).
CHANGE_KINDS = {"office": "settings", "top10": "top10_settings"}


def _transaction(key: str, raw: Any) -> str:
    """A trámite's code, in any case: one the catalogue issues tickets for, or "" (none). A code that names
    nothing, a category or a trámite with no queue would leave the kiosk without its button, silently. The saved
    one passes as it is: a trámite deleted since must not stop the rest of the page from being saved (the form
    shows it as none, and says why)."""
    spec = settings.SETTINGS[key]
    code = validation.text(str(raw or ""), spec.label, max_len=48, required=False).upper()
    if not code or code == str(settings.get(key) or "").strip().upper():
        return code
    found = db.session.scalar(select(CatalogueNode).where(CatalogueNode.code == code))
    if lookups.issues_tickets(found):
        return code
    if found is None:
        why = f"el catálogo no tiene ningún trámite con el código «{code}»"
    elif not found.active:
        why = f"«{found.label}» se desactivó en el catálogo"
    elif found.kind != "transaction":
        why = f"«{found.label}» no es un trámite (es {catalogue_edit.KIND_LABELS.get(found.kind, found.kind).lower()})"
    else:
        why = f"«{found.label}» no tiene una cola de destino y no emite fichas"
    raise Invalid(f"«{spec.label}»: {why}. Elija un trámite de la lista.", code="invalid_transaction")


def _parse(key: str, raw: Any) -> Any:
    spec = settings.SETTINGS[key]
    if spec.transaction:
        return _transaction(key, raw)
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
    """A value as the form shows it: a choice by its label, a trámite by its name."""
    if spec.transaction:
        found = lookups.active_node(str(value or "").upper()) if value else None
        return changes.shown(found.label if found is not None else (value or spec.none_label))
    return changes.shown(dict(spec.choices).get(value, value) if spec.choices else value)


@dataclass(frozen=True)
class Form:
    """A page of settings as its form shows it."""
    values: dict[str, Any]
    # A trámite setting's list: (category, [(code, «trámite — queue»)]), the catalogue's ticket-issuing trámites.
    transactions: list[tuple[str, list[tuple[str, str]]]]
    notes: dict[str, str]  # a trámite setting whose saved trámite no longer issues tickets: what the kiosk does now
    initial: dict[str, str]  # a trámite setting's initial value, by its name in the list


def form(group: str) -> Form:
    """The group's settings for its form. A saved trámite the catalogue no longer issues tickets for (deleted,
    deactivated, left without a queue) shows as none, which is what the kiosk does with it; a note says so."""
    specs = settings.specs(group)
    stored = settings.all_settings()
    values, notes = {key: stored[key] for key in specs}, {}
    for key in (key for key, spec in specs.items() if spec.transaction):
        code = str(values[key] or "").strip().upper()
        if code and not lookups.issues_tickets(lookups.active_node(code)):
            notes[key] = (f"El trámite guardado («{code}») ya no emite fichas en el catálogo: el kiosco no muestra "
                          "el botón. Elija otro trámite y guarde.")
            code = ""
        values[key] = code
    if not any(spec.transaction for spec in specs.values()):
        return Form(values, [], notes, {})
    issuing = [(name, [(item.code, f"{item.label} — {item.queue.name}") for item in items if item.queue])
               for name, items in catalogue.issuing_transactions()]
    names = {code: text for _name, options in issuing for code, text in options}
    initial = {key: names.get(spec.default, spec.default) for key, spec in specs.items() if spec.transaction}
    return Form(values, issuing, notes, initial)


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
