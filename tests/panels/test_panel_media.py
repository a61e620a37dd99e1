"""The panels' image or video slot: admin uploads it per area, panels get it in their snapshot."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from core.actors import SYSTEM, Actor
from core.errors import Forbidden, Invalid, NotFound
from core.panels import board, media_slot
from tests.helpers import csrf_from, login, make_user


def png_bytes(color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 9), color).save(out, "PNG")
    return out.getvalue()


def save(app, area: str, name: str, data: bytes, actor: Actor = SYSTEM) -> str:
    return media_slot.save(area, name, data, instance_path=app.instance_path, actor=actor)


def test_area_image_is_in_its_snapshot_and_all_is_the_fallback(app, rooms) -> None:
    """A Plataforma image shows on Plataforma; Mezanine falls back to the image for every area."""
    plat, mez = rooms
    assert board.snapshot(plat)["media"] is None
    save(app, plat, "promo.png", png_bytes())
    save(app, "ALL", "todas.png", png_bytes("blue"))
    assert board.snapshot(plat)["media"]["name"] == f"{plat}.png"
    assert board.snapshot(mez)["media"]["name"] == "ALL.png"
    assert board.snapshot("ALL")["media"]["kind"] == "image"


def test_a_new_upload_replaces_the_old_file_and_remove_clears_it(app, rooms) -> None:
    plat = rooms[0]
    save(app, plat, "a.png", png_bytes())
    save(app, plat, "b.webm", b"\x1a\x45\xdf\xa3\x9f\x42\x82\x84webm" + b"\0" * 64)  # EBML, DocType webm
    media = board.snapshot(plat)["media"]
    assert (media["name"], media["kind"]) == (f"{plat}.webm", "video")
    assert sorted(p.name for p in media_slot.folder(app.instance_path).iterdir()) == [f"{plat}.webm"]
    assert media_slot.remove(plat, instance_path=app.instance_path, actor=SYSTEM)
    assert board.snapshot(plat)["media"] is None


@pytest.mark.parametrize(("name", "data", "message"), [
    ("virus.exe", b"MZ", "Suba una imagen"),
    ("vacio.png", b"", "vacío"),
    ("falso.png", b"GIF89a not a png", "no es un PNG válido"),
    ("falso.mp4", b"\0" * 32, "no es un MP4 válido"),
])
def test_bad_files_are_refused_in_spanish_and_nothing_is_stored(app, rooms, name, data, message) -> None:
    plat = rooms[0]
    with pytest.raises(Invalid, match=message):
        save(app, plat, name, data)
    assert board.snapshot(plat)["media"] is None


def test_unknown_area_and_wrong_role_are_refused(app, rooms) -> None:
    plat = rooms[0]
    with pytest.raises(NotFound):
        save(app, "NOPE", "a.png", png_bytes())
    agent = Actor.of_user(make_user("asesor", "agent"))
    with pytest.raises(Forbidden):
        save(app, plat, "a.png", png_bytes(), actor=agent)


def test_upload_through_admin_tells_the_area_panels(app, rooms, client) -> None:
    """The admin form stores the file and the Plataforma panels get `config_changed` with the next seq."""
    plat = rooms[0]
    from core.extensions import socketio
    from core.people.users import create_device

    _device, token = create_device("panel", "panel-media", area=plat)
    panel = socketio.test_client(app, auth={"token": token})
    panel.get_received()
    make_user("jefa", "supervisor")
    login(client, "jefa")
    csrf = csrf_from(client.get("/admin/paneles/imagen").get_data(as_text=True))
    response = client.post(f"/admin/paneles/imagen/{plat}", data={"csrf_token": csrf,
                                                                "file": (io.BytesIO(png_bytes()), "promo.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert board.snapshot(plat)["media"]["name"] == f"{plat}.png"
    events = [e for e in panel.get_received() if e["name"] == "config_changed"]
    assert events and events[0]["args"][0]["what"] == "media"
    page = client.get("/admin/paneles/imagen").get_data(as_text=True)
    assert f"{plat}.png" in page
    panel.disconnect()
