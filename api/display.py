from flask import g, jsonify

from api import bp
from core import display
from core.access import role_required
from core.errors import Forbidden


@bp.get("/display/<area>/snapshot")
@role_required("supervisor", "reception", "agent", devices=("panel",))
def snapshot(area: str):  # noqa: ANN201
    device = g.get("device")
    if device is not None and device.area is not None and device.area.code.upper() != area.upper():
        raise Forbidden("Este panel pertenece a otra sala de espera.")
    return jsonify(display.snapshot(area))
