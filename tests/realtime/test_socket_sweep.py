"""Access ended where its message reaches no server (`flask revoke-token` on a host without Redis, a message
published while Redis restarts): the server's sweep disconnects the sockets it opened anyway
(web/socket_sweep.py), and leaves every other socket alone. Real python-socketio clients against a live server;
the message is lost as a command's would be: `sessions.end` does nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from core.actors import SYSTEM
from core.extensions import db
from core.models import User
from core.people import management, users
from core.realtime import sessions
from tests.builders import make_area
from tests.helpers import make_user, token_for
from tests.realtime.live import WAIT, browser_session, cookie_header, listen
from web import socket_sweep


@pytest.fixture
def quick_sweeps(app) -> None:
    app.config["SOCKET_SWEEP_EVERY_S"] = 0.2  # a fifth of a second, not 30


def lost(monkeypatch: pytest.MonkeyPatch, change: Callable[[], object]) -> None:
    """`change`, made by a process whose disconnect message reaches no server."""
    with monkeypatch.context() as patched:
        patched.setattr(sessions, "end", lambda _room: None)
        change()


def test_a_token_revoked_by_a_command_disconnects_its_socket_and_no_other(live_server, listeners, quick_sweeps,
                                                                       monkeypatch) -> None:
    """`revoke-token ID` on a host without Redis: the integration's socket is disconnected by the next sweep;
    a panel and a signed-in agent, whose access stands, stay connected through that sweep."""
    token = token_for("integracion", "supervisor")
    make_user("asesora-z", "agent")
    db.session.commit()
    integration = listen(listeners, live_server.url, {"token": token})
    _device, panel_token = users.create_device("panel", "panel-queda", area=make_area().code)
    panel = listen(listeners, live_server.url, {"token": panel_token})
    panel.wait_for("snapshot")
    agent = listen(listeners, live_server.url, {}, headers=cookie_header(browser_session(live_server.url,
                                                                                           "asesora-z")))
    row = users.api_token(token)
    lost(monkeypatch, lambda: users.revoke_token(row.id))
    assert integration.gone.wait(WAIT), "the revoked token's socket is still connected"
    assert not panel.gone.is_set() and not agent.gone.is_set()
    assert panel.sio.connected and agent.sio.connected


def test_a_device_given_a_new_token_elsewhere_loses_the_old_tokens_socket(live_server, listeners, quick_sweeps,
                                                                         monkeypatch) -> None:
    """A panel token rotated where no message reaches this server: the socket opened with the old token goes;
    one opened with the new token stays."""
    area = make_area().code
    created, old_token = users.create_device("panel", "panel-rotado", area=area)
    old = listen(listeners, live_server.url, {"token": old_token})
    old.wait_for("snapshot")
    new_token = ""

    def rotate() -> None:
        nonlocal new_token
        new_token = users.rotate_device_token(created.id)

    lost(monkeypatch, rotate)
    new = listen(listeners, live_server.url, {"token": new_token})
    new.wait_for("snapshot")
    assert old.gone.wait(WAIT), "the old token's socket is still connected"
    assert not new.gone.is_set() and new.sio.connected


def test_a_user_disabled_elsewhere_loses_their_browser_socket(live_server, listeners, quick_sweeps,
                                                              monkeypatch) -> None:
    """A user disabled by another instance whose message was lost: their console's socket goes."""
    make_user("asesor-w", "agent")
    db.session.commit()
    browser = browser_session(live_server.url, "asesor-w")
    console = listen(listeners, live_server.url, {}, headers=cookie_header(browser))
    user_id = db.session.scalar(db.select(User.id).where(User.username == "asesor-w"))
    lost(monkeypatch, lambda: management.set_active(user_id, False, actor=SYSTEM))
    assert console.gone.wait(WAIT), "the disabled user's socket is still connected"


def test_a_sweep_closes_exactly_the_sockets_whose_access_ended(app, live_server, listeners, monkeypatch) -> None:
    """A sweep run by hand (the loop's is 30 s away) closes the one socket whose token was revoked, not the
    live panel's."""
    _device, panel_token = users.create_device("panel", "panel-vivo", area=make_area().code)
    panel = listen(listeners, live_server.url, {"token": panel_token})
    panel.wait_for("snapshot")
    token = token_for("integracion-v", "supervisor")
    integration = listen(listeners, live_server.url, {"token": token})
    row = users.api_token(token)
    lost(monkeypatch, lambda: users.revoke_token(row.id))
    with app.app_context():
        assert socket_sweep.sweep() == 1
    assert integration.gone.wait(WAIT)
    assert panel.sio.connected and not panel.gone.is_set()
