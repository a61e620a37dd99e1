"""A printer's health: its state in Spanish, what admin and the kiosks are told, and how an outcome changes it.

Admin's printers page (room `staff`) sees every check and every success; the kiosks (room `kiosk`, every kiosk of
every office) only whether their printer can print, so they are told when its state changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core import clock
from core.models import Printer
from core.realtime import outbox

STATE_LABELS = {
    "online": "Impresora lista",
    "offline": "Impresora fuera de línea",
    "paper_out": "Sin papel",
    "paper_near_end": "Papel por acabarse",
    "unknown": "Estado de la impresora desconocido",
}
NO_PRINTER = "Sin impresora asignada"
# States in which the printer cannot print; the kiosk shows its warning then.
DOWN_STATES = ("offline", "paper_out")


def health_message(printer: Printer) -> str:
    if printer.state in DOWN_STATES and printer.last_error:
        return printer.last_error
    return STATE_LABELS.get(printer.state, STATE_LABELS["unknown"])


def printer_health(printer: Printer) -> dict[str, Any]:
    """For admin (room `staff`): state, Spanish message, last error and last success."""
    return {
        "printer": printer.code,
        "name": printer.name,
        "state": printer.state,
        "state_label": STATE_LABELS.get(printer.state, printer.state),
        "ok": printer.state not in DOWN_STATES,
        "message": health_message(printer),
        "last_error": printer.last_error,
        "last_error_at": clock.iso(printer.last_error_at),
        "last_success_at": clock.iso(printer.last_success_at),
        "last_checked_at": clock.iso(printer.last_checked_at),
    }


def _push(printer: Printer, *, kiosks: bool) -> None:
    """`printer_health` to staff (the printers page shows the last success too) and, with `kiosks`, to the kiosks,
    which only show whether their printer can print."""
    payload = printer_health(printer)
    outbox.to_staff("printer_health", payload, sequenced=False)
    if not kiosks:
        return
    # Kiosks filter by the device ids they know; no personal data in here.
    outbox.queue("printer_health", "kiosk", {
        "printer": printer.code, "ok": payload["ok"], "state": printer.state, "message": payload["message"],
        "devices": [b.device_id for b in printer.bindings],
    }, sequenced=False)


def apply_outcome(printer: Printer, ok: bool, status: str, error: str | None, now: datetime,
                  *, printed: bool) -> None:
    """Record an outcome on the printer; push `printer_health` when something a person sees changed."""
    before = (printer.state, printer.last_error)
    printer.last_checked_at = now
    if ok:
        printer.state = status if status in STATE_LABELS else "unknown"
        if printed:
            printer.last_success_at = now
    else:
        # A silent or unexpected device cannot print either: shown as offline with the reason.
        printer.state = status if status in DOWN_STATES else "offline"
    if error:
        printer.last_error = error
        printer.last_error_at = now
    changed = (printer.state, printer.last_error) != before
    if changed or printed:
        # Every kiosk of every office listens: tell them when the state changed, not on every ticket printed.
        _push(printer, kiosks=changed)
