"""Admin → Cuentas Smartflex: upload an account export (CSV or XLSX), all or nothing, and its import history."""

from __future__ import annotations

from flask import render_template, url_for
from sqlalchemy import func, select

from admin import imports
from admin.blueprint import bp, section
from core.accounts.account_import import ACCOUNTS
from core.extensions import db
from core.models import Account
from web.access import role_required
from web.uploads import upload_limit

section("admin.accounts", "Cuentas Smartflex")


def _summary() -> dict:
    return {
        "total": db.session.scalar(select(func.count(Account.id))) or 0,
        "with_debt": db.session.scalar(select(func.count(Account.id)).where(Account.debt_amount > 0)) or 0,
        "last_update": db.session.scalar(select(func.max(Account.updated_at))),
    }


@bp.route("/cuentas", methods=["GET", "POST"])
@upload_limit("IMPORT_MAX_BYTES")
@role_required(*ACCOUNTS.roles)
def accounts():
    form = imports.UploadForm()
    errors: list = []
    if form.validate_on_submit():
        done, errors = imports.receive(ACCOUNTS, form, back=url_for("admin.accounts"))
        if done is not None:
            return done
    return render_template("admin/accounts.html", form=form, errors=errors, summary=_summary(), kind=ACCOUNTS,
                           **imports.history(ACCOUNTS.name))
