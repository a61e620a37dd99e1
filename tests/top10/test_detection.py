"""Detection: repeated damage reports within the window (La Paz calendar days), weekly ranking, Top 10 / Top 30,
case generation (step 1) and the exports."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from core.errors import Forbidden, IllegalTransition
from core.extensions import db
from core.models import Setting, Top10Action, Top10Case
from core.top10 import detection
from tests.top10.helpers import NOW, WEEK, load_reports, lp, report

pytestmark = pytest.mark.postgres


def listed(week: str = WEEK, limit: int = 10) -> list[tuple[str, int]]:
    return [(row.customer_code, row.repeat_count) for row in detection.weekly_list(week, limit).rows]


def test_ten_calendar_days_apart_count_eleven_do_not(team) -> None:
    """Reports on the 14th and the 24th are repeated; on the 13th and the 24th they are not."""
    load_reports([report("A1", "A", lp(14, 9)), report("A2", "A", lp(24, 18)),
                  report("B1", "B", lp(13, 9)), report("B2", "B", lp(24, 18))], team.gestor)
    assert listed() == [("A", 2)]


def test_a_customer_repeated_only_in_earlier_weeks_is_not_listed(team) -> None:
    """Two reports in week 47 put the customer in week 47's list, not in week 48's."""
    load_reports([report("C1", "C", lp(16)), report("C2", "C", lp(18))], team.gestor)
    assert listed("2026-W47") == [("C", 2)]
    assert listed() == []


def test_weeks_are_la_paz_weeks(team) -> None:
    """Sunday 23:30 in La Paz (Monday in UTC) belongs to the week that ends that Sunday."""
    load_reports([report("D1", "D", lp(27)), report("D2", "D", lp(29, 23, 30)),
                  report("E1", "E", lp(25)), report("E2", "E", lp(30, 0, 30))], team.gestor, now=lp(30, 12))
    assert listed() == [("D", 2)]
    assert listed("2026-W49") == [("E", 2)]


def test_ranking_by_repeat_count_then_most_recent_then_account(team) -> None:
    """Three reports outrank two; between equal counts the most recent report goes first, then the account."""
    load_reports([
        report("P1", "P", lp(23)), report("P2", "P", lp(24)),                      # 2, last on the 24th
        report("Q1", "Q", lp(20)), report("Q2", "Q", lp(22)), report("Q3", "Q", lp(23)),  # 3
        report("R1", "R", lp(24)), report("R2", "R", lp(26)),                      # 2, last on the 26th
        report("S1", "S", lp(21)), report("S2", "S", lp(24)),                      # 2, last on the 24th, like P
    ], team.gestor)
    rows = detection.weekly_list(WEEK).rows
    assert [(r.rank, r.customer_code, r.repeat_count) for r in rows] == [(1, "Q", 3), (2, "R", 2), (3, "P", 2),
                                                                         (4, "S", 2)]


def test_repeat_count_is_the_largest_window(team) -> None:
    """Reports on the 1st, 12th, 20th, 23rd and 24th: the window ending on the 24th holds 20, 23 and 24."""
    load_reports([report(f"W{day}", "W", lp(day)) for day in (1, 12, 20, 23, 24)], team.gestor)
    row = detection.weekly_list(WEEK).rows[0]
    assert (row.repeat_count, row.report_numbers) == (3, ["W20", "W23", "W24"])


def test_name_and_segment_come_from_the_latest_report(team) -> None:
    """A customer who moved to another billing level is listed with the newer one."""
    load_reports([report("N1", "N", lp(20), name="Ana", segment="Residencial"),
                  report("N2", "N", lp(25), name="Ana Rojas", segment="Empresas")], team.gestor)
    row = detection.weekly_list(WEEK).rows[0]
    assert (row.customer_name, row.segment, row.open_reports) == ("Ana Rojas", "Empresas", 2)


def test_top_10_and_top_30(team) -> None:
    """Twelve repeated customers: the Top 10 shows ten of them, the Top 30 all twelve."""
    rows = []
    for index in range(12):
        rows += [report(f"T{index}a", f"T{index:02d}", lp(23)), report(f"T{index}b", f"T{index:02d}", lp(24))]
    load_reports(rows, team.gestor)
    ten, thirty = detection.weekly_list(WEEK, 10), detection.weekly_list(WEEK, 30)
    assert (len(ten.rows), ten.total, len(thirty.rows)) == (10, 12, 12)
    assert [r.customer_code for r in ten.rows] == [f"T{i:02d}" for i in range(10)]


def test_the_window_is_a_setting(team) -> None:
    """With a 5-day window, reports 6 days apart are no longer repeated."""
    load_reports([report("F1", "F", lp(20)), report("F2", "F", lp(26))], team.gestor)
    assert listed() == [("F", 2)]
    db.session.add(Setting(key="top10_window_days", value=5))
    db.session.commit()
    assert listed() == []


def test_generate_week_opens_one_case_per_customer_once(team) -> None:
    """Step 1 creates the cases of the Top 10 with an action by the gestor; a second run creates none."""
    load_reports([report("G1", "G", lp(23)), report("G2", "G", lp(24)),
                  report("H1", "H", lp(24)), report("H2", "H", lp(25))], team.gestor)
    first = detection.generate_week(WEEK, actor=team.gestor, now=NOW)
    second = detection.generate_week(WEEK, actor=team.gestor, now=NOW)
    assert (first.created, second.created, second.existing) == (2, 0, 2)
    cases = list(db.session.scalars(select(Top10Case).order_by(Top10Case.rank)))
    assert [(c.customer_code, c.rank, c.status, c.assigned_role, c.report_numbers) for c in cases] == [
        ("H", 1, "nuevo", "top10_gestor", "H1, H2"), ("G", 2, "nuevo", "top10_gestor", "G1, G2")]
    actions = list(db.session.scalars(select(Top10Action)))
    assert [(a.step, a.action, a.actor_name, a.to_status) for a in actions] == [
        (1, "obtiene_reporte", "gestor", "nuevo")] * 2
    assert all(a.at == NOW for a in actions)


def test_an_open_case_from_an_earlier_week_is_not_duplicated(team) -> None:
    """A customer still followed from week 47 gets no second case in week 48."""
    load_reports([report("K1", "K", lp(17)), report("K2", "K", lp(18))], team.gestor)
    detection.generate_week("2026-W47", actor=team.gestor, now=NOW)
    load_reports([report("K3", "K", lp(24))], team.gestor)
    result = detection.generate_week(WEEK, actor=team.gestor, now=NOW)
    assert (result.created, result.followed) == (0, 1)


def test_only_the_gestor_generates_the_week(team) -> None:
    """Step 1 belongs to the Analista Gestor Top 10."""
    load_reports([report("G1", "G", lp(23)), report("G2", "G", lp(24))], team.gestor)
    with pytest.raises(Forbidden):
        detection.generate_week(WEEK, actor=team.usm, now=NOW)


def test_a_week_without_repeated_customers_generates_nothing(team) -> None:
    """An empty week is an error the gestor can read, not an empty success."""
    with pytest.raises(IllegalTransition):
        detection.generate_week(WEEK, actor=team.gestor, now=NOW)


def test_csv_and_xlsx_exports_hold_the_list(team) -> None:
    """Both exports carry the header and one line per ranked customer, with the case status."""
    load_reports([report("X1", "X", lp(23, 8)), report("X2", "X", lp(24, 9), work_order="OT-2")], team.gestor)
    detection.generate_week(WEEK, actor=team.gestor, now=NOW)
    listing = detection.weekly_list(WEEK)
    expected = [["1", "X", "Cliente X", "Residencial", "2", "X1, X2", "23/11/2026 08:00", "24/11/2026 09:00", "2",
                 "OT-2", f"Caso abierto #{listing.rows[0].case.id}: Detectado: por remitir a USM"]]
    lines = list(csv.reader(io.StringIO(detection.export_csv(listing).decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == detection.EXPORT_HEADER and lines[1:] == expected
    sheet = load_workbook(io.BytesIO(detection.export_xlsx(listing))).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == detection.EXPORT_HEADER
    # Real date cells, La Paz time (issue 12).
    assert values[1][6:8] == [datetime(2026, 11, 23, 8, 0), datetime(2026, 11, 24, 9, 0)]
    assert [str(v) for v in values[1][:6] + values[1][8:]] == expected[0][:6] + expected[0][8:]
