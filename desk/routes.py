"""The desk console (/desk) and the satisfaction survey tablet (/encuesta/<desk>).

The console's actions go through /api/v1/desks/… (api/desks.py) from static/desk/console.js; these views
only choose the desk, render the pages and answer the console's state.
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, session, url_for

from api.body import integer, json_body
from core.errors import Forbidden
from core.reporting import emergency
from core.roles import DESK_OPERATORS, SUPERVISORS
from core.tickets import console as state
from core.tickets import desk_choice, desk_shifts, survey
from desk.blueprint import bp
from desk.forms import DeskChoiceForm, SignOutForm
from web.access import actor, device_required, role_required


@bp.get("/desk")
@role_required(*DESK_OPERATORS)
def console():
    code = desk_shifts.signed_in_desk(session.get("desk"), actor())
    if code is None:
        form = DeskChoiceForm()
        choices = desk_choice.desk_choices(actor())
        form.desk.choices = [_option(choice) for choice in choices]
        # A desk still in their name with a customer at it is the only one they may open (desk_shifts.ensure_operator):
        # offered first, with why, instead of this PC's last choice.
        busy = next(iter(desk_shifts.with_customer(actor().id)), None)
        if busy is not None:
            form.desk.data = busy.code
        taken = any(not choice.may_open for choice in choices)
        return render_template("desk/choose.html", form=form, busy=busy, taken=taken)
    return render_template("desk/console.html", desk=state.desk_state(code), targets=state.transfer_targets(),
                           sign_out=SignOutForm(), outcomes=OUTCOMES, emergency=emergency.enabled())


def _option(choice: desk_choice.DeskChoice) -> tuple[str, str, dict[str, bool]]:
    """A desk someone else holds says who, and is not offered unless this person may cover it (a supervisor)."""
    label = choice.name if choice.holder is None else f"{choice.name} — ocupado por {choice.holder}"
    return choice.code, label, {} if choice.may_open else {"disabled": True}


@bp.post("/desk/sign-in")
@role_required(*DESK_OPERATORS)
def sign_in():
    form = DeskChoiceForm()
    form.desk.choices = [(choice.code, choice.name) for choice in desk_choice.desk_choices(actor())]
    if not form.validate_on_submit():
        flash("Elija un mesón de la lista.", "error")
        return redirect(url_for("desk.console"))
    session["desk"] = desk_shifts.sign_in(form.desk.data, actor=actor()).code
    return redirect(url_for("desk.console"))


@bp.post("/desk/sign-out")
@role_required(*DESK_OPERATORS)
def sign_out():
    code = desk_shifts.signed_in_desk(session.get("desk"), actor())
    if SignOutForm().validate_on_submit() and code:
        desk_shifts.sign_out(code, actor=actor())
    session.pop("desk", None)
    return redirect(url_for("desk.console"))


@bp.get("/desk/state")
@role_required(*DESK_OPERATORS)
def desk_state():
    code = desk_shifts.signed_in_desk(session.get("desk"), actor())
    if code is None:
        raise Forbidden("Elija su mesón antes de operar.", code="no_desk")
    return jsonify(state.desk_state(code))


@bp.get("/desk/destinos")
@role_required(*DESK_OPERATORS)
def transfer_targets():
    """Read again as the transfer dialog opens: desks open and close all day, the page was loaded this morning."""
    return jsonify(state.transfer_targets())


@bp.get("/encuesta/<desk>")
@device_required("survey", staff_roles=SUPERVISORS)
def survey_page(desk: str):
    return render_template("desk/survey.html", desk=survey.desk_for(actor(), desk), question=survey.QUESTION)


@bp.post("/encuesta/<desk>/respuesta")
@device_required("survey", staff_roles=SUPERVISORS)
def survey_answer(desk: str):
    data = json_body()
    found = survey.desk_for(actor(), desk)
    answer = survey.record_answer(integer(data, "ticket"), satisfied=data.get("satisfied"), score=data.get("score"),
                                  source="tablet", desk=found.code, actor=actor())
    return jsonify({"ticket": answer.ticket_id, "satisfied": answer.satisfied, "score": answer.score}), 201


# Suggested outcomes for *Finalizar* (free text is accepted too).
OUTCOMES = ("Trámite concluido", "Información brindada", "Requisitos incompletos", "Derivado a otra unidad",
            "Reclamo registrado")
