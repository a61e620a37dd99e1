"""Forms of the kiosk area (CSRF through Flask-WTF)."""

from collections.abc import Callable

from flask import flash, redirect, request
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response


class SurveyForm(FlaskForm):
    """The P01 question on the status page: two submit buttons (Sí / No) and an optional 1–5 score."""

    def satisfied_value(self) -> bool | None:
        return {"si": True, "no": False}.get(request.form.get("satisfied", ""))

    def score_value(self) -> int | None:
        value = request.form.get("score", "")
        return int(value) if value in {"1", "2", "3", "4", "5"} else None


def take_answer(back: str, anchor: str, record: Callable[[SurveyForm, bool], object]) -> Response:
    """A «Sí/No» question posted from a customer page (status page, slip link): without a choice it goes back
    with the reason; otherwise `record(form, satisfied)` stores it and the customer is thanked at `anchor`."""
    form = SurveyForm()
    satisfied = form.satisfied_value()
    if not form.validate_on_submit() or satisfied is None:
        flash("Elija «Sí» o «No» para responder.", "error")
        return redirect(back)
    record(form, satisfied)
    flash("¡Gracias por su respuesta!", "info")
    return redirect(back + anchor)
