"""ESLint over the screens' scripts (eslint.config.mjs): a name a script uses but no script in its page defines
where it can see it. Reception called another file's private `loadToday`; the page's ReferenceError was caught
and shown as «Sin conexión con el servidor» over every ticket it had just issued."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_script_passes_eslint() -> None:
    found = subprocess.run(["node", str(ROOT / "node_modules" / "eslint" / "bin" / "eslint.js"), "static"],
                           cwd=ROOT, capture_output=True, text=True)
    assert found.returncode == 0, found.stdout + found.stderr
