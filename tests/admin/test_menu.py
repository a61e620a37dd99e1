"""The admin menu lists only the sections the signed-in person can open."""

from __future__ import annotations


def _menu(staff) -> str:
    html = staff.get("/admin/").get_data(as_text=True)
    return html.split('class="admin-nav"', 1)[1].split("</nav>", 1)[0]


def test_supervisor_menu_hides_admin_only_sections(supervisor) -> None:
    """The supervisor sees the monitor and statistics, not users and devices (which answer 403 to her)."""
    menu = _menu(supervisor)
    assert "Monitor en vivo" in menu and "Estadísticas e indicadores" in menu and "Impresoras" in menu
    assert "Usuarios" not in menu and "Dispositivos" not in menu
    assert supervisor.get("/admin/usuarios").status_code == 403


def test_admin_menu_lists_users_and_devices(admin) -> None:
    menu = _menu(admin)
    assert "Usuarios" in menu and "Dispositivos" in menu
