"""The package's folders are the stages a note passes through, and imports flow one way.

data (read and check) <- export (open-data formats) <- pages (generated Markdown and HTML)
<- engines (the only code that drives a static-site engine) <- measure, cli (on top).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "marginalia"
LAYERS = {"data": 0, "export": 1, "pages": 2, "engines": 3, "measure": 4, "cli": 5}
ENGINE_PACKAGES = {"mkdocs", "material", "zensical"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function alike."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module in {"marginalia", *MODULES}:  # `from marginalia.data import model`
                found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


FILES = sorted(PACKAGE.rglob("*.py"))
MODULES = {module_name(p) for p in FILES}
GRAPH = {
    module_name(p): {m for m in imports(p) if m in MODULES and m != module_name(p)} for p in FILES
}


def test_every_module_sits_in_a_stage():
    homeless = [m for m in MODULES if m != "marginalia" and layer(m) is None]
    assert not homeless


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m != "marginalia"))
def test_imports_flow_one_way(module):
    upward = [m for m in GRAPH[module] if (layer(m) or 0) > layer(module)]
    assert not upward, f"{module} imports a later stage: {upward}"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of imports in the graph, or None."""
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> list[str] | None:
        if module in trail:
            return [*trail[trail.index(module) :], module]
        if module in done:
            return None
        for target in sorted(graph.get(module, ())):
            if (cycle := visit(target, (*trail, module))) is not None:
                return cycle
        done.add(module)
        return None

    for module in sorted(graph):
        if (cycle := visit(module, ())) is not None:
            return cycle
    return None


def test_no_import_cycle():
    assert find_cycle(GRAPH) is None


def test_a_cycle_is_found():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_only_engines_and_the_baseline_benchmarks_import_an_engine():
    users = {
        module_name(p) for p in FILES if {m.split(".")[0] for m in imports(p)} & ENGINE_PACKAGES
    }
    assert users and all(layer(m) in (LAYERS["engines"], LAYERS["measure"]) for m in users), users


def test_the_rule_catches_an_upward_import(tmp_path):
    """The checker itself: a data module that imported a page would be reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("from marginalia.pages.render import plain\n")
    assert "marginalia.pages.render" in imports(bad)
    assert layer("marginalia.pages.render") > layer("marginalia.data.model")
