"""Admin → Cuentas Smartflex: upload an account export (CSV or XLSX), all or nothing."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy import func, select

from admin.blueprint import bp, section
from core.accounts import account_import
from core.errors import DomainError
from core.extensions import db
from core.models import Account
from core.roles import SUPERVISORS
from web.access import actor, role_required

section("admin.accounts", "Cuentas Smartflex")


class AccountUploadForm(FlaskForm):
    file = FileField("Archivo exportado de Smartflex (CSV o XLSX)", validators=[
        FileRequired("Elija un archivo."), FileAllowed(["csv", "xlsx"], "Solo archivos CSV o XLSX.")])


def _summary() -> dict:
    return {
        "total": db.session.scalar(select(func.count(Account.id))) or 0,
        "with_debt": db.session.scalar(select(func.count(Account.id)).where(Account.debt_amount > 0)) or 0,
        "last_update": db.session.scalar(select(func.max(Account.updated_at))),
    }


@bp.route("/cuentas", methods=["GET", "POST"])
@role_required(*SUPERVISORS)
def accounts():
    form = AccountUploadForm()
    errors: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            report = account_import.import_accounts(upload.read(), upload.filename or "", actor=actor())
        except DomainError as error:  # the page lists the rejected rows beside the form: no redirect
            flash(error.message, "error")
            errors = [str(d) for d in error.details] if isinstance(error.details, list) else []
        else:
            flash(f"Cuentas importadas: {report.rows} filas ({report.created} nuevas, {report.updated} actualizadas, "
                  f"{report.unchanged} sin cambios).", "info")
            return redirect(url_for("admin.accounts"))
    return render_template("admin/accounts.html", form=form, errors=errors, summary=_summary())
