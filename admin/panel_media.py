"""Admin → the panels' image or video slot, per waiting area or for every panel."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from admin import bp, section
from core import clock, panel_media
from core.access import actor, role_required
from core.broadcast import ALL_AREAS
from core.errors import DomainError
from core.extensions import db
from core.models import WaitingArea

section("admin.panel_media_page", "Imagen de los paneles")


@bp.get("/paneles/imagen")
@role_required("supervisor")
def panel_media_page():  # noqa: ANN201
    areas = [(ALL_AREAS, "Todas las salas"),
             *((a.code, a.name) for a in db.session.scalars(select(WaitingArea).order_by(WaitingArea.code)))]
    instance = current_app.instance_path
    rows = []
    for code, name in areas:
        media = panel_media.media_for(instance, code)
        own = media is not None and media["name"].split(".")[0] == code
        rows.append({"code": code, "name": name, "media": media if own else None,
                     "inherited": media if media is not None and not own else None})
    return render_template("admin/panel_media.html", rows=rows, max_mb=panel_media.MAX_BYTES // (1024 * 1024))


@bp.post("/paneles/imagen/<area>")
@role_required("supervisor")
def panel_media_upload(area: str):  # noqa: ANN201
    upload = request.files.get("file")
    try:
        name = panel_media.save(area, upload.filename if upload else "", upload.read() if upload else b"",
                                instance_path=current_app.instance_path, actor=actor(), now=clock.now())
        flash(f"Archivo {name} guardado: los paneles lo muestran ahora.", "ok")
    except DomainError as error:
        flash(error.message, "error")
    return redirect(url_for("admin.panel_media_page"))


@bp.post("/paneles/imagen/<area>/quitar")
@role_required("supervisor")
def panel_media_remove(area: str):  # noqa: ANN201
    try:
        removed = panel_media.remove(area, instance_path=current_app.instance_path, actor=actor(), now=clock.now())
        flash("Imagen quitada de los paneles." if removed else "Esa sala no tenía imagen propia.", "ok")
    except DomainError as error:
        flash(error.message, "error")
    return redirect(url_for("admin.panel_media_page"))
