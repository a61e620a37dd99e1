"""`flask --app wsgi import-accounts FILE`: the Smartflex account export, all or nothing."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from cli.output import fail
from core.accounts import account_import
from core.actors import SYSTEM
from core.errors import DomainError


@click.command("import-accounts")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False))
def import_accounts_command(file: str) -> None:
    """Importa cuentas de Smartflex (CSV o XLSX). Si una fila tiene errores, no se importa nada."""
    try:
        report = account_import.import_file(file, actor=SYSTEM)
    except DomainError as error:
        fail(error)
    click.echo(f"Cuentas importadas: {report.rows} filas ({report.created} nuevas, {report.updated} actualizadas, "
               f"{report.unchanged} sin cambios).")
