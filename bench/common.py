"""A throwaway app for a benchmark: a fresh SQLite file or the throwaway PostgreSQL server, seeded."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from flask import Flask

os.environ.setdefault("SECRET_KEY", "bench-only")


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
