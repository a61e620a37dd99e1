"""The `admin` blueprint object and what its views share; admin/__init__.py imports the views onto it."""

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
