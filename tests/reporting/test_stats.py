"""Statistics on a scripted day (frozen clock): exact counts, means, p90 and max per dimension; CSV; P01
(the satisfaction indicator)."""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest

from core import lookups
from core.actors import SYSTEM
from core.reporting import stats
from core.tickets import desks, engine
from tests.builders import make_desk, make_queue, make_ticket, make_transaction
from tests.helpers import FrozenClock, actor_for, no_show_at_once

pytestmark = pytest.mark.postgres

DAY = date(2026, 11, 23)


@pytest.fixture
def scripted_day(app, counter):
    """09:00 La Paz: five tickets of one queue (T3 of its second transaction) through the counter's two desks,
    a recall, a no-show, a cancel and a skipped *Iniciar*.

    wait (s):    T1 60, T2 120, T3 400, T5 120      walk (s): T1 30, T2 120 (recall kept)
    service (s): T1 300, T2 360, T5 300 (from its call: *Iniciar* skipped)
    T4 cancelled while waiting, T3 no-show
    """
    no_show_at_once()
    clock = FrozenClock()
    ana, beto = actor_for("asesor1", "agent"), actor_for("asesor2", "agent")
    phone = make_transaction(counter.queue, label="Instalación de telefonía básica").code
    issue = counter.issue
    t1, t2, t3 = issue(), issue(), make_ticket(phone)
    p01, p02 = counter.desks
    clock.advance(seconds=60)
    desks.call_next(p01, actor=ana)              # T1 waited 60
    clock.advance(seconds=30)
    desks.start(p01, actor=ana)                  # T1 walked 30
    clock.advance(seconds=30)
    desks.call_next(p02, actor=beto)             # T2 waited 120
    clock.advance(seconds=60)
    desks.recall(p02, actor=beto)
    clock.advance(seconds=60)
    desks.start(p02, actor=beto)                 # T2 walked 120
    clock.advance(seconds=150)
    desks.finish(p01, actor=ana)                 # T1 served 300 (t = 390)
    clock.advance(seconds=10)
    desks.call_next(p01, actor=ana)              # T3 waited 400
    clock.advance(seconds=60)
    desks.no_show(p01, actor=ana)
    clock.advance(seconds=140)
    desks.finish(p02, actor=beto)                # T2 served 360 (t = 600)
    clock.advance(seconds=20)
    t4 = issue()
    clock.advance(seconds=80)
    engine.cancel(t4.id, actor=SYSTEM)
    clock.advance(minutes=53, seconds=20)        # 10:05
    t5 = issue()
    clock.advance(seconds=120)
    desks.call_next(p01, actor=ana)              # T5 waited 120
    clock.advance(seconds=300)
    desks.finish(p01, actor=ana)                 # T5 served 300 from its call, no walk (*Iniciar* skipped)
    clock.advance(days=1)
    issue()                                      # another day: outside the report
    return {"tickets": (t1, t2, t3, t4, t5), "clock": clock, "phone": phone}


def rows(report: stats.Report, dimension: str) -> dict[str, stats.Row]:
    return {row.key: row for row in report.groups[dimension]}


def test_p90_is_nearest_rank() -> None:
    """p90 is the smallest value with 90 % of the values at or below it."""
    assert stats.p90(list(range(1, 11))) == 9
    assert stats.p90([5.0]) == 5.0
    assert stats.p90([3, 1, 2]) == 3
    assert stats.p90([]) is None


def test_day_totals(scripted_day) -> None:
    """Issued, attended, no-show and cancelled count each ticket of the day once, by its final state."""
    total = stats.report(DAY, DAY).total
    assert (total.issued, total.attended, total.no_show, total.cancelled) == (5, 3, 1, 1)


def test_day_times(scripted_day) -> None:
    """Wait, walk and service: exact mean, p90 and max for the day."""
    total = stats.report(DAY, DAY).total
    assert (total.wait.mean, total.wait.p90, total.wait.max) == (175.0, 400.0, 400.0)
    assert (total.walk.mean, total.walk.p90, total.walk.max) == (75.0, 120.0, 120.0)
    assert (total.service.mean, total.service.p90, total.service.max) == (320.0, 360.0, 360.0)


def test_per_desk(scripted_day, counter) -> None:
    """Each desk counts what it closed and the times of the events it performed."""
    by_desk = rows(stats.report(DAY, DAY), "desk")
    p01, p02 = by_desk[counter.desks[0]], by_desk[counter.desks[1]]
    assert (p01.attended, p01.no_show, p02.attended) == (2, 1, 1)
    assert sorted(p01.wait.values) == [60.0, 120.0, 400.0] and list(p01.service.values) == [300.0, 300.0]
    assert (list(p02.wait.values), list(p02.walk.values), list(p02.service.values)) == ([120.0], [120.0], [360.0])


def test_per_agent(scripted_day) -> None:
    """Agents are keyed by user and labelled with their name."""
    by_agent = {row.label: row for row in stats.report(DAY, DAY).groups["agent"]}
    assert {row.key for row in by_agent.values()} == {"asesor1", "asesor2"}  # the exports' «Clave»: no internal id
    assert set(by_agent) == {"asesor1", "asesor2"}
    assert (by_agent["asesor1"].attended, by_agent["asesor1"].walk.mean) == (2, 30.0)
    assert by_agent["asesor2"].service.max == 360.0


def test_per_hour(scripted_day) -> None:
    """Tickets count in the La Paz hour they were issued (their outcomes where they happened: below); walk in the
    hour of the call, service in the hour it began."""
    by_hour = rows(stats.report(DAY, DAY), "hour")
    assert (by_hour["09"].label, by_hour["09"].issued, by_hour["10"].issued) == ("09:00", 4, 1)
    assert sorted(by_hour["09"].wait.values) == [60.0, 120.0, 400.0]
    assert (list(by_hour["10"].walk.values), list(by_hour["10"].service.values)) == ([], [300.0])


def test_per_hour_an_outcome_counts_when_it_happened(app, counter) -> None:
    """Issued at 09:50, served at 10:10: «Emitidas» in the 09:00 row, «Atendidas» in the 10:00 row (a supervisor
    read «0 atendidas» at 10:00 while the desks served all hour)."""
    clock = FrozenClock()
    clock.advance(minutes=50)
    agent = actor_for("asesor1", "agent")
    counter.issue()
    clock.advance(minutes=15)
    desks.call_next(counter.desk, actor=agent)
    clock.advance(minutes=5)
    desks.finish(counter.desk, actor=agent)
    by_hour = rows(stats.report(DAY, DAY), "hour")
    assert (by_hour["09"].issued, by_hour["09"].attended) == (1, 0)
    assert (by_hour["10"].issued, by_hour["10"].attended) == (0, 1)


def test_per_transaction_and_queue(scripted_day, counter) -> None:
    """Per transaction and per queue, with the queue keyed by its prefix."""
    report = stats.report(DAY, DAY)
    internet, phone = rows(report, "transaction")[counter.tx], rows(report, "transaction")[scripted_day["phone"]]
    assert (internet.issued, internet.attended, internet.cancelled) == (4, 3, 1)
    assert (phone.issued, phone.no_show, list(phone.wait.values)) == (1, 1, [400.0])
    plat = rows(report, "queue")[counter.queue.prefix]
    assert (plat.issued, plat.attended, plat.no_show, plat.cancelled) == (5, 3, 1, 1)


def test_range_of_two_days_includes_the_next_day(scripted_day) -> None:
    """A two-day range counts the ticket of the second day too."""
    assert stats.report(DAY, date(2026, 11, 24)).total.issued == 6


def test_service_ends_at_a_transfer(app, counter) -> None:
    """A service cut short by a transfer counts up to the transfer, at the desk that transferred."""
    clock = FrozenClock()
    agent = actor_for("asesor1", "agent")
    other = make_queue().code
    ticket = counter.issue()
    desks.call_next(counter.desk, actor=agent)
    desks.start(counter.desk, actor=agent)
    clock.advance(seconds=200)
    engine.transfer(ticket.id, actor=agent, queue=other)
    by_desk = rows(stats.report(DAY, DAY), "desk")
    assert list(by_desk[counter.desk].service.values) == [200.0]


def test_a_service_cut_short_by_a_transfer_counts_for_the_queue_that_served_it(app, counter) -> None:
    """A desk serves a ticket 15 s and transfers it to another queue, which has served nobody: the 15 s count for
    the first queue; the other shows no service time beside its «Atendidas 0»."""
    clock = FrozenClock()
    agent = actor_for("asesor1", "agent")
    legal = make_queue(name="Asesoría Legal")
    ticket = counter.issue()
    desks.call_next(counter.desk, actor=agent)
    desks.start(counter.desk, actor=agent)
    clock.advance(seconds=15)
    engine.transfer(ticket.id, actor=agent, queue=legal.code)
    by_queue = rows(stats.report(DAY, DAY), "queue")
    served, moved_to = by_queue[counter.queue.prefix], by_queue.get(legal.prefix)
    assert list(served.service.values) == [15.0]
    assert moved_to is None or (moved_to.attended, moved_to.service.count) == (0, 0)


def served_transferred_served(counter, first_wait: int = 0):
    """On a stopped clock: one ticket waiting `first_wait` s, served 60 s at the counter, transferred to a new queue,
    waiting 30 s there, then served 120 s and finished. Returns the second queue."""
    clock, agent = FrozenClock(), actor_for("asesor1", "agent")
    other = make_queue()
    other_desk = make_desk(queues=[other]).code
    ticket = counter.issue()
    clock.advance(seconds=first_wait)
    desks.call_next(counter.desk, actor=agent)
    desks.start(counter.desk, actor=agent)
    clock.advance(seconds=60)
    engine.transfer(ticket.id, actor=agent, queue=other.code)
    clock.advance(seconds=30)
    desks.call_next(other_desk, actor=agent)
    desks.start(other_desk, actor=agent)
    clock.advance(seconds=120)
    desks.finish(other_desk, actor=agent)
    return other


def test_per_queue_times_and_counts_add_up_to_the_day(app, counter) -> None:
    """Served in one queue, transferred, served and finished in another: each queue has the service it gave, the
    ticket is attended where it ended, and the queues' counts and waits add up to the day's totals."""
    legal = served_transferred_served(counter)
    report = stats.report(DAY, DAY)
    first, second = rows(report, "queue")[counter.queue.prefix], rows(report, "queue")[legal.prefix]
    assert (first.attended, list(first.service.values)) == (0, [60.0])
    assert (second.attended, list(second.service.values)) == (1, [120.0])
    queues = report.groups["queue"]
    assert sum(row.attended for row in queues) == report.total.attended == 1
    assert sum(row.service.count for row in queues) == report.total.service.count == 2
    assert sum(sum(row.wait.values) for row in queues) == sum(report.total.wait.values) == 30.0


def test_a_queue_s_row_adds_up_with_the_transfers_it_received_and_sent(app, supervisor, counter) -> None:
    """A ticket issued in one queue, served and transferred to another that finished it: the first queue reads one
    issued and one sent, the second one received and one attended, so each row adds up (issued + received − sent =
    attended + no-show + cancelled + still open). Before, the second queue read one attended out of none issued."""
    other = served_transferred_served(counter)
    counter.issue()  # still waiting at the end of the day
    queue_rows = rows(stats.report(DAY, DAY), "queue")
    first, second = queue_rows[counter.queue.prefix], queue_rows[other.prefix]
    assert (first.issued, first.received, first.sent, first.attended) == (2, 0, 1, 0)
    assert (second.issued, second.received, second.sent, second.attended) == (0, 1, 0, 1)
    page = supervisor.get("/admin/estadisticas?desde=2026-11-23&hasta=2026-11-23").get_data(as_text=True)
    assert re.search(r'colspan="2">Transferencias</th>.*?>entran</th><th [^>]*>salen</th>', page, re.S)
    csv = supervisor.get("/admin/estadisticas.csv?desde=2026-11-23&hasta=2026-11-23").get_data(as_text=True)
    [line] = [line for line in csv.splitlines() if line.startswith(f"Cola;{other.prefix};")]
    assert line.endswith(";1;0")


def test_a_transferred_customer_s_second_wait_counts_where_they_waited(app, counter) -> None:
    """Served 60 s, transferred, then 30 s waiting in the new queue before its desk called: the 30 s are that queue's
    and that desk's wait (the supervisor read a queue that only receives transfers as making nobody wait), and the
    day's total counts the customer once, with both waits summed."""
    other = served_transferred_served(counter, first_wait=45)
    report = stats.report(DAY, DAY)
    assert list(rows(report, "queue")[other.prefix].wait.values) == [30.0]
    [other_desk] = [row for row in report.groups["desk"] if row.key != counter.desk]
    assert list(other_desk.wait.values) == [30.0]
    assert list(rows(report, "queue")[counter.queue.prefix].wait.values) == [45.0]
    assert list(report.total.wait.values) == [75.0]
    assert list(rows(report, "transaction")[counter.tx].wait.values) == [75.0]


def test_a_ticket_moved_while_waiting_waits_once_from_its_issue(app, counter) -> None:
    """Moved to another queue before any call: still one wait, from the issue to the call, where it was called."""
    clock, agent = FrozenClock(), actor_for("asesor1", "agent")
    supervisor = actor_for("supervisora1", "supervisor")
    other = make_queue()
    other_desk = make_desk(queues=[other]).code
    ticket = counter.issue()
    clock.advance(seconds=20)
    engine.transfer(ticket.id, actor=supervisor, queue=other.code)
    clock.advance(seconds=40)
    desks.call_next(other_desk, actor=agent)
    report = stats.report(DAY, DAY)
    assert list(rows(report, "queue")[other.prefix].wait.values) == [60.0]
    assert list(report.total.wait.values) == [60.0]


def test_a_cancellation_at_reception_is_not_an_agent_s_work(app, counter) -> None:
    """Reception cancels a waiting ticket: the day counts it, but «Por funcionario» does not show the clerk as an
    agent who served nobody and threw a ticket away."""
    FrozenClock()
    ticket = counter.issue()
    engine.cancel(ticket.id, actor=actor_for("recepcion1", "reception"))
    report = stats.report(DAY, DAY)
    assert report.total.cancelled == 1
    assert report.groups["agent"] == []


def test_stats_page_renders_numbers_in_es_bo(supervisor, scripted_day) -> None:
    """The page shows the day's totals with decimal commas, minutes, and the charts' data."""
    body = supervisor.get("/admin/estadisticas?desde=2026-11-23&hasta=2026-11-23").get_data(as_text=True)
    assert "23 de noviembre de 2026" in body
    # Each mean says how many tickets it is made of: four were called (one of them a no-show), two timed in service.
    assert '<span class="value">2,9</span><span class="name">Espera media de 4 fichas llamadas (p90 6,7)' in body
    assert "Atención media de 3 atenciones (p90 6,0)" in body
    assert 'data-chart="' in body and "chart-hours" in body


def test_the_admin_start_page_says_what_its_means_are_made_of(supervisor, counter) -> None:
    """Today's means on /admin/ name how many tickets they are made of, as the statistics page does: two waiting
    and one called make a mean wait of one ticket, and no service yet."""
    counter.issue(), counter.issue()
    desks.call_next(counter.desk, actor=actor_for("asesor1", "agent"))
    body = supervisor.get("/admin/").get_data(as_text=True)
    assert "Espera media (min) de 1 ficha llamada" in body and "Atención media (min) de 0 atenciones" in body


def test_a_time_that_does_not_exist_shows_a_dash_in_the_tables(supervisor, scripted_day) -> None:
    """At 10:00 the only ticket was finished without *Iniciar*: it has a service from its call and no walk, and
    its row's walk cells say «—», as the summary does, not blank."""
    body = supervisor.get("/admin/estadisticas?desde=2026-11-23&hasta=2026-11-23").get_data(as_text=True)
    table = body.split('id="t-hour"', 1)[1].split("</table>", 1)[0]
    row = table.split('<th scope="row">10:00</th>', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td class="num">(.*?)</td>', row)
    assert cells[-6:-3] == ["—", "—", "—"] and cells[4:6] == ["2,0", "2,0"] and cells[-3:] == ["5,0"] * 3


def test_a_ticket_served_twice_makes_two_attentions_on_both_pages(supervisor, counter) -> None:
    """Served, transferred and served again: the mean service is of two attentions (one ticket), and both the start
    page and the statistics say «atenciones», not «fichas»."""
    served_transferred_served(counter)
    assert "Atención media (min) de 2 atenciones" in supervisor.get("/admin/").get_data(as_text=True)
    assert "Atención media de 2 atenciones" in supervisor.get("/admin/estadisticas").get_data(as_text=True)


def test_stats_page_refuses_reversed_range(supervisor, scripted_day) -> None:
    """An end before the start is explained in Spanish."""
    body = supervisor.get("/admin/estadisticas?desde=2026-11-23&hasta=2026-11-01").get_data(as_text=True)
    assert "La fecha final es anterior a la inicial." in body


def test_a_refused_range_keeps_the_dates_typed_and_shows_no_other_range(supervisor, scripted_day) -> None:
    """After «La fecha final es anterior a la inicial.» the fields still hold the dates typed, to be corrected, and
    no figures of another period (today's) stand under the message as if they answered it."""
    body = supervisor.get("/admin/estadisticas?desde=2026-11-28&hasta=2026-11-01").get_data(as_text=True)
    assert "La fecha final es anterior a la inicial." in body
    assert 'name="desde" value="2026-11-28"' in body and 'name="hasta" value="2026-11-01"' in body
    assert "Período:" not in body and "Fichas emitidas" not in body and "Por cola" not in body
    assert "estadisticas.csv" not in body
    assert "Corrija el período" in body
    typed = supervisor.get("/admin/estadisticas?desde=23-11-2026&hasta=2026-11-23").get_data(as_text=True)
    assert "Fecha no válida" in typed and 'name="desde" value="23-11-2026"' in typed and "Fichas emitidas" not in typed


def test_csv_export(supervisor, scripted_day, counter) -> None:
    """The CSV has a header, the total line in minutes with decimal commas, and a row per group."""
    response = supervisor.get("/admin/estadisticas.csv?desde=2026-11-23&hasta=2026-11-23")
    assert response.mimetype == "text/csv"
    assert "turnero-estadisticas-2026-11-23-2026-11-23.csv" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Agrupación;Clave;Nombre;Emitidas;Atendidas")
    assert lines[1] == "Total;total;Total;5;3;1;1;2,9;6,7;6,7;1,3;2,0;2,0;5,3;6,0;6,0;;"
    second = lookups.desk(counter.desks[1])
    assert f"Mesón;{second.code};{second.name};;1;0;0;2,0;2,0;2,0;2,0;2,0;2,0;6,0;6,0;6,0;;" in lines


def test_xlsx_export_holds_times_as_numbers(supervisor, scripted_day, counter) -> None:
    """The XLSX holds the times as minutes a spreadsheet can add up, shown with one decimal; a time that does not
    exist (no service at a desk, no issue count per desk) is an empty cell, not a text."""
    response = supervisor.get("/admin/estadisticas.xlsx?desde=2026-11-23&hasta=2026-11-23")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = {(row[0].value, row[1].value): row for row in sheet.iter_rows(min_row=2) if row[0].value}
    total = rows[("Total", "total")]
    assert [cell.value for cell in total[3:7]] == [5, 3, 1, 1]
    assert [round(cell.value, 4) for cell in total[7:16]] == [2.9167, 6.6667, 6.6667, 1.25, 2.0, 2.0, 5.3333, 6.0, 6.0]
    assert {cell.number_format for cell in total[7:16]} == {"0.0"}
    second = rows[("Mesón", lookups.desk(counter.desks[1]).code)]
    assert second[3].value is None and second[13].value == 6.0
    hour_ten = rows[("Hora del día", "10")]
    # T5 was finished without a start: no walk (empty cells), a service of 5 min from its call
    assert [cell.value for cell in hour_ten[10:16]] == [None, None, None, 5, 5, 5]
