"""Tickets issued and called per second, on SQLite and PostgreSQL, with concurrent kiosks and desks.

`python -m bench.issue_and_call [--tickets 400] [--threads 8] [--backend sqlite,postgresql]`
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ThreadPoolExecutor

from bench.common import bench_app

TX = "V_INST_INT"  # Plataforma: served by P01–P04
DESKS = ("P01", "P02", "P03", "P04")


def run(backend: str, total: int, threads: int) -> dict[str, float]:
    from core.actors import SYSTEM
    from core.errors import NothingWaiting
    from core.extensions import db
    from core.tickets import desks, engine

    with bench_app(backend) as app:
        def issue(count: int) -> None:
            with app.app_context():
                for _ in range(count):
                    engine.issue_ticket(TX, actor=SYSTEM)
                db.session.remove()

        started = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(issue, [total // threads] * threads))
        issued = total // threads * threads
        issue_rate = issued / (time.perf_counter() - started)

        def work_desk(code: str) -> int:
            served = 0
            with app.app_context():
                while True:
                    try:
                        desks.call_next(code, actor=SYSTEM)
                    except NothingWaiting:
                        break
                    desks.finish(code, actor=SYSTEM)
                    served += 1
                db.session.remove()
            return served

        started = time.perf_counter()
        with ThreadPoolExecutor(len(DESKS)) as pool:
            served = sum(pool.map(work_desk, DESKS))
        call_rate = served / (time.perf_counter() - started)
        assert served == issued, f"{issued} issued but {served} served"
    return {"issued": issued, "issue_per_s": issue_rate, "call_finish_per_s": call_rate}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=400)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--backend", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    for backend in args.backend.split(","):
        result = run(backend, args.tickets, args.threads)
        print(f"issue_and_call {backend:<10} {result['issued']} tickets, {args.threads} kiosk threads: "
              f"{result['issue_per_s']:.0f} issued/s; {len(DESKS)} desks: {result['call_finish_per_s']:.0f} "
              "called+finished/s", flush=True)


if __name__ == "__main__":
    main()
