"""Servers the fault tests stop and start again in place: a PostgreSQL on the same data directory and socket, a
Redis on the same port, and app instances (gunicorn gevent, as in production) that can be killed with SIGKILL.

tests/services.py starts servers for a whole session and only stops them; these add a restart on the same
address, which is what clients and connection pools see in production when a server comes back.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests import gunicorn, services

ROOT = Path(__file__).resolve().parents[2]


class Postgres:
    """A throwaway PostgreSQL that can be stopped (fast shutdown: sessions are cut mid-transaction, as when the
    server or its host goes down) and started again on the same data directory and socket."""

    def __init__(self) -> None:
        self.bindir = services._pg_bin()
        self.root = tempfile.mkdtemp(prefix="turnero-pg-fault-")
        self.data = os.path.join(self.root, "data")
        self.log = os.path.join(self.root, "log")
        self.run_as: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            pwd.getpwnam("postgres")
            shutil.chown(self.root, "postgres")
            self.run_as = ["runuser", "-u", "postgres", "--"]
        subprocess.run([*self.run_as, f"{self.bindir}/initdb", "-D", self.data, "-U", "turnero", "--auth=trust",
                        "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
        self.url = f"postgresql+psycopg://turnero@/turnero_test?host={self.root}"

    def _ctl(self, *args: str) -> None:
        result = subprocess.run([*self.run_as, f"{self.bindir}/pg_ctl", "-D", self.data, *args],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise services.ServiceUnavailable(f"pg_ctl {args[0]}: {result.stdout}{result.stderr}"
                                              f"{Path(self.log).read_text()[-2000:]}")

    def start(self) -> None:
        """Start and wait (-w) until it accepts connections."""
        self._ctl("start", "-w", "-l", self.log, "-o",
                  f"-k {self.root} -c listen_addresses= -c fsync=off -c synchronous_commit=off "
                  "-c full_page_writes=off -c max_connections=200")

    def stop(self) -> None:
        """Fast shutdown: open sessions are terminated, their transactions rolled back."""
        self._ctl("stop", "-w", "-m", "fast")

    def create_database(self) -> None:
        subprocess.run([*self.run_as, f"{self.bindir}/createdb", "-h", self.root, "-U", "turnero", "turnero_test"],
                       check=True, capture_output=True)

    def close(self) -> None:
        subprocess.run([*self.run_as, f"{self.bindir}/pg_ctl", "-D", self.data, "stop", "-m", "immediate"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def postgres() -> Iterator[Postgres]:
    """A running Postgres with an empty `turnero_test` database; removed at the end."""
    server = Postgres()
    try:
        server.start()
        server.create_database()
        yield server
    finally:
        server.close()


class Redis:
    """A redis-server on a fixed port, restartable on that same port (clients reconnect to the address they know)."""

    def __init__(self) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise services.ServiceUnavailable("Redis is not installed: `apt-get install redis-server`.")
        self.proc: subprocess.Popen | None = None
        self.port = 0

    def start(self) -> None:
        port = self.port or services._unused_port()
        self.proc = subprocess.Popen([self.binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def listening() -> bool:
            if self.proc.poll() is not None:
                raise services.ServiceUnavailable(f"redis-server could not listen on port {port}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return True
            except OSError:
                return False

        services.wait_until(listening, 20, "redis-server listening")
        self.port = port

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            services.stop(self.proc)


@contextmanager
def redis() -> Iterator[Redis]:
    server = Redis()
    for _attempt in range(5):  # a port taken between choosing it and binding it: choose another
        try:
            server.start()
            break
        except services.ServiceUnavailable:
            server.port = 0
    else:
        raise services.ServiceUnavailable("redis-server could not bind a port after 5 attempts")
    try:
        yield server
    finally:
        server.stop()


class Instance:
    """One Turnero instance as production runs it (tests/gunicorn.py: `gunicorn -k gevent -w 1 wsgi:app`, the
    production configuration), which a test can kill with SIGKILL, master and worker at once, and start again
    (on a new port: clients are told the new base URL). With a Redis URL its Socket.IO message queue and
    rate-limit counters are there, as in production; with "" it has neither."""

    def __init__(self, db_url: str, redis_url: str, folder: Path) -> None:
        self.db_url, self.redis_url, self.folder = db_url, redis_url, folder
        self.proc: subprocess.Popen | None = None
        self.base = ""
        self.starts = 0

    def start(self) -> str:
        self.starts += 1
        listener = services.listening_socket()
        log = open(self.folder.with_suffix(f".{self.starts}.log"), "w")  # noqa: SIM115 - the process's lifetime
        self.proc = gunicorn.start(self.db_url, self.folder, listener, redis_url=self.redis_url, stdout=log,
                                   stderr=subprocess.STDOUT)
        log.close()
        self.base = f"http://127.0.0.1:{listener.getsockname()[1]}"
        listener.close()  # gunicorn holds its own copy
        gunicorn.wait_ready(f"{self.base}/login", self.proc)
        return self.base

    def kill(self) -> None:
        """kill -9 of the master and its worker together: no shutdown code runs, open transactions die with
        their connections, as when the host of an instance goes down."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            services.stop(self.proc)

    def log(self) -> str:
        return self.folder.with_suffix(f".{self.starts}.log").read_text()


@contextmanager
def instances(db_url: str, redis_url: str, folder: Path, count: int) -> Iterator[list[Instance]]:
    """`count` running instances on one database and one Redis; stopped at the end."""
    started = [Instance(db_url, redis_url, folder / f"instance-{n}") for n in range(count)]
    try:
        for instance in started:
            instance.start()
        yield started
    finally:
        for instance in started:
            instance.stop()
