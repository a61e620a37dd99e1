"""The test app factory: TestConfig with a database URL, an instance folder and any overrides."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from core.config import TestConfig
from tests.clients import IsolatedClient
from web.app import create_app


def make_app(url: str, instance: Path, **overrides: object) -> Flask:
    attrs = {"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(instance), **overrides}
    config = type("Cfg", (TestConfig,), attrs)
    application = create_app(config)
    application.test_client_class = IsolatedClient  # each request gets its own `g` and session, as in production
    return application
