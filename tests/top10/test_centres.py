"""«El Centro de Operaciones correspondiente» (procedure steps 2, 10, 12): a USM, Supervisor CO, Operador CO or
technician who belongs to a centre works that centre's cases, and the cases with no zone (marked, never lost); the
technicians offered for a visit are the case's centre's and those of every centre. Users without a centre (every
existing user, and the central roles) keep seeing every centre."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.errors import Invalid
from core.extensions import db
from core.models import User
from core.people import management, users
from core.top10 import centres, detection, report_import, workflow
from tests.builders import make_actor
from tests.helpers import login
from tests.top10.helpers import NOW, WEEK, Team, advance, csv_bytes, lp
from tests.top10.test_pages import signed_in

HEADER = ["Nro Reporte", "Cuenta", "Cliente", "Producto", "Fecha Reporte", "Zona / Centro de Operaciones"]


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def customers(team: Team, zones: dict[str, str]) -> dict[str, int]:
    """account → its case at USM's review (step 4), each customer with two reports this week in its zone."""
    rows = [[f"R{account}-{n}", account, f"Cliente {account}", "Internet", f"{day}/11/2026 10:00", zone]
            for account, zone in zones.items() for n, day in ((1, 23), (2, 26))]
    report_import.import_damage_reports(csv_bytes(HEADER, rows), "reportes.csv", actor=team.gestor, now=NOW)
    generated = detection.generate_week(WEEK, actor=team.gestor, now=NOW)
    found = {detection.get_case(cid).customer_code: cid for cid in generated.case_ids}
    for case_id in found.values():
        advance(case_id, "revision_usm", team)
    return found


def give_centre(team: Team, who: str, centre: str) -> None:
    """What the admin does on the user's page (Administración → Usuarios → Editar)."""
    getattr(team, who)  # created on first use
    user = db.session.scalar(select(User).where(User.username == Team.USERS[who][0]))
    management.update_user(user.id, full_name=user.full_name, roles=sorted(user.roles), operations_centre=centre,
                           actor=team.admin)


def staff_of(centre: str, role: str) -> None:
    """Someone of `role` at `centre`, so that centre's cases are theirs (a centre nobody staffs is everyone's)."""
    users.create_user(f"{role}-{centre}".replace(" ", "").lower(), users.generate_password(), [role],
                      operations_centre=centre)


def test_a_centres_usm_has_its_cases_and_those_without_zone_marked(app, team: Team) -> None:
    found = customers(team, {"SUR1": "CO Sur", "NORTE1": "CO Norte", "SINZONA": ""})
    give_centre(team, "usm", "CO Sur")
    staff_of("CO Norte", "top10_usm")
    page = signed_in(app, team, "usm").get("/admin/top10/").get_data(as_text=True)
    text = words(page)
    assert "Casos del Centro de Operaciones «CO Sur»" in text
    assert "Caso SUR1" in text and "Caso SINZONA" in text and "Caso NORTE1" not in text
    assert '<th scope="col">Centro de Operaciones</th>' in page
    assert '<td><span class="badge warn">Sin centro</span></td>' in page and "<td>CO Sur</td>" in page
    assert {c.customer_code for c in detection.work_queue(team.usm)} == {"SUR1", "SINZONA"} < set(found)

    everyone = make_actor("usm-central", "top10_usm")  # a USM without a centre: every centre, as before
    assert {c.customer_code for c in detection.work_queue(everyone)} == {"SUR1", "NORTE1", "SINZONA"}
    client = app.test_client()
    login(client, "usm-central")
    assert "Casos del Centro de Operaciones" not in client.get("/admin/top10/").get_data(as_text=True)


def test_the_centres_supervisor_controls_its_centres_cases(team: Team) -> None:
    found = customers(team, {"SUR2": "CO Sur", "NORTE2": "CO Norte"})
    for case_id in found.values():
        workflow.review(case_id, factors="Atenuación alta", technical_solution=True, actor=team.usm, now=NOW)
        workflow.record_solution(case_id, outcome="requiere_tecnico", note="Cambio de ONU", actor=team.usm, now=NOW)
    give_centre(team, "supervisor_co", "CO Norte")
    staff_of("CO Sur", "supervisor_co")
    assert [c.customer_code for c in detection.work_queue(team.supervisor_co)] == ["NORTE2"]


def test_a_centre_nobody_staffs_leaves_no_case_behind(app, team: Team) -> None:
    """A case of a centre where nobody has the step's role (not staffed yet, or its analyst moved to another
    centre) was in nobody's «Mi bandeja»: every user of the role now has it, marked «sin responsable allí»."""
    customers(team, {"SUR5": "CO Sur", "ESTE5": "CO Este"})
    give_centre(team, "usm", "CO Sur")
    assert {c.customer_code for c in detection.work_queue(team.usm)} == {"SUR5", "ESTE5"}
    text = words(signed_in(app, team, "usm").get("/admin/top10/").get_data(as_text=True))
    assert "CO Este sin responsable allí" in text and "CO Sur sin responsable allí" not in text
    staff_of("CO Este", "top10_usm")  # CO Este gets its analyst: the case is theirs alone
    assert {c.customer_code for c in detection.work_queue(team.usm)} == {"SUR5"}


def test_the_visit_offers_the_cases_centres_technicians(app, team: Team) -> None:
    """Step 14's technician list: the case's centre's and those of every centre; another centre's is refused."""
    case_id = customers(team, {"SUR3": "CO Sur"})["SUR3"]
    workflow.review(case_id, factors="Atenuación alta", technical_solution=True, actor=team.usm, now=NOW)
    _made = (team.tecnico, team.tecnico2)  # tecnico1 and tecnico2
    make_actor("tecnico3", "tecnico")  # no centre: every centre
    give_centre(team, "tecnico", "CO Sur")
    give_centre(team, "tecnico2", "CO Norte")
    page = signed_in(app, team, "usm").get(f"/admin/top10/casos/{case_id}").get_data(as_text=True)
    form = page[page.index('id="form-schedule"'):]
    form = form[:form.index("</form>")]
    assert ">tecnico1</option>" in form and ">tecnico3</option>" in form and ">tecnico2</option>" not in form
    assert "Técnicos del Centro de Operaciones «CO Sur» y los que atienden todos los centros." in form
    with pytest.raises(Invalid, match="es del Centro de Operaciones «CO Norte»; este caso es de «CO Sur»"):
        workflow.schedule_visit(case_id, mode="usm_con_tecnico", visit_at=lp(28, 9), technician_id=team.tecnico2.id,
                                actor=team.usm, now=NOW)


def technician_form(page: str, name: str) -> tuple[list[str], str]:
    """The technicians a step's form lists and the sentence under the list."""
    form = page[page.index(f'id="form-{name}"'):]
    form = form[:form.index("</form>")]
    listed = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', form)
    hint = re.search(rf'<p class="help" id="{name}-technician-centre">([^<]*)</p>', form)
    return listed, hint.group(1) if hint else ""


def test_a_centre_without_technicians_says_which_ones_it_lists(app, team: Team) -> None:
    """Steps 14 and 18 of a case whose centre has no technician: with technicians of every centre the list has
    those, without them every technician (the visit still needs one); the sentence under the list says which, never
    «Técnicos del Centro de Operaciones «X»» of a centre that has none."""
    found = customers(team, {"ESTE6": "CO Este", "SUR6": "CO Sur"})
    _made = (team.tecnico, team.tecnico2)
    give_centre(team, "tecnico", "CO Sur")
    give_centre(team, "tecnico2", "CO Norte")
    for case_id in found.values():
        workflow.review(case_id, factors="Atenuación alta", technical_solution=True, actor=team.usm, now=NOW)
    usm = signed_in(app, team, "usm")
    page = usm.get(f"/admin/top10/casos/{found['ESTE6']}").get_data(as_text=True)
    assert technician_form(page, "schedule") == (["tecnico1", "tecnico2"], "Ningún técnico está asignado al Centro "
                                                 "de Operaciones «CO Este»: se listan todos los técnicos.")
    assert 'aria-describedby="schedule-technician-centre"' in page
    workflow.record_solution(found["ESTE6"], outcome="requiere_tecnico", note="Cambio de ONU", actor=team.usm,
                             now=NOW)
    page = signed_in(app, team, "supervisor_co").get(f"/admin/top10/casos/{found['ESTE6']}").get_data(as_text=True)
    assert technician_form(page, "prioritise") == (["tecnico1", "tecnico2"], "Ningún técnico está asignado al Centro "
                                                   "de Operaciones «CO Este»: se listan todos los técnicos.")

    make_actor("tecnico3", "tecnico")  # of every centre: CO Este's list is his alone
    page = usm.get(f"/admin/top10/casos/{found['SUR6']}").get_data(as_text=True)
    assert technician_form(page, "schedule") == (["tecnico1", "tecnico3"], "Técnicos del Centro de Operaciones "
                                                 "«CO Sur» y los que atienden todos los centros.")
    page = signed_in(app, team, "supervisor_co").get(f"/admin/top10/casos/{found['ESTE6']}").get_data(as_text=True)
    assert technician_form(page, "prioritise") == (["tecnico3"], "Ningún técnico está asignado al Centro de "
                                                   "Operaciones «CO Este»: se listan los que atienden todos los "
                                                   "centros.")


def test_the_admin_gives_a_user_a_centre(app, team: Team) -> None:
    customers(team, {"SUR4": "CO Sur", "NORTE4": "CO Norte"})
    technician, _admin = team.tecnico, team.admin
    client = app.test_client()
    token = login(client, Team.USERS["admin"][0])
    form = client.get(f"/admin/usuarios/{technician.id}").get_data(as_text=True)
    assert '<option value="CO Norte">CO Norte</option>' in form and "Todos los centros" in form
    response = client.post(f"/admin/usuarios/{technician.id}", data={
        "csrf_token": token, "full_name": "Técnico Sur", "roles": "tecnico", "operations_centre": "CO Sur"})
    assert response.status_code == 302
    assert db.session.get(User, technician.id).operations_centre == "CO Sur"
    assert "<td>CO Sur</td>" in client.get("/admin/usuarios").get_data(as_text=True)


def test_the_demo_centre_staff_work_the_demo_centre(app, frozen) -> None:
    """`seed --demo`: USM, the CO supervisor and operator and tecnico1 are of «CO Sur», a zone of the demo reports;
    the demo's visit to schedule (step 14) is one of theirs; tecnico2 is of «CO Norte»; the central roles have none."""
    from core.actors import Actor
    from core.org.seed import SeedReport, seed_demo

    seed_demo(SeedReport())
    centre = {u.username: u.operations_centre for u in db.session.scalars(select(User))}
    assert {name: centre[name] for name in ("usm1", "supervisorco", "operadorco", "tecnico1", "tecnico2")} == {
        "usm1": "CO Sur", "supervisorco": "CO Sur", "operadorco": "CO Sur", "tecnico1": "CO Sur",
        "tecnico2": "CO Norte"}
    assert not any(centre[name] for name in ("gestor10", "fidelizacion1", "calidad1", "jefe10", "incidentes1"))
    usm = Actor.of_user(db.session.scalar(select(User).where(User.username == "usm1")))
    inbox = detection.work_queue(usm)
    assert "programar_visita" in {c.status for c in inbox}
    # Its centre's cases, those with no zone, and those of centres with no USM of their own (nobody else has them).
    assert {c.zone for c in inbox} - {"CO Sur", ""} <= {c.zone for c in inbox} - centres.staffed("top10_usm")


def test_a_centres_usm_is_offered_step_3_only_for_its_centres_cases(app, team: Team) -> None:
    """The week's «Recibir el reporte (paso 3)» for a centre's USM only when their centre has cases to receive:
    offered for another centre's, it answered «No hay casos remitidos a USM por recibir»."""
    rows = [[f"RN-{n}", "NORTE1", "Cliente NORTE1", "Internet", f"{day}/11/2026 10:00", "CO Norte"]
            for n, day in ((1, 23), (2, 26))]
    report_import.import_damage_reports(csv_bytes(HEADER, rows), "reportes.csv", actor=team.gestor, now=NOW)
    detection.generate_week(WEEK, actor=team.gestor, now=NOW)
    workflow.send_to_usm(WEEK, actor=team.gestor, now=NOW)
    give_centre(team, "usm", "CO Sur")
    staff_of("CO Norte", "top10_usm")
    page = signed_in(app, team, "usm").get(f"/admin/top10/semana?semana={WEEK}").get_data(as_text=True)
    assert "Recibir el reporte (paso 3)" not in page
    give_centre(team, "usm", "CO Norte")
    page = signed_in(app, team, "usm").get(f"/admin/top10/semana?semana={WEEK}").get_data(as_text=True)
    assert "Recibir el reporte (paso 3)" in page


def test_a_reschedule_starts_from_the_visit_as_scheduled(app, team: Team) -> None:
    """Step 14 again (a new time): the form shows the visit's type, time and technician. It preselected «Sin
    asignar todavía», so changing only the time dropped the technician, and the case left his phone."""
    case_id = customers(team, {"SUR6": "CO Sur"})["SUR6"]
    workflow.review(case_id, factors="Atenuación alta", technical_solution=True, actor=team.usm, now=NOW)
    technician = team.tecnico
    workflow.schedule_visit(case_id, mode="usm_con_tecnico", visit_at=lp(28, 9), technician_id=technician.id,
                            actor=team.usm, now=NOW)
    page = signed_in(app, team, "usm").get(f"/admin/top10/casos/{case_id}").get_data(as_text=True)
    form = page[page.index('id="form-schedule"'):]
    form = form[:form.index("</form>")]
    assert f'<option value="{technician.id}" selected>' in form
    assert '<option value="usm_con_tecnico" selected>' in form and 'value="2026-11-28T09:00"' in form
    # Dropping him on purpose is said in the history, since the visit leaves his «Mi bandeja».
    workflow.schedule_visit(case_id, mode="usm_con_tecnico", visit_at=lp(28, 10), actor=team.usm, now=NOW)
    named = db.session.get(User, technician.id).display_name
    assert f"sin técnico (antes {named})" in detection.actions(case_id)[-1].note


def test_before_step_2_the_usm_has_nothing_to_receive(app, team: Team) -> None:
    """Before the gestor sends the week (step 2), USM reads that there is nothing to receive yet, rather than a
    «Recibir el reporte» that answers «No hay casos remitidos a USM por recibir»."""
    rows = [[f"RS-{n}", "SUR7", "Cliente SUR7", "Internet", f"{day}/11/2026 10:00", "CO Sur"]
            for n, day in ((1, 23), (2, 26))]
    report_import.import_damage_reports(csv_bytes(HEADER, rows), "reportes.csv", actor=team.gestor, now=NOW)
    detection.generate_week(WEEK, actor=team.gestor, now=NOW)
    page = signed_in(app, team, "usm").get(f"/admin/top10/semana?semana={WEEK}").get_data(as_text=True)
    assert "Recibir el reporte (paso 3)" not in page and "Nada que recibir todavía (paso 3)" in page
