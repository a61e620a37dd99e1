"""The panels' optional image or video slot: one file per waiting area (or ALL) under instance/panel-media/.

Admin uploads it, checked by decoding it (images, with Pillow) or probing its container (videos: MP4 boxes, the
WebM document type); panels learn of a change through `config_changed` and take it from their snapshot, so a TV
shows the new picture without anyone touching it. It is served with `nosniff` (web/headers.py), so a browser
never takes it for anything but its declared type.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path
from typing import Any

from core import lookups
from core.actors import Actor
from core.errors import Invalid
from core.org import changes
from core.realtime import config_events
from core.realtime.broadcast import ALL_AREAS
from core.roles import SUPERVISORS, require
from core.tx import unit_of_work

MEDIA_TYPES = {".jpg": "image", ".jpeg": "image", ".png": "image", ".webp": "image", ".mp4": "video",
               ".webm": "video"}
MAX_BYTES = 50 * 1024 * 1024
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
# ISO base media brands of MP4 files that browsers play.
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"mmp4",
              b"MSNV", b"NDAS", b"f4v "}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
WEBM_DOCTYPE = b"\x42\x82\x84webm"  # the EBML header's DocType element: "webm"


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


def _image_ok(ext: str, data: bytes) -> bool:
    """Decoded whole by Pillow, in the format its extension names (the first bytes alone prove nothing)."""
    from PIL import Image, UnidentifiedImageError  # on an upload only: not in every server's memory

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                img.verify()
            with Image.open(io.BytesIO(data)) as img:
                img.load()
                return img.format == IMAGE_FORMATS[ext]
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return False


def _mp4_ok(data: bytes) -> bool:
    """An ISO media file: a known `ftyp` brand first, then well-formed top-level boxes holding a `moov`."""
    if data[4:8] != b"ftyp" or data[8:12] not in MP4_BRANDS:
        return False
    offset, found = 0, set()
    while offset + 8 <= len(data) and len(found) < 64:
        size, kind = int.from_bytes(data[offset:offset + 4], "big"), data[offset + 4:offset + 8]
        if size == 1 and offset + 16 <= len(data):
            size = int.from_bytes(data[offset + 8:offset + 16], "big")
        elif size == 0:
            size = len(data) - offset
        if size < 8 or not kind.isascii() or not kind.strip(b" ").isalnum():
            return False
        found.add(kind)
        offset += size
    return b"moov" in found


def _webm_ok(data: bytes) -> bool:
    """A Matroska (EBML) file whose header declares the "webm" document type."""
    return data.startswith(EBML_MAGIC) and WEBM_DOCTYPE in data[:64]


def _looks_like(ext: str, data: bytes) -> bool:
    if ext in IMAGE_FORMATS:
        return _image_ok(ext, data)
    return _mp4_ok(data) if ext == ".mp4" else _webm_ok(data)

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
        kind = "Video" if MEDIA_TYPES[ext] == "video" else "Imagen"
        changes.record(actor, "panel_media", "upload", code=stem, name=_area_name(stem),
                       lines=[f"{kind}: {changes.shown(Path(filename).name)} ({_size(len(data))})"])
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
            changes.record(actor, "panel_media", "remove", code=stem, name=_area_name(stem),
                           lines=["Los paneles dejan de mostrar la imagen o el video."])
            _announce(stem)
    return removed


def _area_name(stem: str) -> str:
    return "Todas las salas" if stem == ALL_AREAS else lookups.area(stem).name


def _size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",") if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


def _announce(stem: str) -> None:
    # The ALL file shows on every panel that has none of its own.
    config_events.config_changed("media", None if stem == ALL_AREAS else [stem])
