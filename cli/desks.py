"""`close-desks`: the nightly close of the desks nobody signed out of."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from core.tickets import desk_shifts


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
