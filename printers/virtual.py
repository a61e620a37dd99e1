"""The virtual printer: ESC/POS bytes drawn as they would come out on paper (PNG) or as HTML."""

from __future__ import annotations

import base64
import html
import io
from functools import cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from printers.decode import Decoded, DecodedCut, DecodedImage, DecodedLine, DecodedQR, decode

DOTS = {80: 576, 58: 384}  # printable dots at 203 dpi
COLUMNS = {80: 48, 58: 32}  # font A
LINE_HEIGHT = 24  # font A is 12 × 24 dots
MARGIN = 16
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _paper(paper_width_mm: int) -> int:
    return 58 if paper_width_mm < 70 else 80


@cache
def _font(bold: bool, cell: int) -> Font:
    """DejaVu Sans Mono sized so one character is `cell` dots wide; Pillow's own font otherwise."""
    name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    for folder in _FONT_DIRS:
        path = Path(folder) / name
        if path.exists():
            size = 10
            while ImageFont.truetype(str(path), size + 1).getlength("M") <= cell:
                size += 1
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=LINE_HEIGHT - 4)


def _place(canvas_width: int, item_width: int, align: str) -> int:
    if align == "center":
        return max(0, (canvas_width - item_width) // 2)
    if align == "right":
        return max(0, canvas_width - item_width)
    return 0


def _line_image(line: DecodedLine, cell: int) -> Image.Image:
    base = Image.new("L", (max(1, len(line.text) * cell), LINE_HEIGHT), 255)
    ImageDraw.Draw(base).text((0, 2), line.text, font=_font(line.bold, cell), fill=0)
    if (line.width_mult, line.height_mult) != (1, 1):
        size = (base.width * line.width_mult, base.height * line.height_mult)
        base = base.resize(size, Image.Resampling.NEAREST)
    return base


def _raster_image(block: DecodedImage) -> Image.Image:
    # GS v 0 uses 1 = black; Pillow's mode "1" uses 1 = white.
    img = Image.frombytes("1", (block.width, block.height), block.raster)
    return img.convert("L").point(lambda v: 255 - v)


def _qr_image(block: DecodedQR) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                         box_size=max(1, block.module_size))
    code.add_data(block.payload)
    code.make(fit=True)
    return code.make_image().get_image().convert("L")


def _cut_image(width: int) -> Image.Image:
    img = Image.new("L", (width + 2 * MARGIN, LINE_HEIGHT), 255)
    draw = ImageDraw.Draw(img)
    for x in range(0, img.width, 12):
        draw.line((x, LINE_HEIGHT // 2, x + 6, LINE_HEIGHT // 2), fill=0, width=2)
    return img


def render_png(data: bytes, paper_width_mm: int = 80, profile: str | None = None) -> bytes:
    """A PNG of the job. `profile` maps ESC t numbers; by default TM-T20II (80 mm) or POS-5890 (58 mm)."""
    paper = _paper(paper_width_mm)
    decoded = decode(data, profile or ("TM-T20II" if paper == 80 else "POS-5890"))
    width = DOTS[paper]
    cell = width // COLUMNS[paper]
    strips: list[tuple[Image.Image, int]] = []  # (image, x offset); cut lines span the margins
    for block in decoded.blocks:
        if isinstance(block, DecodedCut):
            strips.append((_cut_image(width), -MARGIN))
            continue
        if isinstance(block, DecodedLine):
            img = _line_image(block, cell)
        elif isinstance(block, DecodedImage):
            img = _raster_image(block)
        else:
            img = _qr_image(block)
        if img.width > width:
            img = img.crop((0, 0, width, img.height))
        strips.append((img, _place(width, img.width, block.align)))
    height = sum(img.height for img, _ in strips) + 2 * MARGIN
    canvas = Image.new("L", (width + 2 * MARGIN, height), 255)
    y = MARGIN
    for img, x in strips:
        canvas.paste(img, (MARGIN + x, y))
        y += img.height
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _png_data_uri(img: Image.Image) -> str:
    out = io.BytesIO()
    img.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def render_html(decoded: Decoded, paper_width_mm: int = 80) -> str:
    """An HTML fragment of the job (text escaped), e.g. to show a ticket on screen or in admin."""
    cols = COLUMNS[_paper(paper_width_mm)]
    parts = [f'<div class="escpos-paper" style="font-family:monospace;width:{cols}ch;background:#fff;'
             f'color:#000;padding:1ch;white-space:pre-wrap">']
    for block in decoded.blocks:
        if isinstance(block, DecodedLine):
            style = f"text-align:{block.align};font-weight:{'bold' if block.bold else 'normal'}"
            if (block.width_mult, block.height_mult) != (1, 1):
                style += f";font-size:{max(block.width_mult, block.height_mult) * 100}%"
            parts.append(f'<div style="{style}">{html.escape(block.text) or "&nbsp;"}</div>')
        elif isinstance(block, DecodedQR):
            label = html.escape(f"QR: {block.payload}", quote=True)
            parts.append(f'<div style="text-align:{block.align}"><img alt="{label}" title="{label}" '
                         f'src="{_png_data_uri(_qr_image(block))}"></div>')
        elif isinstance(block, DecodedImage):
            parts.append(f'<div style="text-align:{block.align}"><img alt="imagen" style="max-width:100%" '
                         f'src="{_png_data_uri(_raster_image(block))}"></div>')
        else:
            parts.append('<hr style="border:0;border-top:2px dashed #000" title="corte">')
    parts.append("</div>")
    return "\n".join(parts)
