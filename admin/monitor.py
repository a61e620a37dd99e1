"""Admin → live monitor. The page renders a snapshot, then follows the `staff` Socket.IO room; the JSON
snapshot route is what it fetches again on reconnect or when it sees a gap in the sequence."""

from __future__ import annotations

from flask import jsonify, render_template

from admin.blueprint import bp, section
from core.reporting import emergency
from core.reporting import monitor as live
from core.roles import SUPERVISORS
from web.access import actor, role_required

section("admin.monitor", "Monitor en vivo")


@bp.get("/monitor")
@role_required(*SUPERVISORS)
def monitor():
    return render_template("admin/monitor.html", snapshot=live.snapshot())


@bp.get("/monitor/snapshot")
@role_required(*SUPERVISORS)
def monitor_snapshot():
    return jsonify(live.snapshot())


@bp.post("/monitor/emergencias/<int:alert_id>/atendida")
@role_required(*SUPERVISORS)
def emergency_acknowledge(alert_id: int):
    return jsonify({"alert": emergency.brief(emergency.acknowledge(alert_id, actor=actor()))})
