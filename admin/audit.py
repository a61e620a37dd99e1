"""Admin → audit: the ticket event log (who, when, from which state and queue to which), searchable; and, on a
second tab, the configuration change log (who changed which desk, queue, setting, user… and what, old → new)."""

from __future__ import annotations

from datetime import date

from flask import flash, render_template, request
from sqlalchemy import select

from admin import forms
from admin.blueprint import bp, section
from core import validation
from core.actors import KIND_LABELS
from core.errors import DomainError, Invalid
from core.extensions import db
from core.models import Desk, User
from core.org import changes
from core.reporting import audit as log
from core.reporting import emergency
from core.roles import SUPERVISORS
from web.access import role_required

section("admin.audit", "Auditoría")


def _day(name: str) -> date | None:
    raw = request.args.get(name, "").strip()
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        raise Invalid("Fecha no válida: use el selector de fecha.", code="invalid_date") from None


def _filters() -> log.Filters:
    day = _day("dia")
    page = request.args.get("pagina", "1")
    return log.Filters(number=request.args.get("ficha", "").strip(), day=day,
                       desk=request.args.get("meson", "").strip(),
                       agent_id=forms.optional_int(request.args.get("funcionario")),
                       page=validation.record_id(page) or 1)


@bp.get("/auditoria", endpoint="audit")
@role_required(*SUPERVISORS)
def audit_page():
    result = None
    try:
        filters = _filters()
        result = log.search(filters)
    except DomainError as error:
        flash(error.message, "error")
        filters = log.Filters()
    desks = [(d.code, d.name) for d in db.session.scalars(select(Desk))]
    agents = [(str(u.id), u.display_name) for u in db.session.scalars(select(User))]
    return render_template("admin/audit.html", result=result, filters=filters, args=request.args,
                           desks=sorted(desks, key=_by_shown_name), agents=sorted(agents, key=_by_shown_name),
                           emergencies=emergency.recent(), actor_kinds=KIND_LABELS)


def _by_shown_name(choice: tuple[str, str]) -> tuple[tuple[tuple[int, str], ...], str, str]:
    """A dropdown's order is the order of the names it shows (sorted by code or username, «Ana Pérez» came after
    «Zulema» when her username sorted later): `validation.name_order`."""
    return validation.name_order(choice[1]), choice[1], choice[0]


@bp.get("/auditoria/cambios", endpoint="audit_changes")
@role_required(*SUPERVISORS)
def audit_changes_page():
    """«Cambios de configuración»: who changed what in the configuration, newest first, by days and kind."""
    result = None
    try:
        filters = log.ChangeFilters(start=_day("desde"), end=_day("hasta"), kind=request.args.get("tipo", "").strip(),
                                    page=validation.record_id(request.args.get("pagina", "1")) or 1)
        result = log.search_changes(filters)
    except DomainError as error:
        flash(error.message, "error")
    return render_template("admin/audit_changes.html", result=result, args=request.args,
                           kinds=list(changes.KINDS.items()), kind_labels=changes.KINDS, actions=changes.ACTIONS,
                           actor_kinds=KIND_LABELS)
