"""Every layout through the queue, python-escpos's real Network backend and the fake printer, at 80 and 58 mm."""

from __future__ import annotations

import pytest

from core.actors import SYSTEM
from core.org.seed import SeedReport, seed_demo
from core.printing import print_queue
from core.tickets import engine
from printers.decode import DecodedImage, DecodedLine, DecodedQR, decode
from printers.layouts import address_lines
from printers.virtual import COLUMNS
from tests.builders import make_area, make_desk, make_queue, make_transaction
from tests.printing.conftest import PROFILES, qr_payloads

BASE = "https://turnero.comteco.example"


def _printed(fake, job_id: int):
    """Run the queue once; the job must be done and the fake must hold exactly one job, decoded."""
    assert print_queue.process_pending() >= 1
    assert print_queue.job_state(job_id) == {"status": "done", "error": None}
    return decode(fake.wait_for_jobs(1, timeout=3)[0], fake.profile)


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
def test_ticket_prints_number_desk_spanish_qr_and_cut(fake, fake_printer, kiosk, profile, paper) -> None:
    """The ticket carries number, destination, Spanish text, the status URL as QR, and the cut (80 mm)."""
    fake_printer(profile, paper)
    queue = make_queue(area=make_area(name="Plataforma de Servicios"))
    credit = make_transaction(queue, desk=make_desk(queues=[queue], name="Mesón 19"),
                              label="Solicitud de crédito (Crédito al Socio)")
    ticket = engine.issue_ticket(credit.code, actor=SYSTEM)
    job = print_queue.print_ticket(ticket.id, device_id=kiosk[0].id, actor=SYSTEM, base_url=BASE)
    decoded = _printed(fake, job)
    text = " ".join(decoded.text.split())
    assert ticket.label in text
    assert f"Diríjase a: {queue.name} · Mesón 19" in text  # as the screens say it (core/org/catalogue.py)
    assert "Solicitud de crédito (Crédito al Socio)" in text
    assert "Área de espera: Plataforma de Servicios" in text
    assert qr_payloads(decoded, f"{BASE}/t/{ticket.token}") == [f"{BASE}/t/{ticket.token}"]
    assert decoded.cut is (paper == 80)  # POS-5890 has no cutter: it feeds instead


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
def test_ticket_prints_its_status_address_under_the_qr(fake, fake_printer, kiosk, counter, profile, paper) -> None:
    """A customer whose phone cannot scan types the address printed under the code, as on the brochure and the
    directions slip (an audit found the ticket's QR alone): without the scheme, the browser adds it; centred,
    within the paper; the token whole on one line."""
    fake_printer(profile, paper)
    ticket = counter.issue()
    job = print_queue.print_ticket(ticket.id, device_id=kiosk[0].id, actor=SYSTEM, base_url=BASE)
    blocks = _printed(fake, job).blocks
    code = next(i for i, block in enumerate(blocks) if isinstance(block, DecodedQR | DecodedImage))
    under = [block for block in blocks[code + 1:] if isinstance(block, DecodedLine) and block.text.strip()]
    address = f"{BASE.removeprefix('https://')}/t/{ticket.token}"
    lines = under[:2] if len(address) > COLUMNS[paper] else under[:1]
    assert "".join(line.text.strip() for line in lines) == address
    assert lines[-1].text.strip().endswith(ticket.token)
    assert all(line.align == "center" and len(line.text) <= COLUMNS[paper] for line in lines)


def test_an_address_breaks_after_a_slash_never_inside_its_token() -> None:
    assert address_lines("http://192.168.1.20:5000/t/Xq3vT9kLmN2pR7sW4yZb8A", 48) == [
        "192.168.1.20:5000/t/Xq3vT9kLmN2pR7sW4yZb8A"]
    assert address_lines("https://turnero.comteco.example/t/Xq3vT9kLmN2pR7sW4yZb8A", 32) == [
        "turnero.comteco.example/t/", "Xq3vT9kLmN2pR7sW4yZb8A"]
    assert address_lines("https://a-very-long-host-name.example.org/i/abc", 16) == [
        "a-very-long-host", "-name.example.or", "g/i/abc"]


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
def test_brochure_prints_title_and_requirements(app, fake, fake_printer, kiosk, profile, paper) -> None:
    """An information topic prints its title and each requirement."""
    seed_demo(SeedReport())
    fake_printer(profile, paper)
    job = print_queue.print_brochure("INFO_TEL", device_id=kiosk[0].id, actor=SYSTEM)
    text = " ".join(_printed(fake, job).text.split())
    assert "Telefonía básica" in text
    assert "- Cédula de identidad vigente del titular" in text
    assert "- Croquis de ubicación" in text


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
def test_directions_slip_prints_unit_floor_location(app, fake, fake_printer, kiosk, profile, paper) -> None:
    """A directory entry prints where to go and the security notice."""
    seed_demo(SeedReport())
    fake_printer(profile, paper)
    job = print_queue.print_directions("DIR_RRHH", device_id=kiosk[0].id, actor=SYSTEM)
    text = " ".join(_printed(fake, job).text.split())
    assert "Recursos Humanos" in text
    assert "Piso: Piso 2" in text
    assert "Ubicación: Pasillo izquierdo, oficina 204" in text
    assert "Seguridad Física" in text


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
def test_test_page_prints_every_spanish_character(fake, fake_printer, profile, paper) -> None:
    """The test page decodes back to ñ Ñ á é í ó ú Á É Í Ó Ú ü ¿ ¡ under the configured code page."""
    printer = fake_printer(profile, paper)
    job = print_queue.print_test_page(printer.code, actor=SYSTEM)
    decoded = _printed(fake, job)
    for char in "ñÑáéíóúÁÉÍÓÚü¿¡":
        assert char in decoded.text
    assert decoded.codepages == ["CP858"]


def test_ene_arrives_as_a4_after_init_and_code_page(fake, fake_printer) -> None:
    """Each job starts ESC @, then ESC t for CP858; ñ goes out as byte 0xA4."""
    printer = fake_printer()
    job = print_queue.print_test_page(printer.code, actor=SYSTEM)
    raw = _printed(fake, job).raw
    body = raw[raw.index(b"\x1b@"):]
    assert body.startswith(b"\x1b@\x1bt\x13")  # TM-T20II: CP858 is ESC t 19
    assert "¿Año".encode("cp858") in body and b"\xa4" in "Año".encode("cp858")


def test_capital_a_acute_uses_cp850_when_configured(fake, fake_printer) -> None:
    """With CP850 chosen, Á goes out under CP850 (0xB5), never through an automatic switch to CP857."""
    printer = fake_printer(codepage="CP850")
    job = print_queue.print_test_page(printer.code, actor=SYSTEM)
    decoded = _printed(fake, job)
    assert decoded.codepages == ["CP850"]
    assert "Á" in decoded.text and b"\xb5" in decoded.raw


def test_fs_dot_is_sent_right_after_init_for_chinese_clones(fake, fake_printer) -> None:
    """The FS . switch sends FS . between ESC @ and the code page."""
    printer = fake_printer("POS-5890", 58, fs_dot=True)
    job = print_queue.print_test_page(printer.code, actor=SYSTEM)
    raw = _printed(fake, job).raw
    assert raw[raw.index(b"\x1b@"):].startswith(b"\x1b@\x1c\x2e\x1bt")


def test_public_base_url_wins_over_request_host(app, fake, fake_printer, kiosk, counter) -> None:
    """With PUBLIC_BASE_URL set, the QR holds that address even when the caller passes its own host."""
    app.config["PUBLIC_BASE_URL"] = "https://fichas.comteco.example/"
    fake_printer()
    ticket = counter.issue()
    job = print_queue.print_ticket(ticket.id, device_id=kiosk[0].id, actor=SYSTEM, base_url="http://10.0.0.5/")
    assert _printed(fake, job).qr_payloads == [f"https://fichas.comteco.example/t/{ticket.token}"]


def test_reprint_is_identical_to_the_original(fake, fake_printer, kiosk, counter) -> None:
    """A reprint sends exactly the same bytes, even after the queue has grown meanwhile."""
    fake_printer()
    ticket = counter.issue()
    job = print_queue.print_ticket(ticket.id, device_id=kiosk[0].id, actor=SYSTEM, base_url=BASE)
    print_queue.process_pending()
    counter.issue()  # would change "people ahead" if re-rendered from the ticket
    print_queue.reprint(job, actor=SYSTEM)
    print_queue.process_pending()
    first, second = fake.wait_for_jobs(2, timeout=3)
    assert first == second
