"""The layout shows the architecture, and stays that way.

Dependencies point one way (cli → batch → parse → stages), nothing imports in
a cycle, and no module grows past what one can read in a sitting.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

SRC = ROOT / "src" / "licparse"
MAX_LINES = 420


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The licparse modules `path` imports, at the top or inside a function
    (a lazy import is still a dependency); not those under TYPE_CHECKING."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in _nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            if target.startswith("licparse"):
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("licparse"))
    modules = {_module(p) for p in SRC.rglob("*.py")}
    return {name for name in found if name in modules} - {module}


def _nodes(tree: ast.AST) -> list[ast.AST]:
    out: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            todo.extend(node.orelse)
            continue
        out.append(node)
        todo.extend(ast.iter_child_nodes(node))
    return out


GRAPH = {_module(path): _imports(path) for path in SRC.rglob("*.py")}


def test_no_import_cycle() -> None:
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for other in sorted(GRAPH.get(name, ())):
            if state.get(other) == 1:
                cycle = [*trail[trail.index(other) :], other]
                raise AssertionError(f"import cycle: {' → '.join(cycle)}")
            if other not in state:
                visit(other, [*trail, other])
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])


def test_dependencies_point_one_way() -> None:
    for name, imports in GRAPH.items():
        if name.startswith("licparse.stages"):
            bad = {i for i in imports if i.startswith(("licparse.batch", "licparse.cli"))}
            assert not bad, f"{name} imports {bad}"
            assert "licparse.parse" not in imports, f"{name} imports the pipeline"
        if name.startswith("licparse.batch"):
            assert not {i for i in imports if i.startswith("licparse.cli")}, name


def test_no_module_is_too_long_to_read() -> None:
    long = {
        str(path.relative_to(SRC)): n
        for path in SRC.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these along a line a newcomer would guess: {long}"


def test_the_graph_was_read() -> None:
    assert "licparse.stages.furniture" in GRAPH["licparse.parse"]
    assert "licparse.batch.work" in GRAPH["licparse.batch.workers"]
