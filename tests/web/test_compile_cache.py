"""The test apps share compiled URL builders and templates (tests/compile_cache.py) without changing a URL or
a page: every rule builds what Werkzeug's own compiler builds, and a second app compiles nothing new."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter, PathConverter
from werkzeug.routing.converters import NumberConverter

from tests import compile_cache
from tests.apps import make_app

SAMPLES = {IntegerConverter: 7, PathConverter: "a/b c", NumberConverter: 7}


def _values(rule) -> dict[str, object]:
    def sample(converter: object) -> object:
        return next((value for kind, value in SAMPLES.items() if isinstance(converter, kind)), "x y")

    return {name: sample(converter) for name, converter in rule._converters.items()}


def test_every_rule_builds_what_werkzeug_compiles(app: Flask) -> None:
    rules = list(app.url_map.iter_rules())
    assert len(rules) > 50
    for rule in rules:
        values = _values(rule)
        for append_unknown in (False, True):
            own = compile_cache._compile_builder(rule, append_unknown).__get__(rule, None)
            shared = (rule._build_unknown if append_unknown else rule._build)
            extra = {"next": "/a?b"} if append_unknown else {}
            assert shared(**values, **extra) == own(**values, **extra), rule.rule


def test_a_second_app_compiles_no_builder_and_renders_the_same_page(app: Flask, tmp_path: Path) -> None:
    before = dict(compile_cache._builders)
    other = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "other")
    assert compile_cache._builders == before
    pages = [re.sub(r'(csrf[-_]token"[^>]*(content|value)=")[^"]+', r"\1", client.get("/login").get_data(as_text=True))
             for client in (app.test_client(), other.test_client())]
    assert "Ingresar" in pages[0] or "Iniciar" in pages[0]
    assert pages[0] == pages[1]
    assert compile_cache.TEMPLATES.store, "the compiled templates are shared"


def test_every_rule_parses_as_werkzeug_parses(app: Flask) -> None:
    """The memoised parse gives each rule the parts, trace, arguments and converters Werkzeug's own gives."""
    rules = list(app.url_map.iter_rules())
    assert compile_cache._parsed, "the parsed rules are shared"
    for rule in rules:
        own = rule.empty()
        own.map, own.merge_slashes, own.subdomain = app.url_map, rule.merge_slashes, rule.subdomain
        compile_cache._compile(own)
        assert (rule._parts, rule._trace, rule.arguments) == (own._parts, own._trace, own.arguments), rule.rule
        assert {name: (type(c), c.regex) for name, c in rule._converters.items()} == {
            name: (type(c), c.regex) for name, c in own._converters.items()}, rule.rule
        if isinstance(own._converters.get("id"), IntegerConverter):
            assert rule._converters["id"].max == own._converters["id"].max
