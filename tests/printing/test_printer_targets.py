"""Admin → Impresoras cannot be used to write files or send bytes anywhere the server's OS user can reach:
file printers stay inside the instance's printer folder, network printers avoid loopback/link-local addresses
(or stay inside PRINTER_NETWORK_ALLOW), and only admins define connections that reach the OS."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from core.actors import SYSTEM
from core.extensions import db
from core.models import Printer
from core.printing import print_queue
from printers.fake import FakePrinter
from tests.staff import Staff

VICTIM_TEXT = "contenido que nadie debe pisar\n"


def form(code: str, backend: str, **fields: str) -> dict[str, str]:
    """The edit form as the page posts it (every field present, as a browser sends them)."""
    base = {"code": code, "name": f"Impresora {code}", "active": "1", "backend": backend, "host": "", "port": "9100",
            "usb_vendor": "", "usb_product": "", "serial_device": "", "baudrate": "9600", "path": "",
            "cups_queue": "", "profile": "TM-T20II", "codepage": "CP858", "paper_width_mm": "80", "timeout": "1"}
    return {**base, **fields}


def save(staff: Staff, data: dict[str, Any], printer_id: int | None = None):
    """Post the printer form as the signed-in `admin` or `supervisor` (tests/conftest.py)."""
    url = f"/admin/impresoras/{printer_id}" if printer_id else "/admin/impresoras/nueva"
    return staff.post(url, data)


def stored(code: str) -> Printer | None:
    db.session.remove()
    return db.session.scalar(db.select(Printer).where(Printer.code == code))


def print_test_page(code: str) -> dict[str, Any]:
    job = print_queue.print_test_page(code, actor=SYSTEM)
    print_queue.process_pending()
    db.session.remove()
    return print_queue.job_state(job)


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file outside the instance folder that the server's OS user can write."""
    path = tmp_path / "fuera" / "importante.conf"
    path.parent.mkdir()
    path.write_text(VICTIM_TEXT)
    return path


@pytest.fixture
def printer_dir(app: Flask) -> Path:
    return Path(app.instance_path).resolve() / "printer-files"


def test_supervisor_cannot_create_a_file_printer(supervisor, victim) -> None:
    """The audit's finding: a supervisor saving a «file» printer on any path. Refused, and the file is intact."""
    response = save(supervisor, form("pisa", "file", path=str(victim)))
    assert response.status_code == 422
    assert "Solo un administrador configura la conexión" in response.get_data(as_text=True)
    assert stored("pisa") is None and victim.read_text() == VICTIM_TEXT


@pytest.mark.parametrize("path", ["../../fuera/importante.conf", "{victim}", "sub/../../x.prn", "{dir}"])
def test_admin_file_printer_outside_the_printer_folder_is_refused(admin, victim, printer_dir, path) -> None:
    """`..`, an absolute path outside, or the folder itself: a Spanish 422 naming the printer folder."""
    response = save(admin, form("afuera", "file", path=path.format(victim=victim, dir=printer_dir)))
    assert response.status_code == 422
    assert f"debe quedar dentro de {printer_dir}" in response.get_data(as_text=True)
    assert stored("afuera") is None and victim.read_text() == VICTIM_TEXT


def test_admin_file_printer_through_a_link_that_leaves_the_folder_is_refused(admin, victim, printer_dir) -> None:
    """A symlink inside the printer folder that points outside it counts as outside."""
    (printer_dir / "atajo.prn").symlink_to(victim)
    response = save(admin, form("atajo", "file", path="atajo.prn"))
    assert response.status_code == 422 and stored("atajo") is None


def test_admin_file_printer_inside_the_folder_prints_there(admin, printer_dir) -> None:
    """A plain file name is a file in the printer folder, and the test page lands in it."""
    assert save(admin, form("caja", "file", path="caja1.prn")).status_code == 302
    assert print_test_page("caja")["status"] == "done"
    assert (printer_dir / "caja1.prn").read_bytes().startswith(b"\x1b@")


def test_link_placed_after_saving_is_refused_at_print_time(admin, victim, printer_dir) -> None:
    """The check runs again before printing: a file swapped for a link to outside makes the job fail, and the
    outside file is not touched."""
    assert save(admin, form("caja", "file", path="caja1.prn")).status_code == 302
    (printer_dir / "caja1.prn").unlink(missing_ok=True)
    os.symlink(victim, printer_dir / "caja1.prn")
    state = print_test_page("caja")
    assert state["status"] != "done" and "debe quedar dentro de" in state["error"]
    assert victim.read_text() == VICTIM_TEXT


@pytest.mark.parametrize("backend,fields", [("network", {"host": "127.0.0.1"}), ("usb", {"usb_vendor": "0x04b8",
                         "usb_product": "0x0e15"}), ("serial", {"serial_device": "/dev/ttyS0"}),
                         ("cups", {"cups_queue": "tickets"})])
def test_supervisor_cannot_define_os_printers(supervisor, backend, fields) -> None:
    """Network, USB, serial and CUPS connections are the admin's; the supervisor gets the reason in Spanish."""
    response = save(supervisor, form("os", backend, **fields))
    assert response.status_code == 422 and "Solo un administrador" in response.get_data(as_text=True)
    assert stored("os") is None


def test_supervisor_creates_a_virtual_printer(supervisor) -> None:
    assert save(supervisor, form("virtual-2", "virtual")).status_code == 302
    assert stored("virtual-2").backend == "virtual"


def test_supervisor_edits_the_rest_of_a_network_printer_but_not_its_address(admin, supervisor,
                                                                            fake: FakePrinter) -> None:
    """Name and paper of an admin's network printer are the supervisor's; its port is not."""
    assert save(admin, form("red", "network", host="127.0.0.1", port=str(fake.port))).status_code == 302
    printer_id = stored("red").id
    edit_page = supervisor.get(f"/admin/impresoras/{printer_id}").get_data(as_text=True)
    assert re.search(r'<input id="f-host"[^>]*value="127.0.0.1"[^>]*\breadonly', edit_page)
    renamed = form("red", "network", host="127.0.0.1", port=str(fake.port), name="Entrada", paper_width_mm="58")
    assert save(supervisor, renamed, printer_id).status_code == 302
    assert stored("red").name == "Entrada" and stored("red").config["paper_width_mm"] == 58
    moved = form("red", "network", host="127.0.0.1", port="22", name="Entrada")
    assert save(supervisor, moved, printer_id).status_code == 422
    assert stored("red").config["port"] == fake.port


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "169.254.169.254", "0.0.0.0", "::1", "fe80::1"])
def test_network_printer_on_a_local_address_is_refused_without_an_allow_list(app, admin, monkeypatch, host) -> None:
    """Without PRINTER_NETWORK_ALLOW, loopback, link-local and unspecified addresses are refused."""
    monkeypatch.setitem(app.config, "PRINTER_NETWORK_ALLOW", "")
    response = save(admin, form("local", "network", host=host))
    assert response.status_code == 422 and "no se admite para una impresora de red" in response.get_data(as_text=True)
    assert stored("local") is None


def test_network_printer_on_the_lan_is_accepted_without_an_allow_list(app, admin, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "PRINTER_NETWORK_ALLOW", "")
    assert save(admin, form("lan", "network", host="192.168.10.50")).status_code == 302


def test_network_printer_outside_the_allow_list_is_refused(app, admin, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "PRINTER_NETWORK_ALLOW", "10.20.0.0/16, 127.0.0.1")
    assert save(admin, form("dentro", "network", host="10.20.3.4")).status_code == 302
    response = save(admin, form("fuera", "network", host="10.21.0.1"))
    assert response.status_code == 422 and "PRINTER_NETWORK_ALLOW" in response.get_data(as_text=True)


def test_network_printer_no_longer_allowed_gets_no_bytes(app, admin, monkeypatch, fake: FakePrinter) -> None:
    """The allow-list is checked again before printing: a printer saved earlier, now outside it, is not
    contacted and its job reports why."""
    assert save(admin, form("red", "network", host="127.0.0.1", port=str(fake.port))).status_code == 302
    monkeypatch.setitem(app.config, "PRINTER_NETWORK_ALLOW", "10.0.0.0/8")
    state = print_test_page("red")
    assert state["status"] != "done" and "PRINTER_NETWORK_ALLOW" in state["error"]
    assert fake.jobs == []
