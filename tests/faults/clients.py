"""Client threads a fault test runs while it breaks something (kiosks issuing, a desk calling)."""

from __future__ import annotations

import threading
from typing import Self

JOIN_SECONDS = 30  # a guard against hanging, not an assertion


class Running:
    """`threads` start with the `with` block and run until it ends: `done` is set, and each one is joined."""

    def __init__(self, threads: list[threading.Thread]) -> None:
        self.done = threading.Event()
        self.threads = threads

    def __enter__(self) -> Self:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.done.set()
        for thread in self.threads:
            thread.join(JOIN_SECONDS)
