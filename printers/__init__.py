"""Receipt printing for Turnero: layouts, backends, status checks, fake and virtual printers.

A pure library (no Flask): settings arrive as PrinterConfig. Names are loaded lazily so that importing
printers or printers.config does not import python-escpos; set TURNERO_ESCPOS_CACHE_DIR before first use
(see printers/_escpos.py). printers.fake is not re-exported so `python -m printers.fake` runs cleanly.
"""

from __future__ import annotations

import importlib
from typing import Any

from printers.config import PrinterConfig
from printers.documents import BrochureDoc, DirectionsDoc, Document, TestPageDoc, TicketDoc

_LAZY = {
    "PrintOutcome": "printers.send",
    "print_document": "printers.send",
    "query_status": "printers.send",
    "render": "printers.layouts",
    "render_bytes": "printers.layouts",
    "open_printer": "printers.backends",
    "register_backend": "printers.backends",
    "PrinterError": "printers.backends",
    "decode": "printers.decode",
    "Decoded": "printers.decode",
    "render_png": "printers.virtual",
    "render_html": "printers.virtual",
}

__all__ = [
    "BrochureDoc",
    "DirectionsDoc",
    "Document",
    "PrinterConfig",
    "TestPageDoc",
    "TicketDoc",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'printers' has no attribute {name!r}")
