"""`flask print-worker` as a process of its own, as docs/deploy/turnero-print-worker.service runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def print_worker(pg_url: str, folder: Path, **settings: object) -> subprocess.Popen:
    """Start a print worker on `pg_url` (its log: `folder`.log); `settings` are environment overrides, e.g.
    JOB_LEASE_SECONDS, PRINT_POLL_SECONDS, REDIS_URL (absent unless given)."""
    env = {**os.environ, "DATABASE_URL": pg_url, "SECRET_KEY": "x", "TURNERO_INSTANCE": str(folder),
           "PRINTER_NETWORK_ALLOW": "127.0.0.1", "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}
    env.pop("REDIS_URL", None)
    env.update({name: str(value) for name, value in settings.items()})
    log = open(folder.with_suffix(".log"), "w")  # noqa: SIM115 - kept open for the process's lifetime
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "print-worker"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
