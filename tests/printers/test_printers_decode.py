"""The ESC/POS decoder on hand-written bytes and on python-escpos's own output (escpos.printer.Dummy)."""

from __future__ import annotations

import pytest
from PIL import Image

from printers._escpos import printer
from printers.decode import decode, iter_commands, next_command


@pytest.mark.parametrize(
    ("profile", "n", "name"),
    [
        ("TM-T20II", 2, "CP850"),
        ("TM-T20II", 19, "CP858"),
        ("TM-T20II", 13, "CP857"),
        ("TM-T20II", 0, "CP437"),
        ("default", 2, "CP850"),
        ("default", 19, "CP858"),
        ("POS-5890", 19, "CP858"),
        ("POS-5890", 53, "CP858"),
        ("POS-5890", 61, "CP857"),
    ],
)
def test_esc_t_numbers_map_to_profile_code_pages(profile: str, n: int, name: str) -> None:
    assert decode(b"\x1bt" + bytes([n]), profile).codepages == [name]


def test_text_is_decoded_with_the_active_code_page() -> None:
    spanish = b"\xa4 \xa5 \xa0 \x82 \xa1 \xa2 \xa3 \xb5 \x90 \xd6 \xe0 \xe9 \x81 \x9a \xa8 \xad"
    job = decode(b"\x1b@\x1bt\x13" + spanish + b"\n\x1bt\x00\x9b\n\x1bt\x13\xd5\n", "TM-T20II")
    assert [line.text for line in job.lines] == ["ñ Ñ á é í ó ú Á É Í Ó Ú ü Ü ¿ ¡", "¢", "€"]
    assert job.codepages == ["CP858", "CP437", "CP858"]


def test_init_resets_code_page_and_style() -> None:
    job = decode(b"\x1bt\x13\x1bE\x01\x1d!\x11\x1ba\x01\x9b\n\x1b@\x9b\n", "TM-T20II")
    first, second = job.lines
    assert (first.text, first.bold, first.width_mult, first.height_mult) == ("ø", True, 2, 2)
    assert first.align == "center"
    assert (second.text, second.bold, second.width_mult, second.align) == ("¢", False, 1, "left")  # CP437
    assert job.inits == 1


@pytest.mark.parametrize(
    ("command", "width", "height", "bold"),
    [
        (b"\x1b!\x30", 2, 2, False),
        (b"\x1b!\x10", 1, 2, False),
        (b"\x1b!\x28", 2, 1, True),
        (b"\x1d!\x22", 3, 3, False),
        (b"\x1d!\x70", 8, 1, False),
    ],
)
def test_sizes(command: bytes, width: int, height: int, bold: bool) -> None:
    line = decode(command + b"X\n").lines[0]
    assert (line.width_mult, line.height_mult, line.bold) == (width, height, bold)


def test_python_escpos_output_round_trips() -> None:
    p = printer.Dummy(profile="TM-T20II")
    p.hw("INIT")
    p._raw(b"\x1c\x2e")
    p.charcode("CP850")
    p.set(align="right", bold=True, double_width=True, double_height=True)
    p.textln("Año")
    p.set(align="center", normal_textsize=True, bold=False)
    p.qr("https://example.bo/t/ñ", native=True, size=5)
    p.image(Image.new("1", (64, 10), 0))
    p.cut()
    job = decode(p.output, "TM-T20II")
    assert job.fs_dot and job.inits == 1 and job.codepages == ["CP850"]
    assert job.lines[0].text == "Año" and job.lines[0].align == "right" and job.lines[0].width_mult == 2
    assert job.qr_payloads == ["https://example.bo/t/ñ"]
    assert job.blocks[1].module_size == 5 and job.blocks[1].align == "center"
    image = job.image_blocks[0]
    assert (image.width, image.height) == (64, 10) and image.pixel(0, 0) and image.pixel(63, 9)
    assert job.cut and job.ops[-2:] == ["ESC d 6", "GS V 0"]
    assert job.unknown == []


@pytest.mark.parametrize(("cut", "partial"), [(b"\x1dV\x00", False), (b"\x1dV\x01", True),
                                              (b"\x1dVB\x03", True), (b"\x1dVA\x00", False)])
def test_cut_variants_and_their_lengths(cut: bytes, partial: bool) -> None:
    job = decode(b"a\n" + cut + b"b\n")
    assert job.cut and job.blocks[1].partial is partial
    assert job.text == "a\nb"  # the optional feed byte was consumed, not read as text


def test_feed_lines() -> None:
    assert decode(b"x\x1bd\x03").text == "x\n\n"  # the text line plus two more
    assert decode(b"\x1bd\x02").text == "\n"


def test_status_queries_are_not_found_inside_image_data() -> None:
    raster = b"\x10\x04\x01" + b"\x00" * 5
    data = b"\x10\x04\x04" + b"\x1dv0\x00\x01\x00\x08\x00" + raster + b"\x10\x04\x01"
    job = decode(data)
    assert job.status_queries == [4, 1] and job.images == 1


def test_next_command_waits_for_incomplete_commands() -> None:
    assert next_command(b"\x1b", 0) is None
    assert next_command(b"\x1dv0\x00\x02\x00\x02\x00\xff", 0) is None
    assert next_command(b"\x1d(k\x05\x001P0", 0) is None
    assert next_command(b"\x10\x04", 0) is None
    assert next_command(b"\x10\x04\x02", 0).op == "DLE EOT"
    assert [c.op for c in iter_commands(b"\x1b@ab\n\x1bt\x02")] == ["ESC @", "TEXT", "LF", "ESC t"]


def test_unknown_bytes_are_reported() -> None:
    assert decode(b"\x1b\x7f\x07ok\n").unknown == [0, 2]
