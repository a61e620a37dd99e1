"""`seed --demo`: sample damage reports, cancellations and a few Top 10 cases (all marked demo), so the
Top 10 screens are not empty. Relative to today; skipped when demo reports already exist."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from core import clock
from core.actors import SYSTEM
from core.extensions import db
from core.imports import engine
from core.models import DamageReport, Top10Case
from core.org import seed_data
from core.top10 import detection, report_import, workflow
from core.tx import unit_of_work

CUSTOMERS = [
    # account, name, segment, reports in the demo week, reports in the days before
    ("DEMO-1001", "María Quispe (demo)", "Residencial", 3, 1),
    ("DEMO-1002", "Ferretería El Puente (demo)", "PyME", 2, 1),
    ("DEMO-1003", "Jorge Mamani (demo)", "Residencial", 2, 0),
    ("DEMO-1004", "Colegio San Andrés (demo)", "Empresas", 1, 1),
    ("DEMO-1005", "Lucía Rojas (demo)", "Residencial", 2, 1),
    ("DEMO-1006", "Clínica Valle (demo)", "Corporativo", 2, 2),
    ("DEMO-1007", "Pedro Vargas (demo)", "Residencial", 1, 0),
    ("DEMO-1008", "Hostal Tunari (demo)", "PyME", 2, 0),
    ("DEMO-1009", "Ana Flores (demo)", "Residencial", 1, 1),
    ("DEMO-1010", "Distribuidora Sur (demo)", "Empresas", 3, 0),
    ("DEMO-1011", "Carlos Choque (demo)", "Residencial", 1, 2),
    ("DEMO-1012", "Farmacia Central (demo)", "PyME", 1, 0),
]
DAMAGES = ["Sin servicio de internet", "Internet intermitente", "Velocidad baja", "ONU con luz roja",
           "Cortes frecuentes por la noche"]
CANCELLATIONS = {-2: 21, -1: 24, 0: 17}  # month offset → cancellations (the indicator: 24 − 17 = 7, Aceptado)
ZONES = ["CO Norte", "CO Sur", "CO Central", "CO Quillacollo"]  # zone / operations centre of the visit
REASONS = ["Insatisfacción con el servicio", "Cambio de domicilio", "Cambio a otro operador", "Motivos económicos"]


def _demo_week(now: datetime) -> tuple[str, datetime, datetime]:
    week = detection.week_of(now)
    start, _end = detection.week_bounds(week)
    if now - start < timedelta(days=1):  # Monday morning: the week has no history yet
        week = detection.shift_week(week, -1)
        start, _end = detection.week_bounds(week)
    return week, start, min(detection.week_bounds(week)[1], now)


def _damage_records(now: datetime, rng: random.Random) -> tuple[str, list[dict[str, Any]]]:
    week, start, end = _demo_week(now)
    span = (end - start).total_seconds()
    records = []
    for index, (account, name, segment, in_week, before) in enumerate(CUSTOMERS):
        moments = [start + timedelta(seconds=rng.uniform(0, span)) for _ in range(in_week)]
        moments += [start - timedelta(days=rng.uniform(0.5, 8)) for _ in range(before)]
        for number, moment in enumerate(sorted(moments), start=1):
            closed = moment + timedelta(hours=rng.uniform(3, 30))
            records.append({
                "number": f"RD-DEMO-{index + 1:02d}{number}", "customer_code": account, "customer_name": name,
                "segment": segment, "product": "Internet", "reported_at": moment,
                "closed_at": closed if closed < now else None,
                "work_order": f"OT-DEMO-{index + 1:02d}{number}", "description": rng.choice(DAMAGES),
                "phone": f"7{index + 1:02d}0{index + 1:04d}", "address": f"Av. Demostración {100 + index} (demo)",
                "zone": ZONES[index % len(ZONES)], "contact_person": ""})
    return week, records


def _cancellation_records(now: datetime, rng: random.Random) -> list[dict[str, Any]]:
    this_month = clock.business_day(now).replace(day=1)
    records = []
    for offset, count in CANCELLATIONS.items():
        first = detection.shift_month(this_month, offset)
        start, end = detection.month_bounds(first)
        end = min(end, now)
        for number in range(count):
            records.append({
                "number": f"BJ-DEMO-{first:%Y%m}-{number + 1:02d}", "customer_code": f"DEMO-2{number:03d}",
                "product": rng.choice(["Internet", "TV cable", "Telefonía básica"]),
                "cancelled_at": start + (end - start) * rng.random(), "reason": rng.choice(REASONS)})
    return records


def seed_demo_top10(report: Any) -> None:
    """Demo reports and cancellations, then the week's cases moved a few steps along."""
    if db.session.scalar(select(DamageReport.id).where(DamageReport.is_demo.is_(True)).limit(1)) is not None:
        return
    now = clock.now()
    rng = random.Random(10)
    week, damages = _damage_records(now, rng)
    with unit_of_work():
        reports = engine.upsert(report_import.DAMAGE_REPORTS, damages, filename="demostración", actor=SYSTEM,
                                now=now, is_demo=True)
        bajas = engine.upsert(report_import.CANCELLATIONS, _cancellation_records(now, rng), filename="demostración",
                              actor=SYSTEM, now=now, is_demo=True)
    result = detection.generate_week(week, actor=SYSTEM, now=now)
    report.created.update(top10_damage_report=reports.created, top10_cancellation=bajas.created,
                          top10_case=result.created)
    workflow.send_to_usm(week, actor=SYSTEM, now=now)
    workflow.receive(week, actor=SYSTEM, now=now)
    # The one with a technical solution goes on to its visit (step 14) in the demo centre, whose staff see it.
    first = result.case_ids[0]
    in_centre = [cid for cid in result.case_ids[1:] if db.session.get(Top10Case, cid).zone == seed_data.DEMO_CENTRE]
    second = in_centre[0] if in_centre else result.case_ids[1]
    workflow.review(first, factors="Parámetros de la ONU normales; sin saturación en el nodo.",
                    technical_solution=False, actor=SYSTEM, now=now)
    workflow.review(second, factors="Atenuación alta en la acometida de fibra.", technical_solution=True,
                    actor=SYSTEM, now=now)
    with unit_of_work():
        db.session.execute(update(Top10Case).where(Top10Case.id.in_(result.case_ids)).values(is_demo=True))
