"""The architecture, checked: layers, no import cycles, no private names across modules (issue 17).

Layers, bottom to top (README, "Layers"): a module may import its own layer and the ones
below it, never one above.

    models  <  extractors  <  pipeline.labels  <  pipeline.schema  <  pipeline.screen
            <  pipeline.render  <  pipeline.batch  <  pipeline.cli, pipeline.corpus_batch  <  evaluation

Why a test: a cycle between two modules only works while each imports the other
inside a function or at the bottom of the file, and it breaks the day someone
moves that line; a private name imported from another module (`from X import
_helper`) is a helper whose owner does not know it is shared; an import upwards
makes a layer impossible to use or test without the ones above it. All are read
from the source with `ast` (module level, inside functions and under TYPE_CHECKING),
so nothing is imported to check them.

`from pkg import name` is an edge to `pkg.name` when that is a module, else to
`pkg`; the package `__init__` a submodule import runs implicitly is no edge
(import-linter counts the same way).
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "extractors", "pipeline", "evaluation")
PACKAGE = "extractors"  # the walker's own self-test builds a fake package of this name

# Known exceptions: none left. Add one here only with a reason, and remove it once fixed.
KNOWN_CYCLES: set[frozenset[str]] = set()
KNOWN_PRIVATE: set[tuple[str, str, str]] = set()


def _modules(root: Path = ROOT) -> dict[str, Path]:
    out = {}
    for p in sorted(q for pkg in PACKAGES for q in (root / pkg).rglob("*.py")):
        parts = list(p.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = p
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]):
    """(target module, imported name or None, line) of every import statement in the file,
    and of every private attribute read from an imported module (`cond._pairs(…)`)."""
    is_pkg = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    bound: dict[str, str] = {}  # local name -> module it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    bound[a.asname] = a.name
                yield a.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_pkg else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for a in node.names:
                sub = f"{base}.{a.name}"
                if sub in modules:
                    bound[a.asname or a.name] = sub
                    yield sub, None, node.lineno
                else:
                    yield base, a.name, node.lineno
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            yield bound[node.value.id], node.attr, node.lineno


def import_graph(root: Path = ROOT) -> tuple[dict[str, set[str]], list[tuple[str, str, str, int]]]:
    """Edges between modules of the package, and (importer, owner, private name, line)."""
    modules = _modules(root)
    edges: dict[str, set[str]] = {m: set() for m in modules}
    private = []
    for name, path in modules.items():
        for target, imported, line in _imports(name, path, modules):
            if target not in modules or target == name:
                continue
            edges[name].add(target)
            if imported and imported.startswith("_") and not imported.startswith("__"):
                private.append((name, target, imported, line))
    return edges, private


def cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(comp)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    edges, _ = import_graph()
    found = [c for c in cycles(edges) if frozenset(c) not in KNOWN_CYCLES]
    assert not found, "import cycles: " + "; ".join(" <-> ".join(sorted(c)) for c in found)


def test_no_private_names_across_modules():
    _, private = import_graph()
    found = [p for p in private if p[:3] not in KNOWN_PRIVATE]
    assert not found, "private names imported from another module: " + "; ".join(
        f"{imp}:{line} uses {name} of {owner}" for imp, owner, name, line in found)


def test_the_check_sees_a_cycle_and_a_private_import(tmp_path):
    """The walker itself: a loop hidden in a function body and a private name are found."""
    pkg = tmp_path / PACKAGE
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from extractors.b import helper\n")
    (pkg / "b.py").write_text("def helper():\n    from extractors import a\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from extractors.b import _x\n")
    (pkg / "d.py").write_text("from extractors import b as bee\n\nbee._y()\n")
    edges, private = import_graph(tmp_path)
    assert cycles(edges) == [{"extractors.a", "extractors.b"}]
    assert sorted(private) == [("extractors.c", "extractors.b", "_x", 3), ("extractors.d", "extractors.b", "_y", 3)]


LAYERS: list[tuple[str, ...]] = [
    ("models",), ("extractors",), ("pipeline.labels",), ("pipeline.schema",), ("pipeline.screen",),
    ("pipeline.render",), ("pipeline.batch",), ("pipeline.cli", "pipeline.corpus_batch", "pipeline"),
    ("evaluation",),
]


def layer_of(module: str) -> int:
    """Index of the layer a module belongs to (the longest matching prefix decides)."""
    best, rank = -1, -1
    for i, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best:
                best, rank = len(p), i
    return rank


def upward_imports(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    return sorted((m, t) for m, ts in edges.items() for t in ts if layer_of(t) > layer_of(m))


def test_no_module_imports_a_layer_above_its_own():
    edges, _ = import_graph()
    assert all(layer_of(m) >= 0 for m in edges), [m for m in edges if layer_of(m) < 0]
    found = upward_imports(edges)
    assert not found, "imports upwards: " + "; ".join(f"{m} -> {t}" for m, t in found)


def test_the_layer_check_sees_an_upward_import():
    edges = {"models.x": {"extractors.y"}, "pipeline.screen.a": {"pipeline.render.b"},
             "pipeline.render.b": {"pipeline.screen.a"}, "evaluation.e": {"pipeline.batch.run"}}
    assert upward_imports(edges) == [("models.x", "extractors.y"), ("pipeline.screen.a", "pipeline.render.b")]


def test_every_package_is_declared_for_installation():
    """pyproject lists packages explicitly: a new sub-package left out would be missing
    from an installed copy while every test run from the checkout still passes."""
    import tomllib

    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for pkg in PACKAGES for p in (ROOT / pkg).rglob("__init__.py")}
    assert on_disk <= declared, sorted(on_disk - declared)


def test_lazy_model_exports_match_the_type_checking_imports():
    """models/__init__ names each export twice (lazy table, TYPE_CHECKING imports): they must agree."""
    import ast

    import models

    tree = ast.parse((Path(models.__file__)).read_text(encoding="utf-8"))
    typed = {a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
             and node.module.startswith("models.") for a in node.names}
    assert typed == set(models.__all__)
    for name in models.__all__:
        assert getattr(models, name) is not None
