"""The desk console (/desk) and the satisfaction survey tablet (/encuesta/<desk>).

The console's actions go through /api/v1/desks/… (api/desks.py) from static/desk/console.js; these views
only choose the desk, render the pages and answer the console's state.
"""

from __future__ import annotations

from flask import flash, g, jsonify, redirect, render_template, session, url_for

from api.body import flag, integer, json_body
from core import lookups
from core.errors import DomainError, Forbidden, Invalid
from core.tickets import console as state
from core.tickets import desks, survey
from desk.blueprint import bp
from desk.forms import DeskChoiceForm, SignOutForm
from web.access import actor, device_required, role_required

OPERATORS = ("agent", "supervisor")


def _my_desk() -> str | None:
    """The desk this session signed in at, while it is still this agent's."""
    code = session.get("desk")
    if not code:
        return None
    try:
        desk = lookups.desk(code)
    except DomainError:
        return None
    if desk.agent_id not in (None, actor().id) and not actor().has_role("supervisor"):
        return None
    return desk.code


@bp.get("/desk")
@role_required(*OPERATORS)
def console():
    code = _my_desk()
    if code is None:
        form = DeskChoiceForm()
        form.desk.choices = [(d.code, d.name) for d in state.active_desks()]
        return render_template("desk/choose.html", form=form)
    return render_template("desk/console.html", desk=state.desk_state(code), targets=state.transfer_targets(),
                           sign_out=SignOutForm(), outcomes=OUTCOMES)


@bp.post("/desk/sign-in")
@role_required(*OPERATORS)
def sign_in():
    form = DeskChoiceForm()
    form.desk.choices = [(d.code, d.name) for d in state.active_desks()]
    if not form.validate_on_submit():
        flash("Elija un mesón de la lista.", "error")
        return redirect(url_for("desk.console"))
    try:
        desk = desks.sign_in(form.desk.data, actor=actor())
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("desk.console"))
    session["desk"] = desk.code
    return redirect(url_for("desk.console"))


@bp.post("/desk/sign-out")
@role_required(*OPERATORS)
def sign_out():
    code = _my_desk()
    if SignOutForm().validate_on_submit() and code:
        try:
            desks.sign_out(code, actor=actor())
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for("desk.console"))
    session.pop("desk", None)
    return redirect(url_for("desk.console"))


@bp.get("/desk/state")
@role_required(*OPERATORS)
def desk_state():
    code = _my_desk()
    if code is None:
        raise Forbidden("Elija su mesón antes de operar.", code="no_desk")
    return jsonify(state.desk_state(code))


@bp.get("/encuesta/<desk>")
@device_required("survey", staff_roles=("supervisor",))
def survey_page(desk: str):
    found = lookups.desk(desk)
    device = g.get("device")
    if device is not None and device.desk_id != found.id:
        raise Forbidden("Esta tableta pertenece a otro mesón.")
    return render_template("desk/survey.html", desk=found, question=survey.QUESTION)


@bp.post("/encuesta/<desk>/respuesta")
@device_required("survey", staff_roles=("supervisor",))
def survey_answer(desk: str):
    data = json_body()
    score = data.get("score")
    if score is not None and (isinstance(score, bool) or not isinstance(score, int)):
        raise Invalid("La calificación debe ser un número del 1 al 5.", code="invalid_score")
    answer = survey.record_answer(integer(data, "ticket"), satisfied=flag(data, "satisfied", None), score=score,
                                  source="tablet", desk=desk, actor=actor())
    return jsonify({"ticket": answer.ticket_id, "satisfied": answer.satisfied, "score": answer.score}), 201


# Suggested outcomes for *Finalizar* (free text is accepted too).
OUTCOMES = ("Trámite concluido", "Información brindada", "Requisitos incompletos", "Derivado a otra unidad",
            "Reclamo registrado")
