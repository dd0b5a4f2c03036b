"""The package's modules import one another without a cycle.

Every import counts: top-level, inside a function, under `if TYPE_CHECKING`, relative or
absolute. A cycle is a module that can only be understood (and loaded) together with the
ones it imports; a function-level import merely hides it from the interpreter.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import speeches

PACKAGE = "speeches"
ROOT = Path(speeches.__file__).parent


def module_names() -> dict[str, Path]:
    """Dotted name -> file of every module of the package."""
    names = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module a `from ... import` names (`from . import x` names the package)."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that `module` imports, anywhere in its file."""
    found: set[str] = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, is_package, node)
            # `from . import segment` imports the module segment; `from .x import f` and
            # `from . import __version__` import what x and the package define.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        for target in targets:
            # The longest known module the name falls in: `speeches.x.f` imports `speeches.x`.
            parts = target.split(".")
            while parts and ".".join(parts) not in known:
                parts.pop()
            name = ".".join(parts)
            if name and name != module:
                found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    names = module_names()
    known = set(names)
    return {m: imports(m, p, known) for m, p in names.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), each as a cycle path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_cycle_in(graph, set(g)) for g in groups]


def _cycle_in(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """One cycle through the group's first module, as a path that returns to it."""
    start = min(group)
    paths = {start: [start]}
    todo = [start]
    while todo:
        v = todo.pop(0)
        for w in sorted(graph[v] & group):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                todo.append(w)
    return sorted(group)  # unreachable for a strongly connected group


def test_no_import_cycle() -> None:
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def _graph(text: str) -> dict[str, set[str]]:
    edges = [line.split(">") for line in text.split()]
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    return graph


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ("a>b b>c", []),
        ("a>b b>a", [["a", "b", "a"]]),
        ("a>b b>c c>a d>a", [["a", "b", "c", "a"]]),
        ("a>b b>a c>d d>c", [["a", "b", "a"], ["c", "d", "c"]]),
    ],
)
def test_find_cycles(edges: str, expected: list[list[str]]) -> None:
    assert sorted(find_cycles(_graph(edges))) == expected


def test_function_level_and_relative_imports_count(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from . import a\n")
    (pkg / "a.py").write_text("def f():\n    from .b import g\n    return g\n")
    (pkg / "b.py").write_text("import pkg.c\nfrom . import a as _a, VERSION\n")
    (pkg / "c.py").write_text("")
    known = {"pkg", "pkg.a", "pkg.b", "pkg.c"}
    assert imports("pkg", pkg / "__init__.py", known) == {"pkg.a"}
    assert imports("pkg.a", pkg / "a.py", known) == {"pkg.b"}
    assert imports("pkg.b", pkg / "b.py", known) == {"pkg", "pkg.a", "pkg.c"}


def test_the_graph_sees_the_package() -> None:
    graph = import_graph()
    assert "speeches.store" in graph["speeches.write.pipeline"]
    assert "speeches.stages.segment" in graph["speeches.write.worker"]  # imported inside a function


def test_the_public_api_resolves_every_name_it_lists() -> None:
    for name in speeches.__all__:
        assert getattr(speeches, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        speeches.nothing_here  # noqa: B018


@pytest.mark.slow
def test_importing_the_package_loads_no_stage_nor_engine() -> None:
    # `import speeches` (and so `speeches --version`) stays cheap: the API loads on first use.
    import subprocess
    import sys

    code = (
        "import sys, speeches; "
        "print(sorted(m for m in sys.modules if m.startswith('speeches.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("group", ["stages", "write", "store", "read", "rules", "text"])
def test_each_part_of_the_layout_is_a_package_with_a_docstring(group: str) -> None:
    init = ROOT / group / "__init__.py"
    assert ast.get_docstring(ast.parse(init.read_text("utf-8"))), init


def test_the_readme_architecture_lists_every_module_where_it_is() -> None:
    readme = (ROOT.parents[1] / "README.md").read_text("utf-8")
    tree = readme.split("## Architecture", 1)[1].split("```", 2)[1]
    listed, folder = set(), ""
    for line in tree.splitlines()[2:]:  # after the opening fence and `src/speeches/`
        indent = len(line) - len(line.lstrip())
        first = line.split()[0] if line.strip() else ""
        if indent == 2:
            folder = first if first.endswith("/") else ""
        if first.endswith(".py") and indent in (2, 4):
            listed.add((folder if indent == 4 else "") + first)
    actual = {str(path.relative_to(ROOT)) for path in ROOT.rglob("*.py")}
    actual -= {f"{group}/__init__.py" for group in ("stages", "write", "read", "text")}
    actual -= {"__main__.py"}
    assert listed == actual
