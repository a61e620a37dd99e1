"""The version of what browsers run: a digest of `static/` and `templates/`, unless APP_VERSION says otherwise.

Panels run for weeks without a reload and reload themselves when the version their page was served with differs
from the server's (core/panels/board.py, static/display/panel.js). A fixed default («1») meant a deploy that
nobody remembered to number left every panel on the old scripts. The digest changes with any of these files, and
is the same on every instance that runs the same code.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

FOLDERS = ("static", "templates")


@functools.cache
def version(root: Path) -> str:
    """12 hex digits over the paths and contents of the files under `root`'s FOLDERS (computed once a process)."""
    digest = hashlib.sha256()
    for folder in FOLDERS:
        for path in sorted(p for p in (root / folder).rglob("*") if p.is_file()):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# The browser libraries the pages load from static/vendor (scripts/vendor.sh copies them from npm; never committed).
# Without socket.io every screen shows «Sin conexión» for ever and nothing says why, so production refuses to start.
VENDOR_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"
VENDOR_FILES = ("socket.io.min.js", "chart.umd.min.js")


def require_vendor() -> None:
    missing = [name for name in VENDOR_FILES if not (VENDOR_DIR / name).is_file()]
    if missing:
        raise RuntimeError(f"Faltan las bibliotecas del navegador en static/vendor ({', '.join(missing)}): sin ellas "
                           "las pantallas quedan «Sin conexión». Instálelas con `npm ci --omit=dev` y "
                           "`bash scripts/vendor.sh` (ver README, «Production»).")
