"""Admin → settings: preferential ratio, maximum normal wait, panel history, kiosk idle time, where to pay debts.
The form is drawn from core/settings.py SETTINGS (default, label and bounds of each), the office's group; the
Top 10's settings are edited in its configuration (admin/top10_config.py)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from admin import forms
from admin.blueprint import bp, section
from core import settings
from core.errors import DomainError
from core.org import settings_edit
from core.roles import SUPERVISORS
from web.access import actor, role_required

section("admin.settings", "Parámetros")


def edit_group(group: str, template: str, endpoint: str, **context: Any) -> ResponseReturnValue:
    """One page of settings (a group of core/settings.py SETTINGS): the form, and saving it all or nothing."""
    specs = settings.specs(group)
    shown = settings_edit.form(group)
    context = {**context, "transactions": shown.transactions, "notes": shown.notes, "initial": shown.initial}
    if request.method == "POST":
        # An unchecked checkbox is absent from the form: yes/no settings are always submitted.
        submitted = {key: request.form.get(key, "") for key, spec in specs.items()
                     if key in request.form or isinstance(spec.default, bool)}
        try:
            settings_edit.save(submitted, actor=actor())
        except DomainError as error:  # re-render with what was typed, not a redirect that would lose it
            return forms.refill(error, template, specs=specs, **context)
        flash("Parámetros guardados.", "ok")
        return redirect(url_for(endpoint))
    return render_template(template, values=forms.values(**shown.values), specs=specs, **context)


@bp.route("/parametros", methods=["GET", "POST"], endpoint="settings")
@role_required(*SUPERVISORS)
def settings_page():
    return edit_group("office", "admin/settings.html", "admin.settings")
