"""The version panels reload on (web/assets.py): without APP_VERSION, a digest of what browsers run, so a deploy
that changes a script or a template reloads every panel without anyone numbering it."""

from __future__ import annotations

from pathlib import Path

from core.config import ROOT
from tests.apps import make_app
from web import assets


def tree(root: Path, script: str) -> Path:
    (root / "static" / "display").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "static" / "display" / "panel.js").write_text(script)
    (root / "templates" / "panel.html").write_text("<main></main>")
    return root


def test_the_same_files_give_the_same_version_and_a_changed_script_another(tmp_path: Path) -> None:
    """Two instances of one release agree; one line changed in a script is a new version."""
    first = assets.version(tree(tmp_path / "a", "show(call);"))
    assert assets.version(tree(tmp_path / "b", "show(call);")) == first
    assert assets.version(tree(tmp_path / "c", "show(call); chime();")) != first


def test_an_app_without_app_version_uses_the_digest_and_a_set_one_wins(tmp_path: Path) -> None:
    """The panel page and snapshot read `APP_VERSION`: the digest of this checkout unless it is set."""
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert make_app(url, tmp_path / "i1", APP_VERSION="").config["APP_VERSION"] == assets.version(ROOT)
    assert make_app(url, tmp_path / "i2", APP_VERSION="2026.11.29").config["APP_VERSION"] == "2026.11.29"
