"""The virtual printer (PNG and HTML) and the escpos import side effects."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from printers.config import PrinterConfig
from printers.decode import decode
from printers.documents import TicketDoc
from printers.layouts import render_bytes
from printers.virtual import render_html, render_png

ROOT = Path(__file__).resolve().parents[2]


def ticket(directions: str = "", transaction: str = "Consultas") -> TicketDoc:
    return TicketDoc("A-007", transaction, "Plataforma 2", "Sala A", directions, 2, 6, "22/11/2026 10:30",
                     "https://turnero.example/t/7")


def png(data: bytes, paper: int) -> Image.Image:
    raw = render_png(data, paper)
    assert raw.startswith(b"\x89PNG\r\n\x1a\n")
    img = Image.open(io.BytesIO(raw))
    img.load()
    return img


@pytest.mark.parametrize(("profile", "paper", "width"),
                         [("TM-T20II", 80, 576 + 32), ("POS-5890", 58, 384 + 32)])
def test_png_width_and_height_grows_with_content(profile: str, paper: int, width: int) -> None:
    cfg = PrinterConfig(backend="virtual", profile=profile, paper_width_mm=paper)
    short = png(render_bytes(ticket(), cfg), paper)
    long = png(render_bytes(ticket("Siga las flechas azules por el pasillo principal. " * 12), cfg), paper)
    assert short.width == long.width == width
    assert long.height > short.height + 5 * 24  # at least five more text lines
    assert short.convert("L").getextrema() == (0, 255)  # ink on paper


def test_png_draws_the_qr_and_big_number() -> None:
    data = render_bytes(ticket(), PrinterConfig(backend="virtual"))
    img = png(data, 80).convert("L")
    job = decode(data, "TM-T20II")
    assert job.qr_payloads == ["https://turnero.example/t/7"]
    # A QR has a dark finder pattern: some row must hold a long run of dark pixels in the lower half.
    half = img.crop((0, img.height // 2, img.width, img.height))
    darkest_rows = sum(1 for y in range(half.height)
                       if sum(1 for x in range(half.width) if half.getpixel((x, y)) < 128) > 40)
    assert darkest_rows > 10


def test_html_is_escaped() -> None:
    doc = ticket(transaction='<script>alert("x")</script> & más')
    data = render_bytes(doc, PrinterConfig(backend="virtual"))
    out = render_html(decode(data, "TM-T20II"))
    assert "<script>" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; más" in out
    assert 'alt="QR: https://turnero.example/t/7"' in out
    assert out.count("data:image/png;base64,") == 1
    assert "A-007" in out


def test_importing_escpos_through_printers_has_no_side_effects(tmp_path: Path) -> None:
    cache, tmp = tmp_path / "escpos-cache", tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TURNERO_ESCPOS_CACHE_DIR": str(cache), "TMPDIR": str(tmp)}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    code = ("import logging, printers.layouts, escpos.capabilities as c; "
            "print(len(logging.getLogger().handlers), c.pickle_dir)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["0", str(cache)]  # root logger untouched; pickle cache in our folder
    assert list(cache.glob("*.capabilities.pickle"))
    assert list(tmp.iterdir()) == []  # no stray temporary directory
