"""Panels reconnecting at once, as after a restart or a network blip: N Socket.IO panels (spread over client
processes, each connecting its share from threads) start together; the time runs until the last one has its
snapshot, the panel's full state, so it shows the right calls again. Also measured: the server CPU (user +
system of the first instance's master and worker) per reconnecting panel, and the server's resident memory
with every panel connected, less what it held before they connected, per 100 panels."""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

from bench.client_pool import FORK
from bench.common import percentile
from bench.http_servers import Stack

PER_PROCESS = 125


def _connect_share(urls: list[str], token: str, count: int, offset: int, go: Any, out: Any, stop: Any) -> None:
    import socketio

    clients: list[Any] = []
    lock = threading.Lock()

    def one(n: int) -> None:
        client = socketio.Client(reconnection=False)
        client.on("snapshot", lambda *_data: out.put(("snapshot", time.time())))
        go.wait()
        try:
            client.connect(urls[(offset + n) % len(urls)], auth={"token": token}, transports=["websocket"],
                           wait_timeout=60)
        except Exception:  # noqa: BLE001 - counted, the benchmark goes on
            out.put(("failed", time.time()))
            return
        with lock:
            clients.append(client)

    threads = [threading.Thread(target=one, args=(n,), daemon=True) for n in range(count)]
    for thread in threads:
        thread.start()
    out.put(("ready", count))
    for thread in threads:
        thread.join(120)
    stop.wait()
    for client in clients:
        client.disconnect()


def reconnect(stack: Stack, panels: int) -> dict[str, Any]:
    go, stop, out = FORK.Event(), FORK.Event(), FORK.Queue()
    processes = max(1, -(-panels // PER_PROCESS))
    spawned = []
    for n in range(processes):
        share = panels // processes + (1 if n < panels % processes else 0)
        spawned.append(FORK.Process(target=_connect_share, args=(stack.urls, stack.panel, share, n, go, out, stop)))
        spawned[-1].start()
    ready = 0
    while ready < panels:
        kind, value = out.get(timeout=300)
        ready += value if kind == "ready" else 0
    rss_before, cpu_before = stack.rss_mb(), stack.cpu_s()
    began = time.time()
    go.set()
    arrivals, failed = [], 0
    deadline = began + 120
    while len(arrivals) + failed < panels and time.time() < deadline:
        try:
            kind, at = out.get(timeout=max(0.01, deadline - time.time()))
        except queue.Empty:
            break
        if kind == "snapshot":
            arrivals.append((at - began) * 1000)
        elif kind == "failed":
            failed += 1
    cpu = stack.cpu_s() - cpu_before
    rss = stack.rss_mb()
    stop.set()
    for proc in spawned:
        proc.join(60)
    on_first = panels / len(stack.urls)  # clients are spread evenly over the instances
    return {"panels": panels, "without_snapshot": panels - len(arrivals), "p50_ms": percentile(arrivals, 0.5),
            "last_ms": max(arrivals) if len(arrivals) == panels else float("inf"),
            "server_cpu_ms_per_panel": 1000 * cpu / on_first, "rss_mb": rss,
            "rss_mb_per_100_panels": 100 * (rss - rss_before) / on_first}
