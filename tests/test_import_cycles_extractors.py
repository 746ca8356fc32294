"""No import cycles and no private cross-module imports under extractors/ (issue 17).

Why a test: a cycle between two modules only works while each imports the other
inside a function or at the bottom of the file, and it breaks the day someone
moves that line; a private name imported from another module (`from X import
_helper`) is a helper whose owner does not know it is shared. Both are read from
the source with `ast` (module level, inside functions and under TYPE_CHECKING),
so nothing is imported to check them.

`from pkg import name` is an edge to `pkg.name` when that is a module, else to
`pkg`; the package `__init__` a submodule import runs implicitly is no edge
(import-linter counts the same way).

The readers and the semantic layer are restructured in another checkout; their
known cycles and private imports are listed in KNOWN_* so that only a new one
fails here. Remove an entry when it is fixed.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "extractors"

KNOWN_CYCLES: set[frozenset[str]] = {
    frozenset({"extractors.readers.ocr", "extractors.readers.pdf_reader"}),
    frozenset({"extractors.semantic", "extractors.semantic.st_backend"}),
}
KNOWN_PRIVATE: set[tuple[str, str, str]] = {
    ("extractors.readers.ocr_layout", "extractors.readers.pdf_layout", "_CLOSING"),
    ("extractors.readers.ocr_layout", "extractors.readers.pdf_layout", "_OPENING"),
    ("extractors.readers.ocr_layout", "extractors.readers.pdf_layout", "_TOKEN_CHARS"),
}


def _modules(root: Path = ROOT) -> dict[str, Path]:
    out = {}
    for p in sorted((root / PACKAGE).rglob("*.py")):
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
    assert not found, "import cycles under extractors/: " + "; ".join(" <-> ".join(sorted(c)) for c in found)


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
