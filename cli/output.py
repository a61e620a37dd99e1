"""How a command reports a refused operation: the Spanish message, then one line per row error."""

from __future__ import annotations

from typing import NoReturn

import click

from core.errors import DomainError


def error_lines(error: DomainError) -> list[str]:
    """The message, then `Fila N, columna «X»: …` for each {row, column, message} (the importers' errors)."""
    lines = [error.message]
    for detail in error.details if isinstance(error.details, list) else []:
        if isinstance(detail, dict):
            where = f"Fila {detail['row']}" if detail.get("row") else ""
            if detail.get("column"):
                where += (", columna" if where else "Columna") + f" «{detail['column']}»"
            lines.append(f"  {where}: {detail['message']}" if where else f"  {detail['message']}")
        else:
            lines.append(f"  {detail}")
    return lines


def fail(error: DomainError) -> NoReturn:
    """Exit non-zero with the error's Spanish text."""
    raise click.ClickException("\n".join(error_lines(error))) from error
