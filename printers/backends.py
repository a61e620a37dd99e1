"""Backend registry: a PrinterConfig becomes an (unopened) python-escpos printer object."""

from __future__ import annotations

from collections.abc import Callable

from printers._escpos import Escpos, get_profile, printer
from printers.config import PrinterConfig


class PrinterError(Exception):
    """A printer cannot be used as configured; the message is Spanish, for a person."""


Factory = Callable[[PrinterConfig], Escpos]


def _require(cls: type, what: str) -> None:
    # escpos builds these classes even without their optional dependency and fails later in English.
    if not cls.is_usable():
        raise PrinterError(f"Soporte {what} no instalado en el servidor")


def _network(cfg: PrinterConfig) -> Escpos:
    # Always our timeout: escpos's default of 60 s would freeze the print worker for a minute.
    return printer.Network(cfg.host, int(cfg.port), timeout=float(cfg.timeout), profile=cfg.profile)


def _usb(cfg: PrinterConfig) -> Escpos:
    _require(printer.Usb, "USB (pyusb)")
    if cfg.usb_vendor is None or cfg.usb_product is None:
        raise PrinterError("Faltan los identificadores USB (fabricante y producto)")
    return printer.Usb(cfg.usb_vendor, cfg.usb_product, timeout=int(cfg.timeout * 1000), profile=cfg.profile)


def _serial(cfg: PrinterConfig) -> Escpos:
    _require(printer.Serial, "de puerto serie (pyserial)")
    return printer.Serial(cfg.serial_device, baudrate=cfg.baudrate, timeout=cfg.timeout, profile=cfg.profile)


def _file(cfg: PrinterConfig) -> Escpos:
    if not cfg.path:
        raise PrinterError("Falta la ruta del archivo o dispositivo")
    return printer.File(cfg.path, profile=cfg.profile)


def _cups(cfg: PrinterConfig) -> Escpos:
    cups_printer = getattr(printer, "CupsPrinter", None)
    if cups_printer is None or not cups_printer.is_usable():
        raise PrinterError("Soporte CUPS no disponible: instale pycups en el servidor")
    return cups_printer(cfg.cups_queue, profile=cfg.profile)


def _virtual(cfg: PrinterConfig) -> Escpos:
    return printer.Dummy(profile=cfg.profile)


BACKENDS: dict[str, Factory] = {
    "network": _network,
    "usb": _usb,
    "serial": _serial,
    "file": _file,
    "cups": _cups,
    "virtual": _virtual,
}


def register_backend(name: str, factory: Factory) -> None:
    BACKENDS[name] = factory


def check_profile(cfg: PrinterConfig) -> None:
    """PrinterError unless the profile exists and holds the configured code page."""
    try:
        profile = get_profile(cfg.profile)
    except KeyError:
        raise PrinterError(f"Perfil de impresora desconocido: {cfg.profile}") from None
    if cfg.codepage.upper() not in profile.codePages.values():
        raise PrinterError(f"El perfil {cfg.profile} no tiene la página de códigos {cfg.codepage}")


def open_printer(cfg: PrinterConfig) -> Escpos:
    """The escpos object for `cfg`. Connections open lazily, on the first byte (or an explicit open())."""
    factory = BACKENDS.get(cfg.backend)
    if factory is None:
        raise PrinterError(f"Tipo de conexión desconocido: {cfg.backend}")
    check_profile(cfg)
    return factory(cfg)
