"""Issue 12 acceptance: no case closes without the Coordinador de Calidad's check (steps 11, 19.3). A customer goes
from the Smartflex import to a closed case through every path of the procedure."""

from __future__ import annotations

from collections.abc import Callable

from core.top10 import cases, detection, workflow
from tests.top10.helpers import NOW, WEEK, Team, load_reports, lp, report

Step = Callable[[Team, int], object]

STEP: dict[str, Step] = {
    "send": lambda t, c: workflow.send_to_usm(None, case_id=c, actor=t.gestor, now=NOW),
    "receive": lambda t, c: workflow.receive(None, case_id=c, actor=t.usm, now=NOW),
    "review_no": lambda t, c: workflow.review(c, factors="Nodo sin saturación", technical_solution=False,
                                              actor=t.usm, now=NOW),
    "to_fidelizacion": lambda t, c: workflow.distribute(c, to="fidelizacion", actor=t.gestor, now=NOW),
    "to_calidad": lambda t, c: workflow.distribute(c, to="calidad", actor=t.gestor, now=NOW),
    "contact": lambda t, c: workflow.record_contact(c, reached=True, management="reclamo", needs_technician=True,
                                                    actor=t.fidelizacion, now=NOW),
    "quality_not": lambda t, c: workflow.quality_check(c, satisfied=False, causes="Sigue cortándose",
                                                       customer_informed=True, actor=t.calidad, now=NOW),
    "schedule": lambda t, c: workflow.schedule_visit(c, mode="tecnico_con_usm", visit_at=lp(28, 9),
                                                     technician_id=t.tecnico.id, actor=t.usm, now=NOW),
    "needs_technician": lambda t, c: workflow.record_solution(c, outcome="requiere_tecnico", note="Cambio de ONU",
                                                              actor=t.usm, now=NOW),
    "prioritise": lambda t, c: workflow.prioritise(c, technician_id=t.tecnico.id, actor=t.supervisor_co, now=NOW),
    "close": lambda t, c: workflow.close_work(c, work_order="OT-9", actor=t.operador, now=NOW),
    "remote": lambda t, c: workflow.record_solution(c, outcome="remota", satisfied=True, actor=t.usm, now=NOW),
    "on_visit": lambda t, c: workflow.record_solution(c, outcome="visita", note="Conector cambiado", actor=t.usm,
                                                      now=lp(28, 12)),  # the visit's day (28/11 09:00)
}
TECHNICIAN = ["needs_technician", "prioritise", "close"]
PATHS: dict[str, list[str]] = {
    "fidelización, técnico": ["to_fidelizacion", "contact", "schedule", *TECHNICIAN],
    "fidelización, remota": ["to_fidelizacion", "contact", "schedule", "remote"],
    "calidad, técnico": ["to_calidad", "quality_not", "schedule", *TECHNICIAN],
    "calidad, remota": ["to_calidad", "quality_not", "schedule", "remote"],
    "fidelización, solucionado en la visita": ["to_fidelizacion", "contact", "schedule", "on_visit"],
}


def test_every_path_passes_quality_control_before_closing(team: Team) -> None:
    for number, (path, steps) in enumerate(PATHS.items()):
        account = f"90{number}"
        load_reports([report(f"Q{account}-1", account, lp(23)), report(f"Q{account}-2", account, lp(25))],
                     team.gestor)
        generated = detection.generate_week(WEEK, actor=team.gestor, now=NOW)
        case_id = next(cid for cid in generated.case_ids if cases.load_case(cid, lock=False).customer_code == account)
        for name in ["send", "receive", "review_no", *steps]:
            STEP[name](team, case_id)
            if name == "schedule":  # the technician named at step 14 sees the visit at once
                assert case_id in [c.id for c in detection.work_queue(team.tecnico)], path
                assert case_id not in [c.id for c in detection.work_queue(team.tecnico2)], path
        case = cases.load_case(case_id, lock=False)
        # The attended order waits in the Coordinador de Calidad's daily list, not closed.
        assert (case.status, case.closed_at, case.satisfied) == ("control_calidad", None, None), path
        assert case_id in [c.id for c in detection.work_queue(team.calidad)], path
        workflow.quality_check(case_id, satisfied=True, actor=team.calidad, now=NOW)
        case = cases.load_case(case_id, lock=False)
        assert (case.status, case.closed_at, case.satisfied) == ("cerrado", NOW, True), path
        last_two = [(a.step, a.action) for a in detection.actions(case_id)][-2:]
        assert last_two == [(11, "pasa_control"), (11, "satisfecho")], path


def test_not_satisfied_after_the_work_goes_back_to_steps_12_and_13(team: Team) -> None:
    load_reports([report("N1", "N", lp(23)), report("N2", "N", lp(25))], team.gestor)
    case_id = detection.generate_week(WEEK, actor=team.gestor, now=NOW).case_ids[0]
    for name in ["send", "receive", "review_no", "to_fidelizacion", "contact", "schedule", *TECHNICIAN]:
        STEP[name](team, case_id)
    STEP["quality_not"](team, case_id)
    case = cases.load_case(case_id, lock=False)
    assert (case.status, case.closed_at) == ("programar_visita", None)
    assert [a.step for a in detection.actions(case_id)][-3:] == [11, 12, 13]
