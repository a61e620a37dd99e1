"""The server's memory, step by step, on the production command (issue 13's «≤ 150 MB RSS with 500 panels»).

`python -m bench.memory [--panels 100,500] [--calls 3] [--json FILE]`

One `gunicorn -k gevent -w 1` instance on SQLite (bench/http_servers.py, as `bench.http_load` starts it), read at:
- idle: the worker has imported the app and answered its first page;
- after printing: a kiosk's tickets with their printouts reached the fake printer, so the worker holds what a
  printing worker holds (a production worker takes the «print-worker» lease and prints);
- with N panels connected (the benchmark's asyncio Socket.IO clients, bench/http_load.py), then after `--calls`
  call-nexts reached them all (a message sent allocates what an idle socket has not yet).
For each: the worker's and the master's resident set (`VmRSS`, whose sum the issue's target counts), their
proportional set (`Pss` in /proc/PID/smaps_rollup: a page the two share counted once) and the worker's
anonymous memory (`Anonymous`: the heap, not the libraries' code). Numbers are printed, never asserted. A few
minutes: no issuing phases, so the figures do not include the SQLite pool a burst of 50 kiosks leaves open
(`bench.http_load` reads that case).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import requests

from bench import http_load, http_printer, http_servers
from bench.common import DESK, ISSUE_TX, kiosk_issue
from bench.http_servers import Stack, _kib


def reading(stack: Stack, step: str) -> dict[str, Any]:
    """The memory of the first instance's master and worker now, in MB."""
    master, *workers = stack._pids()
    worker = workers[0]
    row = {"step": step, **stack.memory_mb()}
    row["sum_rss_mb"] = row["worker_rss_mb"] + row["master_rss_mb"]
    row["worker_anon_mb"] = _kib(Path(f"/proc/{worker}/smaps_rollup"), "Anonymous:") / 1024
    row["master_pid"], row["worker_pid"] = master, worker
    return row


def _connect(stack: Stack, panels: int) -> tuple[Any, Any, list[Any], int]:
    """`panels` panels connected (in processes of http_load.PANELS_PER_PROCESS) and their snapshots drained."""
    out, stop, _received, spawned, processes = http_load.connect_panels(stack, panels)
    time.sleep(1.0)  # the snapshots every panel gets on connect
    return out, stop, spawned, processes


def _calls(stack: Stack, out: Any, processes: int, calls: int) -> None:
    """`calls` issue + call-next + finish, each waited for at every panel process."""
    session = requests.Session()
    agent = {"Authorization": f"Bearer {stack.agent}"}
    kiosk = {"Authorization": f"Bearer {stack.kiosk}"}
    for _ in range(calls):
        session.post(f"{stack.urls[0]}/api/v1/tickets", json=kiosk_issue(ISSUE_TX), headers=kiosk, timeout=30)
        answer = session.post(f"{stack.urls[0]}/api/v1/desks/{DESK}/call-next", headers=agent, timeout=30)
        http_load._drain(out, "ticket_called", processes, answer.json()["ticket"]["number"])
        session.post(f"{stack.urls[0]}/api/v1/desks/{DESK}/finish", json={"outcome": "Atendido"}, headers=agent,
                     timeout=30)
        http_load._drain(out, "calls_changed", processes)
    time.sleep(0.5)


def run(panel_counts: list[int], calls: int) -> list[dict[str, Any]]:
    rows = []
    with http_servers.turnero("sqlite") as stack:
        rows.append(reading(stack, "idle"))
        http_printer.kiosk_to_printer(stack, 3)
        rows.append(reading(stack, "after printing"))
        for panels in panel_counts:
            out, stop, spawned, processes = _connect(stack, panels)
            rows.append(reading(stack, f"{panels} panels"))
            _calls(stack, out, processes, calls)
            rows.append(reading(stack, f"{panels} panels, after {calls} calls"))
            stop.set()
            for proc in spawned:
                proc.join(60)
            time.sleep(1.0)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| step | worker RSS | master RSS | sum | PSS (both) | worker anonymous |",
             "| --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {r['step']} | {r['worker_rss_mb']:.1f} | {r['master_rss_mb']:.1f} | **{r['sum_rss_mb']:.1f}** | "
              f"{r['pss_mb']:.1f} | {r['worker_anon_mb']:.1f} |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--panels", default="100,500", help="panel counts, connected one after the other")
    parser.add_argument("--calls", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    rows = run([int(n) for n in args.panels.split(",")], args.calls)
    print(table(rows), flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
