"""The desk picker: the agent chooses where they sit; the PC remembers it (static/desk/console.js)."""

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.validators import DataRequired


class DeskChoiceForm(FlaskForm):
    desk = SelectField("Mesón", validators=[DataRequired(message="Elija un mesón.")])
    submit = SubmitField("Abrir mesón")


class SignOutForm(FlaskForm):
    submit = SubmitField("Cambiar de mesón")
