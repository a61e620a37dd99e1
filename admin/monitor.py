"""Admin → live monitor. The page renders a snapshot, then follows the `staff` Socket.IO room; the JSON
snapshot route is what it fetches again on reconnect or when it sees a gap in the sequence."""

from __future__ import annotations

from flask import jsonify, render_template

from admin import bp, section
from core import monitor as live
from core.access import role_required

section("admin.monitor", "Monitor en vivo")


@bp.get("/monitor")
@role_required("supervisor")
def monitor():  # noqa: ANN201
    return render_template("admin/monitor.html", snapshot=live.snapshot())


@bp.get("/monitor/snapshot")
@role_required("supervisor")
def monitor_snapshot():  # noqa: ANN201
    return jsonify(live.snapshot())
