"""`flask --app wsgi import-accounts FILE`, `import-damage-reports FILE`, `import-cancellations FILE`: Smartflex
exports through the one import engine, all or nothing (exit status 1 and the row errors on rejection); and
`import-folder`, the scheduled Top 10 import of every new file in TOP10_IMPORT_DIR."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from cli.output import fail
from core import clock
from core.accounts.account_import import ACCOUNTS
from core.actors import SYSTEM
from core.errors import DomainError
from core.imports import engine, folder
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


@click.command("import-folder")
@with_appcontext
def import_folder_command() -> None:
    """Importa los reportes de daño y bajas nuevos de TOP10_IMPORT_DIR (para cron o un temporizador de systemd).

    Cada archivo de reportes/ o bajas/ se importa entero o nada y pasa a procesados/ o rechazados/; el
    historial de importaciones lo muestra. Si otra importación de carpeta está en curso (en este u otro servidor),
    no hace nada."""
    try:
        outcomes = folder.import_folder()
    except folder.Busy as busy:
        click.echo(f"Otra importación de carpeta está en curso ({busy.holder or 'otro proceso'}): no se hizo nada.")
        return
    except DomainError as error:
        fail(error)
    if not outcomes:
        click.echo("No hay archivos nuevos.")
    for outcome in outcomes:
        click.echo(f"{outcome.filename} ({outcome.kind}): {outcome.message} → {outcome.moved_to.parent.name}/")
    rejected = sum(1 for outcome in outcomes if not outcome.ok)
    if rejected:
        raise click.ClickException(f"{rejected} de {len(outcomes)} archivos rechazados: vea rechazados/ y el "
                                   "historial de importaciones.")
