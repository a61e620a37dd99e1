"""Fixtures for printers/: a FakePrinter on 127.0.0.1 and configurations pointing at it (no Flask)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from printers.config import PrinterConfig
from printers.decode import Decoded, decode
from printers.documents import Document
from printers.fake import FakePrinter
from printers.send import print_document

TIMEOUT = 0.5  # seconds; tests stay fast and the 2× budget is easy to check
STATUS_QUERY = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
PROFILES = [("TM-T20II", 80), ("POS-5890", 58)]


@pytest.fixture
def net_cfg(fake: FakePrinter) -> Callable[..., PrinterConfig]:
    """PrinterConfig for the fake; keyword arguments override fields (the fake follows `profile`)."""

    def make(**overrides: object) -> PrinterConfig:
        cfg = PrinterConfig(backend="network", host="127.0.0.1", port=fake.port, timeout=TIMEOUT)
        for key, value in overrides.items():
            setattr(cfg, key, value)
        fake.profile = cfg.profile
        return cfg

    return make


@pytest.fixture
def print_and_decode(fake: FakePrinter) -> Callable[[PrinterConfig, Document], Decoded]:
    """Print through escpos's Network backend to the fake; return the job as the printer received it."""

    def run(cfg: PrinterConfig, doc: Document) -> Decoded:
        before = len(fake.jobs)
        outcome = print_document(cfg, doc)
        assert outcome.ok, outcome.error
        job = fake.wait_for_jobs(before + 1, timeout=3)[before]
        # Exactly the rendered job, with a status check (DLE EOT 1, 2, 4) before and after it.
        assert job == STATUS_QUERY + outcome.data + STATUS_QUERY
        return decode(outcome.data, cfg.profile)

    return run


def flat(text: str) -> str:
    """Text with line wraps undone, to compare sentences that the layout wrapped."""
    return " ".join(text.split())
