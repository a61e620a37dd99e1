"""A ticket's statuses and the actions that move it, with their Spanish labels: the one list that the engine,
the audit log, the monitor, the screens (a Jinja global, web/filters.py) and their scripts read.

The labels are Spanish source texts, marked with `N_` so `pybabel extract` collects them; the customer's
status page translates them where it shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def N_(text: str) -> str:  # the name pybabel looks for
    """Marks a text for translation without translating it here."""
    return text


STATUSES: dict[str, str] = {
    "waiting": N_("En espera"),
    "called": N_("Llamada"),
    "serving": N_("En atención"),
    "done": N_("Atendida"),
    "no_show": N_("No se presentó"),
    "cancelled": N_("Anulada"),
}
# A desk's states as the monitor and the consoles name them (staff screens only, so not translated).
DESK_STATES: dict[str, str] = {"open": "Abierto", "paused": "En pausa", "closed": "Cerrado"}
OPEN = ("waiting", "called", "serving")  # a customer is still in the office for it
ACTIVE = ("called", "serving")  # held by a desk
# The actions by which a desk lets its customer go (a panel's «Llamando» drops the call; the monitor's «libre desde»).
LEAVE_ACTIONS = ("finish", "no_show", "transfer", "cancel")


@dataclass(frozen=True)
class Action:
    label: str  # what happened, as the audit log and the monitor list it
    verb: str  # what one tries to do, for "No se puede … la ficha"
    sources: frozenset[str]  # the statuses it may start from
    target: str  # the status it leads to


ACTIONS: dict[str, Action] = {
    "issue": Action("Emisión", "emitir", frozenset(), "waiting"),
    "call": Action("Llamado", "llamar", frozenset({"waiting"}), "called"),
    "recall": Action("Rellamado", "volver a llamar", frozenset({"called"}), "called"),
    "start": Action("Inicio de atención", "iniciar la atención", frozenset({"called"}), "serving"),
    "finish": Action("Fin de atención", "finalizar", frozenset({"called", "serving"}), "done"),
    "no_show": Action("No se presentó", "marcar como no presentada", frozenset({"called"}), "no_show"),
    # A no-show marked by mistake, undone within `no_show_undo_seconds`: back to called at the same desk.
    "undo_no_show": Action("No presentada deshecha", "deshacer la no presentación de", frozenset({"no_show"}),
                           "called"),
    "cancel": Action("Anulación", "anular", frozenset({"waiting", "called"}), "cancelled"),
    "transfer": Action("Transferencia", "transferir", frozenset({"waiting", "called", "serving", "no_show"}),
                       "waiting"),
}


def status_label(status: str | None) -> str:
    return STATUSES.get(status or "", status or "")


def action_label(action: str) -> str:
    found = ACTIONS.get(action)
    return found.label if found else action


def labels() -> dict[str, dict[str, str]]:
    """The labels as plain dicts, for the scripts that show live events (handed over by the page)."""
    return {"statuses": dict(STATUSES), "actions": {code: action.label for code, action in ACTIONS.items()},
            "desk_states": dict(DESK_STATES)}


def expired(status: str, day: date, today: date) -> bool:
    """A ticket of a past business day that was never served: the office closed, nobody will call it. A served
    one stays readable, so its satisfaction question can still be answered the next day."""
    return day < today and status != "done"
