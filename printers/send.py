"""Print a document or check a printer; never raises for printer faults, never blocks past ~2× timeout."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
from dataclasses import dataclass

from printers._escpos import DeviceNotFoundError, Escpos
from printers.backends import PrinterError, check_profile, open_printer
from printers.config import PrinterConfig
from printers.documents import Document
from printers.layouts import render_bytes

log = logging.getLogger(__name__)

STATUS_KINDS = ("online", "offline", "paper_out", "paper_near_end", "unknown")
# DLE EOT n: 1 printer, 2 offline cause, 4 paper sensors. Sent together, answered one byte each, in order.
STATUS_QUERY = (1, 2, 4)
NO_ANSWER = "La impresora no responde"
NO_PAPER = "Sin papel"
NOT_A_PRINTER = "Respuesta inesperada: el equipo no parece una impresora ESC/POS"


@dataclass(frozen=True)
class PrintOutcome:
    """ok: the job reached the printer (or, for query_status, the printer can print)."""

    ok: bool
    status: str  # one of STATUS_KINDS
    error: str | None = None  # Spanish, for a person
    data: bytes = b""


def interpret_status(answers: dict[int, int]) -> tuple[str, str | None]:
    """(status, error) from DLE EOT answers, per Epson's bit tables.

    Every valid answer has bits 1 and 4 set and bits 0 and 7 clear (0x12 base). Anything else means the
    address is not an ESC/POS printer (an HTTP server answers "HTTP/1.1 400..."): printing there would
    only spill the job into another device. Printers without DLE EOT support use check_status=False.
    """
    if any(v & 0x93 != 0x12 for v in answers.values()):
        return "unknown", NOT_A_PRINTER
    paper, printer, cause = answers.get(4, 0x12), answers.get(1, 0x12), answers.get(2, 0x12)
    if paper & 0x60 or cause & 0x20:  # n=4 bits 5-6: roll paper end; n=2 bit 5: stopped for paper end
        return "paper_out", NO_PAPER
    if printer & 0x08:  # n=1 bit 3: offline
        if cause & 0x04:
            return "offline", "Tapa de la impresora abierta"
        if cause & 0x40:
            return "offline", "Error en la impresora (mecanismo o cortador)"
        return "offline", "Impresora fuera de línea"
    if paper & 0x0C:  # n=4 bits 2-3: roll paper near end
        return "paper_near_end", None
    return "online", None


def _read_status(sock: socket.socket, deadline: float) -> dict[int, int] | None:
    """Ask DLE EOT 1, 2, 4 on the raw socket; None when the printer stays silent until the deadline.

    (python-escpos's paper_status() says "paper OK" when nothing comes back and lets TimeoutError escape.)
    """
    try:
        sock.setblocking(False)  # drop stray bytes, e.g. answers to 10 04 found inside raster data
        while sock.recv(64):
            pass
    except (BlockingIOError, InterruptedError):
        pass
    except OSError:
        return None
    answer = b""
    try:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        sock.sendall(b"".join(b"\x10\x04" + bytes([n]) for n in STATUS_QUERY))
        while len(answer) < len(STATUS_QUERY):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            sock.settimeout(remaining)
            chunk = sock.recv(16)
            if not chunk:
                return None
            answer += chunk
    except OSError:  # includes socket.timeout
        return None
    return dict(zip(STATUS_QUERY, answer, strict=False))


def _close(p: Escpos) -> None:
    with contextlib.suppress(OSError):
        p.close()


def _network(cfg: PrinterConfig, data: bytes | None) -> PrintOutcome:
    """Connect, check status, send `data` (None: only check), check again. Budget: 2× cfg.timeout."""
    hard = time.monotonic() + 2 * cfg.timeout
    payload = data or b""
    p = open_printer(cfg)
    try:
        try:
            p.open()  # escpos's Network uses cfg.timeout for connect
        except DeviceNotFoundError:
            unreachable = f"Impresora apagada o inalcanzable ({cfg.address})"
            return PrintOutcome(False, "offline", unreachable, payload)
        sock: socket.socket = p.device  # type: ignore[assignment]
        with contextlib.suppress(OSError):  # only a speed-up: never a reason to fail the job
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        status, error = "unknown", None
        if cfg.check_status:
            answers = _read_status(sock, min(hard, time.monotonic() + cfg.timeout))
            if answers is None:
                return PrintOutcome(False, "unknown", NO_ANSWER, payload)
            status, error = interpret_status(answers)
            if error:
                return PrintOutcome(False, status, error, payload)
        if data is None:
            return PrintOutcome(True, status, None)
        try:
            sock.settimeout(max(0.05, hard - time.monotonic()))
            p._raw(data)
        except TimeoutError:
            return PrintOutcome(False, "unknown", NO_ANSWER, payload)
        except OSError:
            return PrintOutcome(False, "offline", "Se perdió la conexión con la impresora", payload)
        if cfg.check_status:
            # The job is already delivered: a bad status now is reported, not turned into a failure, so a
            # retry does not print the ticket twice once the printer resumes.
            answers = _read_status(sock, min(hard, time.monotonic() + cfg.timeout))
            status = interpret_status(answers)[0] if answers else "unknown"
        error = "Se acabó el papel durante la impresión" if status == "paper_out" else None
        return PrintOutcome(True, status, error, payload)
    finally:
        _close(p)


def _local(cfg: PrinterConfig, data: bytes) -> PrintOutcome:
    """USB, serial, file, CUPS: no status channel we rely on; success means the bytes were accepted."""
    p = open_printer(cfg)
    try:
        p._raw(data)
    except Exception as exc:  # each backend fails its own way (OSError, usb.core.USBError, escpos errors)
        log.warning("Impresión fallida en %s (%s): %s", cfg.address, cfg.backend, exc)
        return PrintOutcome(False, "offline", f"No se pudo imprimir en {cfg.address or cfg.backend}", data)
    finally:
        _close(p)
    return PrintOutcome(True, "unknown", None, data)


def print_document(cfg: PrinterConfig, doc: Document) -> PrintOutcome:
    """Render `doc` for `cfg` and print it. The rendered bytes are returned in `data` either way."""
    problems = cfg.errors()
    if problems:
        return PrintOutcome(False, "unknown", "; ".join(problems))
    try:
        check_profile(cfg)
        data = render_bytes(doc, cfg)
    except PrinterError as exc:
        return PrintOutcome(False, "unknown", str(exc))
    except (ValueError, TypeError, OSError) as exc:
        log.exception("No se pudo preparar el documento")
        return PrintOutcome(False, "unknown", f"No se pudo preparar la impresión: {exc}")
    try:
        if cfg.backend == "virtual":
            return PrintOutcome(True, "online", None, data)
        if cfg.backend == "network":
            return _network(cfg, data)
        return _local(cfg, data)
    except PrinterError as exc:
        return PrintOutcome(False, "unknown", str(exc), data)


def query_status(cfg: PrinterConfig) -> PrintOutcome:
    """Health check without printing (network: DLE EOT; others: only that the device is there)."""
    problems = cfg.errors()
    if problems:
        return PrintOutcome(False, "unknown", "; ".join(problems))
    try:
        if cfg.backend == "virtual":
            return PrintOutcome(True, "online")
        if cfg.backend == "network":
            return _network(cfg, None)
        open_printer(cfg)
    except PrinterError as exc:
        return PrintOutcome(False, "unknown", str(exc))
    if cfg.backend in ("file", "serial"):
        path = cfg.path if cfg.backend == "file" else cfg.serial_device
        creatable = cfg.backend == "file" and os.path.isdir(os.path.dirname(path) or ".")
        if not os.path.exists(path) and not creatable:
            return PrintOutcome(False, "offline", f"Impresora no conectada ({path})")
    return PrintOutcome(True, "unknown")
