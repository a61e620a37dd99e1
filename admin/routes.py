from flask import render_template

from admin import bp
from core.access import role_required


@bp.get("/")
@role_required("supervisor")
def index():  # noqa: ANN201
    return render_template("admin/index.html")
