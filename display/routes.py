"""The waiting-room panel page, the audio of its announcements, and its optional image or video."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, render_template, request, send_file, send_from_directory

from core import settings
from core.errors import NotFound
from core.panels import board, health, media_slot, tts
from core.roles import FRONT_OFFICE
from display.blueprint import bp
from web.access import actor, device_required, role_required


@bp.get("/display/<area>")
@device_required("panel", staff_roles=FRONT_OFFICE)
def panel(area: str):
    snapshot = board.snapshot_for(actor(), area)
    voice = "server" if tts.available(current_app.config["TTS_COMMAND"]) else "browser"
    return render_template("display/panel.html", snapshot=snapshot, voice=voice, media=snapshot["media"],
                           history_limit=int(settings.get("panel_history")), report_every_s=health.REPORT_EVERY_S)


@bp.get("/display/audio/<key>.wav")
@role_required(*FRONT_OFFICE, devices=("panel",))
def audio(key: str):
    config = current_app.config
    path = tts.render(request.args.get("t", ""), key, voice=config["TTS_VOICE"], secret=config["SECRET_KEY"],
                      cache_dir=Path(current_app.instance_path) / "tts", command=config["TTS_COMMAND"])
    return send_file(path, mimetype="audio/wav", max_age=7 * 24 * 3600, conditional=True)


@bp.get("/display/media/<name>")
@role_required(*FRONT_OFFICE, devices=("panel",))
def media(name: str):
    if Path(name).suffix.lower() not in media_slot.MEDIA_TYPES:
        raise NotFound("No existe ese archivo.")
    return send_from_directory(media_slot.folder(current_app.instance_path), name, max_age=3600)
