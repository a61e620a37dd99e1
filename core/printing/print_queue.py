"""The print queue: enqueue documents for a device's printer, print due jobs, track printer health.

Enqueuing only writes a row: it never touches a printer, so a kiosk request answers at once even when the
printer is off, and a ticket is valid whether or not it printed. The worker (core/print_worker.py, or
`flask print-worker`) calls process_pending() and check_health(); tests call them directly.

Status URL on the printed QR code: PUBLIC_BASE_URL when configured (the address customers' phones can
reach), otherwise the `base_url` the caller passes (the kiosk request's host URL), otherwise a bare path.

Retries: a failed attempt is retried after PRINT_RETRY_BASE_SECONDS × 2^(attempt-1) (2 s, 4 s, 8 s…) until
PRINT_MAX_ATTEMPTS attempts; then the job ends failed with the Spanish reason. A printer's other due jobs in
the same pass share its failure without contacting it again, so one dead printer cannot stall the worker.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload

from core import clock, lookups, tx
from core.actors import Actor
from core.errors import Invalid, NotFound
from core.extensions import db
from core.models import Printer, PrinterBinding, PrintJob
from core.printing import documents, health, targets, wake
from core.printing.health import DOWN_STATES, NO_PRINTER, health_message
from core.realtime import outbox, rooms
from core.roles import RECEPTION_STAFF, require
from core.tx import unit_of_work
from printers.config import PrinterConfig
from printers.documents import Document, TestPageDoc

logger = logging.getLogger(__name__)

KIND_LABELS = {"ticket": "Ficha", "brochure": "Folleto de requisitos", "directions": "Indicaciones",
               "test": "Página de prueba"}
STATUS_LABELS = {"pending": "En cola", "printing": "Imprimiendo", "done": "Impresa", "failed": "Fallida"}
FINAL = ("done", "failed")  # a job in one of these will not print (again) by itself
STALE_AFTER = timedelta(minutes=2)  # a job "printing" this long belongs to a worker that died


def _setting(name: str, default: float) -> float:
    return float(current_app.config.get(name, default)) if has_app_context() else default


# Lookups ---------------------------------------------------------------------------------------------------
def printer_by_code(code: str) -> Printer:
    found = db.session.scalar(select(Printer).where(Printer.code == code))
    if found is None:
        raise NotFound(f"No existe la impresora «{code}».", code="unknown_printer")
    return found


_RECEPTION_PRINTER = (select(Printer).where(Printer.reception_default.is_(True), Printer.active.is_(True))
                      .order_by(Printer.id))
_DEVICE_PRINTER = select(Printer).join(PrinterBinding).where(PrinterBinding.device_id == bindparam("device"),
                                                             Printer.active.is_(True))  # every kiosk print asks


def printer_for_device(device_id: int | None) -> Printer | None:
    """The device's bound printer; with no device (reception staff), the default reception printer."""
    if device_id is None:
        return db.session.scalar(_RECEPTION_PRINTER)
    return db.session.scalar(_DEVICE_PRINTER, {"device": device_id})


def printer_config(printer: Printer) -> PrinterConfig:
    return PrinterConfig.from_dict(printer.config or {})


# Enqueue ---------------------------------------------------------------------------------------------------


def _enqueue(printer: Printer, kind: str, reference: str, doc: Document, actor: Actor, now: datetime,
             reprint_of: int | None = None, device_id: int | None = None) -> PrintJob:
    job = PrintJob(printer_id=printer.id, kind=kind, reference=reference, payload=dataclasses.asdict(doc),
                   status="pending", attempts=0, next_attempt_at=now, created_at=now, created_by=actor.name,
                   reprint_of_id=reprint_of, device_id=device_id)
    db.session.add(job)
    db.session.flush()
    outbox.call_after_commit(wake.jobs_queued)
    return job


def _queue_for_device(device_id: int | None, kind: str, make: Callable[[], tuple[str, Document]], actor: Actor,
                      now: datetime | None) -> int | None:
    """Queue what `make()` builds (its reference and document) on the device's printer; None: no printer."""
    with unit_of_work():
        printer = printer_for_device(device_id)
        if printer is None:
            return None
        reference, document = make()
        return _enqueue(printer, kind, reference, document, actor, now or clock.now(), device_id=device_id).id


def print_ticket(ticket_id: int, *, device_id: int | None, actor: Actor, base_url: str = "",
                 now: datetime | None = None) -> int | None:
    """Queue the attention ticket on the device's printer (reception: the default one). None: no printer."""
    def make() -> tuple[str, Document]:
        ticket = lookups.ticket(ticket_id)
        return str(ticket.id), documents.ticket_document(ticket, base_url)

    return _queue_for_device(device_id, "ticket", make, actor, now)


def print_brochure(node_code: str, *, device_id: int | None, actor: Actor, now: datetime | None = None,
                   survey_url: str = "") -> int | None:
    """Queue the requirements slip of an information topic (or a transaction's requirements); `survey_url`,
    the attention's P01 link, is printed as a QR."""
    def make() -> tuple[str, Document]:
        node = documents.catalogue_entry(node_code, "info", "transaction")
        return node.code, documents.brochure_document(node, survey_url)

    return _queue_for_device(device_id, "brochure", make, actor, now)


def print_directions(node_code: str, *, device_id: int | None, actor: Actor,
                     now: datetime | None = None, survey_url: str = "") -> int | None:
    """Queue the directions slip of a directory entry, with the attention's P01 link as a QR."""
    def make() -> tuple[str, Document]:
        node = documents.catalogue_entry(node_code, "directory")
        return node.code, documents.directions_document(node, survey_url)

    return _queue_for_device(device_id, "directions", make, actor, now)


def print_test_page(printer_code: str, *, actor: Actor, now: datetime | None = None) -> int:
    now = now or clock.now()
    require(actor, RECEPTION_STAFF)
    with unit_of_work():
        printer = printer_by_code(printer_code)
        return _enqueue(printer, "test", printer.code, TestPageDoc(printer_name=printer.name), actor, now).id


def reprint(job_id: int, *, actor: Actor, now: datetime | None = None) -> int:
    """A new job with exactly the same document on the same printer; the original is kept as it was."""
    now = now or clock.now()
    require(actor, RECEPTION_STAFF)
    with unit_of_work():
        original = db.session.get(PrintJob, job_id)
        if original is None:
            raise NotFound("Impresión no encontrada.", code="unknown_job")
        job = _enqueue(original.printer, original.kind, original.reference, documents.document_of(original), actor, now,
                       reprint_of=original.id)
        _job_event(job)
        return job.id


# Reading ---------------------------------------------------------------------------------------------------
def job_state(job_id: int) -> dict[str, Any]:
    job = db.session.get(PrintJob, job_id)
    if job is None:
        raise NotFound("Impresión no encontrada.", code="unknown_job")
    return _state(job)


def _state(job: PrintJob) -> dict[str, Any]:
    """What a kiosk or reception waits for (static/common/api.js watchJob): done, failed, or still to come."""
    return {"status": job.status, "error": job.last_error}


def device_printer_health(device_id: int | None) -> dict[str, Any]:
    """For the kiosk: ok False (show the warning) when its printer is down or it has none."""
    printer = printer_for_device(device_id)
    if printer is None:
        return {"ok": False, "state": "none", "message": NO_PRINTER}
    return {"ok": printer.state not in DOWN_STATES, "state": printer.state, "message": health_message(printer)}


def recent_jobs(printer_id: int | None = None, *, status: str | None = None, limit: int = 20) -> list[PrintJob]:
    stmt = select(PrintJob).order_by(PrintJob.id.desc()).limit(limit)
    if printer_id is not None:
        stmt = stmt.where(PrintJob.printer_id == printer_id)
    if status is not None:
        stmt = stmt.where(PrintJob.status == status)
    return list(db.session.scalars(stmt))


# Events ----------------------------------------------------------------------------------------------------
def job_info(job: PrintJob) -> dict[str, Any]:
    """A job for admin screens (the `print_job` event to room `staff`)."""
    return {"id": job.id, "printer": job.printer.code, "kind": job.kind, "status": job.status,
            "status_label": STATUS_LABELS.get(job.status, job.status), "error": job.last_error,
            "attempts": job.attempts}


def _job_event(job: PrintJob) -> None:
    outbox.to_staff("print_job", job_info(job), sequenced=False)
    if job.device_id is not None and job.status in FINAL:
        # The kiosk showing «Imprimiendo…» hears it at once instead of at its next poll (no request per customer).
        outbox.queue("print_job", rooms.device(job.device_id), {"id": job.id, **_state(job)}, sequenced=False)


# Printing --------------------------------------------------------------------------------------------------
@dataclasses.dataclass
class _Claimed:
    job_id: int
    printer_id: int
    printer_code: str
    cfg: PrinterConfig
    doc: Document | None
    problem: str | None = None  # the stored payload no longer builds a document


# Jobs one pass claims at most: a slow printer's batch ends far within STALE_AFTER, and the rest wait one pass.
BATCH = 20
_NOW = bindparam("now", type_=PrintJob.__table__.c.started_at.type)  # typed: SQLite stores our UTC format
_STALE = (update(PrintJob.__table__)
          .where(PrintJob.status == "printing", PrintJob.started_at < bindparam("stale", type_=_NOW.type))
          .values(status="pending", next_attempt_at=_NOW))
# Every due job marked printing in one statement (compare-and-set on «pending»: one worker wins each, even with
# several processes), instead of a transaction to list them and one more per job to claim it (issue 13).
_CLAIM_DUE = (
    update(PrintJob.__table__)
    .where(PrintJob.id.in_(select(PrintJob.id).where(PrintJob.status == "pending", PrintJob.next_attempt_at <= _NOW)
                           .order_by(PrintJob.id).limit(BATCH).scalar_subquery()),
           PrintJob.status == "pending")
    .values(status="printing", started_at=_NOW, attempts=PrintJob.attempts + 1)
    .returning(PrintJob.id)
)
# The claimed jobs with their printers, fresh from the database (another worker may have changed either).
_JOBS = (select(PrintJob).options(joinedload(PrintJob.printer))
         .where(PrintJob.id.in_(bindparam("jobs", expanding=True)))
         .order_by(PrintJob.id).execution_options(populate_existing=True))


def _job(job_id: int) -> PrintJob:
    return db.session.scalars(_JOBS, {"jobs": [job_id]}).one()


def _claim_due(now: datetime) -> list[_Claimed]:
    """Put back the jobs of a worker that died mid-job, then claim the jobs due now and read them as plain data: one
    transaction a pass, however many are due."""
    with unit_of_work():
        tx.run(_STALE, {"stale": now - STALE_AFTER, "now": now})
        ids = list(tx.run(_CLAIM_DUE, {"now": now}).scalars())
        claimed = []
        for job in db.session.scalars(_JOBS, {"jobs": ids}) if ids else ():
            try:
                doc, problem = documents.document_of(job), None
            except (TypeError, Invalid) as exc:
                doc, problem = None, f"Datos de impresión ilegibles: {exc}"
            claimed.append(_Claimed(job.id, job.printer_id, job.printer.code, printer_config(job.printer), doc,
                                    problem))
        return claimed


def _finish(job_id: int, ok: bool, status: str, error: str | None, data: bytes, now: datetime) -> None:
    max_attempts = int(_setting("PRINT_MAX_ATTEMPTS", 4))
    base = _setting("PRINT_RETRY_BASE_SECONDS", 2.0)
    with unit_of_work():
        job = _job(job_id)
        printer = job.printer
        if ok:
            job.status = "done"
            job.printed_at = now
            job.last_error = error  # e.g. the paper ran out right after this job: printed, but worth seeing
            if printer.backend == "virtual":
                job.output = data
        elif job.attempts >= max_attempts:
            job.status = "failed"
            job.last_error = f"{error or 'Error desconocido'} (falló tras {job.attempts} intentos)"
        else:
            job.status = "pending"
            job.last_error = error
            job.next_attempt_at = now + timedelta(seconds=base * 2 ** (job.attempts - 1))
        health.apply_outcome(printer, ok, status, error, now, printed=ok)
        _job_event(job)


def _print(claimed: _Claimed) -> tuple[bool, str, str | None, bytes]:
    import printers

    if claimed.doc is None:
        return False, "unknown", claimed.problem, b""
    try:
        cfg = targets.checked(claimed.cfg)  # again now: a stored path or host may no longer be allowed
    except Invalid as exc:
        return False, "unknown", exc.message, b""
    try:
        outcome = printers.print_document(cfg, claimed.doc)
    except Exception as exc:  # never let one job stop the worker
        logger.exception("print job %s crashed", claimed.job_id)
        return False, "unknown", f"Error interno al imprimir: {exc}", b""
    return outcome.ok, outcome.status, outcome.error, outcome.data


def process_pending(now: datetime | None = None) -> int:
    """Print every job due now: claimed a batch at a time (`_claim_due`), printed one by one with no transaction
    open, each outcome recorded at once. Never raises for a printer fault. Returns how many jobs were attempted."""
    now = now or clock.now()
    attempted = 0
    down: dict[int, tuple[str, str | None]] = {}  # printer id → the failure of this pass
    while claimed_now := _claim_due(now):
        for claimed in claimed_now:
            if claimed.printer_id in down:
                ok, status, error, data = False, *down[claimed.printer_id], b""
            else:
                ok, status, error, data = _print(claimed)
                if not ok and claimed.doc is not None:
                    down[claimed.printer_id] = (status, error)
            _finish(claimed.job_id, ok, status, error, data, now)
            if not ok:
                logger.warning("print job %s on %s: %s", claimed.job_id, claimed.printer_code, error)
            attempted += 1
        if len(claimed_now) < BATCH:
            break  # nothing more was due
    return attempted


def check_health(printer_code: str | None = None, now: datetime | None = None) -> list[dict[str, Any]]:
    """Ask each active printer (or one) for its status (DLE EOT on network printers); record and push it."""
    import printers

    now = now or clock.now()
    with unit_of_work():
        stmt = select(Printer).where(Printer.active.is_(True)).order_by(Printer.id)
        if printer_code:
            stmt = select(Printer).where(Printer.code == printer_code)
        wanted = [(p.id, printer_config(p)) for p in db.session.scalars(stmt)]
    results = []
    for printer_id, cfg in wanted:
        try:
            outcome = printers.query_status(targets.checked(cfg))
            ok, status, error = outcome.ok, outcome.status, outcome.error
        except Invalid as exc:
            ok, status, error = False, "unknown", exc.message
        except Exception as exc:
            logger.exception("health check of printer %s crashed", printer_id)
            ok, status, error = False, "unknown", f"Error interno al consultar la impresora: {exc}"
        with unit_of_work():
            printer = db.session.get(Printer, printer_id)
            health.apply_outcome(printer, ok, status, error, now, printed=False)
            results.append(health.printer_health(printer))
    return results


def virtual_png(job_id: int) -> bytes:
    """How a virtual printer's job looks on paper, for «Últimas impresiones»."""
    from printers.virtual import render_png

    job = db.session.get(PrintJob, job_id)
    if job is None or not job.output:
        raise NotFound("Esta impresión no tiene vista previa.", code="no_preview")
    cfg = printer_config(job.printer)
    return render_png(job.output, cfg.paper_width_mm, cfg.profile)


def virtual_jobs(limit: int = 12) -> list[PrintJob]:
    """The latest jobs a virtual printer produced (they carry their bytes)."""
    return list(db.session.scalars(select(PrintJob).where(PrintJob.output.is_not(None))
                                   .order_by(PrintJob.id.desc()).limit(limit)))
