"""A kiosk request that meets a locked SQLite database answers a Spanish 503 «intente de nuevo», never a 500,
and the kiosk's retry with the same idempotency key then gives exactly one ticket."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from core.extensions import db
from core.models import Ticket
from tests.apps import busy_sqlite_app
from tests.builders import make_transaction
from tests.helpers import bearer, device_token


@pytest.fixture
def busy_app(tmp_path: Path) -> Iterator[Flask]:
    """An app whose writes wait 0.2 s for SQLite's lock (production waits 15 s) before giving up."""
    with busy_sqlite_app(tmp_path, 0.2) as application:
        yield application


@pytest.fixture
def other_writer(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection to the same file (a long import, a backup) that the test makes hold the write lock."""
    other = sqlite3.connect(tmp_path / "turnero.db", isolation_level=None)
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def test_locked_database_answers_503_and_the_retry_issues_one_ticket(busy_app, other_writer) -> None:
    """While another writer holds the lock the kiosk gets 503 `busy` in Spanish; the same request afterwards
    issues the ticket, and sending it once more returns that same ticket."""
    token = device_token("kiosk")
    no_check_tx = make_transaction().code  # no account check: the request goes straight to the numbering write
    db.session.commit()
    client = busy_app.test_client()
    body = {"transaction": no_check_tx, "idempotency_key": "kiosk-locked-0001"}

    other_writer.execute("BEGIN IMMEDIATE")
    locked = client.post("/api/v1/tickets", json=body, headers=bearer(token))
    assert locked.status_code == 503, locked.get_data(as_text=True)
    error = locked.get_json()["error"]
    assert error["code"] == "busy" and "intente de nuevo" in error["message"]

    other_writer.execute("ROLLBACK")
    retried = client.post("/api/v1/tickets", json=body, headers=bearer(token))
    again = client.post("/api/v1/tickets", json=body, headers=bearer(token))
    assert retried.status_code == 201 and again.status_code == 201
    assert retried.get_json()["ticket"]["number"] == again.get_json()["ticket"]["number"]
    assert db.session.scalar(select(func.count(Ticket.id))) == 1
