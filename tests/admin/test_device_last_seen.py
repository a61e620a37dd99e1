"""«Visto por última vez» on /admin/dispositivos says when a device last talked to the server: its API calls, its
pages after the first, its Socket.IO connects and a panel's health reports, not only the page opened with
`?token=` (a kiosk used all day showed «nunca»). It is written at most once a minute per device."""

from __future__ import annotations

import re

from bench.sql_count import statements
from core.extensions import db, socketio
from tests.builders import Counter, make_device
from tests.helpers import FrozenClock, bearer
from tests.staff import Staff


def seen_on_page(admin: Staff, name: str) -> str:
    """The «Visto por última vez» cell of the device's row."""
    html = admin.get("/admin/dispositivos").get_data(as_text=True)
    row = next(r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S) if f"<td>{name}</td>" in r)
    return re.findall(r"<td>(.*?)</td>", row, re.S)[3]


def test_a_kiosk_issuing_through_the_api_is_seen(app, admin: Staff, counter: Counter) -> None:
    """A kiosk that only calls the API with its bearer token shows its latest call, not «nunca»."""
    clock = FrozenClock()  # 09:00 in La Paz
    _kiosk, token = make_device("kiosk", "kiosco-entrada")
    client = app.test_client()
    assert client.post("/api/v1/tickets", json={"transaction": counter.tx}, headers=bearer(token)).status_code == 201
    assert seen_on_page(admin, "kiosco-entrada") == "23 de noviembre de 2026, 09:00"
    clock.advance(hours=3)
    assert client.post("/api/v1/tickets", json={"transaction": counter.tx}, headers=bearer(token)).status_code == 201
    assert seen_on_page(admin, "kiosco-entrada") == "23 de noviembre de 2026, 12:00"


def test_a_kiosk_page_used_from_its_session_is_seen(app, admin: Staff) -> None:
    """Opened once with `?token=`, the kiosk's later pages (its session) keep its last-seen time true."""
    clock = FrozenClock()
    _kiosk, token = make_device("kiosk", "kiosco-sala")
    client = app.test_client()
    assert client.get(f"/kiosk?token={token}").status_code == 302
    clock.advance(hours=2, minutes=15)
    assert client.get("/kiosk").status_code == 200
    assert seen_on_page(admin, "kiosco-sala") == "23 de noviembre de 2026, 11:15"


def test_socket_connects_and_panel_reports_are_seen(app, admin: Staff, counter: Counter) -> None:
    """A survey tablet is seen when its socket connects, a panel by the health report its page sends on every
    connect; a panel on one socket all day is seen again by its reports every 30 s."""
    clock = FrozenClock()
    _panel, panel_token = make_device("panel", "panel-sala", area=counter.area.code)
    _tablet, tablet_token = make_device("survey", "encuesta-meson", desk=counter.desk)
    panel = socketio.test_client(app, auth={"token": panel_token})
    tablet = socketio.test_client(app, auth={"token": tablet_token})
    try:
        assert panel.is_connected() and tablet.is_connected()
        assert panel.emit("panel_health", {"seq": 0, "audio": "ok"}, callback=True)["ok"] is True  # as on connect
        assert seen_on_page(admin, "panel-sala") == "23 de noviembre de 2026, 09:00"
        assert seen_on_page(admin, "encuesta-meson") == "23 de noviembre de 2026, 09:00"
        clock.advance(hours=4)
        assert panel.emit("panel_health", {"seq": 0, "audio": "ok"}, callback=True)["ok"] is True
        assert seen_on_page(admin, "panel-sala") == "23 de noviembre de 2026, 13:00"
    finally:
        panel.disconnect()
        tablet.disconnect()


def test_a_device_is_written_at_most_once_a_minute(app, admin: Staff, counter: Counter) -> None:
    """A second call within the minute writes nothing (the kiosk's issue stays as cheap as before); the first one
    after the minute records the new time."""
    clock = FrozenClock()
    _kiosk, token = make_device("kiosk", "kiosco-rapido")
    client = app.test_client()
    issue = lambda: client.post("/api/v1/tickets", json={"transaction": counter.tx}, headers=bearer(token))  # noqa: E731
    assert issue().status_code == 201
    clock.advance(seconds=50)
    with statements(db.engine) as seen:
        assert issue().status_code == 201
    assert not [s for s in seen if s.startswith("UPDATE device")], seen
    assert seen_on_page(admin, "kiosco-rapido") == "23 de noviembre de 2026, 09:00"
    clock.advance(seconds=20)
    assert issue().status_code == 201
    assert seen_on_page(admin, "kiosco-rapido") == "23 de noviembre de 2026, 09:01"
