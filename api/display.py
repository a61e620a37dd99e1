from flask import jsonify

from api.blueprint import bp
from core.panels import board
from core.roles import FRONT_OFFICE
from web.access import actor, role_required


@bp.get("/display/<area>/snapshot")
@role_required(*FRONT_OFFICE, devices=("panel",))
def snapshot(area: str):
    return jsonify(board.snapshot_for(actor(), area))
