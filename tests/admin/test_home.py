"""The admin home's figures say what the live monitor says."""

from __future__ import annotations

import re

from core.tickets import desk_shifts
from tests.helpers import actor_for


def _kpi(html: str, name: str) -> str:
    return re.sub(r"\s+", " ", html.split(f'id="kpi-{name}">', 1)[1].split("</li>", 1)[0])


def test_a_paused_desk_is_not_counted_open(supervisor, counter) -> None:
    """The monitor shows one desk «Abierto» and one «En pausa»: the home said «Mesones abiertos 2»."""
    first, second = actor_for("asesor-a", "agent"), actor_for("asesor-b", "agent")
    desk_shifts.sign_in(counter.desks[0], actor=first)
    desk_shifts.sign_in(counter.desks[1], actor=second)
    desk_shifts.pause(counter.desks[1], actor=second)
    kpi = _kpi(supervisor.get("/admin/").get_data(as_text=True), "open-desks")
    assert kpi.startswith("1</span>") and "Mesones abiertos (1 más en pausa)" in kpi
