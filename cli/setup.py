"""Top-level `flask --app wsgi …` commands. Each parses, calls the same core function as the API, prints."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from cli import demo_credentials
from cli.output import fail
from core import clock
from core.actors import Actor, console
from core.errors import DomainError, Invalid
from core.org import seed as seeding
from core.people import management, users
from core.roles import described, unknown_roles


def _terminal() -> bool:
    """Whether a password can be asked for: getpass reads /dev/tty, and without one (cron, systemd, a pipe with
    no controlling terminal) falls back to an echoed stdin with an English GetPassWarning."""
    try:
        os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
    except OSError:
        return False
    return True


def _ask_password() -> str:
    """Asked twice, hidden; click's own confirmation and Ctrl-C answer in English."""
    try:
        password = click.prompt("Contraseña", hide_input=True)
        again = click.prompt("Repita la contraseña", hide_input=True)
    except click.Abort:
        fail(Invalid("Cancelado: no se creó el usuario."))
    if again != password:
        fail(Invalid("Las dos contraseñas no coinciden: no se creó el usuario.", code="password_mismatch"))
    return password


def _console() -> Actor:
    """The change log's «who» for a command run on the server: its system login."""
    return console(getpass.getuser())


@click.command("seed")
@with_appcontext
@click.option("--demo", is_flag=True,
              help="Añade folletos, directorio, cuentas, usuarios y dispositivos de demostración.")
@click.option("--no-list", is_flag=True, hidden=True,
              help="No lista las credenciales nuevas (`make run` las muestra en su resumen).")
def seed_command(demo: bool, no_list: bool) -> None:
    """Carga el catálogo COM-DSC-P01, colas, mesones y salas de espera (idempotente)."""
    if demo and not current_app.config.get("DEMO_DATA"):
        fail(Invalid("No se cargan datos de demostración en producción (TURNERO_ENV no es «development»): "
                     "crearían usuarios, entre ellos un administrador, con contraseñas escritas en un archivo, "
                     "cuentas de clientes inventadas y casos Top 10 falsos. Use `flask --app wsgi seed` sin "
                     "--demo, y `create-user` para el personal."))
    try:
        report = seeding.seed(current_app.config["BRANCH_CODE"], actor=_console())
    except DomainError as error:  # e.g. a start-up catalogue file with a mistake, named in Spanish
        fail(error)
    if demo:
        seeding.seed_demo(report, actor=_console())
    created = ", ".join(f"{name}: {count}" for name, count in sorted(report.created.items())) or "nada nuevo"
    click.echo(f"Semilla cargada ({created}).")
    if report.credentials or report.device_tokens:
        lines = {f"usuario {u}": f"contraseña {p}  rol {r}" for u, p, r in report.credentials}
        lines |= {f"dispositivo {k} {n}": f"token {t}" for k, n, t in report.device_tokens}
        path = demo_credentials.save(Path(current_app.instance_path), lines)
        click.echo(f"Credenciales de demostración nuevas, guardadas en {path} (solo legible por su dueño)"
                   + ("." if no_list else ":"))
        if not no_list:
            for key, value in lines.items():
                click.echo(f"  {key}  {value}")


@click.command("create-user")
@with_appcontext
@click.argument("name")
@click.option("--role", "roles", multiple=True, help=f"Rol del usuario (puede repetirse): {described()}.")
@click.option("--full-name", default="", help="Nombre completo.")
@click.option("--password-stdin", is_flag=True, help="Lee la contraseña de la entrada estándar.")
def create_user_command(name: str, roles: tuple[str, ...], full_name: str, password_stdin: bool) -> None:
    """Crea un usuario del personal. La contraseña se pide (nunca va en la línea de comandos)."""
    # Checked here, not by click.Choice: its error is English and lists the codes without their names.
    if not roles:
        fail(Invalid(f"Indique el rol con --role (puede repetirse). Roles: {described()}.", code="roles_required"))
    if unknown := unknown_roles(roles):
        fail(Invalid(f"Rol desconocido: {', '.join(f'«{role}»' for role in unknown)}. Roles: {described()}.",
                     code="unknown_role"))
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not _terminal():
        fail(Invalid("No hay una terminal donde pedir la contraseña. Pásela por la entrada estándar con "
                     "--password-stdin, p. ej.: printf '%s\\n' \"$CLAVE\" | flask --app wsgi create-user "
                     f"{name} {' '.join(f'--role {role}' for role in roles)} --password-stdin", code="no_terminal"))
    else:
        password = _ask_password()
    if not password:  # an empty one would be generated and never shown
        fail(Invalid(f"La contraseña debe tener al menos {users.MIN_PASSWORD} caracteres.", code="weak_password"))
    try:
        management.create_user(name, full_name=full_name, roles=list(roles), password=password, actor=_console())
    except DomainError as error:
        fail(error)
    click.echo(f"Usuario «{name}» creado con rol {', '.join(roles)}.")


@click.command("create-token")
@with_appcontext
@click.argument("name")
def create_token_command(name: str) -> None:
    """Imprime un token de API nuevo para ese usuario (se muestra una sola vez)."""
    try:
        click.echo(management.create_api_token(name, actor=_console()))
    except DomainError as error:
        fail(error)


@click.command("list-tokens")
@with_appcontext
@click.argument("name")
def list_tokens_command(name: str) -> None:
    """Lista los tokens de API de ese usuario (número, creación, estado); el token mismo no se guarda."""
    try:
        rows = users.list_tokens(name)
    except DomainError as error:
        fail(error)
    if not rows:
        click.echo(f"«{name}» no tiene tokens de API.")
    for row in rows:
        state = f"revocado {clock.iso(row.revoked_at)}" if row.revoked_at else "vigente"
        click.echo(f"{row.id}  creado {clock.iso(row.created_at)}  {state}")


@click.command("revoke-token")
@with_appcontext
@click.argument("token_id", type=int)
def revoke_token_command(token_id: int) -> None:
    """Revoca el token de API con ese número (ver list-tokens): deja de servir y se desconecta al instante."""
    try:
        management.revoke_any_token(token_id, actor=_console())
    except DomainError as error:
        fail(error)
    click.echo(f"Token n.º {token_id} revocado.")


@click.command("create-device")
@with_appcontext
@click.argument("kind", type=click.Choice(["kiosk", "panel", "printer", "survey"]))
@click.option("--name", required=True, help="Nombre único del dispositivo.")
@click.option("--area", default=None, help="Sala de espera del panel (PLAT, MEZ o ALL).")
@click.option("--desk", default=None, help="Mesón de la tableta de encuesta.")
def create_device_command(kind: str, name: str, area: str | None, desk: str | None) -> None:
    """Registra un kiosco, panel, impresora o tableta de encuesta e imprime su token."""
    try:
        _device, token = management.create_device(kind, name, area=area or "", desk=desk or "", actor=_console())
    except DomainError as error:
        fail(error)
    click.echo(token)

