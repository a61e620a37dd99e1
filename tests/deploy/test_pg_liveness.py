"""PostgreSQL connections leave the pool checked without a round trip per checkout (core/pg_liveness.py), and a
unit of work carries on the transaction its caller's read began (core/tx.py): issue 13's kiosk ticket went from
17 round trips to the database to 12. A connection the server dropped is still replaced before a request uses it."""

from __future__ import annotations

import collections
import uuid

import pytest
from flask import Flask
from psycopg import Cursor
from psycopg._connection_base import BaseConnection
from sqlalchemy import create_engine, text

from core.extensions import db
from core.tickets import numbering
from tests.builders import make_counter
from tests.helpers import bearer, device_token
from tests.services import wait_until

pytestmark = pytest.mark.postgres


def _issue(client, kiosk: dict[str, str], tx: str):
    return client.post("/api/v1/tickets", headers=kiosk, json={"transaction": tx, "idempotency_key": uuid.uuid4().hex})


def test_a_kiosk_ticket_sends_no_ping_and_one_transaction(pg_app: Flask, monkeypatch) -> None:
    counter = make_counter()
    kiosk, tx = bearer(device_token("kiosk")), counter.tx
    db.session.commit()
    client = pg_app.test_client()
    assert _issue(client, kiosk, tx).status_code == 201  # the pools hold their connections now
    sent: collections.Counter[str] = collections.Counter()
    execute, command = Cursor.execute, BaseConnection._exec_command

    def counted_execute(self, query, *args, **kwargs):
        sent["ping" if str(query).strip() in (";", "SELECT 1") else "statement"] += 1
        return execute(self, query, *args, **kwargs)

    def counted_command(self, name, *args, **kwargs):
        sent[bytes(name).decode()] += 1
        return command(self, name, *args, **kwargs)

    monkeypatch.setattr(Cursor, "execute", counted_execute)
    monkeypatch.setattr(BaseConnection, "_exec_command", counted_command)
    for _ in range(5):
        assert _issue(client, kiosk, tx).status_code == 201
    assert sent["ping"] == 0
    assert (sent["BEGIN"], sent["COMMIT"]) == (5, 5)  # the caller's read and the issue: one transaction


def test_connections_the_server_dropped_are_replaced_before_a_request_uses_them(pg_app: Flask, pg_url: str) -> None:
    """The server ends the app's pooled connections (as a restart does): the next kiosk still gets its ticket."""
    counter = make_counter()
    kiosk, tx = bearer(device_token("kiosk")), counter.tx
    db.session.commit()
    client = pg_app.test_client()
    assert _issue(client, kiosk, tx).status_code == 201
    db.session.remove()
    pids = []  # the sessions' pooled connection and the counter's (only the app's: the tests' own stay)
    for engine in (db.engine, numbering._autocommit_engine(db.engine)):
        with engine.connect() as connection:
            pids.append(connection.execute(text("SELECT pg_backend_pid()")).scalar())
    killer = create_engine(pg_url)
    with killer.connect() as connection:
        for pid in pids:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    # pg_terminate_backend only signals: wait until those backends are gone, as after a restart. (A request racing
    # a backend still on its way out fails like any request in flight when the database goes.)
    gone = text("SELECT count(*) = 0 FROM pg_stat_activity WHERE pid = ANY(:pids)")
    wait_until(lambda: _scalar(killer, gone, {"pids": pids}), 10, "the ended backends gone")
    killer.dispose()
    response = _issue(client, kiosk, tx)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json["ticket"]["number"].endswith("002")


def _scalar(engine, statement, params):
    with engine.connect() as connection:
        return connection.execute(statement, params).scalar()
