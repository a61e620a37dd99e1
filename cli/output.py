"""How a command reports a refused operation: the Spanish message, then one line per row error."""

from __future__ import annotations

import click

from core.errors import DomainError


def error_lines(error: DomainError) -> list[str]:
    """The message, then `Fila N, columna «X»: …` for each row error (the shape every importer returns)."""
    lines = [error.message]
    for detail in error.details if isinstance(error.details, list) else []:
        if isinstance(detail, dict):
            where = f"Fila {detail['row']}" if detail.get("row") else "Archivo"
            column = f", columna «{detail['column']}»" if detail.get("column") else ""
            lines.append(f"  {where}{column}: {detail['message']}")
        else:
            lines.append(f"  {detail}")
    return lines


def fail(error: DomainError) -> None:
    """Exit non-zero with the error's Spanish text."""
    raise click.ClickException("\n".join(error_lines(error))) from error
