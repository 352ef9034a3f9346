"""The one-way architecture, held by tests: model beneath everything; gathering (auditor/), checking
(checks/) and reporting (reports/) above it; checks and reports never reach gathering code, and
reports never reach a check. The map counts every import, including those inside functions."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("model", "auditor", "checks", "reports")
# What each side may import besides itself and the standard or third-party libraries.
ALLOWED = {"model": (), "checks": ("model",), "reports": ("model",), "auditor": ("model",)}
COMPOSITION_ROOT = "auditor.cli"   # the CLI wires gathering, checks and reports together
BROWSER_STACK = ("playwright", "axe_playwright_python", "httpx", "pikepdf")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def import_map() -> dict[str, set[str]]:
    """Each of our modules -> the modules of ours it imports (a package's name counts as its __init__)."""
    modules = _modules()
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                targets.add(base)
                targets.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules)
        edges[name] = {t for t in targets if t in modules and t != name}
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
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
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_import_map_has_no_circle():
    assert _cycles(import_map()) == []


def test_no_arrow_from_a_lower_layer_or_from_checks_and_reports_to_gathering():
    forbidden = []
    for source, targets in import_map().items():
        side = source.split(".")[0]
        for target in targets:
            other = target.split(".")[0]
            if other == side or other in ALLOWED[side] or source == COMPOSITION_ROOT:
                continue
            forbidden.append(f"{source} -> {target}")
    assert forbidden == []


def test_the_map_sees_imports_inside_functions():
    """A map that missed late imports could not see the circles this guards against."""
    assert "checks.evaluate" in import_map()[COMPOSITION_ROOT]


def test_checking_and_reporting_load_no_browser_or_network_stack():
    """rescore and report run without the browser stack: importing them must not load it."""
    code = ("import sys, checks.evaluate, checks.catalogue, reports.render\n"
            f"print(','.join(m for m in {BROWSER_STACK!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == ""


def test_browser_tests_are_recognisable_by_name():
    """Every test that drives Chromium is marked `browser` and lives in a file named *_browser.py."""
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        marked = "pytest.mark." + "browser" in path.read_text(encoding="utf-8")   # split: this file names it
        assert marked == path.stem.endswith("_browser"), path.name
