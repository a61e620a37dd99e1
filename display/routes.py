"""The waiting-room panel page, the audio of its announcements, and its optional image or video."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, g, render_template, request, send_file, send_from_directory

from core import display, settings, tts
from core.access import device_required, role_required
from core.errors import Forbidden, NotFound
from display import bp

STAFF_VIEWERS = ("supervisor", "reception", "agent")
MEDIA_TYPES = {".jpg": "image", ".jpeg": "image", ".png": "image", ".webp": "image", ".mp4": "video",
               ".webm": "video"}


def _media_dir() -> Path:
    return Path(current_app.instance_path) / "panel-media"


def _media_for(area: str) -> dict[str, str] | None:
    """instance/panel-media/<AREA>.<ext> (or ALL.<ext>), if present: the panel's image or video slot."""
    folder = _media_dir()
    for stem in (area.upper(), "ALL"):
        for ext, kind in MEDIA_TYPES.items():
            if (folder / f"{stem}{ext}").is_file():
                return {"name": f"{stem}{ext}", "kind": kind}
    return None


@bp.get("/display/<area>")
@device_required("panel", staff_roles=STAFF_VIEWERS)
def panel(area: str):  # noqa: ANN201
    device = g.get("device")
    if device is not None and device.area is not None and device.area.code.upper() != area.upper():
        raise Forbidden("Este panel pertenece a otra sala de espera.")
    snapshot = display.snapshot(area)
    voice = "server" if tts.available(current_app.config["TTS_COMMAND"]) else "browser"
    return render_template("display/panel.html", snapshot=snapshot, voice=voice, media=_media_for(snapshot["area"]),
                           history_limit=int(settings.get("panel_history")))


@bp.get("/display/audio/<key>.wav")
@role_required(*STAFF_VIEWERS, devices=("panel",))
def audio(key: str):  # noqa: ANN201
    config = current_app.config
    path = tts.render(request.args.get("t", ""), key, voice=config["TTS_VOICE"], secret=config["SECRET_KEY"],
                      cache_dir=Path(current_app.instance_path) / "tts", command=config["TTS_COMMAND"])
    return send_file(path, mimetype="audio/wav", max_age=7 * 24 * 3600, conditional=True)


@bp.get("/display/media/<name>")
@role_required(*STAFF_VIEWERS, devices=("panel",))
def media(name: str):  # noqa: ANN201
    if Path(name).suffix.lower() not in MEDIA_TYPES:
        raise NotFound("No existe ese archivo.")
    return send_from_directory(_media_dir(), name, max_age=3600)
