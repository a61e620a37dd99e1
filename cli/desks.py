"""The nightly closes: `close-desks` (the desks nobody signed out of) and `close-past-days` (the tickets a past
day left waiting)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from core.tickets import day_close, desk_shifts


@click.command("close-desks")
@with_appcontext
def close_desks_command() -> None:
    """Cierra los mesones que siguen abiertos (para un temporizador nocturno de systemd).

    Un asesor que cerró el navegador sin «Salir» deja su mesón «Abierto» a su nombre, y las esperas de la mañana
    siguiente lo contarían. Un mesón con una ficha activa sigue abierto. Ejecutarlo dos veces no cierra nada más."""
    closed, kept = desk_shifts.close_for_the_night()
    click.echo(f"Mesones cerrados: {', '.join(d.name for d in closed) or 'ninguno'}.")
    for desk in kept:
        click.echo(f"Sigue abierto {desk.name}: tiene una ficha activa.")


@click.command("close-past-days")
@with_appcontext
def close_past_days_command() -> None:
    """Anula las fichas de días anteriores que siguen en espera (para un temporizador después de medianoche).

    Nadie las llamó antes del cierre: sin esto, a la mañana siguiente los paneles las cuentan en espera y el primer
    «Llamar siguiente» del día llama a una de ayer. Las fichas de hoy no se tocan; ejecutarlo dos veces no anula
    nada más."""
    closed = day_close.close_past_days()
    click.echo(f"Fichas de días anteriores anuladas: {', '.join(t.label for t in closed) or 'ninguna'}.")
