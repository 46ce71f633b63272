"""The import graph of real code matches its files, checked against an independent count.

A real package installed from PyPI is copied out of site-packages; its modules are counted by
walking the folder, and its imports by parsing every file with `ast` and resolving each import
by Python's rules. Faultline's graph must agree exactly.
"""

from __future__ import annotations

import ast
import importlib.util
import shutil
from collections import Counter
from pathlib import Path

import pytest

from analyzer import analyze
from analyzer.patterns import matches
from analyzer.settings import DEFAULT_EXCLUDES


def independent_modules(root: Path, package: str) -> dict[str, Path]:
    modules = {}
    for path in sorted((root / package).rglob("*.py")):
        rel = path.relative_to(root)
        if matches(rel.as_posix(), DEFAULT_EXCLUDES):
            continue
        if not all((root / Path(*rel.parts[:i]) / "__init__.py").exists()
                   for i in range(1, len(rel.parts))):
            continue
        parts = list(rel.with_suffix("").parts)
        if not parts[-1].isidentifier():  # e.g. rich's unicode14-0-0.py: not importable
            continue
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def independent_imports(modules: dict[str, Path]) -> set[tuple[str, str]]:
    edges = set()
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_bytes())):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".")
                    anchor = anchor if is_package else anchor[:-1]
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                           for alias in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges.add((name, target))
    return edges


@pytest.mark.parametrize("package", ["networkx", "rich"])
def test_import_graph_of_a_real_package_matches_an_independent_count(
    package: str, tmp_path: Path
) -> None:
    spec = importlib.util.find_spec(package)
    assert spec and spec.submodule_search_locations
    shutil.copytree(spec.submodule_search_locations[0], tmp_path / package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    expected_modules = independent_modules(tmp_path, package)
    expected_imports = independent_imports(expected_modules)

    analysis = analyze(tmp_path, overrides={"history": False})
    graph = analysis.graph

    assert len(expected_modules) > 50
    assert {m.name for m in graph.modules} == set(expected_modules)
    assert {(e.importer, e.imported) for e in graph.imports} == expected_imports
    unimportable = Counter(p.parent.relative_to(tmp_path).as_posix()
                           for p in (tmp_path / package).rglob("*.py")
                           if not p.stem.isidentifier())
    # one warning per folder, with its count
    assert {w.path: int(w.message.split()[0]) for w in analysis.warnings} == unimportable
    assert {w.code for w in analysis.warnings} <= {"not-a-module-name"}
