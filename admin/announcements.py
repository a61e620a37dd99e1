"""Admin → panel announcements (per waiting area, or for every panel)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from admin import forms
from admin.blueprint import bp, section
from core.errors import DomainError
from core.extensions import db
from core.models import Announcement, WaitingArea
from core.panels import announcements as notices
from core.roles import SUPERVISORS
from web.access import actor, role_required

section("admin.announcements", "Avisos de los paneles")


def _area_options() -> list[tuple[str, str]]:
    areas = db.session.scalars(select(WaitingArea).order_by(WaitingArea.code))
    return [("ALL", "Todas las salas"), *((a.code, a.name) for a in areas)]


@bp.get("/avisos")
@role_required(*SUPERVISORS)
def announcements():
    areas = {a.id: a.name for a in db.session.scalars(select(WaitingArea))}
    return render_template("admin/announcements.html", rows=notices.listing(), areas=areas)


@bp.route("/avisos/nuevo", methods=["GET", "POST"], defaults={"announcement_id": None})
@bp.route("/avisos/<int:announcement_id>", methods=["GET", "POST"])
@role_required(*SUPERVISORS)
def announcement_edit(announcement_id: int | None):
    row = db.get_or_404(Announcement, announcement_id) if announcement_id else None
    context = {"row": row, "area_options": _area_options()}
    if request.method == "POST":
        try:
            notices.save(announcement_id, text=request.form.get("text", ""), area=forms.text("area"),
                         position=forms.text("position"), active=forms.flag("active"), actor=actor())
        except DomainError as error:  # re-render with what was typed, not a redirect that would lose it
            return forms.refill(error, "admin/announcement_edit.html", **context)
        flash("Aviso guardado: los paneles lo muestran ahora.", "ok")
        return redirect(url_for("admin.announcements"))
    if row:
        values = forms.values(text=row.text, area=_area_code(row),
                              position=row.position, active=row.active)
    else:
        values = forms.values(area="ALL", position=0, active=True)
    return render_template("admin/announcement_edit.html", values=values, **context)


def _area_code(row: Announcement) -> str:
    area = db.session.get(WaitingArea, row.area_id) if row.area_id else None
    return area.code if area else "ALL"


@bp.post("/avisos/<int:announcement_id>/eliminar")
@role_required(*SUPERVISORS)
def announcement_delete(announcement_id: int):
    notices.delete(announcement_id, actor=actor())
    flash("Aviso eliminado.", "ok")
    return redirect(url_for("admin.announcements"))
