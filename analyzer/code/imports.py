"""Static import graph through grimp's scanner, isolated so that no code of the repo runs.

grimp's `build_graph` finds a package through `sys.path` (`importlib.util.find_spec`), which
imports parent packages of a dotted name and can pick an installed namesake instead of the
checkout. We hand grimp's Rust scanner the packages and files discovery found instead, so it
reads exactly those files and nothing is imported. See adr/0002.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import grimp
from grimp.application.ports.modulefinder import FoundPackage, ModuleFile
from grimp.application.scanning import scan_imports
from grimp.domain.valueobjects import DirectImport
from grimp.domain.valueobjects import Module as GrimpModule

from analyzer.code.complexity import indentation_complexity
from analyzer.code.cycles import find_cycles
from analyzer.code.discover import Layout, SourceFile
from analyzer.code.django_refs import app_labels
from analyzer.code.references import find_references, suffix_index
from analyzer.code.source import climbing_import_lines, count_loc, decode
from analyzer.errors import AnalyzerError
from analyzer.model import (
    CONTAINMENT,
    AnalysisWarning,
    Dependency,
    ExternalUse,
    ImportEdge,
    ImportGraph,
    Module,
)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class _Read:
    loc: dict[str, int]
    texts: dict[str, str]
    complexity: dict[str, float]
    climbing: dict[str, list[int]]
    unreadable: dict[str, str]


def build_import_graph(
    layout: Layout,
    *,
    exclude_type_checking_imports: bool = False,
    progress: Progress | None = None,
) -> ImportGraph:
    """The import graph of the files in `layout`; one bad file becomes a warning."""
    say = progress or (lambda _message: None)
    by_module = {f.module: f for f in layout.files}
    say(f"reading {len(by_module)} modules")
    read = _read_files(Path(layout.root), layout.files)
    warnings = [
        AnalysisWarning("undecodable", by_module[m].path, reason)
        for m, reason in read.unreadable.items()
    ]
    excluded = set(read.unreadable)
    say("building the import graph")
    scanned = None
    while scanned is None:
        try:
            scanned = _build(layout, excluded, exclude_type_checking_imports)
        except grimp.exceptions.SourceSyntaxError as error:
            module = _module_of_file(layout, error.filename)
            if module is None or module in excluded:
                raise AnalyzerError(f"grimp could not read '{error.filename}': {error}") from error
            excluded.add(module)
            warnings.append(AnalysisWarning(
                "syntax-error", by_module[module].path,
                f"Syntax error at line {error.lineno or '?'}; module skipped.",
            ))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # grimp's Rust core panics on some inputs
            suspects = set(read.climbing) - excluded
            if not suspects:
                raise AnalyzerError(f"grimp failed on this repository: {error}") from error
            excluded |= suspects
            warnings.extend(
                AnalysisWarning("import-crash", by_module[m].path,
                                "grimp crashed on this module's imports; module skipped.")
                for m in sorted(suspects)
            )
    warnings.extend(
        AnalysisWarning(
            "import-above-top", by_module[m].path,
            f"Relative import at line {', '.join(map(str, lines))} climbs above the top-level "
            "package; that import is ignored.",
        )
        for m, lines in read.climbing.items() if m not in excluded
    )
    kept = [f for f in layout.files if f.module not in excluded]
    modules = tuple(
        Module(name=f.module, path=f.path, package=_package_of(f), loc=read.loc[f.module],
               is_package=f.is_package, complexity=read.complexity[f.module])
        for f in kept
    )
    edges, externals = _edges(scanned, {f.module for f in kept})
    say("finding string imports and model references")
    dependencies = other_dependencies({f.module: read.texts[f.module] for f in kept})
    say(f"{len(modules)} modules, {len(edges)} imports, {len(dependencies)} other dependencies")
    return ImportGraph(
        modules=modules,  # discovery's files are sorted by module name already
        imports=edges,
        externals=externals,
        cycles=find_cycles([(e.importer, e.imported) for e in edges]),
        warnings=tuple(sorted(warnings)),
        dependencies=dependencies,
    )


def other_dependencies(texts: dict[str, str]) -> tuple[Dependency, ...]:
    """Containment (a module needs its parent package) and the references strings make."""
    known = frozenset(texts)
    found: dict[tuple[str, str, str], set[int]] = {}
    for module in sorted(known):
        parent = module.rpartition(".")[0]
        if parent in known:
            found.setdefault((module, parent, CONTAINMENT), set())
    labels = app_labels(texts)
    index = suffix_index(known)
    for module in sorted(known):
        for ref in find_references(module, texts[module], known, labels, index):
            found.setdefault((ref.importer, ref.imported, ref.kind), set()).add(ref.line)
    return tuple(sorted(Dependency(a, b, kind, tuple(sorted(lines)))
                        for (a, b, kind), lines in found.items()))


def _read_files(root: Path, files: tuple[SourceFile, ...]) -> _Read:
    loc: dict[str, int] = {}
    texts: dict[str, str] = {}
    complexity: dict[str, float] = {}
    climbing: dict[str, list[int]] = {}
    unreadable: dict[str, str] = {}
    for f in files:
        try:
            with open(os.path.join(root, f.path), "rb") as handle:
                data = handle.read()
        except OSError as error:
            unreadable[f.module] = f"File cannot be read ({error.strerror}); module skipped."
            continue
        text = decode(data)
        if text is None:
            unreadable[f.module] = "File is not valid UTF-8; module skipped."
            continue
        loc[f.module] = count_loc(data)
        texts[f.module] = text
        complexity[f.module] = indentation_complexity(text)
        lines = climbing_import_lines(data, f.module, f.is_package)
        if lines:
            climbing[f.module] = lines
    return _Read(loc=loc, texts=texts, complexity=complexity, climbing=climbing,
                 unreadable=unreadable)


def _build(layout: Layout, excluded: set[str], exclude_type_checking: bool
           ) -> dict[ModuleFile, set[DirectImport]]:
    """Scan the kept files with grimp's Rust scanner; imports with their line numbers."""
    found = {
        FoundPackage(
            name=package.name,
            directory=package.directory,
            module_files=frozenset(
                ModuleFile(module=GrimpModule(f.module), mtime=0.0)
                for f in package.files if f.module not in excluded
            ),
            namespace_packages=frozenset(package.namespace_dirs),
        )
        for package in layout.packages
    }
    return scan_imports(
        [module_file for package in found for module_file in package.module_files],
        found_packages=found,
        include_external_packages=True,
        exclude_type_checking_imports=exclude_type_checking,
    )


def _edges(
    scanned: dict[ModuleFile, set[DirectImport]], internal: set[str]
) -> tuple[tuple[ImportEdge, ...], tuple[ExternalUse, ...]]:
    lines: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    externals: set[ExternalUse] = set()
    # Names under an analysed top-level package that are not module files (a namespace
    # folder, an excluded module) are neither internal edges nor external packages.
    ours = {name.split(".")[0] for name in internal}
    for direct_imports in scanned.values():
        for direct in direct_imports:
            importer, imported = direct.importer.name, direct.imported.name
            if imported == importer or importer not in internal:
                continue  # a module importing itself (say under __main__) says nothing
            if imported in internal:
                lines[(importer, imported)].add(direct.line_number)
            elif imported and imported.split(".")[0] not in ours:
                top = imported.split(".")[0]
                externals.add(ExternalUse(importer, top, top in sys.stdlib_module_names))
    # Sorting plain tuples is several times faster than sorting the dataclasses.
    edges = tuple(ImportEdge(a, b, tuple(sorted(n))) for (a, b), n in sorted(lines.items()))
    uses = sorted((use.module, use.package, use.stdlib) for use in externals)
    return edges, tuple(ExternalUse(*use) for use in uses)


def _package_of(f: SourceFile) -> str:
    return f.module if f.is_package else f.module.rpartition(".")[0]


def _module_of_file(layout: Layout, filename: str) -> str | None:
    target = os.path.realpath(filename)
    by_path = {os.path.realpath(os.path.join(layout.root, f.path)): f.module
               for f in layout.files}
    return by_path.get(target)
