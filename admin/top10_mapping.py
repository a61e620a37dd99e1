"""Admin → Seguimiento Top 10 → Importar → Columnas de <tipo>: the column mapping saved for a Smartflex source
(core/imports/mappings.py), edited by whoever may import that kind (Analista Gestor, Jefe División)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from admin import forms
from admin.blueprint import bp
from core import clock
from core.errors import DomainError
from core.imports import mappings
from core.roles import TOP10_IMPORTERS
from core.top10 import report_import
from web.access import actor, role_required

KINDS = {kind.name: kind for kind in (report_import.DAMAGE_REPORTS, report_import.CANCELLATIONS)}


@bp.route("/top10/importar/columnas/<kind>", methods=["GET", "POST"])
@role_required(*TOP10_IMPORTERS)
def top10_mapping(kind: str):
    source = KINDS.get(kind) or abort(404)
    context = {"kind": source, "me": actor()}
    if request.method == "POST":
        headers = {column.field: request.form.get(f"h_{column.field}", "") for column in source.columns}
        try:
            mappings.save(source, headers, actor=actor(), now=clock.now())
        except DomainError as error:
            return forms.refill(error, "admin/top10/mapping.html", **context)
        flash(f"Columnas de «{source.label}» guardadas: se aplican desde la próxima importación.", "ok")
        return redirect(url_for("admin.top10_mapping", kind=kind))
    values = forms.values(**{f"h_{field}": header for field, header in mappings.saved(source).items()})
    return render_template("admin/top10/mapping.html", values=values, **context)
