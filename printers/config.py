"""Printer settings, stored as JSON by the app and passed in as a PrinterConfig."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

BACKENDS = ("network", "usb", "serial", "file", "cups", "virtual")
CODEPAGES = ("CP858", "CP850")
PAPER_WIDTHS = (80, 58)


@dataclass
class PrinterConfig:
    backend: str = "network"
    host: str = ""
    port: int = 9100
    usb_vendor: int | None = None
    usb_product: int | None = None
    serial_device: str = ""
    baudrate: int = 9600
    path: str = ""  # file backend: a file or a device such as /dev/usb/lp0
    cups_queue: str = ""
    profile: str = "TM-T20II"  # any python-escpos profile; POS-5890 for 58 mm clones
    codepage: str = "CP858"
    paper_width_mm: int = 80
    logo_path: str | None = None
    fs_dot: bool = False  # send FS . (cancel Kanji mode) first: Chinese clones boot in a GB18030 mode
    timeout: float = 3.0
    # One-way print servers never answer DLE EOT; turning this off prints without the status check.
    check_status: bool = True

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PrinterConfig:
        """Build from stored JSON; unknown keys are ignored, numbers given as text are converted."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("usb_vendor", "usb_product"):
            if isinstance(values.get(key), str):
                text = values[key].strip()
                values[key] = int(text, 0) if text else None  # accepts "0x04b8" as well as "1208"
        for key in ("port", "baudrate", "paper_width_mm"):
            if key in values and values[key] is not None:
                values[key] = int(values[key])
        if "timeout" in values:
            values["timeout"] = float(values["timeout"])
        for key in ("fs_dot", "check_status"):
            if isinstance(values.get(key), str):
                values[key] = values[key].strip().lower() in ("1", "true", "sí", "si", "yes", "on")
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def errors(self) -> list[str]:
        """Spanish messages for an admin form; empty when the settings are usable."""
        out: list[str] = []
        if self.backend not in BACKENDS:
            out.append(f"Tipo de conexión desconocido: {self.backend}")
        if self.backend == "network":
            if not self.host:
                out.append("Falta la dirección IP o el nombre de la impresora")
            if not 0 < self.port < 65536:
                out.append(f"Puerto inválido: {self.port}")
        if self.backend == "usb" and (self.usb_vendor is None or self.usb_product is None):
            out.append("Faltan los identificadores USB (fabricante y producto)")
        if self.backend == "serial" and not self.serial_device:
            out.append("Falta el puerto serie (por ejemplo /dev/ttyUSB0)")
        if self.backend == "file" and not self.path:
            out.append("Falta la ruta del archivo o dispositivo")
        if self.backend == "cups" and not self.cups_queue:
            out.append("Falta el nombre de la cola CUPS")
        if self.codepage not in CODEPAGES:
            out.append(f"Página de códigos no admitida: {self.codepage} (use CP858 o CP850)")
        if self.paper_width_mm not in PAPER_WIDTHS:
            out.append(f"Ancho de papel no admitido: {self.paper_width_mm} mm (use 80 o 58)")
        if not 0 < self.timeout <= 30:
            out.append("El tiempo de espera debe estar entre 0 y 30 segundos")
        return out

    @property
    def address(self) -> str:
        """Where the printer is, for messages."""
        return {
            "network": f"{self.host}:{self.port}",
            "usb": f"{self.usb_vendor or 0:04x}:{self.usb_product or 0:04x}",
            "serial": self.serial_device,
            "file": self.path,
            "cups": self.cups_queue,
        }.get(self.backend, self.backend)
