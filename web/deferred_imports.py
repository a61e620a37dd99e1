"""Libraries the server imports but rarely or never uses, run on first use instead of at start (~6 MB a worker).

`import flask_socketio` runs python-socketio's whole package, and its Socket.IO *client* (engineio.client) imports
`requests` (with urllib3, charset_normalizer, idna, certifi) and `websocket-client` at start. A server never opens
a Socket.IO client; Turnero uses `requests` only for the Smartflex HTTP lookup (core/accounts/http_deadline.py,
itself imported by the first lookup). python-escpos imports PyYAML only to parse its printer database when its
pickle is missing, and printers/_escpos.py writes that pickle first. python-socketio's package also imports its
Redis message queues, and they import redis (~5.8 MB); only an instance with REDIS_URL builds one (flask_socketio),
and only such an instance wakes the print worker through Redis (core/printing/wake.py).

`defer()`, run before those imports (web/__init__.py), puts a stand-in for each in `sys.modules`, made the way the
import system makes a module: `import requests` binds it, and the first read of a name it does not hold
(`requests.Session`; `__path__`, which importing one of its submodules reads, so the package still runs before
its submodules) runs the library's code in place: every importer's name then sees the loaded module.
importlib's LazyLoader does not serve here: an `import` statement reads `__spec__`, and any read makes it load.
socketio's package takes a class from each Redis queue's module (`from .redis_manager import RedisManager`), a read
that would run it: those two modules' stand-ins hold a placeholder of that class, whose call runs the module and
builds the real class's object.
`tests/architecture/test_server_imports.py` checks what the server leaves out and that the libraries still work.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import threading
import types
from typing import Any

DEFERRED = ("requests", "websocket", "yaml", "redis")  # websocket: websocket-client; yaml: PyYAML
# Modules of a package, each with the class its package imports from it.
DEFERRED_CLASSES = {"socketio.redis_manager": "RedisManager", "socketio.async_redis_manager": "AsyncRedisManager"}
_lock = threading.RLock()
_loading: set[str] = set()


class _Deferred(types.ModuleType):
    """A module whose code runs at the first read of a name it does not hold yet (it holds no `__path__`)."""

    def __getattr__(self, name: str) -> Any:
        if name == "__path__" and self.__spec__.submodule_search_locations is None:
            raise AttributeError(name)  # a plain module has none; `from module import name` asks, and must not run it
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


def _placeholder(module: types.ModuleType, name: str) -> type:
    """A class standing for `module`'s `name`: calling it runs the module and returns the real class's object."""
    def build(cls: type, *args: Any, **kwargs: Any) -> Any:
        _load(module)
        return getattr(module, name)(*args, **kwargs)

    return type(name, (), {"__new__": build, "__module__": module.__name__})


def _stand_in(spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
    module = importlib.util.module_from_spec(spec)
    module.__dict__.pop("__path__", None)
    module.__class__ = _Deferred
    sys.modules[spec.name] = module
    return module


def defer(names: tuple[str, ...] = DEFERRED, classes: dict[str, str] | None = None) -> None:
    """Stand-ins for those of `names` (top-level modules) and of `classes`' modules (a package's modules: the
    package is found, not run) that are installed and not imported yet."""
    for name in names:
        spec = None if name in sys.modules else importlib.util.find_spec(name)
        if spec is None or not hasattr(spec.loader, "exec_module"):
            continue  # imported already, or not installed: its importers' own `except ImportError` applies
        _stand_in(spec)
    for name, class_name in (DEFERRED_CLASSES if classes is None else classes).items():
        package_name = name.rpartition(".")[0]
        package = None if package_name in sys.modules else importlib.util.find_spec(package_name)
        if package is None or package.submodule_search_locations is None:
            continue
        spec = importlib.machinery.PathFinder.find_spec(name, package.submodule_search_locations)
        if spec is None or not hasattr(spec.loader, "exec_module"):
            continue
        module = _stand_in(spec)
        setattr(module, class_name, _placeholder(module, class_name))
