"""Every layout, printed through escpos's Network backend to the FakePrinter and decoded back."""

from __future__ import annotations

import dataclasses

import pytest
import qrcode
from PIL import Image

from printers._escpos import printer
from printers.config import PrinterConfig
from printers.decode import Decoded, DecodedImage, decode
from printers.documents import SECURITY_NOTICE, BrochureDoc, DirectionsDoc, TestPageDoc, TicketDoc
from printers.layouts import SPANISH_CHARS, render, render_bytes
from tests.printers.conftest import PROFILES, flat

URL = "https://turnero.comteco.com.bo/t/Zx81kQ"
COLUMNS = {80: 48, 58: 32}


def ticket(**changes: object) -> TicketDoc:
    doc = TicketDoc(
        number="B-017",
        transaction="Cambio de contraseña de Wi-Fi",
        destination="Plataforma 3",
        area="Sala de espera B",
        directions="Siga la señalización azul hasta el fondo del pasillo, junto a las cajas.",
        people_ahead=4,
        estimated_wait_min=12,
        issued_at_text="22/11/2026 15:20",
        status_url=URL,
    )
    return dataclasses.replace(doc, **changes)


def texts(job: Decoded) -> list[str]:
    return [line.text for line in job.lines]


def assert_fits(job: Decoded, paper: int) -> None:
    for line in job.lines:
        assert len(line.text) <= COLUMNS[paper] // line.width_mult, line


def assert_finish(job: Decoded, paper: int) -> None:
    """Cut (GS V) on the 80 mm TM-T20II; none on the POS-5890, which has no cutter."""
    if paper == 80:
        assert job.cut and job.ops[-1] == "GS V 0"
    else:
        assert not job.cut and not any(op.startswith("GS V") for op in job.ops)
        assert job.ops[-1] == "ESC d 4"


def qr_modules(img: DecodedImage) -> list[list[bool]]:
    """Read a raster QR back into its module matrix (bounding box of black dots, sampled per module)."""
    black = [(x, y) for y in range(img.height) for x in range(img.width) if img.pixel(x, y)]
    x0, x1 = min(x for x, _ in black), max(x for x, _ in black)
    y0, y1 = min(y for _, y in black), max(y for _, y in black)
    expected = expected_modules(URL)
    box = (x1 - x0 + 1) // len(expected)
    assert box * len(expected) == x1 - x0 + 1 == y1 - y0 + 1
    return [[img.pixel(x0 + c * box + box // 2, y0 + r * box + box // 2) for c in range(len(expected))]
            for r in range(len(expected))]


def expected_modules(payload: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
def test_ticket(net_cfg, print_and_decode, profile: str, paper: int) -> None:
    cfg = net_cfg(profile=profile, paper_width_mm=paper)
    job = print_and_decode(cfg, ticket(preferential_label="Atención preferencial: adulto mayor"))
    lines = texts(job)
    for expected in ("COMTECO R.L.", "Su número", "Cambio de contraseña de Wi-Fi", "Diríjase a: Plataforma 3",
                     "Área de espera: Sala de espera B", "Personas delante: 4", "Espera estimada: ~12 min",
                     "Llegada: 22/11/2026 15:20", "Gracias por su preferencia"):
        assert expected in lines
    assert "Siga la señalización azul hasta el fondo del pasillo, junto a las cajas." in flat(job.text)
    assert "Atención preferencial: adulto mayor" in flat(job.text)
    assert "Verificación pendiente en mesón" not in job.text
    number = next(line for line in job.lines if line.text == "B-017")
    assert number.width_mult >= 2 and number.height_mult >= 2 and number.align == "center"
    assert b"contrase\xa4a" in job.raw  # ñ = 0xA4
    assert_fits(job, paper)
    assert_finish(job, paper)
    if paper == 80:
        assert job.qr_payloads == [URL]  # native GS ( k
        assert job.images == 0
    else:
        assert job.qr_payloads == []
        assert not any(op.startswith("GS (") for op in job.ops)
        assert job.images >= 1
        assert qr_modules(job.image_blocks[-1]) == expected_modules(URL)


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
def test_ticket_pending_check_and_no_wait_estimate(net_cfg, print_and_decode, profile: str,
                                                   paper: int) -> None:
    job = print_and_decode(net_cfg(profile=profile), ticket(pending_check=True, estimated_wait_min=None))
    assert "Verificación pendiente en mesón" in texts(job)
    assert "Espera estimada" not in job.text
    assert b"Verificaci\xa2n pendiente en mes\xa2n" in job.raw


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
@pytest.mark.parametrize(("codepage", "slot"), [("CP858", 19), ("CP850", 2)])
@pytest.mark.parametrize("fs_dot", [False, True])
def test_every_job_starts_with_init_then_explicit_codepage(
    net_cfg, print_and_decode, profile: str, paper: int, codepage: str, slot: int, fs_dot: bool
) -> None:
    cfg = net_cfg(profile=profile, codepage=codepage, fs_dot=fs_dot)
    job = print_and_decode(cfg, ticket(area="ÁREA ÚNICA Í É Ó"))
    head = ["ESC @", "FS .", f"ESC t {slot}"] if fs_dot else ["ESC @", f"ESC t {slot}"]
    assert job.ops[: len(head)] == head
    assert job.fs_dot is fs_dot and job.inits == 1
    assert job.codepages == [codepage]  # one selection, never CP857 for the capitals
    assert "Área de espera: ÁREA ÚNICA Í É Ó" in texts(job)
    assert b"\xb5REA \xe9NICA \xd6 \x90 \xe0" in job.raw


def test_codepage_is_resent_after_init_on_a_reused_printer_object() -> None:
    # python-escpos forgets that ESC @ resets the code page; every job must select it again.
    cfg = PrinterConfig(backend="virtual")
    dummy = printer.Dummy(profile=cfg.profile)
    render(ticket(), dummy, cfg)
    render(ticket(), dummy, cfg)
    job = decode(dummy.output, cfg.profile)
    assert job.inits == 2 and job.codepages == ["CP858", "CP858"]
    init_positions = [i for i, op in enumerate(job.ops) if op == "ESC @"]
    esc_t_positions = [i for i, op in enumerate(job.ops) if op.startswith("ESC t")]
    assert init_positions[0] < esc_t_positions[0] < init_positions[1] < esc_t_positions[1]


def test_spanish_bytes_exact() -> None:
    cfg = PrinterConfig(backend="virtual")
    data = render_bytes(BrochureDoc("x", body="ñ ¿ ¡ á é í ó ú"), cfg)
    assert b"\xa4 \xa8 \xad \xa0 \x82 \xa1 \xa2 \xa3" in data


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
def test_brochure(net_cfg, print_and_decode, profile: str, paper: int) -> None:
    doc = BrochureDoc(
        title="Instalación de Internet Fibra Óptica",
        requirements=["Cédula de identidad vigente del titular (original y fotocopia)", "Factura de luz"],
        body="El trámite demora aproximadamente veinte minutos. ¿Dudas? ¡Consulte en plataforma!",
    )
    job = print_and_decode(net_cfg(profile=profile), doc)
    assert "Requisitos:" in texts(job)
    assert "- Factura de luz" in texts(job)
    text = flat(job.text)
    assert "- Cédula de identidad vigente del titular (original y fotocopia)" in text
    assert doc.body in text
    assert "Instalación de Internet Fibra Óptica" in text
    title = next(line for line in job.lines if line.text.startswith("Instalación"))
    assert title.bold and title.height_mult == 2
    wrapped = [line.text for line in job.lines if line.text.startswith("  ")]
    assert wrapped or paper == 80  # at 32 columns the first requirement wraps with a hanging indent
    assert_fits(job, paper)
    assert_finish(job, paper)


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
def test_directions(net_cfg, print_and_decode, profile: str, paper: int) -> None:
    doc = DirectionsDoc(name="Gerencia Comercial", unit="Unidad de Atención al Cliente", floor="2",
                        location="Edificio central, ala norte",
                        instructions="Tome el ascensor y gire a la izquierda.")
    job = print_and_decode(net_cfg(profile=profile), doc)
    lines = texts(job)
    assert "Gerencia Comercial" in lines
    assert "Unidad: Unidad de Atención al Cliente" in flat(job.text)
    assert "Piso: 2" in lines
    assert "Ubicación: Edificio central, ala norte" in flat(job.text)
    assert "Tome el ascensor y gire a la izquierda." in flat(job.text)
    assert ("Las visitas pasan por Seguridad Física con su documento de identidad para recibir una "
            "credencial de visita") in flat(job.text)
    assert SECURITY_NOTICE in flat(job.text)
    assert_fits(job, paper)
    assert_finish(job, paper)


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
@pytest.mark.parametrize("codepage", ["CP858", "CP850"])
def test_test_page(net_cfg, print_and_decode, profile: str, paper: int, codepage: str) -> None:
    job = print_and_decode(net_cfg(profile=profile, codepage=codepage), TestPageDoc(printer_name="Kiosco 1"))
    lines = texts(job)
    assert "Impresora: Kiosco 1" in lines
    assert SPANISH_CHARS in lines
    assert SPANISH_CHARS == "ñ Ñ á é í ó ú Á É Í Ó Ú ü Ü ¿ ¡"
    assert b"\xa4 \xa5 \xa0 \x82 \xa1 \xa2 \xa3 \xb5 \x90 \xd6 \xe0 \xe9 \x81 \x9a \xa8 \xad" in job.raw
    assert ("1234567890" * 5)[: COLUMNS[paper]] in lines  # ruler exactly one line wide
    sep = " " if paper == 80 else ""
    for row in range(8, 16):
        chars = bytes(range(row * 16, row * 16 + 16)).decode(codepage.lower())
        assert f"{row:X}x " + sep.join(chars) in lines
    assert_fits(job, paper)
    assert_finish(job, paper)


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
def test_long_text_wraps_at_profile_columns(net_cfg, print_and_decode, profile: str, paper: int) -> None:
    directions = ("Ingrese por la puerta principal, pase el control de Seguridad Física, suba al segundo "
                  "piso por la escalera y espere en la sala con sillas azules frente a la ventanilla.") * 2
    url = "https://turnero.comteco.com.bo/t/" + "x" * 80
    job = print_and_decode(net_cfg(profile=profile), ticket(directions=directions, status_url=url))
    assert_fits(job, paper)
    assert flat(directions) in flat(job.text)
    assert max(len(line.text) for line in job.lines) == COLUMNS[paper]


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
def test_logo_is_scaled_to_profile_width(tmp_path, net_cfg, print_and_decode, profile: str,
                                         paper: int) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (1200, 240), "black").save(logo)
    job = print_and_decode(net_cfg(profile=profile, logo_path=str(logo)), ticket())
    first = job.image_blocks[0]
    assert first.width == {80: 576, 58: 384}[paper]
    assert first.height == {80: 115, 58: 77}[paper]  # aspect ratio kept
    assert job.blocks[0] is first  # logo on top


def test_missing_logo_still_prints(net_cfg, print_and_decode) -> None:
    job = print_and_decode(net_cfg(logo_path="/nonexistent/logo.png"), ticket())
    assert job.images == 0 and "B-017" in texts(job)
