"""Admin → settings: preferential ratio, maximum normal wait, panel history, kiosk idle time, where to pay debts."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from admin import forms
from admin.blueprint import bp, section
from core import clock, settings
from core.errors import DomainError
from core.org import settings_edit
from web.access import actor, role_required

section("admin.settings", "Parámetros")


def _context() -> dict:
    return {"labels": settings.LABELS, "defaults": settings.DEFAULTS, "limits": settings_edit.LIMITS}


@bp.route("/parametros", methods=["GET", "POST"], endpoint="settings")
@role_required("supervisor")
def settings_page():
    if request.method == "POST":
        # An unchecked checkbox is absent from the form: yes/no settings are always submitted.
        submitted = {key: request.form.get(key, "") for key, default in settings.DEFAULTS.items()
                     if key in request.form or isinstance(default, bool)}
        try:
            settings_edit.save(submitted, actor=actor(), now=clock.now())
        except DomainError as error:
            return forms.refill(error, "admin/settings.html", **_context())
        flash("Parámetros guardados.", "ok")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", values=forms.values(**settings.all_settings()), **_context())
