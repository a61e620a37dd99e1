from flask import g, render_template

from core import display
from core.access import device_required
from core.errors import Forbidden
from display import bp


@bp.get("/display/<area>")
@device_required("panel", staff_roles=("supervisor", "reception", "agent"))
def panel(area: str):  # noqa: ANN201
    device = g.get("device")
    if device is not None and device.area is not None and device.area.code.upper() != area.upper():
        raise Forbidden("Este panel pertenece a otra sala de espera.")
    return render_template("display/panel.html", snapshot=display.snapshot(area))
