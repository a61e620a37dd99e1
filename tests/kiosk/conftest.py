"""Fixtures for the kiosk area: demo data, a signed-in kiosk and a signed-in reception adviser."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient

from tests.helpers import login, make_user
from tests.kiosk.helpers import fresh_csrf


@dataclass
class Session:
    client: FlaskClient
    csrf: str

    def post(self, url: str, json: object = None, **kwargs: object):
        headers = {"X-CSRFToken": self.csrf, "Accept": "application/json"}
        return self.client.post(url, json=json, headers=headers, **kwargs)

    def get(self, url: str, **kwargs: object):
        return self.client.get(url, headers={"Accept": "application/json"}, **kwargs)


@pytest.fixture
def kiosk(app, demo) -> Session:
    client = app.test_client()
    assert client.get(f"/kiosk?token={demo.kiosk_token}").status_code == 302
    return Session(client, fresh_csrf(client, "/kiosk"))


@pytest.fixture
def reception(app, demo) -> Session:
    make_user("recepcion1", "reception")
    client = app.test_client()
    login(client, "recepcion1")
    return Session(client, fresh_csrf(client, "/recepcion"))
