"""Administration: configuration, live monitor, statistics and indicators, printers.

One blueprint, one module per subject (CTFd's admin/*.py shape). A module adds its page to the menu with
`section("admin.endpoint", "Etiqueta")`.
"""

from admin.blueprint import bp

# The import order below is the menu order.
# isort: off
from admin import routes  # noqa: F401
from admin import monitor  # noqa: F401
from admin import stats  # noqa: F401
from admin import audit  # noqa: F401
from admin import catalogue  # noqa: F401
from admin import org  # noqa: F401
from admin import announcements  # noqa: F401
from admin import panel_media  # noqa: F401
from admin import settings  # noqa: F401
from admin import printers  # noqa: F401
from admin import people  # noqa: F401
from admin import imports  # noqa: F401
from admin import accounts  # noqa: F401
from admin import top10  # noqa: F401
from admin import top10_config  # noqa: F401
from admin import top10_mapping  # noqa: F401
# isort: on

__all__ = ["bp"]
