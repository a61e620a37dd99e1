"""Admin → announcements and settings: saving, validation, and the panels being told to reload."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core import settings
from core.extensions import db, socketio
from core.models import Announcement, Setting
from core.panels import board
from tests.helpers import device_token


@pytest.fixture
def mezanine_panel(app, rooms):
    client = socketio.test_client(app, auth={"token": device_token("panel", "panel-mez", area=rooms[1])})
    assert client.is_connected()
    client.get_received()
    yield client
    client.disconnect()


def announcement(text: str) -> Announcement | None:
    db.session.expire_all()
    return db.session.scalar(select(Announcement).where(Announcement.text == text))


def test_create_announcement_for_one_area(supervisor, rooms) -> None:
    """An announcement for the Mezanine shows on that panel and not on Plataforma's."""
    plat, mez = rooms
    response = supervisor.post("/admin/avisos/nuevo", {"text": "Hoy atendemos hasta las 18:00", "area": mez,
                                                       "position": "1", "active": "1"})
    assert response.status_code == 302
    assert "Hoy atendemos hasta las 18:00" in board.snapshot(mez)["announcements"]
    assert "Hoy atendemos hasta las 18:00" not in board.snapshot(plat)["announcements"]


def test_announcement_change_reaches_the_panel_in_sequence(supervisor, mezanine_panel, rooms) -> None:
    """The Mezanine panel gets `config_changed` with the next sequence number of its room."""
    mez = rooms[1]
    before = board.snapshot(mez)["seq"]
    supervisor.post("/admin/avisos/nuevo", {"text": "Aviso", "area": mez, "active": "1"})
    received = [m for m in mezanine_panel.get_received() if m["name"] == "config_changed"]
    assert len(received) == 1
    assert received[0]["args"][0] == {"what": "announcements", "area": mez, "seq": before + 1}


def test_announcement_for_all_areas_reaches_every_panel(supervisor, mezanine_panel) -> None:
    """An announcement for all areas notifies every area room (here: the Mezanine panel)."""
    supervisor.post("/admin/avisos/nuevo", {"text": "Bienvenidos", "area": "ALL", "active": "1"})
    assert [m["name"] for m in mezanine_panel.get_received()] == ["config_changed"]


def test_empty_announcement_is_refused(supervisor) -> None:
    """An announcement needs its text."""
    response = supervisor.post("/admin/avisos/nuevo", {"text": " ", "area": "ALL", "active": "1"})
    assert response.status_code == 422
    assert "Falta «Texto del aviso»." in response.get_data(as_text=True)


def test_update_announcement(supervisor, rooms) -> None:
    """Editing an announcement changes its text; deactivating hides it from panels."""
    supervisor.post("/admin/avisos/nuevo", {"text": "Texto viejo", "area": "ALL", "active": "1"})
    row_id = announcement("Texto viejo").id
    supervisor.post(f"/admin/avisos/{row_id}", {"text": "Texto nuevo", "area": "ALL", "position": "0"})
    assert announcement("Texto nuevo").active is False
    assert "Texto nuevo" not in board.snapshot(rooms[0])["announcements"]


def test_delete_announcement(supervisor) -> None:
    """A deleted announcement is gone."""
    supervisor.post("/admin/avisos/nuevo", {"text": "Temporal", "area": "ALL", "active": "1"})
    supervisor.post(f"/admin/avisos/{announcement('Temporal').id}/eliminar")
    assert announcement("Temporal") is None


def test_save_settings(supervisor) -> None:
    """The settings form stores each value with its type."""
    values = {**{k: str(v) for k, v in settings.all_settings().items()},
              "preferential_ratio": "3", "kiosk_idle_seconds": "60", "debt_payment_places": "Cajas de planta baja"}
    assert supervisor.post("/admin/parametros", values).status_code == 302
    db.session.expire_all()
    assert settings.get("preferential_ratio") == 3 and settings.get("kiosk_idle_seconds") == 60
    assert settings.get("debt_payment_places") == "Cajas de planta baja"


def test_setting_out_of_range_saves_nothing(supervisor) -> None:
    """One invalid value rejects the whole form, with the setting's name in the message."""
    values = {**{k: str(v) for k, v in settings.all_settings().items()},
              "preferential_ratio": "3", "panel_history": "50"}
    response = supervisor.post("/admin/parametros", values)
    assert response.status_code == 422
    assert "«Llamadas anteriores en el panel» debe estar entre 0 y 20." in response.get_data(as_text=True)
    assert db.session.get(Setting, "preferential_ratio") is None


def test_every_wrong_setting_is_named_at_once(supervisor) -> None:
    """Two wrong values, two sentences: the form named only the first, and the second came after another submit."""
    values = {**{k: str(v) for k, v in settings.all_settings().items()}, "panel_history": "50",
              "normal_max_wait_min": "veinte"}
    page = supervisor.post("/admin/parametros", values).get_data(as_text=True)
    assert "«Llamadas anteriores en el panel» debe estar entre 0 y 20." in page and "debe ser un número entero" in page


def test_setting_must_be_a_number(supervisor) -> None:
    """A number setting refuses text."""
    response = supervisor.post("/admin/parametros", {"normal_max_wait_min": "veinte"})
    assert response.status_code == 422
    assert "debe ser un número entero" in response.get_data(as_text=True)


def test_settings_change_tells_panels(supervisor, mezanine_panel) -> None:
    """Changing a setting (e.g. the panel history) makes every panel reload."""
    supervisor.post("/admin/parametros", {"panel_history": "5"})
    assert [m["name"] for m in mezanine_panel.get_received()] == ["config_changed"]
