"""Broadcast latency: one call to N panels (python-socketio clients over WebSocket) on one server.

`python -m bench.socket_fanout [--clients 100] [--calls 20]`: prints the median, p90 and max time from the
commit of a call to its arrival at the last panel.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time

import socketio

from bench.common import bench_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args(argv)

    from core.actors import SYSTEM
    from core.people import users
    from core.tickets import desks, engine
    from tests.conftest import LiveServer

    with bench_app("sqlite") as app:
        _device, token = users.create_device("panel", "panel-bench", area="PLAT")
        server = LiveServer(app)
        server.start()
        lock, arrivals, done = threading.Lock(), {}, threading.Event()
        clients = []
        for _ in range(args.clients):
            client = socketio.Client(reconnection=False)

            @client.on("ticket_called")
            def _called(data: dict) -> None:
                with lock:
                    arrivals.setdefault(data["number"], []).append(time.perf_counter())
                    if len(arrivals[data["number"]]) == args.clients:
                        done.set()

            client.connect(server.url, auth={"token": token}, transports=["websocket"], wait_timeout=20)
            clients.append(client)
        latencies = []
        for _ in range(args.calls):
            engine.issue_ticket("V_INST_INT", actor=SYSTEM)
            done.clear()
            started = time.perf_counter()
            number = desks.call_next("P01", actor=SYSTEM).label
            if not done.wait(30):
                raise SystemExit(f"{number}: only {len(arrivals.get(number, []))} of {args.clients} panels got it")
            latencies.append((max(arrivals[number]) - started) * 1000)
            desks.finish("P01", actor=SYSTEM)
        for client in clients:
            client.disconnect()
        server.stop()
    latencies.sort()
    p90 = latencies[int(0.9 * (len(latencies) - 1))]
    print(f"socket_fanout {args.clients} panels, {args.calls} calls (threading mode): last delivery "
          f"median {statistics.median(latencies):.1f} ms, p90 {p90:.1f} ms, max {latencies[-1]:.1f} ms", flush=True)


if __name__ == "__main__":
    main()
