"""Screenshots and printouts for a person to look at, written only when TURNERO_SCREENSHOTS names a folder: a test
run writes nothing outside its own temporary folders (tests once wrote to fixed /tmp paths, some of them other
sessions' folders)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

FOLDER = os.environ.get("TURNERO_SCREENSHOTS")


def shot(target: Any, name: str, **options: Any) -> None:
    """`target.screenshot(...)` (a page or a locator) into the folder as `name`, if one is set."""
    if FOLDER:
        Path(FOLDER).mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(Path(FOLDER) / name), **options)


def keep(name: str, data: bytes) -> None:
    """An image made otherwise (a printout rendered to PNG) into the folder, if one is set."""
    if FOLDER:
        Path(FOLDER).mkdir(parents=True, exist_ok=True)
        (Path(FOLDER) / name).write_bytes(data)
