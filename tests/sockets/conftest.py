from __future__ import annotations

import pytest
from flask import Flask

from tests.api.clients import IsolatedClient


@pytest.fixture(autouse=True)
def _isolated_requests(app: Flask) -> None:
    """`app.test_client()` gives clients whose requests do not share the test's app context."""
    app.test_client_class = IsolatedClient
