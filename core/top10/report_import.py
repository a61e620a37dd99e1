"""Smartflex damage reports and product cancellations as import kinds: their column tables and the calls that
import them. Both are upserted by the Smartflex number; the reports feed the weekly Top 10 detection, the
cancellations the monthly indicator. A new report of a followed customer joins (or reopens) their case as it is
written (core/top10/followup.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.actors import Actor
from core.formatting import listing, plural
from core.imports import engine
from core.imports.columns import Column, as_datetime, code
from core.models import Cancellation, DamageReport
from core.realtime import outbox
from core.roles import TOP10_CANCELLATION_IMPORTERS, TOP10_IMPORTERS
from core.top10 import followup

NUMBER = code(r"^[0-9A-Za-z][0-9A-Za-z./_-]{0,39}$", "letras, números, «-», «/», «.» o «_»")
CUSTOMER = Column("customer_code", "Cuenta", ("cuenta", "cod cliente", "codigo cliente", "id cliente",
                                              "cuenta cliente", "cod cuenta", "codigo cuenta", "contrato",
                                              "suscriptor", "abonado"), NUMBER, required=True, max_len=40)
PRODUCT = Column("product", "Producto", ("producto", "servicio", "tipo producto", "tipo servicio"), max_len=60)
ROLES = TOP10_IMPORTERS


def _stamp(batch_id: int, now: datetime, is_demo: bool) -> dict[str, Any]:
    return {"batch_id": batch_id, "is_demo": is_demo}


def _changed(written: engine.Written) -> str:
    """The Top 10 pages refresh after the import commits."""
    outbox.queue("top10_changed", "top10", {"what": "import", "kind": written.kind.name}, sequenced=False)
    return ""


NAMED = 5  # reopened cases named in the summary; past that, «y N más»


def _reports_written(written: engine.Written) -> str:
    """New reports join their customers' open cases or reopen a case closed within the window; one dated before
    its case closed is added to that closed case. The summary says which, naming the reopened cases: each is
    back at step 2 and the gestor has to send it again."""
    _changed(written)
    absorbed = followup.absorb(written.created, actor=written.actor, now=written.now)
    parts = []
    if absorbed.joined:
        parts.append(f"{absorbed.joined} {plural(absorbed.joined, 'reporte sumado', 'reportes sumados')} a casos en "
                     "seguimiento")
    if absorbed.reopened:
        count, codes = len(absorbed.reopened), absorbed.reopened
        named = codes[:NAMED] + ([f"{count - NAMED} más"] if count > NAMED else [])
        parts.append(f"{count} {plural(count, 'caso cerrado reabierto', 'casos cerrados reabiertos')} "
                     f"({listing(named)})")
    still_closed = absorbed.late - absorbed.late_reopened
    if still_closed:
        parts.append(f"{still_closed} " + plural(
            still_closed, "reporte anterior al cierre sumado a su caso cerrado, sin reabrirlo",
            "reportes anteriores al cierre sumados a sus casos cerrados, sin reabrirlos"))
    if absorbed.late_reopened:
        parts.append(f"{absorbed.late_reopened} " + plural(
            absorbed.late_reopened, "reporte anterior al cierre sumado a un caso reabierto",
            "reportes anteriores al cierre sumados a casos reabiertos"))
    return "; ".join(parts)


def _closed_after_reported(record: dict[str, Any]) -> list[tuple[str, str]]:
    closed, reported = record.get("closed_at"), record.get("reported_at")
    if closed and reported and closed < reported:
        return [("Fecha Cierre", "La fecha de cierre es anterior a la fecha del reporte.")]
    return []


DAMAGE_REPORTS = engine.Kind(
    name="damage_reports", label="Reportes de daño", imported="Reportes de daño importados", model=DamageReport,
    roles=ROLES, stamp=_stamp, after_write=_reports_written, check=_closed_after_reported,
    columns=(
        Column("number", "Nro Reporte", ("reporte", "reporte dano", "reporte danos", "id reporte", "cod reporte",
                                         "codigo reporte", "rd", "id dano", "cod dano"),
               NUMBER, required=True, max_len=40),
        CUSTOMER,
        Column("customer_name", "Cliente", ("cliente", "nombre", "nombre cliente", "razon social", "titular",
                                            "nombre titular"), max_len=160),
        Column("segment", "Segmento", ("segmento", "nivel facturacion", "segmento nivel facturacion", "categoria",
                                       "segmento cliente"), max_len=60),
        PRODUCT,
        Column("reported_at", "Fecha Reporte", ("fecha reporte", "fecha", "fecha registro", "fecha creacion",
                                                "fecha reporte dano", "fecha dano"),
               as_datetime, required=True, max_len=60, empty=None),
        Column("closed_at", "Fecha Cierre", ("fecha cierre", "fecha atencion", "fecha solucion", "cierre"),
               as_datetime, max_len=60, empty=None),
        Column("work_order", "Orden de Trabajo", ("orden trabajo", "ot", "orden"), max_len=40),
        Column("description", "Descripción", ("descripcion", "detalle", "observacion", "observaciones",
                                              "tipo dano", "falla")),
        # Contact data (issue 12): who fidelización calls (step 9) and where USM plans the visit (step 14).
        Column("phone", "Teléfono", ("telefono", "telefonos", "celular", "telefono contacto", "telefono cliente",
                                     "movil", "fono"), max_len=80),
        Column("address", "Dirección", ("direccion", "domicilio", "direccion instalacion", "direccion cliente"),
               max_len=300),
        Column("zone", "Zona / Centro de Operaciones", ("zona", "centro operaciones", "zona centro operaciones",
                                                        "co", "centro", "zona co"), max_len=120),
        Column("contact_person", "Persona de contacto", ("contacto", "persona contacto", "nombre contacto"),
               max_len=160),
    ),
)
CANCELLATIONS = engine.Kind(
    name="cancellations", label="Bajas de productos", imported="Bajas de productos importadas",
    model=Cancellation, roles=TOP10_CANCELLATION_IMPORTERS, stamp=_stamp, after_write=_changed,
    columns=(
        Column("number", "Nro Baja", ("baja", "solicitud", "solicitud baja", "cod baja", "id baja", "tramite",
                                      "orden baja"), NUMBER, required=True, max_len=40),
        CUSTOMER,
        PRODUCT,
        Column("cancelled_at", "Fecha Baja", ("fecha baja", "fecha", "fecha retiro", "fecha solicitud",
                                              "fecha cancelacion"), as_datetime, required=True, max_len=60,
               empty=None),
        Column("reason", "Motivo", ("motivo", "motivo baja", "causa", "causal", "observacion", "observaciones")),
    ),
)


def import_damage_reports(data: bytes, filename: str, *, actor: Actor, now: datetime) -> engine.ImportResult:
    return engine.run(DAMAGE_REPORTS, data, filename, actor=actor, now=now)


def import_cancellations(data: bytes, filename: str, *, actor: Actor, now: datetime) -> engine.ImportResult:
    return engine.run(CANCELLATIONS, data, filename, actor=actor, now=now)
