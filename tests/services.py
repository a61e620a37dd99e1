"""Throwaway PostgreSQL and Redis servers for the test session, started from Debian's binaries, and ports.

They are real servers with private data directories, removed at the end. They listen on a Unix socket in
that directory (PostgreSQL) or on a port checked after start (Redis), so parallel test workers
(pytest-xdist) cannot collide.
When a binary is missing the tests that need it fail with the install command (never skip).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class ServiceUnavailable(RuntimeError):
    pass


def wait_until(condition: Callable[[], T], timeout: float, what: str, interval: float = 0.05) -> T:
    """Poll `condition` until it returns something truthy and return that; fail after `timeout` seconds.

    The one polling loop of the tests, for states nothing can notify us of (a file, a row written by another
    thread, a socket). The timeout is generous and only bounds a failure; it is never a readiness guess."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout} s")
        time.sleep(interval)


def stop(proc: subprocess.Popen, timeout: float = 10.0) -> bool:
    """Terminate a server started by a test, killing it if it does not stop in time. Whether it stopped by itself
    (a test of a clean shutdown asserts it)."""
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        return False
    return True


def listening_socket(host: str = "127.0.0.1") -> socket.socket:
    """A socket bound to a port the kernel chose (port 0) and listening: its port is ours, no race.
    Pass it to a child process (`pass_fds`) or serve on it."""
    sock = socket.create_server((host, 0))
    sock.set_inheritable(True)
    return sock


@contextmanager
def closed_port(host: str = "127.0.0.1") -> Iterator[int]:
    """A port that refuses connections (bound, never listening) and that nobody else can take meanwhile."""
    sock = socket.socket()
    sock.bind((host, 0))
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


def wait_for_port_file(path: Path, proc: subprocess.Popen, timeout: float = 60.0) -> int:
    """The port a child process bound (port 0) and wrote to `path` once it listens."""
    def written() -> str | None:
        if proc.poll() is not None:
            raise ServiceUnavailable(f"the server process exited ({proc.returncode}) before listening")
        return path.read_text().strip() if path.exists() else None

    return int(wait_until(written, timeout, "the server process listening"))


def write_port_file(path: str | Path, port: int) -> None:
    """Child side of wait_for_port_file: write atomically, so the parent never reads half a number."""
    tmp = Path(f"{path}.tmp")
    tmp.write_text(str(port))
    tmp.replace(path)


def _pg_bin() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    if initdb:
        return os.path.dirname(initdb)
    raise ServiceUnavailable("PostgreSQL is not installed: run `make test` (it installs postgresql) or "
                             "`apt-get install postgresql`.")


@contextmanager
def postgres() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh PostgreSQL server with an empty `turnero_test` database."""
    bindir = _pg_bin()
    root = tempfile.mkdtemp(prefix="turnero-pg-")
    data = os.path.join(root, "data")
    run_as: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        pwd.getpwnam("postgres")
        shutil.chown(root, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*run_as, f"{bindir}/initdb", "-D", data, "-U", "turnero", "--auth=trust", "-E", "UTF8",
                    "--no-sync"], check=True, capture_output=True)
    log = os.path.join(root, "log")
    # No TCP listener: the socket file in `root` is the address (port 5432 only names the file).
    proc = subprocess.Popen([*run_as, f"{bindir}/postgres", "-D", data, "-k", root,
                             "-c", "listen_addresses=", "-c", "fsync=off",
                             "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                             "-c", "max_connections=200"],
                            stdout=subprocess.DEVNULL, stderr=open(log, "w"))  # noqa: SIM115
    try:
        def created() -> bool:  # createdb succeeds once the server accepts connections
            if proc.poll() is not None:
                raise ServiceUnavailable(f"postgres exited: {Path(log).read_text()[-2000:]}")
            return subprocess.run([*run_as, f"{bindir}/createdb", "-h", root, "-U", "turnero", "turnero_test"],
                                  capture_output=True).returncode == 0

        wait_until(created, 30, "PostgreSQL accepting connections", interval=0.1)
        yield f"postgresql+psycopg://turnero@/turnero_test?host={root}"
    finally:
        stop(proc)
        shutil.rmtree(root, ignore_errors=True)


def _unused_port() -> int:
    """A port free at this instant. Only for a server that cannot take a socket or port 0 (redis-server):
    the caller retries when another process took the port in between."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisProcess:
    """A running redis-server; `stop()` ends it mid-test (Redis going down under a running app)."""

    def __init__(self, proc: subprocess.Popen, url: str) -> None:
        self.proc = proc
        self.url = url

    def stop(self) -> None:
        if self.proc.poll() is None:
            stop(self.proc)


@contextmanager
def redis_process() -> Iterator[RedisProcess]:
    """A fresh redis-server on 127.0.0.1. Flask-SocketIO takes only redis:// (TCP) URLs, and redis-server
    cannot be handed a socket, so a port taken meanwhile means starting again on another."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise ServiceUnavailable("Redis is not installed: run `make test` (it installs redis-server) or "
                                 "`apt-get install redis-server`.")
    for _attempt in range(5):
        port = _unused_port()
        proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                 "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def listening(proc: subprocess.Popen = proc, port: int = port) -> bool | str:
            if proc.poll() is not None:
                return "exited"  # the port was taken: try another
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return True
            except OSError:
                return False

        if wait_until(listening, 20, "redis-server listening") is True:
            break
    else:
        raise ServiceUnavailable("redis-server could not bind a port after 5 attempts")
    server = RedisProcess(proc, f"redis://127.0.0.1:{port}/0")
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def redis() -> Iterator[str]:
    """Yield the URL of a fresh redis-server (redis_process)."""
    with redis_process() as server:
        yield server.url
