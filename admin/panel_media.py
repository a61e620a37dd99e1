"""Admin → the panels' image or video slot, per waiting area or for every panel."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from admin.blueprint import bp, section
from core.extensions import db
from core.models import WaitingArea
from core.panels import media_slot
from core.realtime.broadcast import ALL_AREAS
from core.roles import SUPERVISORS
from web.access import actor, role_required

section("admin.panel_media_page", "Imagen de los paneles")


@bp.get("/paneles/imagen")
@role_required(*SUPERVISORS)
def panel_media_page():
    areas = [(ALL_AREAS, "Todas las salas"),
             *((a.code, a.name) for a in db.session.scalars(select(WaitingArea).order_by(WaitingArea.code)))]
    instance = current_app.instance_path
    rows = []
    for code, name in areas:
        media = media_slot.media_for(instance, code)
        own = media is not None and media["name"].split(".")[0] == code
        rows.append({"code": code, "name": name, "media": media if own else None,
                     "inherited": media if media is not None and not own else None})
    return render_template("admin/panel_media.html", rows=rows, max_mb=media_slot.MAX_BYTES // (1024 * 1024))


@bp.post("/paneles/imagen/<area>")
@role_required(*SUPERVISORS)
def panel_media_upload(area: str):
    upload = request.files.get("file")
    name = media_slot.save(area, upload.filename if upload else "", upload.read() if upload else b"",
                           instance_path=current_app.instance_path, actor=actor())
    flash(f"Archivo {name} guardado: los paneles lo muestran ahora.", "ok")
    return redirect(url_for("admin.panel_media_page"))


@bp.post("/paneles/imagen/<area>/quitar")
@role_required(*SUPERVISORS)
def panel_media_remove(area: str):
    removed = media_slot.remove(area, instance_path=current_app.instance_path, actor=actor())
    flash("Imagen quitada de los paneles." if removed else "Esa sala no tenía imagen propia.", "ok")
    return redirect(url_for("admin.panel_media_page"))
