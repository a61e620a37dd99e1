"""Admin → Seguimiento Top 10 → Configuración: the Top 10's settings (detection window, products in scope, due
days per step, who closes the work order at 19.3), owned by the Jefe División Gestión de la Relación Cliente
(admin too). Drawn from core/settings.py SETTINGS, group "top10"; saved by core/org/settings_edit.py, which
checks the same roles."""

from __future__ import annotations

from admin.blueprint import bp
from admin.settings import edit_group
from core.roles import TOP10_CONFIGURERS
from web.access import actor, role_required


@bp.route("/top10/configuracion", methods=["GET", "POST"], endpoint="top10_config")
@role_required(*TOP10_CONFIGURERS)
def top10_config():
    return edit_group("top10", "admin/top10/config.html", "admin.top10_config", me=actor())
