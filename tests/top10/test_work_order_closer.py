"""Issue 12, item 9: who closes the work order at 19.3 is a setting (`top10_work_order_closer`): the Operador
Centro de Operaciones by default, or the technician where the Jefe División so decides in the Top 10's
configuration. Step 19's permission, its form and the work queues follow it."""

from __future__ import annotations

import re

import pytest

from core import settings
from core.errors import Forbidden, Invalid
from core.extensions import db
from core.models import Setting
from core.org import settings_edit
from core.top10 import cases, detection, workflow
from tests.staff import signed_in
from tests.top10.helpers import NOW, Team, advance, one_case

CONFIG = "/admin/top10/configuracion"


def at_step_19(team: Team) -> int:
    """A case the operations supervisor gave to technician 1 (step 18)."""
    case_id = one_case(team)
    advance(case_id, "trabajo_tecnico", team)
    return case_id


def queue_of(actor) -> list[int]:
    return [case.id for case in detection.work_queue(actor)]


def test_by_default_the_operations_operator_closes_the_work_order(team: Team) -> None:
    case_id = at_step_19(team)
    case = cases.load_case(case_id, lock=False)
    assert cases.forms_for(case, team.operador) == [("close", 19)]
    assert cases.forms_for(case, team.tecnico) == []
    assert case_id in queue_of(team.operador)  # assigned to a technician, still in the operator's queue
    with pytest.raises(Forbidden, match="corresponde a: Operador Centro de Operaciones"):
        workflow.close_work(case_id, work_order="OT-5", actor=team.tecnico, now=NOW)
    closed = workflow.close_work(case_id, work_order="OT-5", actor=team.operador, now=NOW)
    assert (closed.status, closed.work_order) == ("control_calidad", "OT-5")


def test_where_the_setting_says_so_the_technician_closes_it(team: Team) -> None:
    settings_edit.save({"top10_work_order_closer": "tecnico"}, actor=team.jefe_division)
    case_id = at_step_19(team)
    case = cases.load_case(case_id, lock=False)
    assert cases.forms_for(case, team.tecnico) == [("close", 19)]
    assert cases.forms_for(case, team.operador) == []
    assert case_id not in queue_of(team.operador) and case_id in queue_of(team.tecnico)
    with pytest.raises(Forbidden, match="corresponde a: Técnico Multiservicios"):
        workflow.close_work(case_id, work_order="OT-6", actor=team.operador, now=NOW)
    closed = workflow.close_work(case_id, work_order="OT-6", actor=team.tecnico, now=NOW)
    assert (closed.status, closed.work_order) == ("control_calidad", "OT-6")


def test_the_division_head_sets_it_in_the_top10_configuration(app, team: Team) -> None:
    """The page shows the choice with its default; saving «Técnico Multiservicios» hands step 19 over."""
    head = signed_in(app, "jefe10", "top10_jefe")
    page = head.get(CONFIG).get_data(as_text=True)
    assert re.search(r'<option value="operador_co" selected>Operador Centro de Operaciones</option>', page)
    assert "Valor inicial: Operador Centro de Operaciones." in page
    for key, spec in settings.specs("top10").items():  # every Top 10 setting, with its bounds
        if spec.max_len:
            assert re.search(rf'name="{key}"[^>]* maxlength="{spec.max_len}"', page)
        elif not spec.choices:
            assert re.search(rf'name="{key}"[^>]* min="{spec.low}" max="{spec.high}"', page)
    values = {key: str(value) for key, value in settings.all_settings().items() if key in settings.specs("top10")}
    response = head.post(CONFIG, {**values, "top10_work_order_closer": "tecnico"})
    assert response.status_code == 302
    db.session.expire_all()
    assert settings.get("top10_work_order_closer") == "tecnico"
    case = cases.load_case(at_step_19(team), lock=False)
    assert cases.forms_for(case, team.tecnico) == [("close", 19)]


def test_an_unknown_closer_is_refused_and_nothing_is_saved(app, team: Team) -> None:
    head = signed_in(app, "jefe10", "top10_jefe")
    response = head.post(CONFIG, {"top10_work_order_closer": "supervisor_co", "top10_window_days": "7"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "elija una de las opciones («Operador Centro de Operaciones», «Técnico Multiservicios»)" in body
    assert db.session.get(Setting, "top10_window_days") is None
    with pytest.raises(Invalid):
        settings_edit.save({"top10_work_order_closer": ""}, actor=team.admin)


def test_only_the_division_head_and_admin_edit_the_top10_configuration(app, team: Team) -> None:
    """The supervisor neither opens the page nor saves a Top 10 setting; the division head does not edit the
    office's parameters, which no longer list the Top 10's."""
    supervisor = signed_in(app, "supervisora10", "supervisor")
    assert supervisor.get(CONFIG).status_code == 403
    assert "top10_work_order_closer" not in supervisor.get("/admin/parametros").get_data(as_text=True)
    with pytest.raises(Forbidden):
        settings_edit.save({"top10_work_order_closer": "tecnico"}, actor=team.supervisor)
    with pytest.raises(Forbidden):
        settings_edit.save({"panel_history": 3}, actor=team.jefe_division)
    settings_edit.save({"top10_work_order_closer": "tecnico"}, actor=team.admin)
    assert settings.get("top10_work_order_closer") == "tecnico"


def test_by_default_every_screen_names_the_operator_who_records_step_19(app, team: Team) -> None:
    """The technician does the work and reports it; the operator records the close. So the technician's page
    says who acts next and what to do, the operator's page has the form, and the sheet, its role filter and the
    operator's inbox name the operator as «Responsable» (with the technician doing the work)."""
    from tests.top10.test_pages import signed_in

    case_id = at_step_19(team)
    responsible = "Operador Centro de Operaciones (técnico: tecnico1)"
    technician = signed_in(app, team, "tecnico").get(f"/admin/top10/casos/{case_id}").get_data(as_text=True)
    assert f"Este caso espera un paso de: <strong>{responsible}</strong>." in technician
    assert "infórmelo al Operador Centro de Operaciones, que registra el cierre de la orden de trabajo" in technician
    assert 'id="form-close"' not in technician
    operator = signed_in(app, team, "operador")
    page = operator.get(f"/admin/top10/casos/{case_id}").get_data(as_text=True)
    assert 'id="form-close"' in page and f"<dt>Responsable ahora</dt><dd>{responsible}</dd>" in page
    assert "Este caso espera un paso de" not in page and 'id="work-hint"' not in page
    assert f"<td>{responsible}</td>" in operator.get("/admin/top10/").get_data(as_text=True)
    control = signed_in(app, team, "supervisor_co")  # the sheet is the control's (TOP10_CONTROL), not the operator's
    rows = control.get("/admin/top10/planilla/filas?rol=operador_co").get_data(as_text=True)
    assert f'data-case="{case_id}"' in rows and f"<td>{responsible}</td>" in rows
    assert f'data-case="{case_id}"' not in control.get("/admin/top10/planilla/filas?rol=tecnico").get_data(
        as_text=True)


def test_where_the_technician_closes_only_the_assigned_one_gets_the_form(app, team: Team) -> None:
    """Another technician is not offered a form the server would refuse, nor the case's page (his own cases only)."""
    from tests.top10.test_pages import signed_in

    settings_edit.save({"top10_work_order_closer": "tecnico"}, actor=team.jefe_division)
    case_id = at_step_19(team)
    case = cases.load_case(case_id, lock=False)
    assert cases.forms_for(case, team.tecnico2) == [] and cases.forms_for(case, team.tecnico) == [("close", 19)]
    other = signed_in(app, team, "tecnico2").get(f"/admin/top10/casos/{case_id}")
    assert other.status_code == 403 and 'id="form-close"' not in other.get_data(as_text=True)
    mine = signed_in(app, team, "tecnico").get(f"/admin/top10/casos/{case_id}").get_data(as_text=True)
    assert 'id="form-close"' in mine
    rows = signed_in(app, team, "supervisor_co").get("/admin/top10/planilla/filas?rol=tecnico").get_data(as_text=True)
    assert f'data-case="{case_id}"' in rows and "<td>Técnico Multiservicios (tecnico1)</td>" in rows
