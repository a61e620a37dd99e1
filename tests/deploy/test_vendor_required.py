"""Production refuses to start without static/vendor's browser libraries (README «Production»: the install step).

A fresh clone installed with pip only served every page, but /static/vendor/socket.io.min.js answered 404: every
panel, kiosk and monitor showed «Sin conexión · reconectando…» for ever, and nothing said why."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from tests.apps import make_app
from web import assets


def _production_app(tmp_path: Path):
    return make_app(f"sqlite:///{tmp_path / 'v.db'}", tmp_path / "instance", TESTING=False)


def test_production_without_socket_io_stops_with_the_command_that_installs_it(tmp_path: Path, monkeypatch) -> None:
    vendor = tmp_path / "vendor"
    vendor.mkdir()
    (vendor / "chart.umd.min.js").write_text("/* chart */")
    monkeypatch.setattr(assets, "VENDOR_DIR", vendor, raising=False)
    with pytest.raises(RuntimeError) as refused:
        _production_app(tmp_path)
    message = str(refused.value)
    assert "socket.io.min.js" in message and "chart.umd.min.js" not in message
    assert "npm ci --omit=dev" in message and "scripts/vendor.sh" in message and "«Production»" in message


def test_production_with_the_libraries_starts(tmp_path: Path) -> None:
    assert _production_app(tmp_path).config["APP_VERSION"]


def test_a_flask_command_runs_without_the_libraries(tmp_path: Path, monkeypatch) -> None:
    """The nightly backup, a restore or `db upgrade` serve no page: on a checkout without static/vendor they run."""
    monkeypatch.setattr(assets, "VENDOR_DIR", tmp_path / "no-vendor", raising=False)
    with click.Context(click.Command("backup")):  # as `flask --app wsgi backup …` builds the app
        assert _production_app(tmp_path).config["APP_VERSION"]
