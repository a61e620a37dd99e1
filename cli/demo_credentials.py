"""instance/demo-credentials.txt: the demo users' passwords and the demo devices' tokens that still work.

One line per user or device, `usuario NAME  contraseña …  rol …` or `dispositivo KIND NAME  token …`. A seed that
creates them again (its database deleted and the demo started anew) replaces their lines: appended, the file
listed every user twice, the dead password first. Readable by its owner only."""

from __future__ import annotations

import os
from pathlib import Path

FILE_NAME = "demo-credentials.txt"


def _key(line: str) -> str:
    """«usuario NAME» or «dispositivo KIND NAME»: what a line is about."""
    words = line.split()
    return " ".join(words[:3] if words[:1] == ["dispositivo"] else words[:2])


def save(instance: Path, new: dict[str, str]) -> Path:
    """Merge `new` ({key: rest of the line}) into the file, replacing the lines of the same keys; its path."""
    path = instance / FILE_NAME
    kept = [line for line in (path.read_text().splitlines() if path.exists() else [])
            if line.strip() and _key(line) not in new]
    text = "\n".join([*kept, *(f"{key}  {rest}" for key, rest in new.items())]) + "\n"
    partial = path.with_name(f".{FILE_NAME}.{os.getpid()}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # private before anything is written
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(partial, path)  # never a half-written file for `make run` to read
    return path
