"""Work every test app repeats, done once per test process: Werkzeug's URL builders, Jinja's templates and
SQLAlchemy's compiled statements.

Each test builds its own app (its own config, database and extension state), and building one cost ~0.25 s
of CPU, most of it parsing the same ~120 URL rules and compiling them into Python builder functions, then
compiling the same templates again on the first request. Over ~1,400 apps that was about a third of the suite's
CPU. The compiled results do not depend on the app, so they are shared; everything else stays per test.

SQLAlchemy keeps compiled SQL per engine, and every test app has a new engine: each test compiled every
statement it ran again (about a sixth of the non-browser tests' CPU). `SharedSQL` is one compiled cache for
every engine of the process, passed through SQLAlchemy's `compiled_cache` execution option.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy.engine import Dialect
from werkzeug.routing.rules import Rule

_builders: dict[tuple, Callable[..., tuple[str, str]]] = {}
_compile_builder = Rule._compile_builder


def _shared_builder(rule: Rule, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
    """Rule._compile_builder, memoised. The generated function reads everything dynamic from the rule it is
    bound to (`.self._converters`), so its code depends only on the rule's trace, the names of its defaults and
    `append_unknown`. A default for a variable of the rule itself is folded into the code through its
    converter: such rules are compiled as usual."""
    defaults = rule.defaults or {}
    if any(dynamic and name in defaults for dynamic, name in rule._trace):
        return _compile_builder(rule, append_unknown)
    key = (rule.rule, tuple(rule._trace), tuple(str(name) for name in defaults), append_unknown)
    if key not in _builders:
        _builders[key] = _compile_builder(rule, append_unknown)
    return _builders[key]


class SharedBytecode(BytecodeCache):
    """Jinja's own extension point: compiled template code kept in memory for every app of the process
    (keyed by template name and source checksum, so an edited template is compiled again)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = SharedBytecode()


_parsed: dict[tuple, tuple] = {}
_compile = Rule.compile


def _shared_compile(rule: Rule) -> None:
    """Rule.compile, its parsing memoised: the parts, trace and converters come from the rule's text, its
    subdomain (or host) and the map's slash merging and converter classes. Converter objects are shared between
    maps: they keep their settings (a maximum, a regex) and never read the map they were made for. The builder
    functions are bound to each rule, as Rule.compile binds them."""
    url_map = rule.map
    domain = rule.host if url_map.host_matching else rule.subdomain
    key = (rule.rule, domain, url_map.host_matching, rule.merge_slashes, tuple(sorted(url_map.converters.items())))
    if key not in _parsed:
        _compile(rule)
        _parsed[key] = (rule._parts, tuple(rule._trace), dict(rule._converters))
        return
    parts, trace, converters = _parsed[key]
    rule._parts, rule._trace, rule._converters = list(parts), list(trace), dict(converters)
    rule.arguments.update(converters)
    rule._build = rule._compile_builder(False).__get__(rule, None)
    rule._build_unknown = rule._compile_builder(True).__get__(rule, None)


def install() -> None:
    Rule._compile_builder = _shared_builder  # type: ignore[method-assign]
    Rule.compile = _shared_compile  # type: ignore[method-assign]


def share_templates(app: Any) -> None:
    app.jinja_env.bytecode_cache = TEMPLATES


class SharedSQL(dict):
    """SQLAlchemy's compiled cache, shared by the engines of one process. SQLAlchemy keys an entry by the
    dialect object first; two engines of one backend have equal dialects (same class, server version and
    parameter style), so that part of the key is replaced by what makes them equal."""

    @staticmethod
    def _key(key: tuple) -> tuple:
        dialect = key[0]
        if isinstance(dialect, Dialect):
            same = (type(dialect), dialect.server_version_info, dialect.paramstyle, dialect.positional)
            return (same, *key[1:])
        return key

    def get(self, key: tuple, default: Any = None) -> Any:
        return super().get(self._key(key), default)

    def __setitem__(self, key: tuple, value: Any) -> None:
        super().__setitem__(self._key(key), value)


SQL = SharedSQL()


def share_sql(engines: Any) -> None:
    for engine in engines:
        engine.update_execution_options(compiled_cache=SQL)
