"""A test client whose requests run like production requests.

The `app` fixture keeps an app context pushed so tests can call core directly. Flask reuses a pushed app
context for test-client requests, so every request of a test would share one `g` (Flask-WTF's cached CSRF
token, `g.device`) and one database session. This client runs each request in an empty `contextvars`
context instead: the request pushes its own app context, `g` and session, as under a real server.

Around each request the test's own session is committed: before, so the request sees what the test wrote
and no open transaction of the test holds a lock; after, so the test's next read sees what the request
committed instead of an old snapshot.
"""

from __future__ import annotations

import contextvars
from typing import Any

from flask import has_app_context
from flask.testing import FlaskClient

from core.extensions import db


def _settle_test_session() -> None:
    if has_app_context():
        db.session.commit()


class IsolatedClient(FlaskClient):
    def open(self, *args: Any, **kwargs: Any) -> Any:
        _settle_test_session()
        response = contextvars.Context().run(super().open, *args, **kwargs)
        _settle_test_session()
        return response
