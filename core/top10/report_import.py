"""Smartflex damage reports and product cancellations as import kinds: their column tables and the calls that
import them. Both are upserted by the Smartflex number; the reports feed the weekly Top 10 detection, the
cancellations the monthly indicator."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.actors import Actor
from core.imports import engine
from core.imports.columns import Column, as_datetime, code
from core.models import Cancellation, DamageReport
from core.realtime import outbox
from core.roles import TOP10_IMPORTERS

NUMBER = code(r"^[0-9A-Za-z][0-9A-Za-z./_-]{0,39}$", "letras, números, «-», «/», «.» o «_»")
CUSTOMER = Column("customer_code", "Cuenta", ("cuenta", "cod cliente", "codigo cliente", "id cliente",
                                              "cuenta cliente", "cod cuenta", "codigo cuenta", "contrato",
                                              "suscriptor", "abonado"), NUMBER, required=True, max_len=40)
PRODUCT = Column("product", "Producto", ("producto", "servicio", "tipo producto", "tipo servicio"), max_len=60)
ROLES = TOP10_IMPORTERS


def _stamp(batch_id: int, now: datetime, is_demo: bool) -> dict[str, Any]:
    return {"batch_id": batch_id, "is_demo": is_demo}


def _changed(kind: engine.Kind) -> None:
    outbox.queue("top10_changed", "top10", {"what": "import", "kind": kind.name}, sequenced=False)


def _closed_after_reported(record: dict[str, Any]) -> list[tuple[str, str]]:
    closed, reported = record.get("closed_at"), record.get("reported_at")
    if closed and reported and closed < reported:
        return [("Fecha Cierre", "La fecha de cierre es anterior a la fecha del reporte.")]
    return []


DAMAGE_REPORTS = engine.Kind(
    name="damage_reports", label="Reportes de daño", imported="Reportes de daño importados", model=DamageReport,
    roles=ROLES, stamp=_stamp, after_write=_changed, check=_closed_after_reported,
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
    ),
)
CANCELLATIONS = engine.Kind(
    name="cancellations", label="Bajas de productos", imported="Bajas de productos importadas",
    model=Cancellation, roles=ROLES, stamp=_stamp, after_write=_changed,
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
