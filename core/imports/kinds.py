"""Every Smartflex file type the engine imports, by the name stored on its batches. A new export is one
`Kind` table in its domain package plus one entry here."""

from __future__ import annotations

from core.accounts.account_import import ACCOUNTS
from core.imports.engine import Kind
from core.top10.report_import import CANCELLATIONS, DAMAGE_REPORTS

KINDS: dict[str, Kind] = {kind.name: kind for kind in (ACCOUNTS, DAMAGE_REPORTS, CANCELLATIONS)}
