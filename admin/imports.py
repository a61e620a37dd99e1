"""What the admin upload pages of Smartflex exports share (Cuentas Smartflex, Importar de Smartflex): the
upload form, one import call, the page of a background import that follows its progress, and the history.

A small file is imported in the request and its result (or its row errors) shows at once; a large one runs in
the background and the browser is sent to its page, which polls the batch until it ends."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from werkzeug.wrappers import Response

from admin.blueprint import bp
from core import clock, lookups
from core.errors import DomainError, Forbidden
from core.imports import engine, jobs
from core.imports.kinds import KINDS
from core.models import ImportBatch
from web.access import actor, role_required

# The upload page of each kind, where its batch page links back to.
UPLOAD_PAGES = {"accounts": "admin.accounts", "damage_reports": "admin.top10_imports",
                "cancellations": "admin.top10_imports"}
ANY_IMPORTER = tuple(sorted({role for kind in KINDS.values() for role in kind.roles}))


class UploadForm(FlaskForm):
    file = FileField("Archivo exportado de Smartflex (CSV o XLSX)", validators=[
        FileRequired("Elija un archivo."), FileAllowed(["csv", "xlsx"], "Solo archivos CSV o XLSX.")])


def receive(kind: engine.Kind, form: UploadForm, back: str) -> tuple[Response | None, list]:
    """Import the uploaded file: (a redirect, []) when it was accepted or went to the background, or
    (None, its {row, column, message} errors) when it was rejected here, for the page to show."""
    upload = form.file.data
    data, filename = upload.read(), upload.filename or ""
    if jobs.runs_in_background(data, filename):
        batch_id = jobs.start(current_app._get_current_object(), kind, data, filename, actor=actor(),
                              now=clock.now())
        flash("Es un archivo grande: se importa en segundo plano. Esta página muestra el avance.", "ok")
        return redirect(url_for("admin.import_batch", batch_id=batch_id)), []
    try:
        result = engine.run(kind, data, filename, actor=actor(), now=clock.now())
    except DomainError as error:
        flash(error.message, "error")
        return None, error.details if isinstance(error.details, list) else []
    flash(result.message(), "ok")
    return redirect(back), []


def _visible(batch_id: int) -> ImportBatch:
    batch = lookups.import_batch(batch_id)
    if not actor().has_role(*KINDS[batch.kind].roles):
        raise Forbidden()
    return batch


@bp.get("/importaciones/<int:batch_id>")
@role_required(*ANY_IMPORTER)
def import_batch(batch_id: int):
    batch = _visible(batch_id)
    return render_template("admin/import_batch.html", batch=batch, kind=KINDS[batch.kind],
                           back=UPLOAD_PAGES.get(batch.kind, "admin.index"))


@bp.get("/importaciones/<int:batch_id>/estado")
@role_required(*ANY_IMPORTER)
def import_batch_status(batch_id: int):
    """The status block alone: what the batch page fetches while the import runs."""
    return render_template("admin/_import_status.html", batch=_visible(batch_id))


def history(*kinds: str) -> dict:
    """The template context of the history table (admin/_import_history.html)."""
    return {"batches": jobs.recent(kinds), "kinds": KINDS}

