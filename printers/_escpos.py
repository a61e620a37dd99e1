"""The one place that imports python-escpos; everything in printers/ goes through here.

Importing escpos 3.1 has two side effects we undo or steer:
- escpos.capabilities pickles the printer database into ESCPOS_CAPABILITIES_PICKLE_DIR, and when that is
  unset it creates a fresh temporary directory on every import (and calls mkdtemp() even when it is set).
- it calls logging.basicConfig(), which would hijack the application's root logger.
- with no pickle yet (a fresh cache folder) it parses its printer database, a JSON file, with PyYAML's
  pure-Python loader: ~3 MB of the process's memory stayed behind, in every new instance's printing worker. The
  pickle is written first from the same file with `json` (the same values), so escpos only ever loads it.

The cache folder comes from TURNERO_ESCPOS_CACHE_DIR (the app points it at instance/escpos-cache) or an
already-set ESCPOS_CAPABILITIES_PICKLE_DIR; otherwise a private per-user folder under ~/.cache. Set the
variable before the first import of printers.layouts/backends/send.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import pickle
import platform
import stat
import sys
import tempfile
from pathlib import Path


def _private_dir(path: Path) -> bool:
    """True when `path` is (or could be made) a folder only we can write: escpos unpickles from it."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = path.stat()
    except OSError:
        return False
    owned = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return owned and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _cache_dir() -> str:
    explicit = os.environ.get("TURNERO_ESCPOS_CACHE_DIR") or os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR")
    if explicit:
        Path(explicit).mkdir(parents=True, exist_ok=True)
        return explicit
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    candidate = base / "turnero-escpos"
    if _private_dir(candidate):
        return str(candidate)
    return tempfile.mkdtemp(prefix="turnero-escpos-")  # last resort: private, but one per process


def _write_pickle(cache: str) -> None:
    """The pickle escpos.capabilities looks for (its path and freshness rule), unless it is there and fresh."""
    if os.environ.get("ESCPOS_CAPABILITIES_FILE"):
        return  # a database of one's own, maybe YAML: escpos reads it
    spec = importlib.util.find_spec("escpos")
    source = Path(next(iter(spec.submodule_search_locations or ()))) / "capabilities.json"  # type: ignore[union-attr]
    target = Path(cache) / f"{platform.python_version()}.capabilities.pickle"
    if not source.is_file() or (target.is_file() and target.stat().st_mtime >= source.stat().st_mtime):
        return
    partial = target.with_name(f"{target.name}.{os.getpid()}")
    with source.open(encoding="utf-8") as json_file, partial.open("wb") as pickle_file:
        pickle.dump(json.load(json_file), pickle_file, protocol=2)
    os.replace(partial, target)  # whole, even with two processes writing it at once


def _import_escpos() -> None:
    if "escpos.capabilities" in sys.modules:
        return  # someone imported it first; nothing left to steer
    cache = _cache_dir()
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = cache
    _write_pickle(cache)
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    real_mkdtemp = tempfile.mkdtemp

    def no_new_tempdir(*args: object, **kwargs: object) -> str:
        # capabilities.py evaluates mkdtemp() as the default of environ.get() even when the variable is set.
        return cache if not args and not kwargs else real_mkdtemp(*args, **kwargs)  # type: ignore[arg-type]

    tempfile.mkdtemp = no_new_tempdir  # type: ignore[assignment]
    try:
        import escpos.capabilities  # noqa: F401
    finally:
        tempfile.mkdtemp = real_mkdtemp
        for handler in root.handlers[:]:
            if handler not in handlers_before:  # added by logging.basicConfig() inside escpos
                root.removeHandler(handler)


_import_escpos()

from escpos import printer  # noqa: E402
from escpos.capabilities import BaseProfile, NotSupported, get_profile  # noqa: E402
from escpos.codepages import CodePages  # noqa: E402
from escpos.escpos import Escpos  # noqa: E402
from escpos.exceptions import DeviceNotFoundError  # noqa: E402
from escpos.exceptions import Error as EscposError  # noqa: E402

__all__ = [
    "BaseProfile",
    "CodePages",
    "DeviceNotFoundError",
    "Escpos",
    "EscposError",
    "NotSupported",
    "get_profile",
    "printer",
]
