"""`make bench`'s HTTP benchmark runs in a small configuration on every CI run, so it cannot rot. Its numbers
are printed, never asserted; what is checked is that every request got its ticket, the desks of the office
phase called, every panel got every call, every kiosk ticket its printout (in the kiosk → printer phase and for
every kiosk customer) and every reconnecting panel its snapshot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_http_benchmark_runs_and_loses_nothing(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, "-m", "bench.http_load", "--config", "sqlite", "--small", "--json",
                           str(out)], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    print(done.stdout)
    [result] = json.loads(out.read_text())
    assert [row["clients"] for row in result["issuing"]] == [1, 8]
    assert all(row["failed"] == 0 and row["requests"] > 0 for row in result["issuing"] + result["floor"])
    assert all(row["desk_failed"] == 0 and row["calls"] > 0 for row in result["office"]), "the desks did not call"
    assert all(row["max_ms"] != float("inf") for row in result["panels"]), "a panel missed a call"
    assert result["printer"]["lost"] == 0, "a kiosk ticket never reached the printer"
    assert all(row["failed"] == 0 and row["printed"] == row["customers"] > 0 for row in result["customers"]), \
        "a kiosk customer got no ticket or no printout"
    assert all(row["without_snapshot"] == 0 for row in result["reconnect"]), "a panel reconnected without its state"
    assert "| SQLite, 1 instance | issue, 8 clients |" in done.stdout
