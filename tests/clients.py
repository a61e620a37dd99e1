"""A test client whose requests run like production requests.

The `app` fixture keeps an app context pushed so tests can call core directly. Flask reuses a pushed app
context for test-client requests, so every request of a test would share one `g` (Flask-WTF's cached CSRF
token, `g.device`) and one database session. This client runs each request in an empty `contextvars`
context instead: the request pushes its own app context, `g` and session, as under a real server.
"""

from __future__ import annotations

import contextvars
from typing import Any

from flask.testing import FlaskClient


class IsolatedClient(FlaskClient):
    def open(self, *args: Any, **kwargs: Any) -> Any:
        return contextvars.Context().run(super().open, *args, **kwargs)
