"""Admin → settings: preferential ratio, maximum normal wait, panel history, kiosk idle time, where to pay debts,
the Top 10 window. The form is drawn from core/settings.py SETTINGS (default, label and bounds of each)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from admin import forms
from admin.blueprint import bp, section
from core import settings
from core.errors import DomainError
from core.org import settings_edit
from core.roles import SUPERVISORS
from web.access import actor, role_required

section("admin.settings", "Parámetros")


@bp.route("/parametros", methods=["GET", "POST"], endpoint="settings")
@role_required(*SUPERVISORS)
def settings_page():
    if request.method == "POST":
        # An unchecked checkbox is absent from the form: yes/no settings are always submitted.
        submitted = {key: request.form.get(key, "") for key, spec in settings.SETTINGS.items()
                     if key in request.form or isinstance(spec.default, bool)}
        try:
            settings_edit.save(submitted, actor=actor())
        except DomainError as error:  # re-render with what was typed, not a redirect that would lose it
            return forms.refill(error, "admin/settings.html", specs=settings.SETTINGS)
        flash("Parámetros guardados.", "ok")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", values=forms.values(**settings.all_settings()),
                           specs=settings.SETTINGS)
