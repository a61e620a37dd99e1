"""Forms of the kiosk area (CSRF through Flask-WTF)."""

from flask import request
from flask_wtf import FlaskForm


class SurveyForm(FlaskForm):
    """The P01 question on the status page: two submit buttons (Sí / No) and an optional 1–5 score."""

    def satisfied_value(self) -> bool | None:
        return {"si": True, "no": False}.get(request.form.get("satisfied", ""))

    def score_value(self) -> int | None:
        value = request.form.get("score", "")
        return int(value) if value in {"1", "2", "3", "4", "5"} else None
