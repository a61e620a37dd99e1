"""Admin → home: today's numbers at a glance, then the menu."""

from flask import flash, redirect, render_template, request, url_for

from admin.blueprint import bp
from admin.formatting import long_day, minutes
from core import clock
from core.reporting import monitor, stats
from core.roles import SUPERVISORS
from core.tickets import day_close
from web.access import actor, role_required


@bp.get("/")
@role_required(*SUPERVISORS)
def index():
    now = clock.now()
    live = monitor.snapshot(now)
    today = stats.today_summary(now)
    longest = monitor.longest_wait(live, now)
    return render_template(
        "admin/index.html", today=today, minutes=minutes, long_day=long_day, day=clock.business_day(now),
        waiting=sum(len(q["waiting"]) for q in live["queues"]),
        # «Abierto» as the monitor says it: a paused desk calls nobody, so it is counted apart.
        open_desks=sum(1 for d in live["desks"] if d["state"] == "open"),
        paused_desks=sum(1 for d in live["desks"] if d["state"] == "paused"),
        serving=sum(1 for d in live["desks"] if d["ticket"]),
        # Beside the mean of those already called: the wait going on now, which the mean does not see yet.
        longest_wait=longest[0] if longest else None, longest_queue=longest[1] if longest else None,
        left_waiting=live["left_waiting"],
    )


@bp.post("/fichas-de-dias-anteriores/anular")
@role_required(*SUPERVISORS)
def close_past_days():
    """Inicio's and the monitor's «Anular fichas de días anteriores»: the nightly close, now (its timer did not
    run, e.g. an office without it), so no desk calls yesterday's customers before today's."""
    closed = day_close.close_past_days(actor=actor())
    count = len(closed)
    flash(f"Se anuló {count} ficha de días anteriores." if count == 1
          else f"Se anularon {count} fichas de días anteriores.", "ok")
    back = "admin.monitor" if request.form.get("back") == "monitor" else "admin.index"
    return redirect(url_for(back))
