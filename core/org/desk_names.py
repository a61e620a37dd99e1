"""How a sentence names a desk: «Mesón 1 ya está en pausa», not «El mesón Mesón 1 …»; «El mesón BOI …»."""

from __future__ import annotations

from core.validation import folded


def desk_named(name: str) -> str:
    """The desk inside a sentence: its name alone when the name already says «mesón», else «el mesón …»."""
    return name if "meson" in folded(name).split() else f"el mesón {name}"


def desk_subject(name: str) -> str:
    """The desk as a sentence's subject: «Mesón 1 …», «El mesón BOI …»."""
    named = desk_named(name)
    return named[0].upper() + named[1:]
