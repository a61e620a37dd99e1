"""Kiosk customers over HTTP: what one customer at a kiosk costs the server, not the issue alone.

For each customer the kiosk page asks whether the chosen trámite is open (`GET /kiosk/tramites/<tx>/cupo`, its
«¿Tiene todo?» screen), issues (`POST /api/v1/tickets`) and asks for the printout (`POST /kiosk/fichas/<id>/imprimir`),
as static/kiosk/kiosk.js does; the print worker then sends the ticket to the fake ESC/POS printer (a real TCP
endpoint). `clients` kiosks serve customers back to back; the phase waits until the printer has every ticket.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from typing import Any

from bench.common import ISSUE_TX, kiosk_issue, percentile
from bench.http_printer import CSRF, bind_printer
from bench.http_servers import Stack
from printers.fake import FakePrinter

FORK = multiprocessing.get_context("fork")


def _kiosks(url: str, token: str, threads: int, per_thread: int, start_at: float, out: Any) -> None:
    """`threads` kiosk pages (each its own session and CSRF token), each serving `per_thread` customers."""
    import requests

    latencies: list[float] = []
    failures: list[int] = []  # HTTP status of the step that failed, 0 for a connection that failed
    ends: list[float] = []

    def run() -> None:
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
                    answer = session.post(f"{url}/api/v1/tickets", json=kiosk_issue(ISSUE_TX), headers=headers,
                                          timeout=60)
                if answer.status_code == 201:
                    ticket = answer.json()["ticket"]["id"]
                    answer = session.post(f"{url}/kiosk/fichas/{ticket}/imprimir", headers=headers, timeout=60)
            except requests.RequestException:  # a reset or refused connection fails this customer; the kiosk goes on
                failures.append(0)
                session.close()
                continue
            latencies.append((time.perf_counter() - began) * 1000)
            if answer.status_code not in (200, 202):
                failures.append(answer.status_code)
        ends.append(time.time())

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    out.put((latencies, failures, max(ends)))


def customers(stack: Stack, clients: int, per_client: int) -> dict[str, Any]:
    printed: queue.Queue[float] = queue.Queue()
    with FakePrinter(on_job=lambda _data: printed.put(time.time())) as printer:
        bind_printer(stack, printer.port)
        processes = min(clients, 4)
        out = FORK.Queue()
        start_at = time.time() + 2.0  # every kiosk page loaded before the first customer
        spawned = []
        for n in range(processes):
            threads = clients // processes + (1 if n < clients % processes else 0)
            spawned.append(FORK.Process(target=_kiosks, args=(stack.urls[n % len(stack.urls)], stack.kiosk, threads,
                                                               per_client, start_at, out)))
            spawned[-1].start()
        latencies: list[float] = []
        failures: list[int] = []
        end = start_at
        for _ in spawned:
            got, failed, finished = out.get(timeout=600)
            latencies, failures, end = latencies + got, failures + failed, max(end, finished)
        for proc in spawned:
            proc.join()
        served = len(latencies) - len(failures)
        times, deadline = [], time.time() + 60
        while len(times) < served:
            try:
                times.append(printed.get(timeout=max(0.01, deadline - time.time())))
            except queue.Empty:
                break
    return {"clients": clients, "customers": len(latencies), "failed": len(failures),
            "failed_by_status": {str(code): failures.count(code) for code in sorted(set(failures))},
            "per_s": served / (end - start_at), "p50_ms": percentile(latencies, 0.5),
            "p99_ms": percentile(latencies, 0.99), "printed": len(times),
            "printed_per_s": len(times) / (max(times, default=start_at) - start_at) if times else 0.0,
            "last_print_after_ms": (max(times) - end) * 1000 if times else float("nan")}
