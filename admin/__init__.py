"""Administration: configuration, live monitor, statistics and indicators, printers.

One blueprint, one module per subject (CTFd's admin/*.py shape). A module adds its page to the menu with
`section("admin.endpoint", "Etiqueta")`.
"""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
SECTIONS: list[tuple[str, str]] = []
SECTION_ROLES: dict[str, tuple[str, ...]] = {}  # endpoint → who sees it in the menu (admin always)


def section(endpoint: str, label: str, roles: tuple[str, ...] = ("supervisor",)) -> None:
    if (endpoint, label) not in SECTIONS:
        SECTIONS.append((endpoint, label))
    SECTION_ROLES[endpoint] = roles


@bp.context_processor
def _menu() -> dict:
    from flask_login import current_user

    if not current_user.is_authenticated:
        return {"admin_sections": SECTIONS}
    return {"admin_sections": [(endpoint, label) for endpoint, label in SECTIONS
                               if current_user.has_role(*SECTION_ROLES.get(endpoint, ("supervisor",)))]}


# The import order below is the menu order.
# isort: off
from admin import routes  # noqa: E402,F401
from admin import monitor  # noqa: E402,F401
from admin import stats  # noqa: E402,F401
from admin import audit  # noqa: E402,F401
from admin import catalogue  # noqa: E402,F401
from admin import org  # noqa: E402,F401
from admin import announcements  # noqa: E402,F401
from admin import panel_media  # noqa: E402,F401
from admin import settings  # noqa: E402,F401
from admin import printers  # noqa: E402,F401
from admin import people  # noqa: E402,F401
from admin import accounts  # noqa: E402,F401
from admin import top10  # noqa: E402,F401
