"""A desk's name in the messages an agent reads: «Mesón 1 …», never «El mesón Mesón 1 …»."""

from __future__ import annotations

import pytest

from core.errors import DomainError
from core.tickets import desk_shifts
from tests.builders import make_actor, make_desk


def _refusal(action, *args, **kwargs) -> str:
    with pytest.raises(DomainError) as refused:
        action(*args, **kwargs)
    return str(refused.value)


def test_a_desk_named_meson_is_not_called_meson_twice(agent) -> None:
    desk = make_desk(name="Mesón 1")
    desk_shifts.sign_in(desk.code, actor=agent)
    assert _refusal(desk_shifts.resume, desk.code, actor=agent) == "Mesón 1 no está en pausa."
    desk_shifts.pause(desk.code, actor=agent)
    assert _refusal(desk_shifts.pause, desk.code, actor=agent) == "Mesón 1 ya está en pausa."
    other = make_actor("asesor3", "agent")
    assert _refusal(desk_shifts.sign_in, desk.code, actor=other) == "Mesón 1 está a cargo de otro funcionario."
    # A name that does not say «mesón» keeps it: «BOI está a cargo…» would not say what BOI is.
    boi = make_desk(name="BOI")
    desk_shifts.sign_in(boi.code, actor=other)
    assert _refusal(desk_shifts.resume, boi.code, actor=other) == "El mesón BOI no está en pausa."
