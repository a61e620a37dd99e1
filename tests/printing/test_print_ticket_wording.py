"""The printed ticket says where to go as the screens say it and how the panel calls (COM-DSC-P01 act. 8). An audit
found C-001 printed «Diríjase a: Mesón 19» where the kiosk and the status page said «Crédito al Socio · Mesón 19»
(and I-001 «BOI» for «Back Office Incidencias · BOI»), and no word on the panel, which the kiosk's screen explains."""

from __future__ import annotations

import pytest

from core.actors import SYSTEM
from core.org.seed import SeedReport, seed_demo
from core.printing import print_queue
from core.tickets import engine, serialize
from printers.decode import decode
from printers.virtual import COLUMNS, render_png
from tests.printing.conftest import PROFILES
from tests.shots import keep

PANEL_HELP = "Su número y el mesón aparecerán en el panel."


@pytest.mark.parametrize(("profile", "paper"), PROFILES)
def test_the_ticket_names_the_unit_and_explains_the_panel(app, fake, fake_printer, kiosk, profile, paper) -> None:
    seed_demo(SeedReport())
    fake_printer(profile, paper)
    printed = {}
    for tx in ("V_CREDITO", "PV_SEG_RECLAMO"):
        ticket = engine.issue_ticket(tx, actor=SYSTEM)
        job = print_queue.print_ticket(ticket.id, device_id=kiosk[0].id, actor=SYSTEM)
        assert print_queue.process_pending() >= 1
        assert print_queue.job_state(job) == {"status": "done", "error": None}
        raw = fake.wait_for_jobs(len(printed) + 1, timeout=3)[-1]
        lines = [line.text.strip() for line in decode(raw, fake.profile).lines]
        assert all(len(line) <= COLUMNS[paper] for line in lines)
        text = " ".join(" ".join(lines).split())
        printed[ticket.label] = text
        screen = serialize.public_ticket(ticket)["destination"]  # the kiosk's «Le atenderá», the status page's
        assert f"Diríjase a: {screen}" in text
        keep(f"ticket-{ticket.label}-{paper}mm.png", render_png(raw, paper, profile))
        # Where to wait, then how the turn comes, then the wait: the panel's line among them, once.
        assert text.count(PANEL_HELP) == 1
        assert paper == 58 or PANEL_HELP in lines  # one short line on 80 mm paper
        assert text.index("Área de espera: ") < text.index(PANEL_HELP) < text.index("Personas delante")
    assert "Diríjase a: Crédito al Socio · Mesón 19" in printed["C-001"]
    assert "Diríjase a: Back Office Incidencias · BOI" in printed["I-001"]


def test_the_kiosk_screen_says_the_panel_s_line_of_the_paper(client, kiosk) -> None:
    """Screen and paper explain the panel in the same words (one definition, core/formatting.py)."""
    page = client.get(f"/kiosk?token={kiosk[1]}", follow_redirects=True).get_data(as_text=True)
    assert f'data-part="panel-help">{PANEL_HELP} ' in page
