"""Staff signed in through the real login form: the `supervisor` and `admin` fixtures and any other role
(`signed_in(app, username, *roles)`), one helper for every test that needs a signed-in client and its CSRF token."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import fresh_request_globals, login, make_user


@dataclass
class Staff:
    client: FlaskClient
    csrf: str

    def post(self, url: str, data: dict | None = None, **kwargs: object):
        """A form POST with the page's CSRF token, as the browser sends it."""
        fresh_request_globals()
        return self.client.post(url, data={"csrf_token": self.csrf, **(data or {})}, **kwargs)

    def get(self, url: str, **kwargs: object):
        fresh_request_globals()
        return self.client.get(url, **kwargs)


def signed_in(app: Flask, username: str, *roles: str) -> Staff:
    make_user(username, *roles)
    client = app.test_client()
    return Staff(client, login(client, username))
