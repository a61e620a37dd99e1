"""Printer configuration from admin: create or edit a printer, bind devices to it, upload its logo."""

from __future__ import annotations

import importlib
import io
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update

from core.actors import Actor
from core.errors import Invalid, NotFound
from core.extensions import db
from core.models import Device, Printer, PrinterBinding
from core.org import changes
from core.printing import targets
from core.roles import SUPERVISORS, require
from core.tx import unit_of_work
from printers.config import PrinterConfig

if TYPE_CHECKING:
    from PIL import Image

BINDABLE_KINDS = ("kiosk", "printer")
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
LOGO_MAX_BYTES = 2 * 1024 * 1024
RECOMMENDED_PROFILES = ("TM-T20II", "POS-5890")  # 80 mm Epson, 58 mm clones
# A few bytes of PNG can claim billions of pixels (a decompression bomb): refuse before decoding.
LOGO_MAX_PIXELS = 4096 * 4096
LOGO_MAX_WIDTH = 576  # the widest paper (80 mm) in dots; narrower profiles scale it down when printing


BACKEND_LABELS = {"network": "Red (IP y puerto)", "usb": "USB", "serial": "Puerto serie",
                  "file": "Archivo o dispositivo", "cups": "Cola CUPS", "virtual": "Virtual (sin hardware)"}
# What the change log compares (core/org/changes.py), named as the printer form names it; a new printer lists the
# connection fields of its own kind only.
PRINTER_FIELDS = {"code": "Código", "name": "Nombre", "active": "Activa", "reception_default": "Impresora de Recepción",
                  "backend": "Tipo de conexión", "host": "Dirección IP o nombre", "port": "Puerto",
                  "usb_vendor": "ID de fabricante USB", "usb_product": "ID de producto USB",
                  "serial_device": "Puerto serie", "baudrate": "Velocidad (baudios)", "path": "Archivo",
                  "cups_queue": "Cola CUPS", "check_status": "Consultar el estado", "timeout": "Tiempo de espera (s)",
                  "profile": "Perfil de impresora", "paper_width_mm": "Ancho de papel (mm)",
                  "codepage": "Página de códigos", "fs_dot": "Enviar FS . al empezar", "logo": "Logo",
                  "devices": "Dispositivos asignados"}
CONNECTION_FIELDS = {"network": ("host", "port", "check_status"), "usb": ("usb_vendor", "usb_product"),
                     "serial": ("serial_device", "baudrate"), "file": ("path",), "cups": ("cups_queue",),
                     "virtual": ()}


def _state(printer: Printer) -> dict[str, Any]:
    cfg = dict(printer.config or {})
    state: dict[str, Any] = {key: cfg.get(key) for key in PRINTER_FIELDS if key in cfg}
    for key in ("usb_vendor", "usb_product"):
        if isinstance(state.get(key), int):
            state[key] = f"0x{state[key]:04x}"
    state.update(code=printer.code, name=printer.name, active=bool(printer.active),
                 reception_default=bool(printer.reception_default),
                 backend=BACKEND_LABELS.get(cfg.get("backend", ""), cfg.get("backend", "")),
                 logo="sí" if cfg.get("logo_path") else "no",
                 devices=sorted(binding.device.name for binding in printer.bindings))
    return state


def _record(actor: Actor, printer: Printer, before: dict[str, Any] | None, new_logo: bool) -> None:
    after = _state(printer)
    if before is None:
        backend = (printer.config or {}).get("backend", "")
        shown = ("code", "name", "active", "reception_default", "backend", *CONNECTION_FIELDS.get(backend, ()),
                 "profile", "paper_width_mm", "codepage", "logo", "devices")
        lines = changes.listed({k: v for k, v in after.items() if k != "logo" or new_logo},
                               {key: PRINTER_FIELDS[key] for key in shown})
        changes.record(actor, "printer", "create", code=printer.code, name=printer.name, lines=lines)
        return
    lines = changes.diff(before, after, PRINTER_FIELDS)
    if new_logo and before.get("logo") == after.get("logo"):
        lines.append("Logo: se subió uno nuevo")
    if lines:
        action = "update"
        if before["active"] != after["active"]:
            action = "activate" if after["active"] else "deactivate"
        changes.record(actor, "printer", action, code=printer.code, name=printer.name, lines=lines)


def _check(actor: Actor) -> None:
    require(actor, SUPERVISORS)


def bindable_devices() -> list[Device]:
    return list(db.session.scalars(select(Device).where(Device.kind.in_(BINDABLE_KINDS),
                                                        Device.revoked_at.is_(None)).order_by(Device.name)))


def save_printer(*, actor: Actor, code: str, name: str, config: dict[str, Any], device_ids: list[int],
                 reception_default: bool = False, active: bool = True, printer_id: int | None = None,
                 logo: bytes | None = None, logo_folder: Path | None = None, drop_logo: bool = False) -> Printer:
    """Create (printer_id None) or update a printer. A device bound here is unbound from any other printer.
    `logo` (an uploaded image) is stored as a grey PNG in `logo_folder`; `drop_logo` removes the logo.
    Connections that reach the OS or the network are admin-only and must stay where core/printing/targets.py
    allows."""
    _check(actor)
    image = _logo_image(logo) if logo else None
    code, name = code.strip().lower(), name.strip()
    if not CODE_RE.match(code):
        raise Invalid("El código debe tener de 1 a 32 letras minúsculas, números, «-» o «_».", code="invalid_code")
    if not name:
        raise Invalid("Indique el nombre de la impresora.", code="name_required")
    with unit_of_work():
        printer = db.session.get(Printer, printer_id) if printer_id else Printer(state="unknown")
        if printer is None:
            raise NotFound("Impresora no encontrada.", code="unknown_printer")
        before = _state(printer) if printer_id else None
        keep_logo = None if drop_logo or not printer_id else (printer.config or {}).get("logo_path")
        try:
            cfg = PrinterConfig.from_dict({**config, "logo_path": config.get("logo_path") or keep_logo})
        except (TypeError, ValueError) as exc:
            raise Invalid("Revise los números: puerto, velocidad, ancho de papel, tiempo de espera o IDs USB.",
                          code="invalid_printer_config") from exc
        if image is not None:
            if logo_folder is None:
                raise Invalid("No hay carpeta para guardar el logo.", code="no_logo_folder")
            cfg.logo_path = _write_logo(image, logo_folder, code)
        targets.check_editor(actor, PrinterConfig.from_dict(printer.config) if printer_id else None, cfg)
        problems = cfg.errors()
        if problems:
            raise Invalid("; ".join(problems), code="invalid_printer_config", details=problems)
        targets.checked(cfg)
        clash = db.session.scalar(select(Printer).where(Printer.code == code, Printer.id != (printer_id or 0)))
        if clash is not None:
            raise Invalid(f"Ya existe una impresora con el código «{code}».", code="printer_exists")
        devices = list(db.session.scalars(select(Device).where(Device.id.in_(device_ids)))) if device_ids else []
        if len(devices) != len(set(device_ids)):
            raise Invalid("Dispositivo desconocido.", code="unknown_device")
        if printer.config and printer.config != cfg.to_dict():
            printer.state = "unknown"  # new address or settings: the old health no longer applies
        printer.code, printer.name, printer.config = code, name, cfg.to_dict()
        printer.active, printer.reception_default = active, reception_default
        if printer_id is None:
            db.session.add(printer)
        db.session.flush()
        if reception_default:
            db.session.execute(update(Printer).where(Printer.id != printer.id).values(reception_default=False))
        db.session.execute(delete(PrinterBinding).where(
            (PrinterBinding.printer_id == printer.id) | PrinterBinding.device_id.in_(device_ids or [0])))
        db.session.flush()
        for device in devices:
            db.session.add(PrinterBinding(device_id=device.id, printer_id=printer.id))
        db.session.flush()
        db.session.refresh(printer)
        _record(actor, printer, before, image is not None)
    return printer


def _logo_image(data: bytes) -> Image.Image:
    from PIL import Image, UnidentifiedImageError  # on a logo's upload only: not in every server's memory

    if len(data) > LOGO_MAX_BYTES:
        raise Invalid("El logo debe ser una imagen de hasta 2 MB.", code="invalid_logo")
    too_big = Invalid("El logo es demasiado grande: use una imagen de hasta 4096 × 4096 píxeles.",
                      code="invalid_logo")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)  # a bomb is refused, not logged
            src = Image.open(io.BytesIO(data))
        with src:
            if src.width * src.height > LOGO_MAX_PIXELS:
                raise too_big
            src.verify()
        with Image.open(io.BytesIO(data)) as src:
            img = src.convert("RGBA")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_big from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise Invalid("El archivo del logo no es una imagen válida (PNG, JPG o GIF).", code="invalid_logo") from exc
    if img.width > LOGO_MAX_WIDTH:
        img = img.resize((LOGO_MAX_WIDTH, max(1, round(img.height * LOGO_MAX_WIDTH / img.width))))
    flat = Image.new("RGBA", img.size, (255, 255, 255, 255))  # transparent areas print white, not black
    flat.alpha_composite(img)
    return flat.convert("L")


def _write_logo(img: Image.Image, folder: Path, code: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{code}.png"
    img.save(path, format="PNG")
    return str(path)


def profile_choices() -> list[str]:
    """python-escpos's printer profiles, the two documented ones first."""
    from printers import _escpos  # noqa: F401  (first: it points escpos's cache at our folder)

    profiles = importlib.import_module("escpos.capabilities").CAPABILITIES["profiles"]
    rest = sorted(name for name in profiles if name not in RECOMMENDED_PROFILES)
    return [*RECOMMENDED_PROFILES, *rest]


DEMO_PRINTER = "virtual-entrada"
DEMO_KIOSK = "kiosco-entrada"


def seed_demo_printer(report: Any) -> None:
    """The demo's virtual printer (no hardware): bound to the entrance kiosk and the reception default."""
    with unit_of_work():
        if db.session.scalar(select(Printer).where(Printer.code == DEMO_PRINTER)) is not None:
            return
        no_default = db.session.scalar(select(Printer).where(Printer.reception_default.is_(True))) is None
        printer = Printer(code=DEMO_PRINTER, name="Impresora virtual (entrada)", is_demo=True, state="unknown",
                          config=PrinterConfig(backend="virtual").to_dict(), reception_default=no_default)
        db.session.add(printer)
        db.session.flush()
        kiosk = db.session.scalar(select(Device).where(Device.name == DEMO_KIOSK))
        if kiosk is not None and db.session.get(PrinterBinding, kiosk.id) is None:
            db.session.add(PrinterBinding(device_id=kiosk.id, printer_id=printer.id))
        report.add("printer")
