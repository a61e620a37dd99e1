"""JSON request bodies: a lone UTF-16 surrogate ("\\ud800") is malformed input, refused where JSON is read.

Python's json accepts such escapes and yields text that cannot be encoded to UTF-8, so it failed only later,
in the database driver or the page, as a 500. Refusing it while parsing covers the API, the survey tablet
and forms that Flask-WTF reads from a JSON body alike.
"""

from __future__ import annotations

import json
from typing import Any

from flask.json.provider import DefaultJSONProvider


def _check(value: Any) -> None:
    if isinstance(value, str):
        value.encode("utf-8")  # UnicodeEncodeError (a ValueError) for a lone surrogate
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key)
            _check(item)
    elif isinstance(value, list):
        for item in value:
            _check(item)


class StrictJSONProvider(DefaultJSONProvider):
    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        data = json.loads(s, **kwargs)
        _check(data)
        return data
