"""Administración → Auditoría → «Cambios de configuración» in real Chromium on a supervisor's 1366×768 screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.actors import Actor
from core.org import catalogue_edit, office, settings_edit
from core.org.catalogue_edit import NodeInput
from core.people import management
from tests.browser.login import signed_in
from tests.builders import make_desk, make_queue, make_transaction, make_user
from tests.shots import shot

pytestmark = pytest.mark.browser



def test_changes_fit_1366_with_one_line_per_changed_field(live_server, new_page) -> None:
    """A week's worth of typical changes: the table fits the window (no sideways scroll), each time stays on one
    line, and a change's fields stand one per line."""
    ana = Actor.of_user(make_user("arojas", "supervisor", full_name="Ana Rojas"))
    boss = Actor.of_user(make_user("jvargas", "admin", full_name="Jorge Vargas"))
    plat = make_queue(name="Asesores Comerciales de Plataforma")
    boc = make_queue(name="Mezanine BOC", area=plat.area)  # a desk serves the queues of its own room
    desk = make_desk(queues=[plat], name="Mesón 12")
    office.save_desk(desk.id, code=desk.code, name="Mesón 12 (Plataforma)", spoken_name="Mesón doce",
                     area=desk.area.code, queues=[plat.code, boc.code], active=True, actor=ana)
    tx = make_transaction(plat, label="Traslado de servicio", requirements="Carnet de identidad")
    catalogue_edit.save_node(tx.id, NodeInput(kind="transaction", code=tx.code, label="Traslado de servicio",
                                              parent=tx.parent.code, position=2, queue=boc.code,
                                              requirements="Carnet de identidad\nÚltima factura\nCroquis del "
                                                           "nuevo domicilio con referencias"), actor=ana)
    settings_edit.save({"panel_history": 5, "desk_emergency": "on"}, actor=ana)
    user, _password = management.create_user("mquispe", full_name="María Quispe", roles=["agent", "reception"],
                                              password=None, actor=boss)
    management.reset_password(user.id, None, actor=boss)
    device, _token = management.create_device("panel", "panel-plataforma", area=plat.area.code, actor=boss)
    management.rotate_token(device.id, actor=boss)

    page = signed_in(new_page(1366, 768), live_server, "arojas", "/admin/auditoria/cambios")
    rows = page.locator("table.changes tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 10
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    times = page.locator("table.changes td.when").evaluate_all("cells => cells.map(c => c.getClientRects().length)")
    assert set(times) == {1}, times
    summary = page.locator("tr", has_text="Traslado de servicio").first.locator("td.summary")
    assert summary.evaluate("c => getComputedStyle(c).whiteSpace") == "pre-line"
    expect(summary).to_contain_text("Cola de destino: «Asesores Comerciales de Plataforma» → «Mezanine BOC»")
    shot(page, "admin-audit-changes-1366.png", full_page=True)
