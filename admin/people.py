"""Admin → users (roles, disable, password reset) and devices (kiosk, panel, printer, survey tablet tokens).

Admin role only. A new password or token is shown once, in the answer to the POST that made it (never in a
flash message: the session cookie is signed, not encrypted), and the page is marked not to be cached.
"""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from sqlalchemy import select

from admin import forms
from admin.blueprint import bp, section
from core.errors import DomainError
from core.extensions import db
from core.models import Desk, Device, User, WaitingArea
from core.org.desk_names import desk_subject
from core.people import management
from core.printing import print_queue
from core.roles import ADMINS, ROLES
from core.tickets import desk_shifts
from core.top10 import centres
from web.access import actor, role_required
from web.urls import public_base_url

section("admin.users", "Usuarios")
section("admin.devices", "Dispositivos")


def _once(**context: object):
    response = make_response(render_template("admin/secret.html", **context))
    response.headers["Cache-Control"] = "no-store"
    return response


# --- users ---------------------------------------------------------------------------------------------

def _centres() -> list[tuple[str, str]]:
    """The Centros de Operaciones a user may be given: those the damage reports and users name so far."""
    return [(name, name) for name in centres.known()]


@bp.get("/usuarios")
@role_required(*ADMINS)
def users():
    return render_template("admin/users.html", users=management.user_list(), roles=ROLES,
                           active_tokens=management.active_token_counts())


@bp.route("/usuarios/nuevo", methods=["GET", "POST"])
@role_required(*ADMINS)
def user_new():
    if request.method == "POST":
        try:
            user, password = management.create_user(
                forms.text("username"), full_name=forms.text("full_name"), roles=forms.many("roles"),
                password=request.form.get("password") or None, actor=actor(),
                operations_centre=forms.text("operations_centre"))
        except DomainError as error:  # re-render with what was typed, not a redirect that would lose it
            return forms.refill(error, "admin/user_edit.html", user=None, roles=ROLES, centres=_centres())
        return _once(title=f"Usuario «{user.username}» creado", secret_label="Contraseña", secret=password,
                     note="Entréguela a la persona: no se volverá a mostrar.", back=url_for("admin.users"))
    return render_template("admin/user_edit.html", user=None, roles=ROLES, values=forms.values(),
                           centres=_centres())


@bp.route("/usuarios/<int:user_id>", methods=["GET", "POST"])
@role_required(*ADMINS)
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    if request.method == "POST":
        signs_out = management.takes_a_role_away(user, forms.many("roles"))
        try:
            management.update_user(user_id, full_name=forms.text("full_name"), roles=forms.many("roles"),
                                   operations_centre=forms.text("operations_centre"), actor=actor())
        except DomainError as error:  # re-render with what was typed, not a redirect that would lose it
            return forms.refill(error, "admin/user_edit.html", user=user, roles=ROLES, centres=_centres())
        flash(f"Usuario «{user.username}» actualizado." + (" Se le quitó un rol: sus pantallas abiertas se cerraron "
                                                           "y debe volver a identificarse." if signs_out else ""), "ok")
        return redirect(url_for("admin.users"))
    values = forms.values(username=user.username, full_name=user.full_name, roles=sorted(user.roles),
                          operations_centre=user.operations_centre)
    return render_template("admin/user_edit.html", user=user, roles=ROLES, values=values,
                           tokens=management.user_tokens(user.id), centres=_centres())


@bp.post("/usuarios/<int:user_id>/tokens/<int:token_id>/revocar")
@role_required("admin")
def user_token_revoke(user_id: int, token_id: int):
    try:
        management.revoke_token(user_id, token_id, actor=actor())
        flash(f"Token n.º {token_id} revocado.", "ok")
    except DomainError as error:
        flash(error.message, "error")
    return redirect(url_for("admin.user_edit", user_id=user_id))


@bp.post("/usuarios/<int:user_id>/estado")
@role_required(*ADMINS)
def user_active(user_id: int):
    user = management.set_active(user_id, forms.flag("active"), actor=actor())
    flash(f"Usuario «{user.username}» {'activado' if user.active else 'desactivado'}.", "ok")
    _warn_kept_desks(user)
    return redirect(url_for("admin.users"))


def _warn_kept_desks(user: User) -> None:
    """Signing a user out closes their desks, except one with a customer still at it: say which, and who may end it."""
    for desk in desk_shifts.with_customer(user.id):
        flash(f"{desk_subject(desk.name)} sigue a nombre de «{user.username}»: tiene una ficha activa. Un supervisor "
              "puede finalizarla o transferirla desde ese mesón.", "error")


@bp.post("/usuarios/<int:user_id>/clave")
@role_required(*ADMINS)
def user_password(user_id: int):
    user, password = management.reset_password(user_id, request.form.get("password") or None, actor=actor())
    _warn_kept_desks(user)
    return _once(title=f"Nueva contraseña de «{user.username}»", secret_label="Contraseña", secret=password,
                 note="La anterior ya no sirve. Entréguela a la persona: no se volverá a mostrar.",
                 back=url_for("admin.users"))


# --- devices -------------------------------------------------------------------------------------------

def _start_url(device: Device, token: str) -> str | None:
    """The address to open once on the device; it remembers itself afterwards."""
    if device.kind == "kiosk":
        path = url_for("kiosk.kiosk", token=token)
    elif device.kind == "panel":
        path = url_for("display.panel", area=device.area.code if device.area else "ALL", token=token)
    elif device.kind == "survey" and device.desk is not None:
        path = url_for("desk.survey_page", desk=device.desk.code, token=token)
    else:
        return None
    return public_base_url() + path


def _device_once(device: Device, token: str, title: str):
    url = _start_url(device, token)
    note = ("Abra esta dirección una vez en el equipo; después se recuerda sola." if url else
            "Configure este token en el equipo (cabecera «Authorization: Bearer …»).")
    if device.kind == "kiosk" and print_queue.printer_for_device(device.id) is None:
        # Without one the new kiosk greets every customer with «La impresora no está disponible».
        note += " Asígnele una impresora en Administración → Impresoras: sin ella no imprime las fichas."
    return _once(title=title, secret_label="Token", secret=token, start_url=url, note=note,
                 back=url_for("admin.devices"))


def _device_context() -> dict:
    areas = db.session.scalars(select(WaitingArea).order_by(WaitingArea.code))
    desks = db.session.scalars(select(Desk).where(Desk.active.is_(True)).order_by(Desk.code))
    return {"kind_options": list(management.DEVICE_LABELS.items()),
            "area_options": [("ALL", "Todas las salas"), *((a.code, a.name) for a in areas)],
            "desk_options": [(d.code, d.name) for d in desks]}


@bp.get("/dispositivos")
@role_required(*ADMINS)
def devices():
    return render_template("admin/devices.html", devices=management.device_list(),
                           kinds=management.DEVICE_LABELS)


@bp.route("/dispositivos/nuevo", methods=["GET", "POST"])
@role_required(*ADMINS)
def device_new():
    if request.method == "POST":
        try:
            device, token = management.create_device(forms.text("kind"), forms.text("name"),
                                                       area=forms.text("area"), desk=forms.text("desk"),
                                                       actor=actor())
        except DomainError as error:  # re-render with what was typed, not a redirect that would lose it
            return forms.refill(error, "admin/device_edit.html", **_device_context())
        return _device_once(device, token, f"Dispositivo «{device.name}» registrado")
    return render_template("admin/device_edit.html", values=forms.values(kind="kiosk"), **_device_context())


@bp.post("/dispositivos/<int:device_id>/token")
@role_required(*ADMINS)
def device_rotate(device_id: int):
    device, token = management.rotate_token(device_id, actor=actor())
    return _device_once(device, token, f"Nuevo token de «{device.name}»")


@bp.post("/dispositivos/<int:device_id>/revocar")
@role_required(*ADMINS)
def device_revoke(device_id: int):
    device = management.revoke(device_id, actor=actor())
    flash(f"El dispositivo «{device.name}» ya no tiene acceso.", "ok")
    return redirect(url_for("admin.devices"))
