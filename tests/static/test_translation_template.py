"""translations/messages.pot holds every text the kiosk, reception and status page show, so a translator who
starts from it (translations/README.md) misses none."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def _ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {str(message.id) for message in read_po(handle) if message.id}


def test_the_committed_template_has_every_text(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(fresh), "."], cwd=ROOT, check=True, capture_output=True)
    missing = _ids(fresh) - _ids(ROOT / "translations" / "messages.pot")
    assert not missing, f"run the extract command of translations/README.md; missing: {sorted(missing)[:10]}"
