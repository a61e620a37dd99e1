"""The ticket's live status page (/t/<token>), reached from the QR code: no login, no personal data."""

from flask import flash, jsonify, redirect, render_template, url_for

from core import clock, lookups
from core.errors import NotFound
from core.tickets import attentions, engine, serialize, states, survey
from kiosk.blueprint import bp, qr_svg
from kiosk.forms import SurveyForm, take_answer
from web.urls import public_base_url


@bp.get("/t/<token>")
def status(token: str):
    """The customer's page; a wrong or expired link gets a customer page in Spanish (404), never a login."""
    try:
        ticket = lookups.ticket_by_token(token)
    except NotFound:
        return render_template("kiosk/status_missing.html", expired=False), 404
    if states.expired(ticket.status, ticket.day, clock.business_day()):
        return render_template("kiosk/status_missing.html", expired=True, number=ticket.label), 404
    answered = survey.answer_for(ticket.id) is not None
    attention = attentions.of_ticket(ticket)
    return render_template("kiosk/status.html", ticket=serialize.public_ticket(ticket, public_base_url()), token=token,
                           form=SurveyForm(), answered=answered, question=survey.QUESTION,
                           p01=attention is not None, p01_answered=attentions.answer_for(attention) is not None,
                           p01_question=attentions.QUESTION)


@bp.get("/t/<token>/estado")
def status_json(token: str):
    """A fresh copy of the status, asked for when the queue moved (`position_changed`) or after reconnecting."""
    ticket = lookups.ticket_by_token(token)
    return jsonify(survey.customer_status(ticket, public_base_url()))


@bp.get("/t/<token>/qr.svg")
def status_qr(token: str):
    ticket = lookups.ticket_by_token(token)
    return qr_svg(serialize.public_ticket(ticket, public_base_url())["status_url"])


@bp.post("/t/<token>/encuesta")
def status_survey(token: str):
    """The desk-service question, answered on the phone once the ticket is done (one answer per ticket)."""
    ticket = lookups.ticket_by_token(token)
    return take_answer(url_for("kiosk.status", token=token), "#encuesta",
                       lambda form, satisfied: survey.record_answer(ticket.id, satisfied=satisfied,
                                                                    score=form.score_value(), source="status_page"))


@bp.post("/t/<token>/informacion")
def status_p01(token: str):
    """The P01 question (reception's information and routing), open from the moment the ticket is issued."""
    return take_answer(url_for("kiosk.status", token=token), "#informacion",
                       lambda _form, satisfied: attentions.answer(satisfied=satisfied, source="status_page",
                                                                   token=token))


@bp.post("/t/<token>/anular")
def status_cancel(token: str):
    """«Ya no necesito mi turno» (the rule: engine.cancel_by_customer). A refusal is flashed on the page by the
    app's error handler, like every refused form."""
    engine.cancel_by_customer(token)
    flash("Su ficha fue anulada. ¡Gracias por avisarnos!", "info")
    return redirect(url_for("kiosk.status", token=token))
