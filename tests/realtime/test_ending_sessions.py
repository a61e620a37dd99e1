"""Revoking a device, rotating its token, disabling a user or revoking an API token ends what is already open:
its sockets disconnect at once (on every instance, through Redis) and its page sessions stop working.
Real python-socketio clients against a live server, and two server processes over a real Redis."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests
import socketio

from core.actors import SYSTEM
from core.extensions import db
from core.models import Device, User
from core.people import management, users
from tests.builders import make_area
from tests.helpers import csrf_from, make_user, token_for
from tests.realtime.instance import running_instance
from tests.realtime.live import WAIT, Listener, browser_session, cookie_header, listen


def admin_post(base: str, path: str) -> requests.Response:
    """What an admin's click on Usuarios/Dispositivos does: a signed-in form post with its CSRF token."""
    if not db.session.scalar(db.select(User).where(User.username == "jefa-admin")):
        make_user("jefa-admin", "admin")
        db.session.commit()
    browser = browser_session(base, "jefa-admin")
    csrf = csrf_from(browser.get(f"{base}/admin/usuarios", timeout=WAIT).text)
    return browser.post(f"{base}{path}", data={"csrf_token": csrf}, allow_redirects=False, timeout=WAIT)


def device(name: str) -> Device:
    db.session.remove()
    return db.session.scalar(db.select(Device).where(Device.name == name))


def test_revoking_a_panel_disconnects_its_socket_at_once(live_server, listeners) -> None:
    """Admin → Dispositivos → Revocar: the panel's open socket is disconnected and cannot reconnect."""
    area = make_area().code
    _device, token = users.create_device("panel", "panel-sala", area=area)
    panel = listen(listeners, live_server.url, {"token": token})
    panel.wait_for("snapshot")
    assert admin_post(live_server.url, f"/admin/dispositivos/{_device.id}/revocar").status_code == 302
    assert panel.gone.wait(WAIT), "the revoked panel is still connected"
    with pytest.raises(socketio.exceptions.ConnectionError):
        Listener(live_server.url, {"token": token})


def test_rotating_ends_the_page_session_and_socket_opened_with_the_old_token(live_server, listeners) -> None:
    """The panel page remembered from the old token answers 401 after a rotation, its socket (opened with that
    session cookie) is disconnected, and the new token's start URL works."""
    area = make_area().code
    base = live_server.url
    created, old_token = users.create_device("panel", "panel-rota", area=area)
    tv = requests.Session()
    assert tv.get(f"{base}/display/{area}?token={old_token}", timeout=WAIT).status_code == 200
    panel = listen(listeners, base, {"area": area}, headers=cookie_header(tv))
    panel.wait_for("snapshot")
    rotated = admin_post(base, f"/admin/dispositivos/{created.id}/token")
    assert rotated.status_code == 200
    new_token = re.search(r"token=([A-Za-z0-9_-]{40,})", rotated.text).group(1)
    assert panel.gone.wait(WAIT), "the socket of the old token is still connected"
    assert tv.get(f"{base}/display/{area}", timeout=WAIT).status_code == 401
    assert requests.get(f"{base}/display/{area}?token={old_token}", timeout=WAIT).status_code == 401
    assert requests.Session().get(f"{base}/display/{area}?token={new_token}", timeout=WAIT).status_code == 200


def test_revoke_then_rotate_keeps_the_device_revoked(live_server) -> None:
    """Rotating a revoked device is refused with a Spanish message; neither token opens the page."""
    area = make_area().code
    base = live_server.url
    created, old_token = users.create_device("panel", "panel-baja", area=area)
    admin_post(base, f"/admin/dispositivos/{created.id}/revocar")
    answer = admin_post(base, f"/admin/dispositivos/{created.id}/token")
    assert answer.status_code == 302 and "token=" not in answer.text
    assert device("panel-baja").revoked_at is not None
    assert requests.get(f"{base}/display/{area}?token={old_token}", timeout=WAIT).status_code == 401


def test_disabling_a_user_disconnects_their_sockets_and_ends_their_sessions(live_server, listeners) -> None:
    """Desactivar: the agent's socket opened with their browser session and the one opened with their API token
    are both disconnected, and the browser session no longer opens the console."""
    base = live_server.url
    api_token = token_for("asesor-x", "agent")
    browser = browser_session(base, "asesor-x")
    by_cookie = listen(listeners, base, {}, headers=cookie_header(browser))
    by_token = listen(listeners, base, {"token": api_token})
    user_id = db.session.scalar(db.select(User.id).where(User.username == "asesor-x"))
    assert admin_post(base, f"/admin/usuarios/{user_id}/estado").status_code == 302
    assert by_cookie.gone.wait(WAIT) and by_token.gone.wait(WAIT)
    console = browser.get(f"{base}/desk", allow_redirects=False, timeout=WAIT)
    assert console.status_code == 302 and "/login" in console.headers["Location"]


def test_enabling_again_does_not_revive_old_sessions(live_server) -> None:
    """Disable then enable: the browser signed in before stays signed out."""
    base = live_server.url
    make_user("asesor-y", "agent")
    db.session.commit()
    browser = browser_session(base, "asesor-y")
    user_id = db.session.scalar(db.select(User.id).where(User.username == "asesor-y"))
    management.set_active(user_id, False, actor=SYSTEM)
    management.set_active(user_id, True, actor=SYSTEM)
    assert browser.get(f"{base}/desk", allow_redirects=False, timeout=WAIT).status_code == 302


def test_revoking_an_api_token_disconnects_the_socket_it_opened(live_server, listeners) -> None:
    """`revoke-token ID` (or Admin → Usuarios): the socket opened with that token disconnects at once."""
    token = token_for("integracion", "supervisor")
    listener = listen(listeners, live_server.url, {"token": token})
    row = users.api_token(token)
    users.revoke_token(row.id)
    assert listener.gone.wait(WAIT)


@pytest.mark.postgres
@pytest.mark.redis
def test_revoking_on_instance_a_disconnects_a_panel_on_instance_b(app, db_url, redis_url, tmp_path: Path,
                                                                  listeners) -> None:
    """Two server processes on one database and Redis: revoking through A's admin disconnects the panel that
    is connected to B."""
    area = make_area().code
    created, token = users.create_device("panel", "panel-b", area=area)
    device_id = created.id
    make_user("jefa-admin", "admin")
    db.session.commit()
    db.session.remove()
    with running_instance(db_url, redis_url, tmp_path / "a") as url_a, \
            running_instance(db_url, redis_url, tmp_path / "b") as url_b:
        panel = listen(listeners, url_b, {"token": token})
        panel.wait_for("snapshot")
        assert admin_post(url_a, f"/admin/dispositivos/{device_id}/revocar").status_code == 302
        assert panel.gone.wait(WAIT), "the panel on instance B is still connected"
