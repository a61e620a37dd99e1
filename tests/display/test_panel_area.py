"""«A panel sees only its own area», decided once (core/panels/board.py `area_for`) for the page, the API and
the live connection."""

from __future__ import annotations

import pytest

from core.actors import SYSTEM, Actor
from core.errors import Forbidden
from core.extensions import socketio
from core.panels import board
from core.people import users
from tests.helpers import bearer, device_token


def panel_actor(area: str) -> Actor:
    device, _token = users.create_device("panel", f"panel-{area}", area=area)
    return Actor.of_device(device)


def test_a_panel_of_one_area_watches_that_area_only(rooms) -> None:
    """Asked for nothing or for its own area, a Plataforma panel gets Plataforma; asked for Mezanine, it is refused."""
    plat_code, mez = rooms
    plat = panel_actor(plat_code)
    assert board.area_for(plat, None) == board.area_for(plat, plat_code.lower()) == plat_code
    with pytest.raises(Forbidden, match="otra sala"):
        board.area_for(plat, mez)


def test_a_panel_of_every_area_and_staff_watch_what_they_ask_for(rooms) -> None:
    plat, mez = rooms
    every = panel_actor("ALL")
    assert (board.area_for(every, mez), board.area_for(every, None)) == (mez, "ALL")
    assert board.area_for(SYSTEM, plat) == plat


def test_the_page_the_api_and_the_socket_refuse_another_area_alike(app, rooms) -> None:
    """A Plataforma panel gets 403 for Mezanine's page and snapshot, and its live connection is refused."""
    plat, mez = rooms
    token = device_token("panel", "panel-plataforma", area=plat)
    client = app.test_client()
    assert client.get(f"/api/v1/display/{mez}/snapshot", headers=bearer(token)).status_code == 403
    assert client.get(f"/display/{mez}", headers=bearer(token)).status_code == 403
    assert not socketio.test_client(app, auth={"token": token, "area": mez}).is_connected()


def test_a_panel_of_every_area_showing_one_area_follows_that_area_live(app, rooms) -> None:
    """The page of an every-area panel opened on /display/<Mezanine> shows Mezanine, and so does its live
    snapshot."""
    mez = rooms[1]
    token = device_token("panel", "panel-todas", area="ALL")
    browser = app.test_client()
    browser.get(f"/display/{mez}?token={token}")
    assert f'data-area="{mez}"' in browser.get(f"/display/{mez}").get_data(as_text=True)
    live = socketio.test_client(app, flask_test_client=browser, auth={"area": mez})
    [snapshot] = [m["args"][0] for m in live.get_received() if m["name"] == "snapshot"]
    assert snapshot["area"] == mez
