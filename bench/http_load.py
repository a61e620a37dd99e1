"""Issuing, calling and panels over HTTP and real Socket.IO clients, against the production command (issue 13).

`python -m bench.http_load [--config sqlite,scale,scale1] [--small] [--json bench/results.json]`

- `sqlite`: one `gunicorn -k gevent -w 1` instance on SQLite; `scale`: two instances on PostgreSQL + Redis,
  clients spread over both with no sticky sessions; `scale1`: one instance on the same PostgreSQL + Redis, what
  the second instance is compared with (`make bench` runs all three; this command's default, the first two).
- issuing (`POST /api/v1/tickets` as a kiosk) with 1, 8 and 50 concurrent clients, against the floor
  (bench/floor_app.py) measured in the same run;
- the office phase, first: 50 kiosks issuing while the agents of BOC1 and BOC2 call and finish, the queue held
  at an office's size (kiosks pause while OFFICE_QUEUE people are ahead), where the plain phases leave
  1,000–2,000 tickets waiting;
- call → last panel (`POST /desks/BOC1/call-next` → `ticket_called` at every panel) with 10, 100 and 500
  panels spread over client processes, and the messages each panel received per call;
- the server's resident memory with the most panels connected;
- kiosk customers (bench/http_customers.py): 1 and 8 kiosks each serving customers back to back, a customer being
  what the kiosk page sends (is the trámite open, the issue with its printout), until the fake printer has every
  ticket;
- kiosk → printer: a kiosk's issue with its printout until the fake ESC/POS printer has the whole ticket
  (bench/http_printer.py);
- panels reconnecting at once (100 and 500), until the last has its snapshot (bench/http_reconnect.py);
- SQL statements per issue and per call-next (bench/sql_count.py).
Numbers are printed and written as JSON, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import queue
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench import client_pool, http_customers, http_printer, http_reconnect, http_servers
from bench.client_pool import FORK
from bench.common import DESK, DESKS, ISSUE_TX, kiosk_issue, percentile
from bench.http_servers import Stack

# The panels run in fresh interpreters that find aiohttp (their asyncio Socket.IO clients) in .bench-deps, installed
# apart from the venv (Makefile, requirements-bench.txt): in the venv, python-engineio would import it in the server
# too, ~8 MB of RSS that production never has.
SPAWN = multiprocessing.get_context("spawn")
BENCH_DEPS = Path(__file__).resolve().parents[1] / ".bench-deps"
PANELS_PER_PROCESS = 125
OFFICE_QUEUE = 40  # the office phase's queue: kiosks pause while a new ticket has this many people ahead


_percentile = percentile


def _issuer(urls: list[str], headers: dict[str, str], per_thread: int, start_at: float, cap: int | None,
            offset: int, threads: int, out: Any) -> None:
    """`threads` kiosks issuing `per_thread` tickets each. With `cap`, a kiosk whose ticket has `cap` or more
    people ahead pauses before the next one (longer the longer the queue), as an office's kiosks are idle while
    its queue is long."""
    import requests

    latencies: list[float] = []
    failures: list[int] = []  # HTTP status, 0 for a connection that failed
    ends: list[float] = []
    ahead: list[int] = [0]

    def run(n: int) -> None:
        session = requests.Session()
        url = urls[(offset + n) % len(urls)] + "/api/v1/tickets"
        while time.time() < start_at:
            time.sleep(0.001)
        for _ in range(per_thread):
            began = time.perf_counter()
            try:
                response = session.post(url, json=kiosk_issue(ISSUE_TX), headers=headers, timeout=60)
            except requests.RequestException:  # a reset or refused connection is a failed request, not a lost one
                latencies.append((time.perf_counter() - began) * 1000)
                failures.append(0)
                session = requests.Session()
                continue
            latencies.append((time.perf_counter() - began) * 1000)
            if response.status_code != 201:
                failures.append(response.status_code)
            elif cap is not None:
                people = int(response.json()["ticket"].get("people_ahead") or 0)
                ahead.append(people)
                if people >= cap:
                    # The longer the queue, the longer the pause: kiosks issuing less frees the worker for the
                    # desks' calls, which a saturated worker otherwise serves seconds late.
                    time.sleep(min(10.0, 0.25 * (people - cap + 1)))
                    # gunicorn closes a connection idle for 2 s (its keep-alive); a POST sent on it as it closes
                    # fails, and requests, unlike a browser, does not send it again: after a pause, a new one.
                    session.close()
                    session = requests.Session()
        ends.append(time.time())

    client_pool.on_threads(run, threads)
    out.put((latencies, failures, max(ends), max(ahead)))


def issuing(urls: list[str], token: str, clients: int, per_client: int, cap: int | None = None) -> dict[str, float]:
    """`clients` concurrent kiosks, each issuing `per_client` tickets one after another."""
    start_at = time.time() + 1.0
    headers = {"Authorization": f"Bearer {token}"}
    reports = client_pool.forked(_issuer, clients, lambda n, threads: (urls, headers, per_client, start_at, cap, n,
                                                                       threads))
    latencies, failures, end = client_pool.merged(reports, start_at)
    most_ahead = max(report[3] for report in reports)
    return {"clients": clients, "requests": len(latencies), "failed": len(failures),
            "failed_by_status": client_pool.by_status(failures), "per_s": len(latencies) / (end - start_at),
            "p50_ms": _percentile(latencies, 0.5),
            "p99_ms": _percentile(latencies, 0.99), "start": start_at, "end": end, "most_ahead": most_ahead}


def _desk(url: str, desk: str, token: str, stop: Any, out: Any) -> None:
    """An agent at `desk`: call the next ticket and finish it at once, again and again, until `stop`; when
    nobody waits, look again a moment later."""
    import requests

    session, headers = requests.Session(), {"Authorization": f"Bearer {token}"}
    calls, failed = 0, 0
    while not stop.is_set():
        try:
            answer = session.post(f"{url}/api/v1/desks/{desk}/call-next", headers=headers, timeout=60)
            if answer.status_code == 200:
                calls += 1
                done = session.post(f"{url}/api/v1/desks/{desk}/finish", json={"outcome": "Atendido"},
                                    headers=headers, timeout=60)
                failed += done.status_code != 200
            elif answer.status_code == 404:  # nobody waiting (nothing_waiting)
                stop.wait(0.05)
            else:
                failed += 1
        except requests.RequestException:  # a reset or refused connection counts, and the agent goes on
            failed += 1
            session = requests.Session()
    out.put((calls, failed))


def office(stack: Stack, clients: int, per_client: int) -> dict[str, float]:
    """`clients` kiosks issuing while the agents of DESKS call and finish, so the queue stays the size of an
    office's (at most OFFICE_QUEUE waiting: the kiosks pause past it) instead of the thousands the plain issuing
    phases leave waiting, which every issue's estimate then reads."""
    stop, out = FORK.Event(), FORK.Queue()
    desks = [FORK.Process(target=_desk, args=(stack.urls[n % len(stack.urls)], desk, token, stop, out))
             for n, (desk, token) in enumerate(zip(DESKS, stack.agents, strict=True))]
    for proc in desks:
        proc.start()
    row = issuing(stack.urls, stack.kiosk, clients, per_client, cap=OFFICE_QUEUE)
    stop.set()
    calls = failed = 0
    for _ in desks:
        got, bad = out.get(timeout=120)
        calls, failed = calls + got, failed + bad
    for proc in desks:
        proc.join(60)
    return {**row, "desks": len(desks), "calls": calls, "calls_per_s": calls / (row["end"] - row["start"]),
            "desk_failed": failed}


def _panels(urls: list[str], token: str, count: int, offset: int, out: Any, stop: Any, received: Any) -> None:
    """`count` panels (real Socket.IO clients over WebSockets) on one asyncio loop in this process. Each message is
    timestamped on arrival; the process reports an event once all its panels have it. As 125 threaded clients a
    process, the panels' own reading on the same two cores was most of the measured call → panel time (bench/README,
    session 11)."""
    sys.path.append(str(BENCH_DEPS))
    import socketio

    arrived: dict[tuple[str, Any], list[float]] = {}  # (event, ticket number or the event's ordinal) → times
    seen: Counter[str] = Counter()  # messages of each event so far, over this process's panels

    async def any_event(event: str, data: Any = None) -> None:  # on the loop: no other handler runs meanwhile
        at = time.time()
        number = data.get("number") if event == "ticket_called" and isinstance(data, dict) else None
        with received.get_lock():
            received.value += 1
        # A ticket_called is known by its number; any other event by how many came before (each panel gets one
        # per action), so the k-th queue_changed of every panel is one report.
        key = (event, number if number is not None else seen[event] // count)
        seen[event] += 1
        times = arrived.setdefault(key, [])
        times.append(at)
        if len(times) == count:
            out.put((event, number, max(times)))

    async def connected() -> None:
        clients = []
        for n in range(count):
            client = socketio.AsyncClient(reconnection=False)
            client.on("*", any_event)
            await client.connect(urls[(offset + n) % len(urls)], auth={"token": token}, transports=["websocket"],
                                 wait_timeout=60)
            clients.append(client)
        out.put(("ready", count, time.time()))
        await asyncio.get_running_loop().run_in_executor(None, stop.wait)
        for client in clients:
            await client.disconnect()

    asyncio.run(connected())


def _drain(out: Any, name: str, processes: int, number: str | None = None) -> list[float]:
    """Take from `out` until every panel process reported `name` (for `number`, a ticket_called), or 30 s
    passed: the times its last panel got it."""
    times: list[float] = []
    deadline = time.time() + 30
    while len(times) < processes:
        try:
            event, got, at = out.get(timeout=max(0.01, deadline - time.time()))
        except queue.Empty:
            break
        if event == name and (number is None or got == number):
            times.append(at)
    return times


def connect_panels(stack: Stack, panels: int) -> tuple[Any, Any, Any, list[Any], int]:
    """`panels` panels of the waiting room, in processes of PANELS_PER_PROCESS, once every one is connected:
    (their messages, the stop event, the count of messages received, the processes, how many)."""
    out, stop, received = SPAWN.Queue(), SPAWN.Event(), SPAWN.Value("q", 0)
    processes = max(1, -(-panels // PANELS_PER_PROCESS))
    spawned = []
    for n in range(processes):
        share = panels // processes + (1 if n < panels % processes else 0)
        spawned.append(SPAWN.Process(target=_panels, args=(stack.urls, stack.panel, share, n, out, stop, received)))
        spawned[-1].start()
    ready, deadline = 0, time.time() + 300
    while ready < panels:
        try:
            event, value, _ = out.get(timeout=1)
        except queue.Empty:
            failed = [proc.exitcode for proc in spawned if proc.exitcode is not None]
            if failed or time.time() > deadline:
                raise RuntimeError(f"los paneles no se conectaron ({ready} de {panels}; procesos terminados: "
                                   f"{failed})") from None
            continue
        ready += value if event == "ready" else 0
    return out, stop, received, spawned, processes


def fan_out(stack: Stack, panels: int, calls: int) -> dict[str, float]:
    """`panels` panels of the waiting room, then `calls` call-nexts: time from the request to the last panel."""
    import requests

    out, stop, received, spawned, processes = connect_panels(stack, panels)
    time.sleep(1.0)  # let the snapshots every panel gets on connect drain before measuring
    while True:
        try:
            out.get_nowait()
        except queue.Empty:
            break
    memory = stack.memory_mb()
    session = requests.Session()
    agent = {"Authorization": f"Bearer {stack.agent}"}
    kiosk = {"Authorization": f"Bearer {stack.kiosk}"}
    latencies, messages, server_cpu = [], [], 0.0
    for _ in range(calls):
        session.post(f"{stack.urls[0]}/api/v1/tickets", json=kiosk_issue(ISSUE_TX), headers=kiosk, timeout=30)
        _drain(out, "queue_changed", processes)  # the issue's own message: not the call's
        before = received.value
        began, cpu_before = time.time(), stack.cpu_s()
        answer = session.post(f"{stack.urls[-1]}/api/v1/desks/{DESK}/call-next", headers=agent, timeout=30)
        arrivals = _drain(out, "ticket_called", processes, answer.json()["ticket"]["number"])
        server_cpu += stack.cpu_s() - cpu_before  # the call and its sends, until the last panel had it
        time.sleep(0.2)  # whatever else this call sends arrives now: counted, not timed
        latencies.append((max(arrivals) - began) * 1000 if len(arrivals) == processes else float("inf"))
        messages.append((received.value - before) / panels)
        session.post(f"{stack.urls[-1]}/api/v1/desks/{DESK}/finish", json={"outcome": "Atendido"}, headers=agent,
                     timeout=30)
        _drain(out, "calls_changed", processes)  # the finish's own message: not the next call's
    stop.set()
    for proc in spawned:
        proc.join(60)
    return {"panels": panels, "calls": calls, "p50_ms": _percentile(latencies, 0.5),
            "p99_ms": _percentile(latencies, 0.99), "max_ms": max(latencies),
            "rss_mb": memory["worker_rss_mb"] + memory["master_rss_mb"], **memory,
            "messages_per_panel_per_call": statistics.mean(messages),
            "server_cpu_ms_per_call": server_cpu / calls * 1000}


def run(config: str, small: bool) -> dict[str, Any]:
    result: dict[str, Any] = {"config": config, "issuing": [], "floor": [], "panels": [], "reconnect": [],
                              "office": [], "customers": []}
    levels = [(1, 10), (8, 5)] if small else [(1, 200), (8, 100), (50, 20)]
    if config == "sqlite":
        with http_servers.floor() as floor_url:
            for clients, per_client in levels:
                result["floor"].append(issuing([floor_url], "floor", clients, per_client))
    with http_servers.turnero(config) as stack:
        result["instances"] = len(stack.urls)
        # First, while the queue is empty: the plain phases below leave it 1,000–2,000 tickets long.
        result["office"].append(office(stack, *((8, 5) if small else (50, 20))))
        for clients, per_client in levels:
            result["issuing"].append(issuing(stack.urls, stack.kiosk, clients, per_client))
        for clients, per_client in ([(2, 5)] if small else [(1, 100), (8, 50)]):
            result["customers"].append(http_customers.customers(stack, clients, per_client))
        for panels in ([10] if small else [10, 100, 500]):
            result["panels"].append(fan_out(stack, panels, 3 if small else 20))
        result["printer"] = http_printer.kiosk_to_printer(stack, 3 if small else 50)
        for panels in ([10] if small else [100, 500]):
            result["reconnect"].append(http_reconnect.reconnect(stack, panels))
    return result


def _failed(row: dict[str, Any]) -> str:
    """«0 failed», or «6 failed (HTTP 503: 6)»: what a failure was tells a lock timeout from a rate limit."""
    if not row["failed"]:
        return "0 failed"
    detail = ", ".join(f"{'connection' if code == '0' else 'HTTP ' + code}: {n}"
                       for code, n in row.get("failed_by_status", {}).items())
    return f"{row['failed']} failed ({detail})"


def table(results: list[dict[str, Any]]) -> str:
    lines = ["| configuration | measure | result |", "| --- | --- | --- |"]
    for result in results:
        name = http_servers.CONFIGS[result["config"]]
        floor = {row["clients"]: row for row in result["floor"]}
        for row in result["issuing"]:
            ratio = f", {100 * row['per_s'] / floor[row['clients']]['per_s']:.0f} % of the floor " \
                    f"({floor[row['clients']]['per_s']:.0f}/s)" if row["clients"] in floor else ""
            lines.append(f"| {name} | issue, {row['clients']} clients | {row['per_s']:.0f}/s, p50 {row['p50_ms']:.0f}"
                         f" ms, p99 {row['p99_ms']:.0f} ms{ratio}; {_failed(row)} |")
        for row in result["office"]:
            lines.append(f"| {name} | issue, {row['clients']} clients, {row['desks']} desks calling (≤ {OFFICE_QUEUE} "
                         f"waiting) | {row['per_s']:.0f}/s, p50 {row['p50_ms']:.0f} ms, p99 {row['p99_ms']:.0f} ms; "
                         f"{row['calls_per_s']:.0f} calls/s; at most {row['most_ahead']} ahead; "
                         f"{_failed(row)}; {row['desk_failed']} desk requests failed |")
        for row in result["customers"]:
            lines.append(f"| {name} | kiosk customers, {row['clients']} kiosks (trámite open? + issue with its "
                         f"printout) | {row['per_s']:.0f} customers/s, p50 {row['p50_ms']:.0f} ms, p99 "
                         f"{row['p99_ms']:.0f} ms; {row['printed']} of {row['customers']} printed "
                         f"({row['printed_per_s']:.0f}/s), the last {row['last_print_after_ms']:.0f} ms after the last "
                         f"customer; {_failed(row)} |")
        for row in result["panels"]:
            lines.append(f"| {name} | call → last of {row['panels']} panels | p50 {row['p50_ms']:.0f} ms, p99 "
                         f"{row['p99_ms']:.0f} ms, max {row['max_ms']:.0f} ms; {row['messages_per_panel_per_call']:.1f}"
                         f" messages per panel per call; server CPU {row['server_cpu_ms_per_call']:.0f} ms per call"
                         f"{' (first instance)' if result.get('instances', 1) > 1 else ''}; server RSS "
                         f"{row['rss_mb']:.0f} MB (worker {row['worker_rss_mb']:.0f} + master "
                         f"{row['master_rss_mb']:.0f}; PSS {row['pss_mb']:.0f} MB) |")
        printer = result["printer"]
        lines.append(f"| {name} | kiosk → whole ticket at the printer | p50 {printer['p50_ms']:.0f} ms, p99 "
                     f"{printer['p99_ms']:.0f} ms, max {printer['max_ms']:.0f} ms (of which printing, after the "
                     f"issue's answer: p50 {printer['printing_p50_ms']:.0f} ms, p99 "
                     f"{printer['printing_p99_ms']:.0f} ms); {printer['lost']} lost |")
        for row in result["reconnect"]:
            lines.append(f"| {name} | {row['panels']} panels reconnecting at once → last snapshot | p50 "
                         f"{row['p50_ms']:.0f} ms, last {row['last_ms']:.0f} ms; {row['without_snapshot']} without; "
                         f"server CPU {row['server_cpu_ms_per_panel']:.1f} ms per panel; RSS {row['rss_mb']:.0f} MB "
                         f"(+{row['rss_mb_per_100_panels']:.1f} MB per 100 panels) |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="sqlite,scale")
    parser.add_argument("--small", action="store_true", help="a few requests and 10 panels (CI's smoke run)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    unknown = [config for config in args.config.split(",") if config not in http_servers.CONFIGS]
    if unknown:
        parser.error(f"configuración desconocida: {', '.join(unknown)} (use {', '.join(http_servers.CONFIGS)})")
    results = [run(config, args.small) for config in args.config.split(",")]
    print(table(results), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
