"""Issue 10: the P01 indicator as COM-DSC-P01 defines it. Satisfied ÷ surveyed × 100 over the customers
attended at the entrance (info-only, locate-only and ticket), with the response rate and counts beside it,
by semester and by month with Spanish labels, on the statistics page and in its CSV and XLSX."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import openpyxl
import pytest

from core import lookups
from core.reporting import indicators
from core.tickets import attentions
from tests.builders import make_actor, make_directory_entry, make_info

SECOND_HALF = indicators.semester(date(2026, 11, 23))


def visits(reception, *, info: int = 0, locate: int = 0, tickets: int = 0, counter=None) -> list[int]:
    """`info` info-only, `locate` locate-only and `tickets` ticket attentions; their attention ids."""
    topic, entry = make_info().code, make_directory_entry().code
    ids = [attentions.record_visit("info", topic, actor=reception, channel="reception", print_slip=False)[0].id
           for _ in range(info)]
    ids += [attentions.record_visit("locate", entry, actor=reception, channel="reception", print_slip=False)[0].id
            for _ in range(locate)]
    for _ in range(tickets):
        ids.append(attentions.of_ticket(counter.issue(actor=reception)).id)
    return ids


@pytest.fixture
def reception(app):
    return make_actor("recepcion_ind", "reception")


def test_info_only_and_locate_only_customers_count_in_p01(frozen, reception, counter) -> None:
    """A customer who only asked for information, one who only asked where to go and one with a ticket are
    three customers attended; the answers of the first two count."""
    info, locate, ticket = visits(reception, info=1, locate=1, tickets=1, counter=counter)
    attentions.answer(satisfied=True, source="reception", attention_id=info, actor=reception)
    attentions.answer(satisfied=False, source="reception", attention_id=locate, actor=reception)
    result = indicators.p01(SECOND_HALF)
    assert (result["attended"], result["answered"], result["satisfied"]) == (3, 2, 1)
    assert (result["ratio"], result["response_rate"], result["verdict"]) == (50.0, 66.7, "Bajo")


def test_the_verdict_is_on_the_procedure_s_formula_not_on_those_who_answered(frozen, reception, counter) -> None:
    """20 attended, 12 answered (60 %), 11 satisfied. COM-DSC-P01 puts «>90 % Bueno» on satisfied ÷ total attended:
    55 %, «Bajo». The 91,7 % of those surveyed is supporting information and carries no verdict (it read «Bueno»)."""
    ids = visits(reception, info=8, locate=6, tickets=6, counter=counter)
    for n, attention_id in enumerate(ids[:12]):
        attentions.answer(satisfied=n != 0, source="reception", attention_id=attention_id, actor=reception)
    result = indicators.p01(SECOND_HALF)
    assert (result["attended"], result["answered"], result["satisfied"]) == (20, 12, 11)
    assert (result["ratio_attended"], result["verdict"]) == (55.0, "Bajo")
    assert (result["ratio"], result["response_rate"]) == (91.7, 60.0)


def test_p01_is_good_above_ninety_percent_of_those_attended(frozen, reception, counter) -> None:
    """19 of 20 attended satisfied (95 %): «Bueno»; 18 of 20 (90 %, not above it): «Bajo»."""
    ids = visits(reception, info=10, locate=10, counter=counter)
    for attention_id in ids[:18]:
        attentions.answer(satisfied=True, source="reception", attention_id=attention_id, actor=reception)
    assert (indicators.p01(SECOND_HALF)["ratio_attended"], indicators.p01(SECOND_HALF)["verdict"]) == (90.0, "Bajo")
    attentions.answer(satisfied=True, source="reception", attention_id=ids[18], actor=reception)
    assert (indicators.p01(SECOND_HALF)["ratio_attended"], indicators.p01(SECOND_HALF)["verdict"]) == (95.0, "Bueno")


def test_the_desk_question_borrows_no_threshold(frozen, reception, counter, agent) -> None:
    """Every customer attended at the desk satisfied: 100 %, and still no «Bueno»: no procedure defines its
    threshold."""
    from core.tickets import desk_shifts, desks, survey

    desk_shifts.sign_in(counter.desk, actor=agent)
    ticket = counter.issue(actor=reception)
    desks.call_next(counter.desk, actor=agent)
    desks.finish(counter.desk, actor=agent)
    survey.record_answer(ticket.id, satisfied=True, source="status_page")
    result = indicators.service(SECOND_HALF)
    assert (result["ratio"], result["ratio_attended"], result["verdict"]) == (100.0, 100.0, "Sin parámetro")


def test_percentages_round_half_up_as_people_do() -> None:
    """9 of 16 answered is 56,25 %: shown 56,3 %, as a spreadsheet shows it (it read 56,2 %)."""
    assert [indicators.percent(*pair) for pair in ((9, 16), (1, 8), (2, 3), (0, 5), (3, 0))] == \
        [56.3, 12.5, 66.7, 0.0, None]


def test_ninety_percent_exactly_is_low_and_no_answers_is_no_data() -> None:
    """The procedure's parameter: > 90 % Bueno; 90 % itself is not above it; nobody surveyed, no verdict."""
    assert [indicators.verdict(v) for v in (90.0, 90.1, None)] == ["Bajo", "Bueno", "Sin datos"]


@pytest.mark.parametrize("day,label", [
    (date(2026, 1, 1), "1.er semestre 2026 (1 ene – 30 jun)"),
    (date(2026, 6, 30), "1.er semestre 2026 (1 ene – 30 jun)"),
    (date(2026, 7, 1), "2.º semestre 2026 (1 jul – 31 dic)"),
    (date(2026, 12, 31), "2.º semestre 2026 (1 jul – 31 dic)"),
])
def test_semester_labels_at_the_edges(day, label) -> None:
    """The first and last day of each half year fall in it, and the label names its days."""
    assert indicators.semester(day).label == label


def test_month_labels_and_the_year_turn() -> None:
    """Months are named in Spanish, and a range across New Year lists both years' months."""
    assert [m.label for m in indicators.months(date(2026, 12, 15), date(2027, 1, 2))] == [
        "Diciembre de 2026", "Enero de 2027"]
    assert indicators.month(date(2028, 2, 10)).last == date(2028, 2, 29)
    assert indicators.previous_semester(date(2027, 3, 1)).label == "2.º semestre 2026 (1 jul – 31 dic)"


def test_periods_are_la_paz_days(frozen, reception) -> None:
    """30 June at 23:30 in La Paz (1 July in UTC) is the first semester and June, not July."""
    frozen.value = datetime(2026, 7, 1, 3, 30, tzinfo=UTC)
    visits(reception, info=1)
    june, july = indicators.month(date(2026, 6, 1)), indicators.month(date(2026, 7, 1))
    assert (indicators.p01(june)["attended"], indicators.p01(july)["attended"]) == (1, 0)
    assert indicators.p01(indicators.semester(date(2026, 6, 30)))["attended"] == 1


def test_the_desk_question_is_a_separate_indicator(frozen, reception, counter, agent) -> None:
    """A P01 answer does not count in the desk-service indicator, and the other way round."""
    from core.tickets import desk_shifts, desks, survey

    ticket = counter.issue(actor=reception)
    desk_shifts.sign_in(counter.desk, actor=agent)
    desks.call_next(counter.desk, actor=agent)
    desks.finish(counter.desk, actor=agent)
    survey.record_answer(ticket.id, satisfied=False, source="status_page")
    attentions.answer(satisfied=True, source="status_page", token=ticket.token)
    p01, service = indicators.p01(SECOND_HALF), indicators.service(SECOND_HALF)
    assert (p01["answered"], p01["satisfied"], service["answered"], service["satisfied"]) == (1, 1, 1, 0)


def test_stats_page_csv_and_xlsx_carry_the_indicator(frozen, reception, counter, supervisor) -> None:
    """The page shows P01 by semester and month with the response rate; the CSV and the XLSX carry the same
    rows: counts, response rate, satisfied ÷ surveyed and the verdict."""
    ids = visits(reception, info=4, locate=1)
    for attention_id in ids[:2]:
        attentions.answer(satisfied=True, source="reception", attention_id=attention_id, actor=reception)
    page = supervisor.get("/admin/estadisticas").get_data(as_text=True)
    assert "2.º semestre 2026 (1 jul – 31 dic)" in page and "Noviembre de 2026" in page
    # The verdict on the procedure's formula (2 of 5 attended satisfied); the 100 % of those who answered beside it.
    assert "<strong>40,0 %</strong> · Bajo" in page and "100,0 %</td>" in page
    assert "Satisfechos ÷ atendidos (fórmula del P01) y resultado" in page
    assert "Satisfechos ÷ encuestados (referencia)" in page
    assert "· Bueno" not in page

    query = "?desde=2026-11-01&hasta=2026-11-30"
    csv = supervisor.get("/admin/estadisticas.csv" + query).get_data(as_text=True)
    assert ("Indicador;Período;Desde;Hasta;Atendidos;Encuestados;Satisfechos;Satisfechos ÷ atendidos (%) (fórmula de "
            "COM-DSC-P01);Resultado (COM-DSC-P01: más de 90 % Bueno);Tasa de respuesta (%);Satisfechos ÷ encuestados "
            "(%) (referencia, sin resultado)") in csv
    assert ("P01 · Información y direccionamiento;2.º semestre 2026 (1 jul – 31 dic);01/07/2026;31/12/2026;"
            "5;2;2;40,0;Bajo;40,0;100,0") in csv
    assert ("P01 · Información y direccionamiento;Noviembre de 2026;01/11/2026;30/11/2026;5;2;2;40,0;Bajo;40,0;"
            "100,0") in csv

    response = supervisor.get("/admin/estadisticas.xlsx" + query)
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    november = next(r for r in rows if r[:2] == ["P01 · Información y direccionamiento", "Noviembre de 2026"])
    assert november[4:11] == [5, 2, 2, 40.0, "Bajo", 40.0, 100.0]


def test_the_desk_rating_is_averaged_where_the_supervisor_reads_it(frozen, reception, counter, agent,
                                                                   supervisor) -> None:
    """The customer's optional 1–5 rating was stored and shown nowhere: the desk indicator averages the answers
    that gave one (4 and 5: «4,5», of 2 answers; a yes without a rating is not a 0), per period, per desk over the
    range chosen, and in the exports."""
    from core.tickets import desk_shifts, desks, survey

    desk_shifts.sign_in(counter.desk, actor=agent)
    for score in (4, 5, None):
        ticket = counter.issue(actor=reception)
        desks.call_next(counter.desk, actor=agent)
        desks.finish(counter.desk, actor=agent)
        survey.record_answer(ticket.id, satisfied=True, score=score, source="status_page")
    result = indicators.service(SECOND_HALF)
    assert (result["answered"], result["scored"], result["score_mean"]) == (3, 2, 4.5)
    [desk] = indicators.service_by_desk(date(2026, 11, 23), date(2026, 11, 23))
    assert (desk["code"], desk["answered"], desk["scored"], desk["score_mean"]) == (counter.desk, 3, 2, 4.5)

    page = supervisor.get("/admin/estadisticas?desde=2026-11-23&hasta=2026-11-23").get_data(as_text=True)
    assert "Calificación media (1 a 5)" in page and "4,5 <small class=\"rating-count\">(2 respuestas)</small>" in page
    assert "Por mesón, en el período elegido" in page
    csv = supervisor.get("/admin/estadisticas.csv?desde=2026-11-01&hasta=2026-11-30").get_data(as_text=True)
    assert ("Atención en el mesón;Noviembre de 2026;01/11/2026;30/11/2026;3;3;3;100,0;Sin parámetro;100,0;100,0;"
            "4,5;2") in csv
    # ...and the page's «Por mesón» table, which the download left out.
    name = lookups.desk(counter.desk).name
    assert f"{name};{counter.desk};3;3;100,0;4,5;2" in csv.splitlines()


def test_a_rating_mean_rounds_half_up() -> None:
    assert (indicators.score_mean(17, 4), indicators.score_mean(0, 0)) == (4.3, None)


def test_a_customer_back_with_the_requirements_counts_once_where_the_supervisor_reads_it(
        frozen, reception, supervisor) -> None:
    """Told at the kiosk at 09:00 that requirements are pending (answered «sí» from the screen's QR), back at
    reception at 16:00 with them for the ticket, same account: one customer attended, not two, on the page, by kind
    of attention (shown as followed up) and in the CSV. An info-only visit beside it keeps counting."""
    from core.actors import Actor
    from core.tickets import intake
    from tests.builders import make_device, make_transaction
    from tests.helpers import SmartflexProbe

    tx = make_transaction(needs_account_check=True).code
    kiosk = Actor.of_device(make_device("kiosk")[0])
    told = attentions.record_visit("pending", tx, actor=kiosk, channel="kiosk", print_slip=False, account="100300")[0]
    attentions.answer(satisfied=True, source="slip", token=told.token)
    visits(reception, info=1)
    frozen.advance(hours=7)
    intake.request_ticket(tx, actor=reception, account="100300", channel="reception", lookup=SmartflexProbe())
    november = indicators.p01(indicators.month(date(2026, 11, 23)))
    assert (november["attended"], november["answered"], november["satisfied"]) == (2, 1, 1)

    page = supervisor.get("/admin/estadisticas?desde=2026-11-23&hasta=2026-11-23").get_data(as_text=True)
    assert '<th scope="row">Noviembre de 2026</th>\n        <td class="num">2</td>' in page
    assert ('<th scope="row">Requisitos o deuda pendientes, volvió y sacó ficha</th><td class="num">1</td>\n'
            '        <td class="num">1</td><td class="num">1</td>') in page
    assert '<th scope="row">Ficha</th><td class="num">0</td>' in page
    csv = supervisor.get("/admin/estadisticas.csv?desde=2026-11-01&hasta=2026-11-30").get_data(as_text=True)
    assert ("P01 · Información y direccionamiento;Noviembre de 2026;01/11/2026;30/11/2026;2;1;1;50,0;Bajo;50,0;"
            "100,0") in csv
    lines = csv.splitlines()
    assert "Requisitos o deuda pendientes, volvió y sacó ficha;1;1;1" in lines
    assert "Requisitos o deuda pendientes, sin ficha;0;0;0" in lines and "Información;1;0;0" in lines
