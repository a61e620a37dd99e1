"""print_document / query_status against the FakePrinter's fault modes, dead hosts and other backends."""

from __future__ import annotations

import socket
import threading

import pytest

from printers import send
from printers._escpos import printer
from printers.backends import PrinterError, open_printer
from printers.config import PrinterConfig
from printers.decode import decode
from printers.documents import TestPageDoc, TicketDoc
from printers.send import NOT_A_PRINTER, interpret_status, print_document, query_status
from tests.printers.conftest import STATUS_QUERY, TIMEOUT

DOC = TicketDoc("A-001", "Consultas", "Plataforma 1", "Sala A", "Planta baja", 0, 5, "22/11/2026 08:01",
                "https://turnero.example/t/1")
# How long each fault takes is measured by `python -m bench.printer_faults`; these tests check the mechanism.


def test_ok_prints_and_reports_online(fake, net_cfg) -> None:
    outcome = print_document(net_cfg(), DOC)
    assert (outcome.ok, outcome.status, outcome.error) == (True, "online", None)
    assert fake.wait_for_jobs(1, 3)
    assert "A-001" in decode(outcome.data).text


def test_nagle_is_off_so_the_status_query_after_the_ticket_goes_out_at_once(fake, net_cfg, monkeypatch) -> None:
    """The status query after the ticket's bytes is 9 bytes; with Nagle's algorithm on, the kernel held it until
    the printer acknowledged the ticket (its delayed ACK), ~40 ms per job here and up to 200 ms on a printer's
    TCP stack. `python -m bench.http_load` measures kiosk → printer; this checks the socket option."""
    seen = []
    close = send._close
    monkeypatch.setattr(send, "_close", lambda p: (seen.append(
        p.device.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)), close(p)))
    assert print_document(net_cfg(), DOC).ok
    assert query_status(net_cfg()).ok
    assert seen and all(seen), seen


def test_network_backend_uses_config_timeout_not_60s() -> None:
    p = open_printer(PrinterConfig(host="192.0.2.1", timeout=1.5))
    assert isinstance(p, printer.Network) and p.timeout == 1.5


def test_closed_port_fails_fast_with_spanish_error(closed_port: int) -> None:
    """A refused connection is an immediate «apagada» (no timeout is waited for), with the address."""
    cfg = PrinterConfig(host="127.0.0.1", port=closed_port, timeout=TIMEOUT)
    outcome = print_document(cfg, DOC)
    assert not outcome.ok and outcome.status == "offline"
    assert outcome.error == f"Impresora apagada o inalcanzable (127.0.0.1:{closed_port})"
    assert outcome.data.startswith(b"\x1b@")  # rendered anyway, e.g. to show or retry


def test_fake_offline_refuses_then_recovers(fake, net_cfg) -> None:
    fake.set_mode("offline")
    outcome = print_document(net_cfg(), DOC)
    assert not outcome.ok and outcome.error.startswith("Impresora apagada o inalcanzable")
    fake.set_mode("ok")
    assert print_document(net_cfg(), DOC).ok
    assert len(fake.wait_for_jobs(1, 3)) == 1


def test_host_that_never_accepts_gives_up_after_the_configured_timeout(blackhole: int) -> None:
    """A host that never completes the connection ends as «apagada» once the socket's timeout (the printer's
    configured one, see test_network_backend_uses_config_timeout_not_60s) expires; the status query too."""
    cfg = PrinterConfig(host="127.0.0.1", port=blackhole, timeout=TIMEOUT)
    outcome = print_document(cfg, DOC)
    assert not outcome.ok and outcome.status == "offline"
    assert outcome.error == f"Impresora apagada o inalcanzable (127.0.0.1:{blackhole})"
    outcome = query_status(cfg)
    assert not outcome.ok and outcome.status == "offline"


def test_something_else_on_the_port_is_not_a_printer() -> None:
    # A server that answers DLE EOT with text (as an HTTP server does) must not receive the job.
    with socket.create_server(("127.0.0.1", 0)) as server:
        def answer() -> None:
            conn, _ = server.accept()
            with conn:
                conn.recv(64)
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
                received.append(conn.recv(65536))

        received: list[bytes] = []
        thread = threading.Thread(target=answer)
        thread.start()
        outcome = print_document(PrinterConfig(host="127.0.0.1", port=server.getsockname()[1],
                                               timeout=TIMEOUT), DOC)
        thread.join(3)
    assert not outcome.ok and outcome.status == "unknown"
    assert outcome.error == "Respuesta inesperada: el equipo no parece una impresora ESC/POS" == NOT_A_PRINTER
    assert received == [b""]  # closed without sending the ticket


def test_silent_printer_is_not_responding(fake, net_cfg) -> None:
    fake.set_mode("silent")
    outcome = print_document(net_cfg(), DOC)
    assert (outcome.ok, outcome.status, outcome.error) == (False, "unknown", "La impresora no responde")
    assert fake.wait_for_connections(1) == [STATUS_QUERY]  # only the status check went out
    assert fake.jobs == []  # the job was never sent


def test_slow_printer_beyond_timeout_is_not_responding(fake, net_cfg) -> None:
    fake.set_mode("slow", delay=3 * TIMEOUT)
    outcome = print_document(net_cfg(), DOC)
    assert outcome.error == "La impresora no responde" and not outcome.ok
    assert fake.jobs == []


def test_slow_printer_within_timeout_prints(fake, net_cfg) -> None:
    fake.set_mode("slow", delay=TIMEOUT / 5)
    outcome = print_document(net_cfg(), DOC)
    assert outcome.ok and outcome.status == "online"
    assert fake.wait_for_jobs(1, 3)


def test_paper_out_fails_then_prints_after_refill(fake, net_cfg) -> None:
    fake.set_mode("paper_out")
    outcome = print_document(net_cfg(), DOC)
    assert (outcome.ok, outcome.status, outcome.error) == (False, "paper_out", "Sin papel")
    assert fake.wait_for_connections(1) == [STATUS_QUERY]  # only the status check went out
    assert fake.jobs == []
    fake.set_mode("ok")
    outcome = print_document(net_cfg(), DOC)
    assert outcome.ok and outcome.status == "online"
    job = decode(fake.wait_for_jobs(1, 3)[0])
    assert "A-001" in job.text


def test_paper_near_end_still_prints(fake, net_cfg) -> None:
    fake.set_mode("paper_near_end")
    outcome = print_document(net_cfg(), DOC)
    assert (outcome.ok, outcome.status, outcome.error) == (True, "paper_near_end", None)
    assert fake.wait_for_jobs(1, 3)


def test_status_check_can_be_disabled_for_one_way_print_servers(fake, net_cfg) -> None:
    fake.set_mode("silent")
    outcome = print_document(net_cfg(check_status=False), DOC)
    assert outcome.ok and outcome.status == "unknown"  # nothing was asked, so nothing was waited for
    job = fake.wait_for_jobs(1, 3)[0]
    assert job == outcome.data  # no DLE EOT at all


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("ok", (True, "online", None)),
        ("paper_near_end", (True, "paper_near_end", None)),
        ("paper_out", (False, "paper_out", "Sin papel")),
        ("silent", (False, "unknown", "La impresora no responde")),
    ],
)
def test_query_status(fake, net_cfg, mode: str, expected: tuple) -> None:
    fake.set_mode(mode)
    outcome = query_status(net_cfg())
    assert (outcome.ok, outcome.status, outcome.error) == expected
    assert fake.wait_for_connections(1) == [STATUS_QUERY]
    assert fake.jobs == []  # a health check prints nothing


def test_query_status_offline(fake, net_cfg) -> None:
    fake.set_mode("offline")
    outcome = query_status(net_cfg())
    assert (outcome.ok, outcome.status) == (False, "offline")
    assert outcome.error == f"Impresora apagada o inalcanzable (127.0.0.1:{fake.port})"


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({1: 0x12, 2: 0x12, 4: 0x12}, ("online", None)),
        ({1: 0x12, 2: 0x12, 4: 0x1E}, ("paper_near_end", None)),
        ({1: 0x1A, 2: 0x32, 4: 0x72}, ("paper_out", "Sin papel")),
        ({1: 0x12, 2: 0x12, 4: 0x72}, ("paper_out", "Sin papel")),
        ({1: 0x1A, 2: 0x16, 4: 0x12}, ("offline", "Tapa de la impresora abierta")),
        ({1: 0x1A, 2: 0x52, 4: 0x12}, ("offline", "Error en la impresora (mecanismo o cortador)")),
        ({1: 0x1A, 2: 0x12, 4: 0x12}, ("offline", "Impresora fuera de línea")),
        ({1: 0x48, 2: 0x54, 4: 0x54}, ("unknown", NOT_A_PRINTER)),  # "HTT" from an HTTP server
    ],
)
def test_interpret_status(answers: dict[int, int], expected: tuple) -> None:
    assert interpret_status(answers) == expected


def test_virtual_backend_returns_bytes() -> None:
    outcome = print_document(PrinterConfig(backend="virtual", profile="POS-5890", paper_width_mm=58), DOC)
    assert outcome.ok and outcome.status == "online"
    job = decode(outcome.data, "POS-5890")
    assert "A-001" in job.text and job.images >= 1 and not job.cut


def test_file_backend_writes_the_job(tmp_path) -> None:
    target = tmp_path / "lp0"
    cfg = PrinterConfig(backend="file", path=str(target))
    outcome = print_document(cfg, TestPageDoc("Archivo"))
    assert outcome.ok
    assert target.read_bytes() == outcome.data
    assert "Impresora: Archivo" in decode(outcome.data, cfg.profile).text


def test_file_backend_failure_is_an_outcome_not_an_exception(tmp_path) -> None:
    cfg = PrinterConfig(backend="file", path=str(tmp_path / "missing-dir" / "lp0"))
    outcome = print_document(cfg, DOC)
    assert not outcome.ok and outcome.error == f"No se pudo imprimir en {cfg.path}"
    assert query_status(cfg).status == "offline"


def test_invalid_config_is_reported_in_spanish() -> None:
    outcome = print_document(PrinterConfig(backend="network", host=""), DOC)
    assert not outcome.ok and outcome.error == "Falta la dirección IP o el nombre de la impresora"
    outcome = print_document(PrinterConfig(backend="virtual", codepage="CP857"), DOC)
    assert outcome.error == "Página de códigos no admitida: CP857 (use CP858 o CP850)"


def test_unknown_profile_and_backend() -> None:
    with pytest.raises(PrinterError, match="Perfil de impresora desconocido: XYZ"):
        open_printer(PrinterConfig(backend="virtual", profile="XYZ"))
    with pytest.raises(PrinterError, match="Tipo de conexión desconocido: bluetooth"):
        open_printer(PrinterConfig(backend="bluetooth"))
    outcome = print_document(PrinterConfig(backend="virtual", profile="XYZ"), DOC)
    assert not outcome.ok and "XYZ" in outcome.error


@pytest.mark.parametrize(
    ("cfg", "cls", "message"),
    [
        (PrinterConfig(backend="usb", usb_vendor=0x04B8, usb_product=0x0E15), printer.Usb, "Soporte USB"),
        (PrinterConfig(backend="serial", serial_device="/dev/ttyS0"), printer.Serial,
         "Soporte de puerto serie"),
        (PrinterConfig(backend="cups", cups_queue="tickets"), printer.CupsPrinter, "Soporte CUPS"),
    ],
)
def test_optional_backends_without_their_library(cfg: PrinterConfig, cls: type, message: str) -> None:
    if cls.is_usable():
        assert isinstance(open_printer(cfg), cls)
        return
    with pytest.raises(PrinterError, match=message):
        open_printer(cfg)
    outcome = print_document(cfg, DOC)
    assert not outcome.ok and outcome.error.startswith(message)


def test_config_round_trip_and_text_values() -> None:
    cfg = PrinterConfig(backend="usb", usb_vendor=0x0416, usb_product=0x5011, profile="POS-5890",
                        paper_width_mm=58, fs_dot=True, timeout=2.0)
    assert PrinterConfig.from_dict(cfg.to_dict()) == cfg
    loaded = PrinterConfig.from_dict({"backend": "usb", "usb_vendor": "0x0416", "usb_product": "20497",
                                      "port": "9101", "timeout": "1.5", "fs_dot": "true", "extra": 1})
    assert (loaded.usb_vendor, loaded.usb_product, loaded.port, loaded.timeout, loaded.fs_dot) == (
        0x0416, 20497, 9101, 1.5, True)
