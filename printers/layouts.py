"""ESC/POS layouts: one call to render() writes one complete job onto any python-escpos printer object."""

from __future__ import annotations

import logging
import re
import textwrap

import qrcode
from PIL import Image

from printers._escpos import Escpos, printer
from printers.config import PrinterConfig
from printers.documents import (
    BrochureDoc,
    DirectionsDoc,
    Document,
    TestPageDoc,
    TicketDoc,
)

log = logging.getLogger(__name__)
_SCHEME = re.compile(r"^https?://", re.IGNORECASE)

FS_DOT = b"\x1c\x2e"  # FS . : cancel Kanji (GB18030) mode on Chinese clones
ESC_T = b"\x1bt"
QR_DOT_SIZE = 6  # native module size in dots (~0.75 mm at 203 dpi) and box size for image QRs
FALLBACK_PIXELS = {80: 576, 58: 384}
SPANISH_CHARS = "ñ Ñ á é í ó ú Á É Í Ó Ú ü Ü ¿ ¡"
# Typography that none of the supported code pages holds; mapped instead of printing "?".
_ASCII_FALLBACK = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "•": "-", "\u00a0": " ",
})


def columns(p: Escpos) -> int:
    """Font A columns of the profile: 48 on TM-T20II (80 mm), 32 on POS-5890 (58 mm)."""
    return p.profile.get_columns("a")


def pixel_width(p: Escpos, cfg: PrinterConfig) -> tuple[int, bool]:
    """(printable dots, known from the profile). Unknown profiles fall back to the paper width."""
    try:
        return int(p.profile.profile_data["media"]["width"]["pixels"]), True
    except (KeyError, TypeError, ValueError):
        return FALLBACK_PIXELS.get(cfg.paper_width_mm, 384), False


def codepage_slot(p: Escpos, name: str) -> int:
    """ESC t number of a code page in the profile.

    Some profiles list a code page twice (POS-5890: CP858 at 19 and 53); python-escpos keeps whichever
    comes last in its dict. We take the lowest, which is the Epson-standard slot most clones share.
    """
    slots = [int(n) for n, cp in p.profile.codePages.items() if cp == name.upper()]
    if not slots:
        raise ValueError(f"El perfil {p.profile.profile_data.get('name', '?')} no tiene la página {name}")
    return min(slots)


def select_codepage(p: Escpos, name: str) -> int:
    """Send ESC t for `name` now and pin the encoder to it; returns the slot.

    python-escpos only emits ESC t when its remembered page changes, but ESC @ reset the printer to
    page 0, so we forget the remembered one. charcode() also disables the automatic page switching
    that would pick CP857 for accented capitals.
    """
    slot = codepage_slot(p, name)
    p.magic.encoder.codepages[name.upper()] = str(slot)
    p.magic.encoding = None
    p.charcode(name.upper())
    return slot


def clean(text: str) -> str:
    return str(text).translate(_ASCII_FALLBACK)


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Wrap each paragraph at `width` columns; long words (URLs) are broken, blank lines kept."""
    out: list[str] = []
    for para in clean(text).split("\n"):
        lines = textwrap.wrap(
            para, width, subsequent_indent=indent, break_long_words=True, break_on_hyphens=False
        )
        out.extend(lines or [""])
    return out


class _Writer:
    """Small helpers over Escpos that keep every line within the profile's columns."""

    def __init__(self, p: Escpos, cfg: PrinterConfig) -> None:
        self.p = p
        self.cfg = cfg
        self.cols = columns(p)
        self.pixels, self.pixels_known = pixel_width(p, cfg)
        self._style: tuple[str, bool, int, int] | None = None  # unknown after ESC @: send everything once

    def style(self, align: str = "left", bold: bool = False, width: int = 1, height: int = 1) -> None:
        # GS ! for size (not ESC !, which would also clear bold); ESC E for bold; ESC a for alignment.
        # Only what changed is sent, to keep the job small.
        old = self._style or ("", not bold, 0, 0)
        if (width, height) != old[2:]:
            self.p.set(custom_size=True, width=width, height=height)
        if bold != old[1]:
            self.p.set(bold=bold)
        if align != old[0]:
            self.p.set(align=align)
        self._style = (align, bold, width, height)

    def text(self, text: str, align: str = "left", bold: bool = False, width: int = 1, height: int = 1,
             indent: str = "") -> None:
        self.style(align, bold, width, height)
        for line in wrap(text, max(1, self.cols // width), indent):
            self.p.textln(line)
        if bold or width > 1 or height > 1:
            self.style(align)

    def raw_line(self, data: bytes) -> None:
        self.p._raw(data + b"\n")

    def blank(self) -> None:
        self.p.textln("")

    def header(self) -> None:
        self.text("COMTECO R.L.", align="center", bold=True)

    def logo(self) -> None:
        if not self.cfg.logo_path:
            return
        try:
            with Image.open(self.cfg.logo_path) as src:
                img = src.convert("RGBA")
        except (OSError, ValueError) as exc:
            log.warning("Logo no disponible (%s): %s", self.cfg.logo_path, exc)
            return
        if img.width > self.pixels:  # escpos refuses images wider than the profile (ImageWidthError)
            img = img.resize((self.pixels, max(1, round(img.height * self.pixels / img.width))))
        self.style("center")
        self.p.image(img, center=self.pixels_known)
        self.style("left")

    def qr(self, payload: str) -> None:
        self.style("center")
        if self.p.profile.supports("qrCode"):
            self.p.qr(payload, ec=1, size=QR_DOT_SIZE, native=True)  # ec=1: level M
            self.blank()
        else:
            # No GS ( k on this profile (e.g. POS-5890): send the symbol as a raster image that fits.
            probe = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1)
            probe.add_data(payload)
            probe.make(fit=True)
            box = max(1, min(QR_DOT_SIZE, self.pixels // (probe.modules_count + 2)))
            self.p.qr(payload, ec=1, size=box, native=False, center=self.pixels_known)
        self.style("left")

    def finish(self) -> None:
        if self.p.profile.supports("paperFullCut") or self.p.profile.supports("paperPartCut"):
            self.p.cut()
        else:
            self.p.print_and_feed(4)  # no cutter: feed the last line past the tear bar


def _ticket(w: _Writer, doc: TicketDoc) -> None:
    w.logo()
    w.header()
    if doc.preferential_label:
        w.text(doc.preferential_label, align="center", bold=True, height=2)
    w.text("Su número", align="center")
    size = next((s for s in (3, 2) if len(doc.number) * s <= w.cols), 1)
    w.text(doc.number, align="center", bold=True, width=size, height=size)
    w.text(doc.transaction, align="center", bold=True)
    w.blank()
    w.text(f"Diríjase a: {doc.destination}")
    w.text(f"Área de espera: {doc.area}")
    if doc.directions:
        w.text(doc.directions)
    if doc.panel_help:
        w.text(doc.panel_help)
    w.blank()
    w.text(f"Personas delante: {doc.people_ahead}")
    if doc.wait_text:
        w.text(f"Espera estimada: {doc.wait_text}")
    elif doc.estimated_wait_min is not None:
        w.text(f"Espera estimada: ~{doc.estimated_wait_min} min")
    if doc.notice:
        w.text(doc.notice, bold=True)
    w.text(f"Llegada: {doc.issued_at_text}")
    if doc.requirements:
        w.blank()
        w.text("Tenga a mano:", bold=True)
        for item in doc.requirements:
            w.text(f"- {item}", indent="  ")
    if doc.status_url:
        w.blank()
        # The page behind the code follows the turn and lets a customer who leaves give up the place.
        w.text("Siga su turno en su celular", align="center")
        w.text("(si se retira, anúlelo ahí):", align="center")
        _qr_with_address(w, doc.status_url)
    if doc.pending_check:
        w.text("Verificación pendiente en mesón", align="center", bold=True)
    if doc.footer:
        w.text(doc.footer, align="center")


def _brochure(w: _Writer, doc: BrochureDoc) -> None:
    w.header()
    w.text(doc.title, align="center", bold=True, height=2)
    w.blank()
    if doc.requirements:
        w.text("Requisitos:", bold=True)
        for item in doc.requirements:
            w.text(f"- {item}", indent="  ")
        w.blank()
    if doc.body:
        w.text(doc.body)
    _survey(w, doc.survey_url)


def _survey(w: _Writer, url: str) -> None:
    """The P01 question's QR (COM-DSC-P01 §III.2) and its short link, for phones that cannot scan."""
    if not url:
        return
    w.blank()
    w.text("¿Le sirvió la información? Responda aquí:", align="center")
    _qr_with_address(w, url)


def _qr_with_address(w: _Writer, url: str) -> None:
    """A QR code with its address printed under it, for phones that cannot scan (typed into the browser)."""
    w.qr(url)
    for line in address_lines(url, w.cols):
        w.text(line, align="center")


def address_lines(url: str, cols: int) -> list[str]:
    """The address as a customer types it: without the scheme (a browser adds it), broken only after a «/» so the
    token is never split across lines (an 80 mm ticket read «…/t/Xq3vT9kLmN2pR7sW4yZb8» and «A» under it)."""
    address, lines = _SCHEME.sub("", url), []
    while len(address) > cols:
        cut = address.rfind("/", 0, cols) + 1 or cols  # after the last slash that fits; else at the edge
        lines.append(address[:cut])
        address = address[cut:]
    return [*lines, address]


def _directions(w: _Writer, doc: DirectionsDoc) -> None:
    w.header()
    w.text("Indicaciones para su visita", align="center")
    w.text(doc.name, align="center", bold=True, height=2)
    w.blank()
    w.text(f"Unidad: {doc.unit}")
    w.text(f"Piso: {doc.floor}")
    w.text(f"Ubicación: {doc.location}")
    if doc.instructions:
        w.text(doc.instructions)
    if doc.notice:
        w.blank()
        w.text(doc.notice, bold=True)
    _survey(w, doc.survey_url)


def _test_page(w: _Writer, doc: TestPageDoc, slot: int) -> None:
    w.header()
    w.text("Página de prueba", align="center", bold=True, height=2)
    w.text(f"Impresora: {doc.printer_name}")
    w.text(f"Perfil: {w.cfg.profile} ({w.cols} columnas)")
    w.text(f"Códigos: {w.cfg.codepage} (ESC t {slot})")
    w.text(("1234567890" * 7)[: w.cols])  # ruler: exactly one full line
    w.blank()
    w.text("Caracteres en español:", bold=True)
    w.text(SPANISH_CHARS)
    w.text("¿Año nuevo? ¡Señal óptima en Cochabamba!")
    w.blank()
    w.text("Tamaños:", bold=True)
    w.text("Doble ancho", width=2)
    w.text("Doble alto", height=2)
    w.blank()
    # The table goes out as raw bytes so it shows what the printer holds at each position.
    w.text(f"Tabla {w.cfg.codepage}, bytes 80-FF:", bold=True)
    sep = b" " if w.cols >= 35 else b""
    w.raw_line(b"   " + sep.join(b"%X" % i for i in range(16)))
    for row in range(8, 16):
        w.raw_line(b"%Xx " % row + sep.join(bytes([row * 16 + i]) for i in range(16)))
    w.blank()
    w.text("QR de prueba:", align="center")
    w.qr("COMTECO R.L. - prueba de impresora")


def render(doc: Document, p: Escpos, cfg: PrinterConfig) -> None:
    """Write one whole job: ESC @, optional FS ., ESC t <code page>, the content, cut (or feed)."""
    p.hw("INIT")
    if cfg.fs_dot:
        p._raw(FS_DOT)
    slot = select_codepage(p, cfg.codepage)
    w = _Writer(p, cfg)
    if isinstance(doc, TicketDoc):
        _ticket(w, doc)
    elif isinstance(doc, BrochureDoc):
        _brochure(w, doc)
    elif isinstance(doc, DirectionsDoc):
        _directions(w, doc)
    elif isinstance(doc, TestPageDoc):
        _test_page(w, doc, slot)
    else:
        raise TypeError(f"Documento no imprimible: {type(doc).__name__}")
    w.finish()


def render_bytes(doc: Document, cfg: PrinterConfig) -> bytes:
    """The job as bytes, rendered with the configured profile (no printer involved)."""
    dummy = printer.Dummy(profile=cfg.profile)
    render(doc, dummy, cfg)
    return dummy.output
