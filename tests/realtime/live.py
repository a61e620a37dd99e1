"""Real python-socketio clients for the socket tests: each records what it receives, in order."""

from __future__ import annotations

import functools
import queue
import threading
import time
from typing import Any

import requests
import socketio

from tests.helpers import PASSWORD, csrf_from

WAIT = 15  # seconds: a guard against hanging, not an assertion


class Listener:
    """A python-socketio client that records every event it receives, in order."""

    def __init__(self, url: str, auth: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self.received: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.seen: list[tuple[str, Any]] = []
        self.gone = threading.Event()  # set when the server disconnects this client
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("*", lambda event, data=None: self.received.put((event, data)))
        self.sio.on("disconnect", lambda *_reason: self.gone.set())
        self.sent = 0  # events this client emitted (it only listens)
        emit = self.sio.emit

        def counted_emit(*args: Any, **kwargs: Any) -> None:
            self.sent += 1
            emit(*args, **kwargs)

        self.sio.emit = counted_emit
        self.sio.connect(url, auth=auth, headers=headers or {}, transports=["websocket"], wait_timeout=WAIT)

    def wait_for(self, name: str, **match: Any) -> dict[str, Any]:
        """The next event `name` whose data matches; queue.Empty if it does not come within WAIT seconds."""
        deadline = time.monotonic() + WAIT
        while True:
            event, data = self.received.get(timeout=max(deadline - time.monotonic(), 0.01))
            self.seen.append((event, data))
            if event == name and all(data.get(k) == v for k, v in match.items()):
                return data

    def close(self) -> None:
        # websocket-client's close waits up to 3 s for the server's closing frame, which the client's own read
        # loop consumes first: the wait always ran out. The close packet is sent before that wait.
        ws = getattr(self.sio.eio, "ws", None)
        if ws is not None:
            ws.close = functools.partial(ws.close, timeout=0.1)
        self.sio.disconnect()


def listen(opened: list[Listener], url: str, auth: dict[str, Any], headers: dict[str, str] | None = None) -> Listener:
    listener = Listener(url, auth, headers)
    opened.append(listener)
    return listener


def browser_session(base: str, username: str) -> requests.Session:
    """A signed-in browser (real login form, CSRF included)."""
    browser = requests.Session()
    csrf = csrf_from(browser.get(f"{base}/login", timeout=WAIT).text)
    answer = browser.post(f"{base}/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf},
                          allow_redirects=False, timeout=WAIT)
    assert answer.status_code == 302, answer.text
    return browser


def cookie_header(browser: requests.Session) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in browser.cookies.items())}
