"""Printing commands: `print-test PRINTER`, `print-health [PRINTER]`, `print-worker`."""

from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from cli.output import fail
from core.actors import SYSTEM
from core.errors import DomainError
from core.printing import print_queue, worker


@click.command("print-test")
@with_appcontext
@click.argument("printer")
def print_test_command(printer: str) -> None:
    """Imprime la página de prueba (caracteres en español y tabla de códigos) en esa impresora, ahora."""
    try:
        job_id = print_queue.print_test_page(printer, actor=SYSTEM)
    except DomainError as error:
        fail(error)
    print_queue.process_pending()
    state = print_queue.job_state(job_id)
    if state["status"] == "done":
        click.echo(f"Página de prueba impresa (trabajo {job_id}).")
        return
    click.echo(f"Trabajo {job_id}: {state['status']}; {state['error'] or ''}")
    click.echo("El trabajador de impresión lo reintentará.")


@click.command("print-health")
@with_appcontext
@click.argument("printer", required=False)
def print_health_command(printer: str | None) -> None:
    """Consulta el estado (en línea, sin papel…) de cada impresora activa, o de una."""
    for row in print_queue.check_health(printer):
        click.echo(f"{row['printer']:16} {row['state_label']:32} {row['last_error'] or ''}")


@click.command("print-worker")
@with_appcontext
def print_worker_command() -> None:
    """Ejecuta el trabajador de impresión como proceso propio (con PRINT_WORKER=0 en el servidor web).

    Imprime solo mientras tiene el permiso «print-worker» de la base de datos; si otro proceso lo tiene, espera
    y lo toma cuando ese proceso termina o deja de renovarlo."""
    app = current_app._get_current_object()
    stop = worker.start(app)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    click.echo("Trabajador de impresión en marcha (Ctrl+C para detener); imprime solo el proceso que tiene el "
               "permiso «print-worker», los demás esperan.")
    done.wait()
    stop.set()
    worker.stop(app)
