"""The servers the HTTP benchmark talks to, started exactly as README «Production» runs them:
`gunicorn -k web.gevent_worker.GeventWorker -w 1` per instance, on SQLite, or on PostgreSQL + Redis with two
instances; and the floor, a minimal Flask app on the same worker taking a number and inserting one row in SQLite
WAL per request.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench.common import AREA, DESKS
from web.gevent_worker import WORKER_CLASS

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


@dataclass
class Stack:
    """What a benchmark configuration runs: instance URLs, tokens, the gunicorn processes."""

    name: str
    urls: list[str]
    kiosk: str = ""
    agent: str = ""  # works DESK
    agents: list[str] = field(default_factory=list)  # one per desk of DESKS (the first is `agent`)
    panel: str = ""
    database: str = ""
    folder: Path = Path()
    processes: list[subprocess.Popen] = field(default_factory=list)

    def _pids(self) -> list[int]:
        """The first instance's master and its worker."""
        master = self.processes[0].pid
        return [master, *map(int, Path(f"/proc/{master}/task/{master}/children").read_text().split())]

    def rss_mb(self) -> float:
        """Resident memory of the first instance's worker plus its master."""
        memory = self.memory_mb()
        return memory["worker_rss_mb"] + memory["master_rss_mb"]

    def memory_mb(self) -> dict[str, float]:
        """The first instance's memory: each process's resident set, and the proportional set size of both
        (`Pss`: a page shared by master and worker, such as the interpreter's code, counted once, half to each;
        the sum of the two RSS counts it twice)."""
        worker_rss, master_rss, pss = 0.0, 0.0, 0.0
        for n, pid in enumerate(self._pids()):
            rss = _kib(Path(f"/proc/{pid}/status"), "VmRSS:") / 1024
            pss += _kib(Path(f"/proc/{pid}/smaps_rollup"), "Pss:") / 1024
            if n == 0:
                master_rss = rss
            else:
                worker_rss += rss
        return {"worker_rss_mb": worker_rss, "master_rss_mb": master_rss, "pss_mb": pss}

    def cpu_s(self) -> float:
        """CPU seconds (user + system) the first instance's master and worker have used so far: on a shared
        machine, what a phase cost the server, whatever the wall clock says."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self._pids():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / ticks


def _kib(path: Path, field: str) -> int:
    """A «Field: N kB» line of a /proc file, in KiB."""
    for line in path.read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    return 0


def _listener() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    return sock


def _environment(extra: dict[str, str]) -> dict[str, str]:
    # Nothing of the caller's shell decides the configuration (a stray REDIS_URL, a database URL); bytecode is
    # written so a restart does not compile the app again.
    base = {k: v for k, v in os.environ.items()
            if k not in ("REDIS_URL", "DATABASE_URL", "PYTHONDONTWRITEBYTECODE", "RATELIMIT_STORAGE_URI")}
    return {**base, **extra}


def _gunicorn(app: str, env: dict[str, str], folder: Path) -> tuple[subprocess.Popen, str]:
    listener = _listener()
    log = open(folder / f"gunicorn-{listener.getsockname()[1]}.log", "wb")  # noqa: SIM115 - lives with the process
    proc = subprocess.Popen([GUNICORN, "--worker-class", WORKER_CLASS, "--workers", "1", "--worker-connections", "2000",
                             "--bind", f"fd://{listener.fileno()}", "--graceful-timeout", "2", "--backlog", "2048",
                             app], cwd=ROOT, env=_environment(env), stdout=log, stderr=log,
                            pass_fds=(listener.fileno(),))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    deadline = time.monotonic() + 120
    while True:  # the master listens before the worker has imported the app: wait for a real answer
        try:
            if requests.get(f"{url}/healthz" if "floor" in app else f"{url}/login", timeout=5).ok:
                return proc, url
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"{app} did not start: see {log.name}")
        time.sleep(0.2)


def _stop(processes: list[subprocess.Popen]) -> None:
    for proc in processes:
        proc.terminate()
    for proc in processes:
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _tokens(url: str, folder: Path, stack: Stack) -> None:
    """A kiosk, an agent per desk of DESKS and a panel of the waiting room MEZ, created through core as `flask`
    would."""
    from core.extensions import db
    from core.people import users
    from tests.apps import make_app

    app = make_app(url, folder / "setup-instance")
    with app.app_context():
        stack.kiosk = users.create_device("kiosk", "bench-kiosk")[1]
        stack.panel = users.create_device("panel", "bench-panel", area=AREA)[1]
        for n, _desk in enumerate(DESKS):
            name = "bench-agent" if n == 0 else f"bench-agent-{n + 1}"
            users.create_user(name, "bench-password-not-used", ["agent"])
            stack.agents.append(users.create_api_token(name))
        stack.agent = stack.agents[0]
        db.session.remove()
        db.engine.dispose()


@contextmanager
def floor() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="turnero-floor-") as folder:
        proc, url = _gunicorn("bench.floor_app:app", {"FLOOR_DB": f"{folder}/floor.db"}, Path(folder))
        try:
            yield url
        finally:
            _stop([proc])


# The configurations `turnero` starts, and their names in the benchmark's table.
CONFIGS = {"sqlite": "SQLite, 1 instance", "scale": "PostgreSQL + Redis, 2 instances",
           "scale1": "PostgreSQL + Redis, 1 instance"}


@contextmanager
def turnero(config: str) -> Iterator[Stack]:
    """`sqlite`: one instance on a SQLite file. `scale`: two instances on PostgreSQL and Redis, no sticky
    sessions (clients are spread over both). `scale1`: one instance on the same PostgreSQL and Redis, the
    baseline that tells what the second instance adds."""
    from tests import services, templates

    with ExitStack() as stack_exit:
        folder = Path(stack_exit.enter_context(tempfile.TemporaryDirectory(prefix="turnero-http-bench-")))
        env = {"SECRET_KEY": "bench-only-" + "x" * 32, "TURNERO_ENV": "production", "SOCKETIO_ASYNC_MODE": "gevent",
               "PRINT_WORKER": "true", "PRINTER_NETWORK_ALLOW": "127.0.0.1",  # bench/http_printer.py's fake printer
               "SESSION_COOKIE_SECURE": "false", "API_RATE_LIMIT": "1000000 per minute"}
        if config not in CONFIGS:
            raise ValueError(f"configuración desconocida {config!r}: {', '.join(CONFIGS)}")
        if config == "sqlite":
            url = f"sqlite:///{templates.build_sqlite(folder)}"
            instances = 1
        else:
            url = stack_exit.enter_context(services.postgres())
            templates.prepare_postgresql(url)
            templates.restore_postgresql(url)
            env["REDIS_URL"] = stack_exit.enter_context(services.redis())
            instances = 2 if config == "scale" else 1
        stack = Stack(config, [], database=url, folder=folder)
        _tokens(url, folder, stack)
        env["DATABASE_URL"] = url
        try:
            for n in range(instances):
                proc, address = _gunicorn("wsgi:app", {**env, "TURNERO_INSTANCE": str(folder / f"instance-{n}")},
                                          folder)
                stack.processes.append(proc)
                stack.urls.append(address)
            yield stack
        finally:
            _stop(stack.processes)
