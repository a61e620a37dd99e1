from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from auth.blueprint import bp
from auth.forms import LoginForm
from core.actors import Actor
from core.extensions import limiter
from core.people import users
from core.tickets import desk_shifts
from web.access import may_open

# A person starts on the first of these pages their roles open (web/access.py `may_open`).
HOMES = ("admin.index", "kiosk.reception", "desk.console", "admin.top10_index")


def _home() -> str:
    return url_for(next((endpoint for endpoint in HOMES if may_open(endpoint)), "admin.index"))


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc and target.startswith("/") else None


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_home())
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(form.username.data, form.password.data)
        if user is None:
            flash("Usuario o contraseña incorrectos.", "error")
        else:
            device = {key: session[key] for key in ("device_id", "device_version") if key in session}
            session.clear()  # a fresh session on sign-in (no fixation)
            session.update(device)
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or _home())
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    # Each desk in the agent's name closes, unless a customer is still at it.
    for desk in desk_shifts.release_agent(current_user.id, Actor.of_user(current_user)):
        flash(f"El mesón {desk.name} sigue abierto: tiene una ficha activa. Vuelva a entrar y finalícela o "
              "transfiérala.", "error")
    users.sign_out(current_user.id)  # every session of this user ends, on every PC
    logout_user()
    flash("Sesión cerrada.", "info")
    return redirect(url_for("auth.login"))


@bp.get("/")
def root():
    return redirect(_home() if current_user.is_authenticated else url_for("auth.login"))
