"""A small ESC/POS tokenizer and decoder for the commands this project emits (and a few neighbours).

Used by the tests, the fake printer and the virtual (PNG/HTML) printer. Not a full emulator: it keeps
the state that matters for reading a job back (code page, size, bold, alignment, QR, images, cuts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from printers._escpos import CodePages, get_profile

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10
_ESC_ONE_ARG = set(b"taE!-MG{Jde3VRU ")
_GS_ONE_ARG = set(b"!Bbhwfa/rIHT")
_GS_TWO_ARGS = set(b"LWP")


@dataclass
class Command:
    """One token: `op` is a mnemonic ("ESC t", "GS ( k", "TEXT", "LF", ...), `args` the fixed bytes after
    the opcode, `data` a variable-length payload (text bytes, image raster, QR data)."""

    op: str
    start: int
    end: int
    args: bytes = b""
    data: bytes = b""


def _u16(data: bytes, i: int) -> int:
    return data[i] | data[i + 1] << 8


def next_command(data: bytes, i: int) -> Command | None:
    """The command starting at data[i], or None when more bytes are needed to complete it."""
    n = len(data)
    b = data[i]
    if b >= 0x20:
        j = i
        while j < n and data[j] >= 0x20:
            j += 1
        return Command("TEXT", i, j, data=data[i:j])
    if b in (ESC, GS, FS, DLE) and i + 1 >= n:
        return None
    if b == ESC:
        return _esc(data, i)
    if b == GS:
        return _gs(data, i)
    if b == FS:
        c = data[i + 1]
        size = {0x2E: 2, 0x26: 2, 0x43: 3, 0x70: 4}.get(c, 2)
        return _fixed(data, i, size, f"FS {chr(c)}" if c in (0x2E, 0x26, 0x43, 0x70) else "UNKNOWN")
    if b == DLE:
        c = data[i + 1]
        if c in (0x04, 0x05):
            return _fixed(data, i, 3, "DLE EOT" if c == 0x04 else "DLE ENQ")
        if c == 0x14:
            return _fixed(data, i, 5, "DLE DC4")
        return _fixed(data, i, 1, "UNKNOWN")
    names = {0x0A: "LF", 0x0D: "CR", 0x09: "HT", 0x0C: "FF", 0x00: "NUL"}
    return Command(names.get(b, "UNKNOWN"), i, i + 1)


def _fixed(data: bytes, i: int, size: int, op: str) -> Command | None:
    if i + size > len(data):
        return None
    head = 2 if op.startswith(("ESC", "GS", "FS", "DLE")) else 1
    return Command(op, i, i + size, args=data[i + head:i + size])


def _esc(data: bytes, i: int) -> Command | None:
    c = data[i + 1]
    ch = chr(c)
    if c in (0x40, 0x32, 0x69, 0x6D):  # ESC @, ESC 2, ESC i, ESC m
        return _fixed(data, i, 2, f"ESC {ch}")
    if c in _ESC_ONE_ARG:
        return _fixed(data, i, 3, f"ESC {ch}")
    if c == 0x70:  # ESC p m t1 t2 (drawer)
        return _fixed(data, i, 5, "ESC p")
    if c in (0x42, 0x63):  # ESC B n t (buzzer), ESC c x n
        return _fixed(data, i, 4, f"ESC {ch}")
    if c == 0x24:
        return _fixed(data, i, 4, "ESC $")
    if c == 0x2A:  # ESC * m nL nH d1..dk: column image
        if i + 5 > len(data):
            return None
        dots = _u16(data, i + 3)
        end = i + 5 + (dots if data[i + 2] in (0, 1) else 3 * dots)
        if end > len(data):
            return None
        return Command("ESC *", i, end, args=data[i + 2:i + 5], data=data[i + 5:end])
    if c == 0x44:  # ESC D n1 .. NUL (tab stops)
        end = data.find(b"\x00", i + 2)
        return None if end < 0 else Command("ESC D", i, end + 1, data=data[i + 2:end])
    return Command("UNKNOWN", i, i + 2, args=bytes([c]))


def _gs(data: bytes, i: int) -> Command | None:
    c = data[i + 1]
    ch = chr(c)
    n = len(data)
    if c in _GS_ONE_ARG:
        return _fixed(data, i, 3, f"GS {ch}")
    if c in _GS_TWO_ARGS:
        return _fixed(data, i, 4, f"GS {ch}")
    if c == 0x56:  # GS V m [n]
        if i + 3 > n:
            return None
        return _fixed(data, i, 4 if data[i + 2] in (65, 66, 97, 98, 103, 104) else 3, "GS V")
    if c == 0x76:  # GS v 0 m xL xH yL yH d1..dk: raster image
        if i + 8 > n:
            return None
        end = i + 8 + _u16(data, i + 4) * _u16(data, i + 6)
        if end > n:
            return None
        return Command("GS v 0", i, end, args=data[i + 3:i + 8], data=data[i + 8:end])
    if c == 0x28:  # GS ( fn pL pH data
        if i + 5 > n:
            return None
        end = i + 5 + _u16(data, i + 3)
        if end > n:
            return None
        return Command(f"GS ( {chr(data[i + 2])}", i, end, data=data[i + 5:end])
    if c == 0x6B:  # GS k barcode: m <= 6 is NUL-terminated, m >= 65 is length-prefixed
        if i + 3 > n:
            return None
        if data[i + 2] <= 6:
            end = data.find(b"\x00", i + 3)
            return None if end < 0 else Command("GS k", i, end + 1, data[i + 2:i + 3], data[i + 3:end])
        if i + 4 > n or i + 4 + data[i + 3] > n:
            return None
        end = i + 4 + data[i + 3]
        return Command("GS k", i, end, args=data[i + 2:i + 4], data=data[i + 4:end])
    return Command("UNKNOWN", i, i + 2, args=bytes([c]))


def iter_commands(data: bytes) -> list[Command]:
    """All complete commands; a truncated last command becomes one UNKNOWN token."""
    out: list[Command] = []
    i = 0
    while i < len(data):
        cmd = next_command(data, i)
        if cmd is None:
            out.append(Command("UNKNOWN", i, len(data), data=data[i:]))
            break
        out.append(cmd)
        i = cmd.end
    return out


@cache
def _charmap(codepage: str) -> str:
    """The 128 characters at 0x80-0xFF of a code page, per python-escpos's capability data."""
    try:
        info = CodePages.get_encoding(codepage)
    except KeyError:
        return "\ufffd" * 128
    if "data" in info:
        return "".join(info["data"])
    return bytes(range(128, 256)).decode(info.get("python_encode", "ascii"), errors="replace")


@cache
def codepage_names(profile: str = "default") -> dict[int, str]:
    """ESC t number → code page name, from the profile's table (TM-T20II: 2 → CP850, 19 → CP858)."""
    return {int(k): v for k, v in get_profile(profile).codePages.items()}


@dataclass
class DecodedLine:
    text: str
    width_mult: int = 1
    height_mult: int = 1
    bold: bool = False
    align: str = "left"


@dataclass
class DecodedImage:
    width: int  # dots
    height: int
    raster: bytes  # GS v 0 layout: rows of ceil(width/8) bytes, MSB first, 1 = black
    align: str = "left"

    def pixel(self, x: int, y: int) -> bool:
        row = (self.width + 7) // 8
        return bool(self.raster[y * row + x // 8] & (0x80 >> (x % 8)))


@dataclass
class DecodedQR:
    payload: str
    module_size: int = 3
    align: str = "left"


@dataclass
class DecodedCut:
    partial: bool = False


Block = DecodedLine | DecodedImage | DecodedQR | DecodedCut


@dataclass
class Decoded:
    raw: bytes
    blocks: list[Block] = field(default_factory=list)
    qr_payloads: list[str] = field(default_factory=list)
    codepages: list[str] = field(default_factory=list)  # each ESC t, in order, by name
    status_queries: list[int] = field(default_factory=list)  # n of each DLE EOT n
    ops: list[str] = field(default_factory=list)  # every command mnemonic in order, e.g. "ESC t 19"
    unknown: list[int] = field(default_factory=list)  # offsets of bytes the decoder did not understand
    inits: int = 0
    fs_dot: bool = False
    cuts: int = 0

    @property
    def lines(self) -> list[DecodedLine]:
        return [b for b in self.blocks if isinstance(b, DecodedLine)]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def image_blocks(self) -> list[DecodedImage]:
        return [b for b in self.blocks if isinstance(b, DecodedImage)]

    @property
    def images(self) -> int:
        return len(self.image_blocks)

    @property
    def cut(self) -> bool:
        return self.cuts > 0


class _State:
    def __init__(self, profile: str) -> None:
        self.names = codepage_names(profile)
        self.reset()
        self.qr_store = ""
        self.qr_size = 3

    def reset(self) -> None:
        self.codepage = self.names.get(0, "CP437")
        self.align = "left"
        self.bold = False
        self.width = self.height = 1


_ALIGN = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}


def decode(data: bytes, profile: str = "default") -> Decoded:
    """Decode a job. `profile` names the python-escpos profile whose table maps ESC t numbers."""
    out = Decoded(raw=bytes(data))
    st = _State(profile)
    buf: list[str] = []
    line_style: list[DecodedLine] = []  # style captured at the first character of the current line

    def flush(force: bool) -> None:
        if buf or force:
            style = line_style[0] if line_style else DecodedLine("", st.width, st.height, st.bold, st.align)
            out.blocks.append(DecodedLine("".join(buf), style.width_mult, style.height_mult, style.bold,
                                          style.align))
        buf.clear()
        line_style.clear()

    for cmd in iter_commands(data):
        op, a = cmd.op, cmd.args
        out.ops.append(op if op in ("TEXT", "GS v 0") or not a else f"{op} {' '.join(str(x) for x in a)}")
        if op == "TEXT":
            if not line_style:
                line_style.append(DecodedLine("", st.width, st.height, st.bold, st.align))
            else:
                line_style[0].height_mult = max(line_style[0].height_mult, st.height)
            table = _charmap(st.codepage)
            buf.append("".join(chr(x) if x < 0x80 else table[x - 0x80] for x in cmd.data))
        elif op == "LF":
            flush(force=True)
        elif op == "ESC @":
            flush(force=False)
            out.inits += 1
            st.reset()
        elif op == "FS .":
            out.fs_dot = True
        elif op == "ESC t":
            st.codepage = st.names.get(a[0], f"#{a[0]}")
            out.codepages.append(st.codepage)
        elif op == "ESC a":
            st.align = _ALIGN.get(a[0], "left")
        elif op == "ESC E":
            st.bold = bool(a[0] & 1)
        elif op == "ESC !":  # bit 3 emphasized, bit 4 double height, bit 5 double width
            st.bold = bool(a[0] & 0x08)
            st.height = 2 if a[0] & 0x10 else 1
            st.width = 2 if a[0] & 0x20 else 1
        elif op == "GS !":
            st.width, st.height = (a[0] >> 4 & 7) + 1, (a[0] & 7) + 1
        elif op == "ESC d":
            had_text = bool(buf)
            flush(force=False)
            for _ in range(a[0] - 1 if had_text else a[0]):
                flush(force=True)
        elif op == "ESC J":
            flush(force=False)
        elif op == "GS V":
            flush(force=False)
            out.cuts += 1
            out.blocks.append(DecodedCut(partial=a[0] in (1, 49, 66, 98, 104)))
        elif op == "GS v 0":
            flush(force=False)
            w, h = _u16(a, 1) * 8, _u16(a, 3)
            out.blocks.append(DecodedImage(w, h, cmd.data, st.align))
        elif op == "GS ( k":
            _qr_function(cmd.data, st, out)
        elif op == "DLE EOT":
            out.status_queries.append(a[0])
        elif op == "UNKNOWN":
            out.unknown.append(cmd.start)
    flush(force=False)
    return out


def _qr_function(data: bytes, st: _State, out: Decoded) -> None:
    """GS ( k with cn = 49 (QR): fn 67 module size, 80 store data (after m), 81 print."""
    if len(data) < 2 or data[0] != 49:
        return
    fn = data[1]
    if fn == 67 and len(data) >= 3:
        st.qr_size = data[2]
    elif fn == 80:
        st.qr_store = data[3:].decode("utf-8", errors="replace")
    elif fn == 81:
        out.qr_payloads.append(st.qr_store)
        out.blocks.append(DecodedQR(st.qr_store, st.qr_size, st.align))
