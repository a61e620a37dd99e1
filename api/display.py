from flask import g, jsonify

from api.blueprint import bp
from core.errors import Forbidden
from core.panels import board
from web.access import role_required


@bp.get("/display/<area>/snapshot")
@role_required("supervisor", "reception", "agent", devices=("panel",))
def snapshot(area: str):
    device = g.get("device")
    if device is not None and device.area is not None and device.area.code.upper() != area.upper():
        raise Forbidden("Este panel pertenece a otra sala de espera.")
    return jsonify(board.snapshot(area))
