"""Admin → waiting areas, queues (prefix, name, area, SLA) and desks (the queues each serves, in order)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from admin import forms
from admin.blueprint import bp, section
from core import validation
from core.errors import DomainError
from core.extensions import db
from core.models import Desk, DeskQueue, Queue, WaitingArea
from core.org import desk_room, office
from core.roles import SUPERVISORS
from web.access import actor, role_required

section("admin.areas", "Salas de espera")
section("admin.queues", "Colas")
section("admin.desks", "Mesones")


def _areas() -> list[WaitingArea]:
    return list(db.session.scalars(select(WaitingArea).order_by(WaitingArea.code)))


def _code_help() -> str:
    """The code field's hint, from the rule its error names (validation.CODE_ALLOWED): one example, BOC_2."""
    return f"{validation.CODE_ALLOWED[0].upper()}{validation.CODE_ALLOWED[1:]}."


def _area_options() -> list[tuple[str, str]]:
    return [(a.code, f"{a.name} ({a.code})") for a in _areas()]


def _queues(active_only: bool = False) -> list[Queue]:
    stmt = select(Queue).order_by(Queue.prefix)
    if active_only:
        stmt = stmt.where(Queue.active.is_(True))
    return list(db.session.scalars(stmt))


# --- areas ---------------------------------------------------------------------------------------------

@bp.get("/salas")
@role_required(*SUPERVISORS)
def areas():
    return render_template("admin/areas.html", areas=_areas())


@bp.route("/salas/nueva", methods=["GET", "POST"], defaults={"area_id": None})
@bp.route("/salas/<int:area_id>", methods=["GET", "POST"])
@role_required(*SUPERVISORS)
def area_edit(area_id: int | None):
    area = db.get_or_404(WaitingArea, area_id) if area_id else None
    if request.method == "POST":
        try:
            office.save_area(area_id, code=forms.text("code"), name=forms.text("name"),
                                directions=forms.text("directions"), actor=actor())
        except DomainError as error:  # re-render with what was typed, not a redirect that would lose it
            return forms.refill(error, "admin/area_edit.html", area=area)
        flash("Sala de espera guardada.", "ok")
        return redirect(url_for("admin.areas"))
    values = forms.values(code=area.code, name=area.name, directions=area.directions) if area else forms.values()
    return render_template("admin/area_edit.html", area=area, values=values)


@bp.post("/salas/<int:area_id>/eliminar")
@role_required(*SUPERVISORS)
def area_delete(area_id: int):
    flash(office.delete_area(area_id, actor=actor()), "ok")
    return redirect(url_for("admin.areas"))


# --- queues --------------------------------------------------------------------------------------------

@bp.get("/colas")
@role_required(*SUPERVISORS)
def queues():
    return render_template("admin/queues.html", queues=_queues())


@bp.route("/colas/nueva", methods=["GET", "POST"], defaults={"queue_id": None})
@bp.route("/colas/<int:queue_id>", methods=["GET", "POST"])
@role_required(*SUPERVISORS)
def queue_edit(queue_id: int | None):
    queue = db.get_or_404(Queue, queue_id) if queue_id else None
    context = {"queue": queue, "area_options": _area_options(), "code_help": _code_help()}
    if request.method == "POST":
        try:
            saved = office.save_queue(
                queue_id, code=forms.text("code"), prefix=forms.text("prefix"), name=forms.text("name"),
                area=forms.text("area"), sla_minutes=forms.text("sla_minutes"),
                default_service_minutes=forms.text("default_service_minutes"), active=forms.flag("active"),
                daily_quota=forms.text("daily_quota"), opens_at=forms.text("opens_at"),
                closes_at=forms.text("closes_at"), actor=actor())
        except DomainError as error:  # re-render with what was typed, not a redirect that would lose it
            return forms.refill(error, "admin/queue_edit.html", **context)
        flash(saved.message, "ok")  # names the desks that moved with it
        return redirect(url_for("admin.queues"))
    if queue:
        values = forms.values(code=queue.code, prefix=queue.prefix, name=queue.name, area=queue.area.code,
                              sla_minutes=queue.sla_minutes, default_service_minutes=queue.default_service_minutes,
                              active=queue.active, daily_quota=queue.daily_quota or "",
                              opens_at=queue.opens_at.strftime("%H:%M") if queue.opens_at else "",
                              closes_at=queue.closes_at.strftime("%H:%M") if queue.closes_at else "")
    else:
        values = forms.values(sla_minutes=15, default_service_minutes=8, active=True)
    return render_template("admin/queue_edit.html", values=values, **context)


@bp.post("/colas/<int:queue_id>/eliminar")
@role_required(*SUPERVISORS)
def queue_delete(queue_id: int):
    flash(office.delete_queue(queue_id, actor=actor()), "ok")
    return redirect(url_for("admin.queues"))


# --- desks ---------------------------------------------------------------------------------------------

@bp.get("/mesones")
@role_required(*SUPERVISORS)
def desks():
    # Each desk's room and queues with their rooms in three more statements, not a few per desk.
    rows = list(db.session.scalars(select(Desk).order_by(Desk.area_id, Desk.code).options(
        selectinload(Desk.area), selectinload(Desk.queue_links).selectinload(DeskQueue.queue))))
    misplaced = {desk.id: desk_room.misplaced(desk.area, desk.queues) for desk in rows if desk.active}
    return render_template("admin/desks.html", desks=rows, misplaced=misplaced)


def _served_from_form() -> list[str]:
    """Checked queues, ordered by the number typed beside each (then by the list's order)."""
    chosen = forms.many("queues")
    order = {code: request.form.get(f"order_{code}", "") for code in chosen}
    return sorted(chosen, key=lambda code: (validation.record_id(order[code]) or 999, chosen.index(code)))


@bp.route("/mesones/nuevo", methods=["GET", "POST"], defaults={"desk_id": None})
@bp.route("/mesones/<int:desk_id>", methods=["GET", "POST"])
@role_required(*SUPERVISORS)
def desk_edit(desk_id: int | None):
    desk = db.get_or_404(Desk, desk_id) if desk_id else None
    context = {"desk": desk, "area_options": _area_options(), "all_queues": _queues(active_only=True),
               "code_help": _code_help()}
    if request.method == "POST":
        try:
            office.save_desk(desk_id, code=forms.text("code"), name=forms.text("name"),
                                spoken_name=forms.text("spoken_name"), area=forms.text("area"),
                                queues=_served_from_form(), active=forms.flag("active"), actor=actor())
        except DomainError as error:  # re-render with what was typed, not a redirect that would lose it
            return forms.refill(error, "admin/desk_edit.html", **context)
        flash("Mesón guardado.", "ok")
        return redirect(url_for("admin.desks"))
    if desk:
        served = [link.queue.code for link in desk.queue_links]
        values = forms.values(code=desk.code, name=desk.name, spoken_name=desk.spoken_name, area=desk.area.code,
                              queues=served, active=desk.active,
                              **{f"order_{code}": position + 1 for position, code in enumerate(served)})
    else:
        values = forms.values(active=True)
    return render_template("admin/desk_edit.html", values=values, **context)


@bp.post("/mesones/<int:desk_id>/eliminar")
@role_required(*SUPERVISORS)
def desk_delete(desk_id: int):
    flash(office.delete_desk(desk_id, actor=actor()), "ok")
    return redirect(url_for("admin.desks"))
