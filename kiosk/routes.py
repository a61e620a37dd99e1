from flask import render_template

from core import catalogue, lookups, serialize
from core.access import device_required, role_required
from kiosk import bp


@bp.get("/kiosk")
@device_required("kiosk", staff_roles=("reception", "supervisor"))
def kiosk():  # noqa: ANN201
    return render_template("kiosk/kiosk.html", tree=catalogue.tree())


@bp.get("/recepcion")
@role_required("reception")
def reception():  # noqa: ANN201
    return render_template("kiosk/reception.html", tree=catalogue.tree())


@bp.get("/t/<token>")
def status(token: str):  # noqa: ANN201
    ticket = lookups.ticket_by_token(token)
    return render_template("kiosk/status.html", ticket=serialize.public_ticket(ticket), token=token)
