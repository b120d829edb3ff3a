"""The house rules of the code, checked from its source (``ast``, nothing imported): no import circle,
no positional row in the screens, no long module without a stated reason."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "segib_desktop"
LONG = 500  # lines; a longer module says why in its docstring ("Kept whole: ...")


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_at_load(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The program's modules that ``name`` imports when it is loaded (its top-level imports; an import
    inside a function runs later and is how a module reaches one that depends on it)."""

    def resolve(dotted: str) -> str | None:
        while dotted and dotted not in known:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {resolve(alias.name) for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in known else resolve(base))
    return found - {None, name}


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another, in a circle (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph.get(module, ()):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return circles


def test_no_module_of_the_program_imports_one_that_imports_it_back():
    known = modules()
    graph = {name: imports_at_load(name, path, known) for name, path in known.items()}
    assert import_circles(graph) == []


def test_the_circle_finder_finds_a_circle():
    """The check above would fail if one came back: a circle of three, as form→history→table→form was."""
    graph = {"form": {"history"}, "history": {"table"}, "table": {"form", "i18n"}, "i18n": set()}
    assert import_circles(graph) == [["form", "history", "table"]]


def positional_reads(source: str) -> list[int]:
    """The lines where a row is read by position (``row[1]``, ``r[-1]``, ``rows[0][2]``...)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Subscript):
            value = node.value
            while isinstance(value, ast.Subscript):
                value = value.value
            index = node.slice
            if isinstance(index, ast.UnaryOp):
                index = index.operand
            named_row = isinstance(value, ast.Name) and value.id in ("row", "r")
            if named_row and isinstance(index, ast.Constant | ast.BinOp | ast.Name):
                lines.append(node.lineno)
    return lines


def test_the_screens_read_rows_by_field_name():
    found = {str(path.relative_to(PACKAGE)): lines for path in (PACKAGE / "gui").rglob("*.py")
             if (lines := positional_reads(path.read_text(encoding="utf-8")))}
    assert found == {}


@pytest.mark.parametrize("source, lines", [("row[0]", [1]), ("r[-1]", [1]), ("x = row[c + 1]", [1]),
                                           ("row.id", []), ("rows[0].row()", [])])
def test_a_positional_read_is_found(source, lines):
    assert positional_reads(source) == lines


def test_a_long_module_says_why_it_stays_whole():
    unexplained = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > LONG and "Kept whole:" not in (ast.get_docstring(ast.parse(text)) or ""):
            unexplained.append(str(path.relative_to(PACKAGE)))
    assert sorted(unexplained) == []
