"""Kiosk customers over HTTP: what one customer at a kiosk costs the server, not the issue alone.

For each customer the kiosk page asks whether the chosen trámite is open (`GET /kiosk/tramites/<tx>/cupo`, its
«¿Tiene todo?» screen) and issues with the printout (`POST /api/v1/tickets`, `print: true`), as static/kiosk/kiosk.js
does (it hears the printout's end on its socket: no poll); the print worker then sends the ticket to the fake ESC/POS
printer (a real TCP endpoint). `clients` kiosks serve customers back to back; the phase waits until the printer has
every ticket.
"""

from __future__ import annotations

import queue
import time
from typing import Any

from bench import client_pool
from bench.common import ISSUE_TX, kiosk_issue, percentile
from bench.http_printer import CSRF, bind_printer
from bench.http_servers import Stack
from printers.fake import FakePrinter


def _kiosks(urls: list[str], token: str, per_thread: int, start_at: float, offset: int, threads: int,
            out: Any) -> None:
    """`threads` kiosk pages (each its own session and CSRF token), each serving `per_thread` customers."""
    import requests

    latencies: list[float] = []
    failures: list[int] = []  # HTTP status of the step that failed, 0 for a connection that failed
    ends: list[float] = []

    def run(n: int) -> None:
        url = urls[(offset + n) % len(urls)]
        session = requests.Session()
        page = session.get(f"{url}/kiosk?token={token}", timeout=60).text
        headers = {"X-CSRFToken": CSRF.search(page).group(1), "Accept": "application/json"}
        while time.time() < start_at:
            time.sleep(0.001)
        # gunicorn closes a connection idle for 2 s (its keep-alive), and requests does not resend a request that
        # meets one closing: after the wait, new connections (the session's cookie, the kiosk's, stays).
        session.close()
        for _ in range(per_thread):
            began = time.perf_counter()
            try:
                answer = session.get(f"{url}/kiosk/tramites/{ISSUE_TX}/cupo", headers=headers, timeout=60)
                if answer.status_code == 200:
                    answer = session.post(f"{url}/api/v1/tickets", json={**kiosk_issue(ISSUE_TX), "print": True},
                                          headers=headers, timeout=60)
            except requests.RequestException:  # a reset or refused connection fails this customer; the kiosk goes on
                latencies.append((time.perf_counter() - began) * 1000)
                failures.append(0)
                session.close()
                continue
            latencies.append((time.perf_counter() - began) * 1000)
            if answer.status_code != 201:  # the trámite closed (the cupo's answer) or the issue failed
                failures.append(answer.status_code)
        ends.append(time.time())

    client_pool.on_threads(run, threads)
    out.put((latencies, failures, max(ends)))


def customers(stack: Stack, clients: int, per_client: int) -> dict[str, Any]:
    printed: queue.Queue[float] = queue.Queue()
    with FakePrinter(on_job=lambda _data: printed.put(time.time())) as printer:
        bind_printer(stack, printer.port)
        start_at = time.time() + 2.0  # every kiosk page loaded before the first customer
        reports = client_pool.forked(_kiosks, clients, lambda n, threads: (stack.urls, stack.kiosk, per_client,
                                                                           start_at, n, threads))
        latencies, failures, end = client_pool.merged(reports, start_at)
        served = len(latencies) - len(failures)
        times, deadline = [], time.time() + 60
        while len(times) < served:
            try:
                times.append(printed.get(timeout=max(0.01, deadline - time.time())))
            except queue.Empty:
                break
    return {"clients": clients, "customers": len(latencies), "failed": len(failures),
            "failed_by_status": client_pool.by_status(failures),
            "per_s": served / (end - start_at), "p50_ms": percentile(latencies, 0.5),
            "p99_ms": percentile(latencies, 0.99), "printed": len(times),
            "printed_per_s": len(times) / (max(times, default=start_at) - start_at) if times else 0.0,
            "last_print_after_ms": (max(times) - end) * 1000 if times else float("nan")}
