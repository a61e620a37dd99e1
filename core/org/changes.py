"""The configuration change log: every admin or supervisor change to the office, the catalogue, the panels, the
printers, the people and devices and the settings leaves one `ConfigChange` row (who, when, which object, what:
«Campo: antes → después» for the fields that changed, and only those).

The domain function that makes the change calls `record` (or `saved`, which compares two snapshots) inside its own
unit of work, so the row is committed with the change and a refused change records nothing. Secrets never reach
it: a password reset or a new token is said in words («Contraseña restablecida», «Token renovado»). Shown in
Administración → Auditoría → «Cambios de configuración» (core/reporting/audit.py `search_changes`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, time
from typing import Any

from core import clock
from core.actors import Actor
from core.extensions import db
from core.models import ConfigChange

# What was changed, as the filter and the table name it.
KINDS = {
    "area": "Sala de espera",
    "queue": "Cola",
    "desk": "Mesón",
    "catalogue": "Catálogo",
    "announcement": "Aviso de los paneles",
    "panel_media": "Imagen o video de los paneles",
    "printer": "Impresora",
    "user": "Usuario",
    "device": "Dispositivo",
    "settings": "Parámetros",
    "top10_settings": "Configuración Top 10",
    "import_mapping": "Columnas de importación",
    "seed": "Carga inicial",
}
ACTIONS = {
    "create": "Alta",
    "update": "Modificación",
    "activate": "Activación",
    "deactivate": "Desactivación",
    "delete": "Eliminación",
    "password_reset": "Contraseña restablecida",
    "token_rotated": "Token renovado",
    "token_created": "Token de API creado",
    "token_revoked": "Token de API revocado",
    "revoke": "Revocación",
    "upload": "Archivo subido",
    "remove": "Archivo quitado",
}
LONGEST = 120  # a longer text (a description, requirements) is cut in the summary: «…»
EMPTY = "(vacío)"


def shown(value: Any) -> str:
    """A value as the summary writes it: «texto», sí/no, numbers as typed, times as HH:MM, lists joined."""
    if value is None or value == "" or value == [] or value == ():
        return EMPTY
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, list | tuple):
        return ", ".join(shown(item) for item in value)
    text = " / ".join(line.strip() for line in str(value).splitlines() if line.strip())
    if len(text) > LONGEST:
        text = text[:LONGEST - 1].rstrip() + "…"
    return f"«{text}»"


def diff(before: Mapping[str, Any], after: Mapping[str, Any], labels: Mapping[str, str]) -> list[str]:
    """«Campo: antes → después» for each field of `labels` whose value changed, in the order of `labels`. A text
    of several lines (requirements) or past LONGEST says what changed in it instead: both sides cut at LONGEST
    hid a line added at the end («… / Fo…» → «… / Fo…»)."""
    return [_text_change(label, before.get(field), after.get(field))
            if _long(before.get(field)) or _long(after.get(field))
            else f"{label}: {shown(before.get(field))} → {shown(after.get(field))}"
            for field, label in labels.items() if before.get(field) != after.get(field)]


def _long(value: Any) -> bool:
    return isinstance(value, str) and (len(value) > LONGEST or len(_lines(value)) > 1)


def _lines(text: Any) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def _text_change(label: str, before: Any, after: Any) -> str:
    """The lines added and removed; a one-line text changed within is shown whole, both sides."""
    old, new = _lines(before), _lines(after)
    if len(old) <= 1 and len(new) <= 1:
        whole = [f"«{' '.join(lines)}»" if lines else EMPTY for lines in (old, new)]
        return f"{label}: {whole[0]} → {whole[1]}"
    added = [line for line in new if line not in old]
    removed = [line for line in old if line not in new]
    parts = ([f"se agregó {', '.join(f'«{line}»' for line in added)}"] if added else []) + \
        ([f"se quitó {', '.join(f'«{line}»' for line in removed)}"] if removed else [])
    return f"{label}: {'; '.join(parts) or 'las mismas líneas, en otro orden'}"


def listed(values: Mapping[str, Any], labels: Mapping[str, str]) -> list[str]:
    """«Campo: valor» for each field of `labels` that has a value (what a new object was created with)."""
    return [f"{label}: {shown(values.get(field))}" for field, label in labels.items()
            if values.get(field) not in (None, "", [], ())]


def record(actor: Actor, kind: str, action: str, *, code: str = "", name: str = "", lines: Iterable[str] = (),
           now: datetime | None = None) -> ConfigChange:
    """Add one change to the log, inside the caller's unit of work (committed with the change, or not at all)."""
    if kind not in KINDS or action not in ACTIONS:
        raise ValueError(f"unknown change {kind}/{action}")
    row = ConfigChange(at=now or clock.now(), actor_kind=actor.kind, actor_id=actor.id, actor_name=actor.name[:120],
                       kind=kind, action=action, object_code=(code or "")[:64], object_name=(name or "")[:200],
                       summary="\n".join(lines))
    db.session.add(row)
    return row


def saved(actor: Actor, kind: str, *, before: Mapping[str, Any] | None, after: Mapping[str, Any],
          labels: Mapping[str, str], code: str = "", name: str = "") -> ConfigChange | None:
    """Record a create (`before` None: the values it was created with) or an update (the fields that changed;
    nothing when none did). An update that turns the object's `active` off or on is a «Desactivación» or an
    «Activación», with the other fields it changed listed too."""
    if before is None:
        return record(actor, kind, "create", code=code, name=name, lines=listed(after, labels))
    lines = diff(before, after, labels)
    if not lines:
        return None
    action = "update"
    if "active" in labels and before.get("active") != after.get("active"):
        action = "activate" if after.get("active") else "deactivate"
    return record(actor, kind, action, code=code, name=name, lines=lines)
