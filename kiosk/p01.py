"""The P01 question from the short link (QR) on the brochure and the directions slip (/i/<token>): no login,
no personal data, one answer per attention. The status page asks the same question for ticket holders."""

from flask import flash, redirect, render_template, url_for

from core.tickets import attentions
from kiosk.blueprint import bp
from kiosk.forms import SurveyForm


@bp.get("/i/<token>")
def p01_question(token: str):
    attention = attentions.by_token(token)
    data = attentions.public(attention)
    return render_template("kiosk/p01.html", attention=data, answered=data["answered"], form=SurveyForm(),
                           question=attentions.QUESTION, action=url_for("kiosk.p01_answer", token=token))


@bp.post("/i/<token>")
def p01_answer(token: str):
    form = SurveyForm()
    satisfied = form.satisfied_value()
    if not form.validate_on_submit() or satisfied is None:
        flash("Elija «Sí» o «No» para responder.", "error")
        return redirect(url_for("kiosk.p01_question", token=token))
    attentions.answer(satisfied=satisfied, source="slip", token=token)
    flash("¡Gracias por su respuesta!", "info")
    return redirect(url_for("kiosk.p01_question", token=token) + "#informacion")
