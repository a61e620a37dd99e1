"""Fixtures for the print queue: a FakePrinter on 127.0.0.1 and printers stored in the database."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
import qrcode
from flask import Flask

from core.actors import SYSTEM
from core.models import Device, Printer
from core.people import users
from core.printing import setup
from printers.config import PrinterConfig
from printers.decode import Decoded, DecodedImage
from printers.fake import FakePrinter

TIMEOUT = 0.5  # seconds: the fault tests stay fast
PROFILES = [("TM-T20II", 80), ("POS-5890", 58)]


@pytest.fixture
def kiosk(app: Flask) -> tuple[Device, str]:
    """The kiosk device and its token."""
    return users.create_device("kiosk", "kiosco-prueba")


@pytest.fixture
def printer_contacts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every TCP connect made in this process from now on (the test, the live server's threads, escpos), by
    address: a printer that was never contacted has no entry, whether it would have answered or not."""
    made: list[tuple[str, int]] = []
    original = socket.socket.connect

    def connect(self: socket.socket, address: tuple[str, int]) -> None:
        made.append(tuple(address[:2]))
        return original(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return made


def network(port: int, host: str = "127.0.0.1", **overrides: object) -> dict:
    return PrinterConfig(backend="network", host=host, port=port, timeout=TIMEOUT, **overrides).to_dict()


@pytest.fixture
def add_printer(app: Flask) -> Callable[..., Printer]:
    """Store a printer through core; keyword arguments are PrinterConfig fields."""

    def make(code: str = "entrada", *, devices: tuple[Device, ...] = (), reception_default: bool = False,
             **config: object) -> Printer:
        return setup.save_printer(actor=SYSTEM, code=code, name=f"Impresora {code}", config=config,
                                          device_ids=[d.id for d in devices], reception_default=reception_default)

    return make


@pytest.fixture
def fake_printer(fake: FakePrinter, add_printer: Callable[..., Printer], kiosk: tuple[Device, str]
                 ) -> Callable[..., Printer]:
    """A printer pointing at the fake, bound to the kiosk; the fake decodes with the same profile."""

    def make(profile: str = "TM-T20II", paper: int = 80, **config: object) -> Printer:
        fake.profile = profile
        return add_printer(devices=(kiosk[0],), **network(fake.port, profile=profile, paper_width_mm=paper,
                                                          **config))

    return make


def _modules(payload: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


def _image_modules(img: DecodedImage, size: int) -> list[list[bool]] | None:
    """The module matrix of a raster QR (bounding box of black dots, sampled at each module's centre)."""
    black = [(x, y) for y in range(img.height) for x in range(img.width) if img.pixel(x, y)]
    if not black:
        return None
    x0, x1 = min(x for x, _ in black), max(x for x, _ in black)
    y0, y1 = min(y for _, y in black), max(y for _, y in black)
    box = (x1 - x0 + 1) // size
    if box == 0 or box * size != x1 - x0 + 1 or x1 - x0 != y1 - y0:
        return None
    return [[img.pixel(x0 + c * box + box // 2, y0 + r * box + box // 2) for c in range(size)] for r in range(size)]


def qr_payloads(decoded: Decoded, candidate: str) -> list[str]:
    """QR payloads of a job: native ones as sent; a raster QR counts as `candidate` when its modules are
    exactly the symbol of `candidate` (58 mm profiles without native QR print it as an image)."""
    found = list(decoded.qr_payloads)
    expected = _modules(candidate)
    found += [candidate for img in decoded.image_blocks if _image_modules(img, len(expected)) == expected]
    return found
