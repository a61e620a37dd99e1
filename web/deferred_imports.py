"""Libraries the server imports but rarely or never uses, run on first use instead of at start (~6 MB a worker).

`import flask_socketio` runs python-socketio's whole package, and its Socket.IO *client* (engineio.client) imports
`requests` (with urllib3, charset_normalizer, idna, certifi) and `websocket-client` at start. A server never opens
a Socket.IO client; Turnero uses `requests` only for the Smartflex HTTP lookup (core/accounts/http_deadline.py,
itself imported by the first lookup). python-escpos imports PyYAML only to parse its printer database when its
pickle is missing, and printers/_escpos.py writes that pickle first.

`defer()`, run before those imports (web/__init__.py), puts a stand-in for each in `sys.modules`, made the way the
import system makes a module: `import requests` binds it, and the first read of a name it does not hold
(`requests.Session`; `__path__`, which importing one of its submodules reads, so the package still runs before
its submodules) runs the library's code in place: every importer's name then sees the loaded module.
importlib's LazyLoader does not serve here: an `import` statement reads `__spec__`, and any read makes it load.
`tests/architecture/test_server_imports.py` checks what the server leaves out and that the libraries still work.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import types
from typing import Any

DEFERRED = ("requests", "websocket", "yaml")  # websocket: websocket-client; yaml: PyYAML
_lock = threading.RLock()
_loading: set[str] = set()


class _Deferred(types.ModuleType):
    """A module whose code runs at the first read of a name it does not hold yet (it holds no `__path__`)."""

    def __getattr__(self, name: str) -> Any:
        _load(self)
        if type(self) is _Deferred:  # read by its own code while it runs: not defined yet
            raise AttributeError(name)
        return getattr(self, name)


def _load(module: types.ModuleType) -> None:
    spec = module.__spec__
    with _lock:  # another thread waits here until the module is whole
        if type(module) is not _Deferred or spec.name in _loading:
            return
        _loading.add(spec.name)
        try:
            if spec.submodule_search_locations is not None:
                module.__path__ = spec.submodule_search_locations
            spec.loader.exec_module(module)  # type: ignore[union-attr]
        except BaseException:
            sys.modules.pop(spec.name, None)  # the next import runs it afresh and raises its own error
            raise
        finally:
            _loading.discard(spec.name)
        module.__class__ = types.ModuleType


def defer(names: tuple[str, ...] = DEFERRED) -> None:
    """Stand-ins for those of `names` (top-level modules) that are installed and not imported yet."""
    for name in names:
        spec = None if name in sys.modules else importlib.util.find_spec(name)
        if spec is None or not hasattr(spec.loader, "exec_module"):
            continue  # imported already, or not installed: its importers' own `except ImportError` applies
        module = importlib.util.module_from_spec(spec)
        module.__dict__.pop("__path__", None)
        module.__class__ = _Deferred
        sys.modules[name] = module
