"""Printer configuration from admin: create or edit a printer, bind devices to it, upload its logo."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError
from sqlalchemy import delete, select, update

from core.actors import Actor
from core.errors import Forbidden, Invalid, NotFound
from core.extensions import db
from core.models import Device, Printer, PrinterBinding
from core.tx import unit_of_work
from printers.config import PrinterConfig

SETUP_ROLES = ("supervisor",)
BINDABLE_KINDS = ("kiosk", "printer")
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_WIDTH = 576  # the widest paper (80 mm) in dots; narrower profiles scale it down when printing


def _check(actor: Actor) -> None:
    if not actor.has_role(*SETUP_ROLES):
        raise Forbidden()


def bindable_devices() -> list[Device]:
    return list(db.session.scalars(select(Device).where(Device.kind.in_(BINDABLE_KINDS),
                                                        Device.revoked_at.is_(None)).order_by(Device.name)))


def save_printer(*, actor: Actor, code: str, name: str, config: dict[str, Any], device_ids: list[int],
                 reception_default: bool = False, active: bool = True, printer_id: int | None = None) -> Printer:
    """Create (printer_id None) or update a printer. A device bound here is unbound from any other printer."""
    _check(actor)
    code, name = code.strip().lower(), name.strip()
    if not CODE_RE.match(code):
        raise Invalid("El código debe tener de 1 a 32 letras minúsculas, números, «-» o «_».", code="invalid_code")
    if not name:
        raise Invalid("Indique el nombre de la impresora.", code="name_required")
    with unit_of_work():
        printer = db.session.get(Printer, printer_id) if printer_id else Printer(state="unknown")
        if printer is None:
            raise NotFound("Impresora no encontrada.", code="unknown_printer")
        keep_logo = (printer.config or {}).get("logo_path") if printer_id else None
        cfg = PrinterConfig.from_dict({**config, "logo_path": config.get("logo_path") or keep_logo})
        problems = cfg.errors()
        if problems:
            raise Invalid("; ".join(problems), code="invalid_printer_config", details=problems)
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
    return printer


def store_logo(printer_id: int, data: bytes, folder: Path, *, actor: Actor) -> str:
    """Validate an uploaded image, keep it as a black-and-white-ready PNG and point the printer at it."""
    _check(actor)
    if not data or len(data) > LOGO_MAX_BYTES:
        raise Invalid("El logo debe ser una imagen de hasta 2 MB.", code="invalid_logo")
    try:
        with Image.open(io.BytesIO(data)) as src:
            src.verify()
        with Image.open(io.BytesIO(data)) as src:
            img = src.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise Invalid("El archivo no es una imagen válida (PNG, JPG o GIF).", code="invalid_logo") from exc
    if img.width > LOGO_MAX_WIDTH:
        img = img.resize((LOGO_MAX_WIDTH, max(1, round(img.height * LOGO_MAX_WIDTH / img.width))))
    with unit_of_work():
        printer = db.session.get(Printer, printer_id)
        if printer is None:
            raise NotFound("Impresora no encontrada.", code="unknown_printer")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{printer.code}.png"
        # Transparent areas print white, not black.
        flat = Image.new("RGBA", img.size, (255, 255, 255, 255))
        flat.alpha_composite(img)
        flat.convert("L").save(path, format="PNG")
        printer.config = {**(printer.config or {}), "logo_path": str(path)}
    return str(path)


def remove_logo(printer_id: int, *, actor: Actor) -> None:
    _check(actor)
    with unit_of_work():
        printer = db.session.get(Printer, printer_id)
        if printer is None:
            raise NotFound("Impresora no encontrada.", code="unknown_printer")
        printer.config = {**(printer.config or {}), "logo_path": None}


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
