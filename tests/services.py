"""Throwaway PostgreSQL and Redis servers for the test session, started from Debian's binaries.

They are real servers on 127.0.0.1 with free ports and private data directories, removed at the end.
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
from collections.abc import Iterator
from contextlib import contextmanager


class ServiceUnavailable(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """Terminate a server started by a test, killing it if it does not stop in time."""
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()


def _wait_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise ServiceUnavailable(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


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
    port = free_port()
    run_as: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        pwd.getpwnam("postgres")
        shutil.chown(root, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*run_as, f"{bindir}/initdb", "-D", data, "-U", "turnero", "--auth=trust", "-E", "UTF8",
                    "--no-sync"], check=True, capture_output=True)
    log = os.path.join(root, "log")
    proc = subprocess.Popen([*run_as, f"{bindir}/postgres", "-D", data, "-p", str(port), "-k", root,
                             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                             "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                             "-c", "max_connections=200"],
                            stdout=subprocess.DEVNULL, stderr=open(log, "w"))  # noqa: SIM115
    try:
        _wait_port(port)
        deadline = time.monotonic() + 20
        while True:
            created = subprocess.run([*run_as, f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port),
                                      "-U", "turnero", "turnero_test"], capture_output=True)
            if created.returncode == 0:
                break
            if time.monotonic() > deadline:
                raise ServiceUnavailable(created.stderr.decode())
            time.sleep(0.2)
        yield f"postgresql+psycopg://turnero@127.0.0.1:{port}/turnero_test"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def redis() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise ServiceUnavailable("Redis is not installed: run `make test` (it installs redis-server) or "
                                 "`apt-get install redis-server`.")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)
