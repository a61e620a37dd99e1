"""The P01 question from the short link (QR) on the brochure and the directions slip (/i/<token>), and on the
kiosk's screen for a customer told what to settle first: no login, no personal data, one answer per attention. The
status page asks the same question for ticket holders."""

from flask import render_template, url_for

from core.errors import NotFound
from core.tickets import attentions
from kiosk.blueprint import bp, qr_svg
from kiosk.forms import SurveyForm, take_answer
from web.urls import public_base_url


@bp.get("/i/<token>")
def p01_question(token: str):
    """The topic, what the slip said about it (requirements, or where the place is) and the question. A wrong link
    gets a customer page in Spanish (404), as /t/ does, never the staff error page."""
    try:
        attention = attentions.by_token(token)
    except NotFound:
        return render_template("kiosk/status_missing.html", slip=True), 404
    data = attentions.public(attention)
    return render_template("kiosk/p01.html", attention=data, answered=data["answered"], form=SurveyForm(),
                           question=attentions.QUESTION, action=url_for("kiosk.p01_answer", token=token))


@bp.post("/i/<token>")
def p01_answer(token: str):
    return take_answer(url_for("kiosk.p01_question", token=token), "#informacion",
                       lambda _form, satisfied: attentions.answer(satisfied=satisfied, source="slip", token=token))


@bp.get("/i/<token>/qr.svg")
def p01_qr(token: str):
    """The QR of the attention's short link, for the kiosk's screen (the slip prints its own)."""
    return qr_svg(attentions.survey_url(attentions.by_token(token), public_base_url()))
