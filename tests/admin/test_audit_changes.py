"""Administración → Auditoría → «Cambios de configuración»: admins and supervisors read who changed what, newest
first, in La Paz time, by a range of days and a kind, a page at a time; other roles are refused."""

from __future__ import annotations

import re

import pytest

from core.actors import SYSTEM, Actor
from core.org import changes, office
from core.reporting import audit
from core.tx import unit_of_work
from tests.builders import make_area, make_queue, make_user
from tests.changelog import ChangeLog
from tests.staff import signed_in

pytestmark = pytest.mark.postgres

URL = "/admin/auditoria/cambios"


def rows(html: str) -> list[str]:
    """The table's rows as text, tags removed."""
    found = re.findall(r"<tr data-change=\"\d+\">(.*?)</tr>", html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in found]


@pytest.fixture
def ana(app) -> Actor:
    return Actor.of_user(make_user("arojas", "supervisor", full_name="Ana Rojas"))


def test_supervisor_reads_who_changed_what_newest_first_in_la_paz_time(db_backend, supervisor, ana, frozen) -> None:
    """A rename at 09:00 in La Paz (13:00 UTC) and a later deactivation: the newest first, each with its summary."""
    queue = make_queue(name="Reclamos")
    office.save_queue(queue.id, code=queue.code, prefix=queue.prefix, name="Reclamos de facturación",
                      area=queue.area.code, sla_minutes=15, default_service_minutes=5, active=True, actor=ana)
    frozen.advance(minutes=30)
    office.save_queue(queue.id, code=queue.code, prefix=queue.prefix, name="Reclamos de facturación",
                      area=queue.area.code, sla_minutes=15, default_service_minutes=5, active=False, actor=ana)
    shown = rows(supervisor.get(f"{URL}?tipo=queue").get_data(as_text=True))
    assert shown[0] == (f"23/11/2026 09:30:00 Ana Rojas Cola Reclamos de facturación ({queue.code}) Desactivación "
                        "Activa: sí → no")
    assert shown[1] == (f"23/11/2026 09:00:00 Ana Rojas Cola Reclamos de facturación ({queue.code}) Modificación "
                        "Nombre: «Reclamos» → «Reclamos de facturación»")
    assert len(shown) == 3 and " sistema Cola " in shown[2]  # the builder's creation, by the system


def test_admin_filters_by_kind_and_day_range(db_backend, admin, ana, frozen) -> None:
    make_area(name="Primera sala")
    frozen.advance(days=1)
    make_area(name="Segunda sala")
    make_queue(area=make_area(name="Tercera sala"), name="Caja")
    page = admin.get(f"{URL}?desde=2026-11-24&hasta=2026-11-24&tipo=area").get_data(as_text=True)
    assert "2 cambios." in page
    assert [row.split(" Sala de espera ")[1].split(" (")[0] for row in rows(page)] == ["Tercera sala", "Segunda sala"]
    everything = admin.get(URL).get_data(as_text=True)
    # With the seed's «Carga inicial» of the office and catalogue the test database starts from.
    assert "5 cambios." in everything and "Primera sala" in everything and "Caja" in everything
    assert "Carga inicial" in everything


def test_a_range_ending_before_it_starts_is_refused_in_spanish(db_backend, supervisor) -> None:
    page = supervisor.get(f"{URL}?desde=2026-11-24&hasta=2026-11-20").get_data(as_text=True)
    assert "La fecha final es anterior a la inicial." in page and 'value="2026-11-24"' in page
    assert "No hay cambios" not in page and rows(page) == []


def test_a_hundred_changes_a_page(db_backend, supervisor) -> None:
    with unit_of_work():
        for n in range(audit.PAGE + 1):
            changes.record(SYSTEM, "settings", "update", name="Parámetros", lines=[f"Cambio {n}"])
    first = supervisor.get(f"{URL}?tipo=settings").get_data(as_text=True)
    assert f"{audit.PAGE + 1} cambios, página 1 de 2." in first and len(rows(first)) == audit.PAGE
    assert "Siguientes →" in first
    second = supervisor.get(f"{URL}?tipo=settings&pagina=2").get_data(as_text=True)
    assert len(rows(second)) == 1 and rows(second)[0].endswith(" sistema Parámetros Modificación Cambio 0")


def test_the_ticket_audit_links_to_the_changes(supervisor) -> None:
    page = supervisor.get("/admin/auditoria").get_data(as_text=True)
    assert f'href="{URL}"' in page and "Cambios de configuración" in page


@pytest.mark.parametrize("role", ["agent", "reception", "top10_jefe"])
def test_other_roles_are_refused(app, role) -> None:
    staff = signed_in(app, f"alguien-{role}", role)
    assert staff.get(URL).status_code == 403


def test_a_change_refused_on_its_form_leaves_no_entry(supervisor) -> None:
    """The queue form with a wrong prefix answers 422, and nothing is logged."""
    log = ChangeLog()
    area = make_area()
    log.new()
    response = supervisor.post("/admin/colas/nueva", {"code": "reclamos", "prefix": "1", "name": "Reclamos",
                                                      "area": area.code, "sla_minutes": "20",
                                                      "default_service_minutes": "9", "active": "1"})
    assert response.status_code == 422
    assert log.new() == []
