from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField("Usuario", validators=[DataRequired(message="Ingrese su usuario."), Length(max=64)])
    password = PasswordField("Contraseña", validators=[DataRequired(message="Ingrese su contraseña.")])
    submit = SubmitField("Ingresar")
