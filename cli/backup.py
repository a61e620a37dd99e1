"""`flask backup FILE` and `flask restore FILE`: the whole database, SQLite or PostgreSQL (core/backup.py)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from cli.confirm import confirm
from cli.output import fail
from core import backup, restore_checks
from core.errors import DomainError, Invalid
from core.extensions import db


@click.command("backup")
@with_appcontext
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(target: Path) -> None:
    """Respalda toda la base de datos en ARCHIVO (solo legible por su dueño), con el sistema en marcha."""
    try:
        written = backup.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], target)
    except DomainError as error:
        fail(error)
    click.echo(f"Respaldo escrito en {written}.")


@click.command("restore")
@with_appcontext
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="No preguntar (scripts).")
@click.option("--force", is_flag=True,
              help="Restaurar aunque parezca que otro proceso usa la base de datos (solo si sabe que ya se detuvo).")
def restore_command(source: Path, yes: bool, force: bool) -> None:
    """Reemplaza la base de datos por el respaldo ARCHIVO. Detenga antes todas las instancias."""
    try:
        backup.existing(source)
    except DomainError as error:
        fail(error)
    running = restore_checks.still_running()
    if running and not force:
        fail(Invalid("No se restaura: otros procesos siguen usando esta base de datos y, después, volverían a dar "
                     "números de ficha ya entregados.", details=[*running, "Deténgalos y vuelva a ejecutar "
                     "`flask --app wsgi restore`; --force solo si sabe que ya se detuvieron."]))
    for warning in restore_checks.losses(source):
        click.echo(f"Atención: {warning}", err=True)
    if not yes:
        confirm("Se reemplazarán todos los datos actuales por los del respaldo. ¿Continuar?")
    db.session.remove()
    db.engine.dispose()  # no connection of this process may hold the tables the restore replaces
    try:
        backup.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except DomainError as error:
        fail(error)
    click.echo(f"Base de datos restaurada desde {source}. Si el respaldo es de una versión anterior, "
               "ejecute `flask --app wsgi db upgrade` antes de iniciar el sistema.")
