"""Panel media are checked for what they are, not for their first bytes: images are decoded by Pillow in the
format their extension names, videos must have a real MP4 box structure or a WebM header; what is stored is
served with `nosniff`."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from core.actors import SYSTEM
from core.errors import Invalid
from core.panels import board, media_slot
from tests.helpers import bearer, device_token


def image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 18), "green").save(out, fmt)
    return out.getvalue()


def box(kind: bytes, body: bytes = b"") -> bytes:
    return (8 + len(body)).to_bytes(4, "big") + kind + body


MP4 = box(b"ftyp", b"isom\0\0\2\0isomiso2mp41") + box(b"moov", box(b"mvhd", b"\0" * 100)) + box(b"mdat", b"\0" * 64)
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm\x42\x87\x81\x04" + b"\0" * 64


def save(app, area: str, name: str, data: bytes) -> str:
    return media_slot.save(area, name, data, instance_path=app.instance_path, actor=SYSTEM)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("magia.png", b"\x89PNG\r\n\x1a\n" + b"<script>alert(1)</script>" * 8, "no es un PNG válido"),
    ("cortada.jpg", image("JPEG")[:40], "no es un JPG válido"),
    ("disfrazada.jpg", image("PNG"), "no es un JPG válido"),
    ("riff.webp", b"RIFF\0\0\0\0WEBP" + b"<html>" * 8, "no es un WEBP válido"),
    ("solo-ftyp.mp4", box(b"ftyp", b"isom\0\0\2\0isom") + b"<html><script>x</script></html>", "no es un MP4 válido"),
    ("marca-rara.mp4", box(b"ftyp", b"qt  \0\0\2\0qt  ") + box(b"moov"), "no es un MP4 válido"),
    ("sin-tipo.webm", b"\x1a\x45\xdf\xa3" + b"\0" * 64, "no es un WEBM válido"),
])
def test_files_that_only_start_right_are_refused(app, room, name, data, message) -> None:
    with pytest.raises(Invalid, match=message):
        save(app, room.area.code, name, data)
    assert board.snapshot(room.area.code)["media"] is None


@pytest.mark.parametrize(("name", "data"), [("a.png", image("PNG")), ("a.jpg", image("JPEG")),
                                            ("a.webp", image("WEBP")), ("a.mp4", MP4), ("a.webm", WEBM)])
def test_real_files_are_accepted(app, room, name, data) -> None:
    assert save(app, room.area.code, name, data) == f"{room.area.code}{name[1:]}"


def test_stored_media_is_served_with_nosniff(app, client, room) -> None:
    """A panel fetching its image gets it as an image, with `X-Content-Type-Options: nosniff`."""
    code = room.area.code
    save(app, code, "promo.png", image("PNG"))
    response = client.get(f"/display/media/{code}.png", headers=bearer(device_token("panel", area=code)))
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
