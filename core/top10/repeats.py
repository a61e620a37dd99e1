"""«Reporte Casos reiterados» (seeds/001_…, «Documentos del procedimiento», manual until now): customers whose
damage came back after their case closed (a case reopened within the window), by month and segment."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from core import clock, exports
from core.extensions import db
from core.models import Top10Action, Top10Case


@dataclass
class Repeat:
    case: Top10Case
    at: datetime  # when it was reopened
    note: str

    @property
    def month(self) -> date:
        return clock.business_day(self.at).replace(day=1)


def repeats(since: datetime | None = None) -> list[Repeat]:
    stmt = (select(Top10Action, Top10Case).join(Top10Case, Top10Case.id == Top10Action.case_id)
            .where(Top10Action.action == "reabierto").order_by(Top10Action.at.desc(), Top10Action.id.desc()))
    if since is not None:
        stmt = stmt.where(Top10Action.at >= since)
    return [Repeat(case=case, at=action.at, note=action.note) for action, case in db.session.execute(stmt).all()]


def by_month_and_segment(rows: list[Repeat]) -> list[tuple[date, str, int]]:
    counts = Counter((row.month, row.case.segment or "Sin segmento") for row in rows)
    return sorted(((month, segment, n) for (month, segment), n in counts.items()), key=lambda t: (t[0], t[1]),
                  reverse=True)


HEADER = ["Mes", "Segmento", "Caso", "Cuenta", "Cliente", "Reabierto", "Veces reiterado después del cierre",
          "Reportes", "Detalle"]


def export(rows: list[Repeat], fmt: str) -> bytes:
    data = [[f"{row.month:%m/%Y}", row.case.segment, row.case.id, row.case.customer_code, row.case.customer_name,
             row.at, row.case.reopened, row.case.report_numbers, row.note] for row in rows]
    if fmt == "csv":
        return exports.to_csv([HEADER, *data])
    return exports.to_xlsx([HEADER, *data], title="Casos reiterados")
