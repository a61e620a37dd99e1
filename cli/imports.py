"""`flask --app wsgi import-accounts FILE`, `import-damage-reports FILE`, `import-cancellations FILE`: Smartflex
exports through the one import engine, all or nothing (exit status 1 and the row errors on rejection)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from cli.output import fail
from core import clock
from core.accounts.account_import import ACCOUNTS
from core.actors import SYSTEM
from core.errors import DomainError
from core.imports import engine
from core.top10.report_import import CANCELLATIONS, DAMAGE_REPORTS


def _run(kind: engine.Kind, file: str) -> None:
    try:
        result = engine.import_file(kind, file, actor=SYSTEM, now=clock.now())
    except DomainError as error:
        fail(error)
    click.echo(result.message())


@click.command("import-accounts")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False))
def import_accounts_command(file: str) -> None:
    """Importa cuentas de Smartflex (CSV o XLSX). Si una fila tiene errores, no se importa nada."""
    _run(ACCOUNTS, file)


@click.command("import-damage-reports")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False))
def import_damage_reports_command(file: str) -> None:
    """Importa reportes de daño de Smartflex (CSV o XLSX). Si una fila tiene errores, no se importa nada."""
    _run(DAMAGE_REPORTS, file)


@click.command("import-cancellations")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False))
def import_cancellations_command(file: str) -> None:
    """Importa bajas de productos de Smartflex (CSV o XLSX). Si una fila tiene errores, no se importa nada."""
    _run(CANCELLATIONS, file)
