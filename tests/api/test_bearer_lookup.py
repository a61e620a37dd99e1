"""A bearer token is a device's or a staff user's, found in one query (users.caller_for_token): each kind still
works, and a revoked token, a revoked device or a disabled user's token identifies nobody."""

from __future__ import annotations

import pytest

from core.actors import SYSTEM
from core.people import management, users
from tests.builders import make_device
from tests.helpers import bearer, token_for

pytestmark = pytest.mark.postgres  # one query over two tables, joined from a bound value: both dialects


def status(app, token: str) -> int:
    return app.test_client().get("/api/v1/queues", headers=bearer(token)).status_code


def test_a_staff_token_and_a_device_token_each_name_their_caller(app) -> None:
    """A supervisor's API token reads the queues; a kiosk's token is known but not allowed there (403)."""
    _kiosk, kiosk_token = make_device("kiosk", "kiosco-lookup")
    assert (status(app, token_for("jefa", "supervisor")), status(app, kiosk_token)) == (200, 403)


def test_a_revoked_token_identifies_nobody(app) -> None:
    token = token_for("jefa", "supervisor")
    [row] = users.tokens_of(users.find_user("jefa").id)
    users.revoke_token(row.id)
    assert status(app, token) == 401


def test_a_disabled_users_token_identifies_nobody(app) -> None:
    token = token_for("jefa", "supervisor")
    management.set_active(users.find_user("jefa").id, False, actor=SYSTEM)
    assert status(app, token) == 401


def test_a_revoked_devices_token_identifies_nobody(app) -> None:
    kiosk, kiosk_token = make_device("kiosk", "kiosco-revocado")
    users.revoke_device(kiosk.id)
    assert status(app, kiosk_token) == 401
