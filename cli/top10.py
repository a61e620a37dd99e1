"""`flask --app wsgi import-damage-reports FILE` and `import-cancellations FILE`: Smartflex exports for the
Top 10 follow-up, all or nothing (exit status 1 and the row errors on rejection)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from cli.output import fail
from core import clock
from core.actors import SYSTEM
from core.errors import DomainError
from core.top10 import report_import


def _run(kind: str, file: str) -> None:
    try:
        result = report_import.import_file(kind, file, actor=SYSTEM, now=clock.now())
    except DomainError as error:
        fail(error)
    click.echo(f"{report_import.IMPORTED[kind]}: {result.summary()}")


@click.command("import-damage-reports")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False))
def import_damage_reports_command(file: str) -> None:
    """Importa reportes de daño de Smartflex (CSV o XLSX). Si una fila tiene errores, no se importa nada."""
    _run("damage_reports", file)


@click.command("import-cancellations")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False))
def import_cancellations_command(file: str) -> None:
    """Importa bajas de productos de Smartflex (CSV o XLSX). Si una fila tiene errores, no se importa nada."""
    _run("cancellations", file)
