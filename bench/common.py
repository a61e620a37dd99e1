"""A throwaway app for a benchmark: a fresh SQLite file or the throwaway PostgreSQL server, seeded."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from flask import Flask

os.environ.setdefault("SECRET_KEY", "bench-only")


# What every benchmark issues and calls: a trámite with no account check, routed to the BOC queue, whose desks
# BOC1 and BOC2 serve the waiting room MEZ.
ISSUE_TX = "PV_RECLAMO_FACT"
DESK, AREA = "BOC1", "MEZ"
DESKS = ("BOC1", "BOC2")  # the office phase's agents call at both


def kiosk_issue(transaction: str) -> dict[str, str]:
    """The body of a kiosk's `POST /api/v1/tickets`: the trámite and a key of its own for this ticket, as the kiosk
    sends (static/kiosk/kiosk.js), so that a resend never gives a second ticket. The key costs the server a lookup
    (and on PostgreSQL a lock on it: core/tickets/numbering.py)."""
    return {"transaction": transaction, "idempotency_key": uuid.uuid4().hex}


def percentile(values: list[float], share: float) -> float:
    """Nearest rank; NaN for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


@contextmanager
def bench_app(backend: str) -> Iterator[Flask]:
    from tests import services, templates
    from tests.apps import make_app

    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="turnero-bench-")))
        if backend == "postgresql":
            url = stack.enter_context(services.postgres())
            templates.prepare_postgresql(url)
        else:
            url = f"sqlite:///{templates.build_sqlite(tmp)}"
        app = make_app(url, tmp / "instance")
        with app.app_context():
            yield app
            from core.extensions import db

            db.session.remove()
            db.engine.dispose()
