"""The panels' optional image or video slot: one file per waiting area (or ALL) under instance/panel-media/.

Admin uploads it; panels learn of a change through `config_changed` and take it from their snapshot, so a
TV shows the new picture without anyone touching it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from core import lookups
from core.actors import Actor
from core.errors import Invalid
from core.realtime import config_events
from core.realtime.broadcast import ALL_AREAS
from core.roles import SUPERVISORS, require
from core.tx import unit_of_work

MEDIA_TYPES = {".jpg": "image", ".jpeg": "image", ".png": "image", ".webp": "image", ".mp4": "video",
               ".webm": "video"}
MAX_BYTES = 50 * 1024 * 1024
# The first bytes of each accepted format: the extension alone proves nothing.
SIGNATURES = {".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG\r\n\x1a\n",),
              ".webp": (b"RIFF",), ".mp4": (), ".webm": (b"\x1a\x45\xdf\xa3",)}


def folder(instance_path: str) -> Path:
    return Path(instance_path) / "panel-media"


def _stem(area_code: str) -> str:
    code = area_code.strip().upper()
    if code != ALL_AREAS:
        code = lookups.area(code).code.upper()
    return code


def media_for(instance_path: str, area_code: str) -> dict[str, Any] | None:
    """The file a panel of this area shows: its own, else the one for every area; None when there is none."""
    base = folder(instance_path)
    for stem in dict.fromkeys((area_code.upper(), ALL_AREAS)):
        for ext, kind in MEDIA_TYPES.items():
            path = base / f"{stem}{ext}"
            if path.is_file():
                return {"name": path.name, "kind": kind, "version": int(path.stat().st_mtime)}
    return None


def _looks_like(ext: str, data: bytes) -> bool:
    if ext == ".mp4":
        return data[4:8] == b"ftyp"
    if ext == ".webp":
        return data.startswith(b"RIFF") and data[8:12] == b"WEBP"
    return any(data.startswith(sig) for sig in SIGNATURES[ext])


def _check(actor: Actor) -> None:
    require(actor, SUPERVISORS, "Solo la supervisión cambia la imagen de los paneles.")


def save(area_code: str, filename: str, data: bytes, *, instance_path: str, actor: Actor) -> str:
    """Store the area's image or video (replacing the previous one) and tell its panels."""
    _check(actor)
    ext = Path(filename or "").suffix.lower()
    if ext not in MEDIA_TYPES:
        raise Invalid("Suba una imagen (JPG, PNG, WEBP) o un video (MP4, WEBM).", code="media_type")
    if not data:
        raise Invalid("El archivo está vacío.", code="media_empty")
    if len(data) > MAX_BYTES:
        raise Invalid("El archivo pasa de 50 MB: redúzcalo antes de subirlo.", code="media_too_large")
    if not _looks_like(ext, data):
        raise Invalid(f"El archivo no es un {ext[1:].upper()} válido.", code="media_invalid")
    with unit_of_work():
        stem = _stem(area_code)
        base = folder(instance_path)
        base.mkdir(parents=True, exist_ok=True)
        temporary = base / f".{stem}{ext}.upload"
        temporary.write_bytes(data)
        for old in MEDIA_TYPES:
            (base / f"{stem}{old}").unlink(missing_ok=True)
        os.replace(temporary, base / f"{stem}{ext}")
        _announce(stem)
    return f"{stem}{ext}"


def remove(area_code: str, *, instance_path: str, actor: Actor) -> bool:
    _check(actor)
    with unit_of_work():
        stem = _stem(area_code)
        removed = False
        for ext in MEDIA_TYPES:
            path = folder(instance_path) / f"{stem}{ext}"
            if path.is_file():
                path.unlink()
                removed = True
        if removed:
            _announce(stem)
    return removed


def _announce(stem: str) -> None:
    # The ALL file shows on every panel that has none of its own.
    config_events.config_changed("media", None if stem == ALL_AREAS else [stem])
