"""A password check under gevent runs in gevent's thread pool, so the worker's loop (panels, kiosks, desks) runs
while scrypt computes (~90 ms of CPU): core/offload.py. Run in a process of its own, patched as gunicorn's gevent
worker patches itself; the test process is not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from core.offload import off_loop
from tests.realtime.live import WAIT

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
from gevent import monkey
monkey.patch_all()
import gevent
from werkzeug.security import check_password_hash, generate_password_hash
from core.offload import off_loop

stored = generate_password_hash("clave-de-prueba", method="scrypt")
ticks = []

def panel():
    while True:
        ticks.append(1)
        gevent.sleep(0)

gevent.spawn(panel)
gevent.sleep(0)
before = len(ticks)
assert off_loop(check_password_hash, stored, "clave-de-prueba") is True
print(len(ticks) - before)
"""


def test_the_loop_runs_while_a_password_is_checked_under_gevent() -> None:
    """Other greenlets ran during the check (none would if scrypt ran on the loop), and the answer is right."""
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=WAIT * 4)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) > 0


def test_without_gevent_the_check_runs_in_the_callers_thread() -> None:
    """The tests, the CLI and the development server are not patched: the call is plain, and gevent not loaded."""
    assert off_loop(lambda a, b: a + b, 2, 3) == 5
    assert "gevent.monkey" not in sys.modules or not sys.modules["gevent.monkey"].is_module_patched("threading")
