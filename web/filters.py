"""Jinja filters: the domain's Babel formatting (core/formatting.py) under short names."""

from __future__ import annotations

from flask import Flask

from core.formatting import local_datetime, local_time, money, number


def register(app: Flask) -> None:
    app.add_template_filter(local_datetime, "datetime")
    app.add_template_filter(local_time, "time")
    app.add_template_filter(money, "money")
    app.add_template_filter(number, "number")
    app.jinja_env.globals["app_version"] = app.config["APP_VERSION"]
