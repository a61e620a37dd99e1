"""The one yes/no question a command asks before it changes something that cannot be undone, in Spanish."""

from __future__ import annotations

import click

YES = ("s", "si", "sí")
NO = ("n", "no", "")  # Enter alone keeps things as they are


def confirm(question: str) -> None:
    """Ask `question` «[s/N]»; return on «s»/«sí», stop the command (exit 1, nothing changed) on «n»/«no», Enter,
    Ctrl-C or no input left, and ask again after anything else."""
    while True:
        try:
            answer = click.prompt(question, default="", show_default=False, prompt_suffix=" [s/N]: ")
        except click.Abort:  # Ctrl-C or end of input: click would print its English «Aborted!»
            answer = "n"
            click.echo()
        answer = answer.strip().lower()
        if answer in YES:
            return
        if answer in NO:
            click.echo("Cancelado: no se cambió nada.", err=True)
            raise click.exceptions.Exit(1)
        click.echo("Responda «s» (sí) o «n» (no).", err=True)
