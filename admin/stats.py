"""Admin → statistics and indicators: operational numbers for a range of La Paz days, the P01 indicator and the
desk-service indicator by semester and by month, charts (Chart.js from static/vendor) and a CSV/XLSX export
(semicolons and decimal commas in the CSV, as es_BO spreadsheets expect)."""

from __future__ import annotations

from datetime import date

from flask import Response, flash, render_template, request

from admin.blueprint import bp, section
from admin.formatting import long_day, minutes, percent
from core import clock, exports
from core.errors import DomainError, Invalid
from core.formatting import number
from core.reporting import indicators, stats
from core.roles import SUPERVISORS
from web.access import role_required

section("admin.stats", "Estadísticas e indicadores")


def _day(name: str, default: date) -> date:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Invalid("Fecha no válida: use el selector de fecha (AAAA-MM-DD).", code="invalid_date") from None


def _range() -> tuple[date, date]:
    today = clock.business_day()
    start = _day("desde", today)
    end = _day("hasta", max(start, today) if "desde" in request.args else today)
    stats.check_range(start, end)
    return start, end


UNCALLED = "(sin llamadas)"


def _hours_chart(rows: list[stats.Row]) -> dict[str, list]:
    """Every hour from the first to the last with a ticket issued or attended, the quiet ones at zero: with only
    the hours that had some, 08:00 stood beside 11:00 as if consecutive. An hour with only cancellations (the
    night's close at 00:15) draws no bar, so it does not stretch the range (the table below still lists it)."""
    charted = {int(r.key): r for r in rows if r.issued or r.attended}
    span = range(min(charted), max(charted) + 1) if charted else range(0)
    return {"labels": [stats.hour_label(hour) for hour in span],
            "issued": [charted[hour].issued if hour in charted else 0 for hour in span],
            "attended": [charted[hour].attended if hour in charted else 0 for hour in span]}


def _chart_data(report: stats.Report) -> dict:
    def mins(value: float | None) -> float | None:
        return None if value is None else round(value / 60, 2)

    queues, desks = report.groups["queue"], report.groups["desk"]
    return {
        "hours": _hours_chart(report.groups["hour"]),
        # A queue none of whose customers was called has no wait measured: no bar read as «0 min», so its label
        # says so on a second line (Chart.js draws a list as lines).
        "queues": {"labels": [r.label if r.wait.values else [r.label, UNCALLED] for r in queues],
                   "mean": [mins(r.wait.mean) for r in queues], "p90": [mins(r.wait.p90) for r in queues],
                   "uncalled": [r.label for r in queues if not r.wait.values]},
        "desks": {"labels": [r.label for r in desks], "mean": [mins(r.service.mean) for r in desks],
                  "p90": [mins(r.service.p90) for r in desks]},
    }


@bp.get("/estadisticas", endpoint="stats")
@role_required(*SUPERVISORS)
def stats_page():
    common = {"indicators": _indicators(clock.business_day()), "minutes": minutes, "long_day": long_day,
              "percent": percent}
    try:
        start, end = _range()
    except DomainError as error:
        # The fields keep what was typed, to be corrected, and no range's figures show: today's, under this
        # message, read as the answer to the range asked for.
        flash(error.message, "error")
        return render_template("admin/stats.html", report=None, desde=request.args.get("desde", ""),
                               hasta=request.args.get("hasta", ""), **common)
    report = stats.report(start, end)
    return render_template("admin/stats.html", report=report, start=start, end=end, desde=start.isoformat(),
                           hasta=end.isoformat(), dimensions=stats.DIMENSIONS, without_issued=stats.WITHOUT_ISSUED,
                           chart=_chart_data(report), service_by_desk=indicators.service_by_desk(start, end),
                           p01_by_kind=indicators.p01_by_kind(start, end), **common)


def _indicators(today: date) -> dict[str, list[dict]]:
    """P01 and the desk service for this semester and the one before, and for each month of this semester."""
    periods = [indicators.semester(today), indicators.previous_semester(today),
               *indicators.months(indicators.semester(today).first, today)]
    return {"p01": [indicators.p01(p) for p in periods], "service": [indicators.service(p) for p in periods]}


CSV_HEADER = ["Agrupación", "Clave", "Nombre", "Emitidas", "Atendidas", "No se presentó", "Anuladas",
              "Espera media (min)", "Espera p90 (min)", "Espera máx (min)", "Traslado medio (min)",
              "Traslado p90 (min)", "Traslado máx (min)", "Atención media (min)", "Atención p90 (min)",
              "Atención máx (min)", "Transferencias: entran", "Transferencias: salen"]


def _export_rows(start: date, end: date) -> list[list[object]]:
    """The operational rows, a blank line, both indicators by semester and by month of the range, a blank line, P01's
    attended by kind of attention over the range, a blank line, and the desk question per desk over the range (the
    page's «Por mesón»). Times are minutes as numbers (None when there is none: an empty cell), so a spreadsheet can
    add and chart them; each download formats them its own way."""
    report = stats.report(start, end)
    rows: list[list[object]] = [CSV_HEADER]
    for dimension, row in stats.flatten(report):
        times = [None if value is None else value / 60
                 for m in (row.wait, row.walk, row.service) for value in (m.mean, m.p90, m.max)]
        issued = None if dimension in stats.WITHOUT_ISSUED else row.issued
        rows.append([stats.DIMENSIONS.get(dimension, "Total"), row.key, row.label, issued, row.attended,
                     row.no_show, row.cancelled, *times,
                     *((row.received, row.sent) if dimension == "queue" else (None, None))])
    return [*rows, [], *indicators.export_rows(start, end), [], *indicators.p01_kind_export_rows(start, end), [],
            *indicators.desk_export_rows(start, end)]


def _download(data: bytes, content_type: str, start: date, end: date, ext: str) -> Response:
    filename = f"turnero-estadisticas-{start.isoformat()}-{end.isoformat()}.{ext}"
    return Response(data, content_type=content_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/estadisticas.csv")
@role_required(*SUPERVISORS)
def stats_csv():
    start, end = _range()
    # Decimal commas, as an es_BO spreadsheet reads them (the XLSX keeps real numbers).
    rows = [[number(v, "0.0") if isinstance(v, float) else v for v in row] for row in _export_rows(start, end)]
    return _download(exports.to_csv(rows), exports.CSV_MIMETYPE, start, end, "csv")


@bp.get("/estadisticas.xlsx")
@role_required(*SUPERVISORS)
def stats_xlsx():
    start, end = _range()
    workbook = exports.to_xlsx(_export_rows(start, end), title="Estadísticas", decimals="0.0")
    return _download(workbook, exports.XLSX_MIMETYPE, start, end, "xlsx")
