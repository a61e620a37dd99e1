"""The FakePrinter itself: DLE EOT answers per mode, offline/online on the same port, jobs, the CLI."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from printers.config import PrinterConfig
from printers.documents import TicketDoc
from printers.fake import FakePrinter
from printers.send import print_document

ROOT = Path(__file__).resolve().parents[2]


def ask(port: int, queries: bytes, expect: int, timeout: float = 1.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(queries)
        answer = b""
        while len(answer) < expect:
            chunk = s.recv(16)
            if not chunk:
                break
            answer += chunk
        return answer


ALL = b"\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04"


@pytest.mark.parametrize(
    ("mode", "answers"),
    [
        ("ok", b"\x12\x12\x12\x12"),
        ("paper_near_end", b"\x12\x12\x12\x1e"),
        ("paper_out", b"\x1a\x32\x12\x72"),
    ],
)
def test_status_answers_follow_epson_bits(fake: FakePrinter, mode: str, answers: bytes) -> None:
    fake.set_mode(mode)
    assert ask(fake.port, ALL, 4) == answers


def test_silent_never_answers(fake: FakePrinter) -> None:
    fake.set_mode("silent")
    with pytest.raises(TimeoutError):
        ask(fake.port, ALL, 1, timeout=0.3)


def test_slow_answers_after_delay(fake: FakePrinter) -> None:
    """A slow printer holds its answer back for `delay` seconds, then gives it."""
    fake.set_mode("slow", delay=1.0)
    answered = []

    def patient() -> None:
        answered.append(ask(fake.port, b"\x10\x04\x04", 1, timeout=30))

    thread = threading.Thread(target=patient)
    thread.start()
    with pytest.raises(TimeoutError):  # a client that gives up before the delay gets nothing
        ask(fake.port, b"\x10\x04\x04", 1, timeout=0.05)
    thread.join(30)
    assert answered == [b"\x12"]


def test_offline_refuses_and_comes_back_on_the_same_port(fake: FakePrinter) -> None:
    port = fake.port
    fake.set_mode("offline")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=0.5)
    fake.set_mode("ok")
    assert fake.port == port
    assert ask(port, b"\x10\x04\x01", 1) == b"\x12"


def test_starting_offline_still_has_a_port() -> None:
    with FakePrinter(mode="offline") as fake:
        assert fake.port > 0
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", fake.port), timeout=0.5)


def test_jobs_exclude_pure_status_checks(fake: FakePrinter) -> None:
    ask(fake.port, b"\x10\x04\x04", 1)
    with socket.create_connection(("127.0.0.1", fake.port)) as s:
        s.sendall(b"\x1b@hola\n")
    assert fake.wait_for_jobs(1, 2) == [b"\x1b@hola\n"]
    assert len(fake.wait_for_connections(2)) == 2
    assert fake.decoded_jobs()[0].text == "hola"
    with pytest.raises(TimeoutError):
        fake.wait_for_jobs(2, 0.2)


def test_unknown_mode_is_refused(fake: FakePrinter) -> None:
    with pytest.raises(ValueError, match="Modo desconocido"):
        fake.set_mode("jammed")


def test_cli_prints_decoded_jobs() -> None:
    """`python -m printers.fake --port 0` says where it listens, then prints each job it receives."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "printers.fake", "--port", "0", "--profile", "TM-T20II"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8")
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    out = []
    try:
        banner = lines.get(timeout=30)  # printed once it listens
        port = int(re.search(r"127\.0\.0\.1:(\d+)", banner).group(1))
        doc = TicketDoc("C-105", "Pago de facturas", "Caja 2", "Sala C", "", 1, 3, "22/11/2026 09:00",
                        "https://turnero.example/t/9")
        assert print_document(PrinterConfig(host="127.0.0.1", port=port, timeout=1), doc).ok
        while not out or "consultas de estado" not in out[-1]:  # the transcript's last line
            out.append(lines.get(timeout=30))
    finally:
        proc.send_signal(signal.SIGINT)
        _rest, err = proc.communicate(timeout=30)
    out = "".join(out)
    assert proc.returncode == 0, err
    assert "C-105  [3x3]" in out
    assert "Diríjase a: Caja 2" in out
    assert "[QR: https://turnero.example/t/9]" in out
    assert "páginas de códigos ['CP858']" in out
    assert "corte" in out
    assert "RuntimeWarning" not in err
