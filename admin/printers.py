"""Admin → Impresoras: configuration, live health, test page, failed jobs with reprint, «Últimas impresiones»."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from admin.blueprint import bp, section
from core import validation
from core.errors import DomainError, NotFound
from core.extensions import db
from core.jobs import lease
from core.models import Printer
from core.printing import health, print_queue, setup, targets, worker
from core.roles import SUPERVISORS
from printers.config import BACKENDS, CODEPAGES, PAPER_WIDTHS, PrinterConfig
from web.access import actor, role_required

section("admin.printers", "Impresoras")

BACKEND_LABELS = setup.BACKEND_LABELS
CONFIG_FIELDS = ("backend", "host", "port", "usb_vendor", "usb_product", "serial_device", "baudrate", "path",
                 "cups_queue", "profile", "codepage", "paper_width_mm", "timeout")


def _printer(printer_id: int) -> Printer:
    printer = db.session.get(Printer, printer_id)
    if printer is None:
        raise NotFound("Impresora no encontrada.", code="unknown_printer")
    return printer


def _form_values(printer: Printer | None) -> MultiDict:
    """The edit form's values: the stored printer, or the defaults for a new one."""
    if printer is None:
        cfg = PrinterConfig().to_dict()
        values: dict[str, Any] = {"active": "1"}
    else:
        cfg = print_queue.printer_config(printer).to_dict()
        values = {"code": printer.code, "name": printer.name, "active": "1" if printer.active else "",
                  "reception_default": "1" if printer.reception_default else ""}
    for key in CONFIG_FIELDS:
        value = cfg.get(key)
        values[key] = "" if value is None else (f"0x{value:04x}" if key.startswith("usb_") else str(value))
    values["fs_dot"] = "1" if cfg.get("fs_dot") else ""
    values["check_status"] = "1" if cfg.get("check_status", True) else ""
    form = MultiDict(values)
    if printer is not None:
        for binding in printer.bindings:
            form.add("devices", str(binding.device_id))
    return form


def _render_edit(printer: Printer | None, values: MultiDict, status: int = 200) -> tuple[str, int]:
    # Supervisors keep an OS printer's connection as it is, and create only virtual printers (targets.py).
    may_connect = actor().has_role(targets.CONNECTION_ROLE)
    locked = not may_connect and printer is not None and printer.backend in targets.OS_BACKENDS
    backends = BACKENDS if may_connect else ((printer.backend,) if locked else ("virtual",))
    return render_template(
        "admin/printers_edit.html", printer=printer, values=values, backends=backends, backend_labels=BACKEND_LABELS,
        connection_locked=locked, may_connect=may_connect,
        file_dir=targets.file_dir(current_app.instance_path, current_app.config["PRINTER_FILE_DIR"]),
        codepages=CODEPAGES, paper_widths=PAPER_WIDTHS, profiles=setup.profile_choices(),
        devices=setup.bindable_devices(), chosen={validation.record_id(d) for d in values.getlist("devices")},
    ), status


@bp.get("/impresoras")
@role_required(*SUPERVISORS)
def printers():
    rows = list(db.session.scalars(select(Printer).order_by(Printer.code)))
    return render_template(
        "admin/printers.html", printers=rows, health={p.id: health.printer_health(p) for p in rows},
        failed=print_queue.recent_jobs(status="failed"), recent=print_queue.recent_jobs(limit=15),
        previews=print_queue.virtual_jobs(), kinds=print_queue.KIND_LABELS, statuses=print_queue.STATUS_LABELS,
        backend_labels=BACKEND_LABELS, leases=lease.holdings(),
    )


@bp.route("/impresoras/nueva", methods=["GET", "POST"], endpoint="printer_new")
@bp.route("/impresoras/<int:printer_id>", methods=["GET", "POST"], endpoint="printer_edit")
@role_required(*SUPERVISORS)
def printer_edit(printer_id: int | None = None):
    printer = _printer(printer_id) if printer_id else None
    if request.method == "GET":
        return _render_edit(printer, _form_values(printer))
    form = request.form
    upload = request.files.get("logo")
    try:
        saved = setup.save_printer(
            actor=actor(), printer_id=printer_id, code=form.get("code", ""), name=form.get("name", ""),
            config={**{key: form.get(key, "") for key in CONFIG_FIELDS}, "fs_dot": "fs_dot" in form,
                    "check_status": "check_status" in form},
            device_ids=[n for d in form.getlist("devices") if (n := validation.record_id(d)) is not None],
            reception_default="reception_default" in form, active="active" in form,
            logo=upload.read() if upload and upload.filename else None,
            logo_folder=Path(current_app.instance_path) / "printer-logos", drop_logo="drop_logo" in form,
        )
    except DomainError as error:  # re-render with what was typed, not a redirect that would lose it
        flash(error.message, "error")
        return _render_edit(printer, form, 422)
    flash(f"Impresora «{saved.name}» guardada.", "ok")
    return redirect(url_for("admin.printers"))


@bp.post("/impresoras/<code>/prueba")
@role_required(*SUPERVISORS)
def printer_test_page(code: str):
    job = print_queue.print_test_page(code, actor=actor())
    flash(f"Página de prueba enviada a la cola (impresión n.º {job}).", "ok")
    return redirect(url_for("admin.printers"))


@bp.post("/impresoras/<code>/estado")
@role_required(*SUPERVISORS)
def printer_check(code: str):
    printer = print_queue.printer_by_code(code)  # an unknown code is refused here, before any thread
    worker.check_soon(current_app._get_current_object(), printer.code)
    flash(f"Consultando el estado de «{printer.name}»: la lista se actualiza sola en unos segundos.", "ok")
    return redirect(url_for("admin.printers"))


@bp.get("/impresoras/estado.json")
@role_required(*SUPERVISORS)
def printers_health():
    rows = db.session.scalars(select(Printer).order_by(Printer.code))
    return {"printers": [health.printer_health(p) for p in rows],
            "jobs": [print_queue.job_info(j) for j in print_queue.recent_jobs(limit=15)]}


@bp.post("/impresiones/<int:job_id>/reimprimir")
@role_required(*SUPERVISORS)
def print_job_reprint(job_id: int):
    job = print_queue.reprint(job_id, actor=actor())
    flash(f"Reimpresión enviada a la cola (impresión n.º {job}).", "ok")
    return redirect(url_for("admin.printers"))


@bp.get("/impresiones/<int:job_id>.png")
@role_required(*SUPERVISORS)
def print_job_png(job_id: int):
    return Response(print_queue.virtual_png(job_id), mimetype="image/png",
                    headers={"Cache-Control": "private, max-age=3600"})
