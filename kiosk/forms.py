"""Forms of the kiosk area (CSRF through Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import DataRequired, Optional

SCORES = [(str(n), str(n)) for n in range(1, 6)]


class SurveyForm(FlaskForm):
    satisfied = RadioField(_l("¿Quedó satisfecho con la atención e información recibida?"),
                           choices=[("si", _l("Sí")), ("no", _l("No"))], validators=[DataRequired()])
    score = RadioField(_l("Calificación (opcional)"), choices=SCORES, validators=[Optional()], validate_choice=False)

    def score_value(self) -> int | None:
        value = self.score.data
        return int(value) if value and str(value).isdigit() and 1 <= int(value) <= 5 else None
