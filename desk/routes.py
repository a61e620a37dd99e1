from flask import g, render_template
from sqlalchemy import select

from core import lookups
from core.access import device_required, role_required
from core.errors import Forbidden
from core.extensions import db
from core.models import Desk
from desk import bp


@bp.get("/desk")
@role_required("agent", "supervisor")
def console():  # noqa: ANN201
    desks = list(db.session.scalars(select(Desk).where(Desk.active.is_(True)).order_by(Desk.id)))
    return render_template("desk/console.html", desks=desks)


@bp.get("/encuesta/<desk>")
@device_required("survey", staff_roles=("supervisor",))
def survey(desk: str):  # noqa: ANN201
    found = lookups.desk(desk)
    device = g.get("device")
    if device is not None and device.desk_id != found.id:
        raise Forbidden("Esta tableta pertenece a otro mesón.")
    return render_template("desk/survey.html", desk=found)
