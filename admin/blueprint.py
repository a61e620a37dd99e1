"""The `admin` blueprint object and what its views share; admin/__init__.py imports the views onto it."""

from flask import Blueprint

from web.access import may_open

bp = Blueprint("admin", __name__, url_prefix="/admin")
SECTIONS: list[tuple[str, str]] = []


def section(endpoint: str, label: str) -> None:
    """A page in the admin menu; the menu shows it to whoever its route admits (`may_open`)."""
    if (endpoint, label) not in SECTIONS:
        SECTIONS.append((endpoint, label))


@bp.context_processor
def _menu() -> dict:
    return {"admin_sections": [(endpoint, label) for endpoint, label in SECTIONS if may_open(endpoint)]}
