"""Column mappings saved per source (issue 12): a Smartflex export of one kind may name a column in its own
way («Cod. Cliente» for «Cuenta»). Whoever may import that kind saves, once, the header their files use for
each of the engine's columns; the engine reads the mapping before it validates a file (core/imports/engine.py)
and otherwise recognises the column's own name and aliases as always."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from core import validation
from core.actors import Actor
from core.errors import Invalid
from core.extensions import db
from core.imports.columns import Column, header_key
from core.models import ImportMapping
from core.org import changes
from core.roles import require
from core.tx import unit_of_work

logger = logging.getLogger(__name__)

HEADER_MAX = 80


class Source(Protocol):  # an engine Kind: its stored name, its columns, who may import it
    name: str
    label: str
    columns: tuple[Column, ...]
    roles: tuple[str, ...]


def saved(kind: Source) -> dict[str, str]:
    """The saved headers of this kind: column field → header in the source's files."""
    row = db.session.get(ImportMapping, kind.name)
    fields = {column.field for column in kind.columns}
    return {field: header for field, header in (row.headers if row else {}).items() if field in fields and header}


def by_header(kind: Source) -> dict[str, str]:
    """What the engine uses: the header's key (core/imports/columns.py::header_key) → column field."""
    return {header_key(header): field for field, header in saved(kind).items()}


def save(kind: Source, headers: Mapping[str, str | None], *, actor: Actor, now: datetime) -> dict[str, str]:
    """Replace this kind's mapping (an empty header: the column's own name only). Checked first, all or nothing:
    a header is at most 80 characters and names one column only."""
    require(actor, kind.roles)
    columns = {column.field: column for column in kind.columns}
    unknown = sorted(set(headers) - set(columns))
    if unknown:
        raise Invalid(f"Columna desconocida: {', '.join(unknown)}.", code="unknown_column")
    clean: dict[str, str] = {}
    taken: dict[str, str] = {}  # header key → the column's label
    for field, column in columns.items():
        header = validation.text(headers.get(field) or "", f"Encabezado para «{column.label}»", max_len=HEADER_MAX,
                                 required=False)
        if not header:
            continue
        key = header_key(header)
        if not key:
            raise Invalid(f"El encabezado para «{column.label}» no tiene letras ni números.", code="bad_header")
        if key in taken:
            raise Invalid(f"El encabezado «{header}» está asignado a dos columnas: «{taken[key]}» y «{column.label}».",
                          code="duplicate_header")
        taken[key] = column.label
        clean[field] = header
    with unit_of_work():
        row = db.session.get(ImportMapping, kind.name)
        if row is None:
            row = ImportMapping(kind=kind.name, headers={}, actor_name="", updated_at=now)
            db.session.add(row)
        labels = {column.field: f"Encabezado para «{column.label}»" for column in kind.columns}
        changes.saved(actor, "import_mapping", before=dict(row.headers or {}), after=clean, labels=labels,
                      code=kind.name, name=kind.label)
        row.headers, row.actor_name, row.updated_at = clean, actor.name, now
    logger.info("import mapping %s saved by %s: %s", kind.name, actor.name, clean)
    return clean
