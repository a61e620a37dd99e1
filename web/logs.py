"""Access logs without device tokens: a request line whose query string holds `token=` (a device's start URL,
`/kiosk?token=…`) is logged without that query string, by Werkzeug's development server and by gunicorn.

gunicorn loads `GunicornLogger` through gunicorn.conf.py (`logger_class`); the factory adds the filter to the
`werkzeug` logger. Customers' account numbers and CIs never reach a log line either: the account lookup logs
no query (core/accounts/smartflex.py) and SQL errors hide their parameters (SQLALCHEMY_ENGINE_OPTIONS).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

HIDDEN = "[oculto]"
_QUERY = re.compile(r"\?[^\s\"']*")


def redact(text: str) -> str:
    """`text` with every query string that carries a token replaced by «?[oculto]»."""
    if "token=" not in text:
        return text
    if "?" not in text:  # a bare query string (gunicorn's %(q)s)
        return HIDDEN
    return _QUERY.sub(lambda found: f"?{HIDDEN}" if "token=" in found.group(0) else found.group(0), text)


class TokenFilter(logging.Filter):
    """For the `werkzeug` logger: its request lines arrive as arguments of the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "token=" in message:
            record.msg, record.args = redact(message), None
        return True


def install_werkzeug_filter() -> None:
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(f, TokenFilter) for f in werkzeug.filters):
        werkzeug.addFilter(TokenFilter())


class GunicornLogger(Logger):
    """gunicorn's logger, with tokens removed from every access-log atom (request line, query, referer…)."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
