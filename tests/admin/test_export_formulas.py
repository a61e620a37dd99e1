"""Downloads never carry live formulas: a name starting with «=», «+», «-» or «@» (imported from Smartflex or
typed in the admin) comes out as text in the Top 10 CSV and XLSX and in the statistics CSV."""

from __future__ import annotations

import csv
import io

from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import update

from core.extensions import db
from core.models import Desk
from core.tickets import desks
from tests.builders import Counter
from tests.helpers import actor_for
from tests.staff import Staff, signed_in
from tests.top10.helpers import DAMAGE_HEADER, WEEK, csv_bytes, lp, report

LINK = '=HYPERLINK("http://malo.example/x","Ver detalle")'


def cells_of_csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_imported_names_come_out_as_text_in_the_top10_downloads(app: Flask) -> None:
    """Reports imported with a formula as the customer's name and «+», «@», «-» segments: the weekly CSV and XLSX
    hold them with a leading apostrophe, and no XLSX cell is a formula."""
    gestor = signed_in(app, "gestor", "top10_gestor")
    rows = [report("R1", "100", lp(23), name=LINK, segment="+54 cmd"),
            report("R2", "100", lp(26), name=LINK, segment="+54 cmd"),
            report("R3", "200", lp(24), name="@SUM(1+1)", segment="-2+3"),
            report("R4", "200", lp(25), name="@SUM(1+1)", segment="-2+3")]
    response = gestor.post("/admin/top10/importar", {"kind": "damage_reports", "file": (
        io.BytesIO(csv_bytes(DAMAGE_HEADER, rows)), "rd.csv")}, content_type="multipart/form-data")
    assert response.status_code == 302

    table = cells_of_csv(gestor.get(f"/admin/top10/semana.csv?semana={WEEK}").get_data())
    by_account = {row[1]: row for row in table[1:]}
    assert by_account["100"][2:4] == ["'" + LINK, "'+54 cmd"]
    assert by_account["200"][2:4] == ["'@SUM(1+1)", "'-2+3"]

    book = load_workbook(io.BytesIO(gestor.get(f"/admin/top10/semana.xlsx?semana={WEEK}").get_data()))
    sheet = book.active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    assert {"'" + LINK, "'+54 cmd", "'@SUM(1+1)", "'-2+3"} <= values


def test_a_desk_named_like_a_formula_comes_out_as_text_in_the_statistics_csv(supervisor: Staff,
                                                                              counter: Counter) -> None:
    """The statistics download neutralises names typed in the admin too (here a desk's)."""
    db.session.execute(update(Desk).where(Desk.code == counter.desk).values(name="=1+2"))
    db.session.commit()
    counter.issue()
    desks.call_next(counter.desk, actor=actor_for("asesor1", "agent"))
    table = cells_of_csv(supervisor.get("/admin/estadisticas.csv").get_data())
    assert ["Mesón", counter.desk, "'=1+2"] in [row[:3] for row in table]
    assert not [cell for row in table for cell in row if cell.startswith(("=", "+", "-", "@"))]
