"""The layout holds (DESIGN.md §8): no import circle anywhere, the domain never reaches for HTTP, modules stay small.

Imports are read from the source with `ast`, so a violation is found without running it."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", ".bench-deps", "node_modules", "migrations", ".git", "instance"}
SCREENS = ("admin", "api", "auth", "desk", "display", "kiosk", "web", "cli")
REQUEST_GLOBALS = {"request", "session", "g", "render_template", "url_for", "redirect", "flash", "abort",
                   "make_response", "jsonify", "Blueprint"}
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if SKIP & set(parts):
            continue
        name = ".".join(parts)[:-3]
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, set[str]]]:
    """(imported module, names taken from it) for every import in the file, resolved to project modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, set()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                child = f"{base}.{alias.name}"
                out.append((child, set()) if child in MODULES else (base, {alias.name}))
    return [(target, names) for target, names in out if target in MODULES or target.split(".")[0] == "flask"]


def _graph() -> dict[str, set[str]]:
    return {name: {t for t, _ in _imports(name, path) if t in MODULES and t != name}
            for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph.get(node, ()):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle_anywhere() -> None:
    """No two modules of the tree import each other, directly or through others."""
    assert _cycles(_graph()) == []


def test_the_domain_knows_nothing_of_http() -> None:
    """Nothing under core/ imports a screen, the factory, the CLI or Flask's request globals and view helpers."""
    offending = []
    for name, path in MODULES.items():
        if not name.startswith("core"):
            continue
        for target, names in _imports(name, path):
            if target.split(".")[0] in SCREENS:
                offending.append(f"{name} imports {target}")
            if target.split(".")[0] == "flask" and names & REQUEST_GLOBALS:
                offending.append(f"{name} imports {sorted(names & REQUEST_GLOBALS)} from {target}")
    assert offending == []


def test_core_sub_packages_only_document_themselves() -> None:
    """A domain package's __init__ holds its docstring: call sites import the modules they use."""
    for init in (ROOT / "core").rglob("__init__.py"):
        if init.parent.name == "models":
            continue  # the models package re-exports its classes by design (STYLE.md §7.6)
        tree = ast.parse(init.read_text(encoding="utf-8"))
        body = [node for node in tree.body if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]
        assert body == [], f"{init.relative_to(ROOT)} does more than document its package"


def test_modules_stay_small_unless_they_say_why() -> None:
    """No module over ~400 lines, unless its docstring says why it is larger."""
    large = []
    for name, path in MODULES.items():
        if name.startswith("tests") or name.startswith("bench"):
            continue
        text = path.read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(text)) or ""
        if text.count("\n") > MAX_LINES and "longer than" not in doc.lower():
            large.append(f"{name}: {text.count(chr(10))} lines")
    assert large == []
