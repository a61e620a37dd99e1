"""Panel pages and announcement audio over HTTP: who may open them, and what they carry."""

from __future__ import annotations

import os

import pytest

from core.actors import SYSTEM
from core.panels import board, tts
from core.tickets import desks, engine
from tests.builders import make_area
from tests.helpers import actor_for, bearer, device_token, login, make_user


@pytest.fixture
def called(app, room):
    """E-001 called at «Mesón 7» of `room`; returns the call as the panel sees it."""
    room.issue()
    desks.call_next(room.desk, actor=actor_for("asesor1", "agent"))
    return board.snapshot(room.area.code)["current"]


def test_panel_token_opens_its_area_and_is_remembered(client, app, room) -> None:
    """?token= signs the TV in once; afterwards the plain URL works from the session cookie."""
    code = room.area.code
    token = device_token("panel", "panel-plataforma", area=code)
    first = client.get(f"/display/{code}?token={token}")
    assert first.status_code == 302 and first.headers["Location"].endswith(f"/display/{code}")
    page = client.get(f"/display/{code}")
    assert page.status_code == 200 and f'data-area="{code}"' in page.get_data(as_text=True)


def test_panel_of_one_area_cannot_open_another(client, app, room) -> None:
    """Another room's TV is refused on this room's panel."""
    other = make_area().code
    token = device_token("panel", "panel-mezanine", area=other)
    client.get(f"/display/{other}?token={token}")
    assert client.get(f"/display/{other}").status_code == 200
    assert client.get(f"/display/{room.area.code}").status_code == 403


def test_panel_without_credentials_is_refused(client, app, room) -> None:
    """No device token and no staff session: no panel."""
    assert client.get(f"/display/{room.area.code}").status_code == 401


def test_panel_page_shows_no_personal_data(client, app, room) -> None:
    """A ticket with an account number: the panel shows its number and desk, never the account."""
    code = room.area.code
    engine.issue_ticket(room.tx, actor=SYSTEM, account="100300")
    desks.call_next(room.desk, actor=actor_for("asesor1", "agent"))
    client.get(f"/display/{code}?token={device_token('panel', 'p', area=code)}")
    html = client.get(f"/display/{code}").get_data(as_text=True)
    assert "E-001" in html and "Mesón 7" in html and "100300" not in html


def test_call_payload_carries_the_sentence_and_its_audio_key(called) -> None:
    """The snapshot's current call says what the panel will announce."""
    assert called["speech"] == "Ficha E cero cero uno, pase a mesón siete"
    assert len(called["audio_key"]) == 32


def test_audio_route_serves_the_rendered_wav_to_a_panel(client, app, called) -> None:
    """GET /display/audio/<key>.wav renders with espeak-ng and answers a RIFF/WAVE file."""
    token = device_token("panel", "p", area=called["area"])
    response = client.get(f"/display/audio/{called['audio_key']}.wav", query_string={"t": called["speech"]},
                          headers=bearer(token))
    body = response.get_data()
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    assert body[:4] == b"RIFF" and body[8:12] == b"WAVE" and len(body) > 20_000


def test_audio_route_refuses_a_sentence_the_server_did_not_sign(client, app, called) -> None:
    """A panel cannot make the waiting room hear an arbitrary text."""
    token = device_token("panel", "p", area=called["area"])
    response = client.get(f"/display/audio/{called['audio_key']}.wav", query_string={"t": "Otra cosa"},
                          headers=bearer(token))
    assert response.status_code == 404


def test_audio_route_needs_a_panel_or_staff(client, app, called) -> None:
    """A kiosk token is not enough to fetch panel audio."""
    kiosk = device_token("kiosk", "k")
    url = f"/display/audio/{called['audio_key']}.wav"
    assert client.get(url, query_string={"t": called["speech"]}, headers=bearer(kiosk)).status_code == 403
    make_user("asesor9", "agent")
    login(client, "asesor9")
    assert client.get(url, query_string={"t": called["speech"]}).status_code == 200


def test_audio_without_espeak_answers_503_for_the_browser_voice(client, app, called) -> None:
    """No espeak-ng on the server: a clear 503 (the panel then uses speechSynthesis) and the page says so."""
    app.config["TTS_COMMAND"] = "espeak-ng-not-installed"
    token = device_token("panel", "p", area=called["area"])
    response = client.get(f"/display/audio/{called['audio_key']}.wav", query_string={"t": called["speech"]},
                          headers={**bearer(token), "Accept": "application/json"})
    assert response.status_code == 503 and response.get_json()["error"]["code"] == tts.TtsUnavailable.code
    client.get(f"/display/{called['area']}?token={token}")
    assert 'data-voice="browser"' in client.get(f"/display/{called['area']}").get_data(as_text=True)


def test_media_slot_shows_the_area_image(client, app, room) -> None:
    """instance/panel-media/<area>.png appears in the panel's image slot and is served to it."""
    code = room.area.code
    folder = app.instance_path + "/panel-media"
    os.makedirs(folder)
    with open(f"{folder}/{code}.png", "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
    client.get(f"/display/{code}?token={device_token('panel', 'p', area=code)}")
    assert f'src="/display/media/{code}.png?v=' in client.get(f"/display/{code}").get_data(as_text=True)
    assert client.get(f"/display/media/{code}.png").status_code == 200
    assert client.get("/display/media/secret.txt").status_code == 404
