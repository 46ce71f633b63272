"""Static import graph through grimp, isolated so that no code of the analysed repo runs.

grimp normally finds a package through `sys.path` (`importlib.util.find_spec`), which imports
parent packages of a dotted name and can pick an installed namesake instead of the checkout.
We hand grimp the folders and files discovery found instead, so it reads exactly those files
and nothing is imported. See adr/0002-isolate-grimp.md.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import grimp
from grimp.application.config import settings as grimp_settings
from grimp.application.ports.modulefinder import AbstractModuleFinder, FoundPackage, ModuleFile
from grimp.application.ports.packagefinder import AbstractPackageFinder
from grimp.domain.valueobjects import Module as GrimpModule

from .complexity import indentation_complexity
from .cycles import find_cycles
from .discover import Layout, Package, SourceFile
from .errors import AnalyzerError
from .model import AnalysisWarning, ExternalUse, ImportEdge, ImportGraph, Module
from .sourcetext import climbing_import_lines, count_loc, decode

Progress = Callable[[str], None]


@dataclass(frozen=True)
class _Read:
    loc: dict[str, int]
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
    graph = None
    while graph is None:
        try:
            graph = _build(layout, excluded, exclude_type_checking_imports)
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
    edges, externals = _edges(graph, {f.module for f in kept})
    say(f"{len(modules)} modules, {len(edges)} imports")
    return ImportGraph(
        modules=tuple(sorted(modules)),
        imports=edges,
        externals=externals,
        cycles=find_cycles([(e.importer, e.imported) for e in edges]),
        warnings=tuple(sorted(warnings)),
    )


def _read_files(root: Path, files: tuple[SourceFile, ...]) -> _Read:
    loc: dict[str, int] = {}
    complexity: dict[str, float] = {}
    climbing: dict[str, list[int]] = {}
    unreadable: dict[str, str] = {}
    for f in files:
        try:
            data = (root / f.path).read_bytes()
        except OSError as error:
            unreadable[f.module] = f"File cannot be read ({error.strerror}); module skipped."
            continue
        text = decode(data)
        if text is None:
            unreadable[f.module] = "File is not valid UTF-8; module skipped."
            continue
        loc[f.module] = count_loc(data)
        complexity[f.module] = indentation_complexity(text)
        lines = climbing_import_lines(data, f.module, f.is_package)
        if lines:
            climbing[f.module] = lines
    return _Read(loc=loc, complexity=complexity, climbing=climbing, unreadable=unreadable)


def _build(layout: Layout, excluded: set[str], exclude_type_checking: bool) -> grimp.ImportGraph:
    names = sorted({p.name for p in layout.packages})
    with _isolated(layout.packages, excluded):
        return grimp.build_graph(
            *names,
            include_external_packages=True,
            exclude_type_checking_imports=exclude_type_checking,
            cache_dir=None,
        )


def _edges(
    graph: grimp.ImportGraph, internal: set[str]
) -> tuple[tuple[ImportEdge, ...], tuple[ExternalUse, ...]]:
    edges: list[ImportEdge] = []
    externals: set[ExternalUse] = set()
    for importer in sorted(internal):
        for imported in graph.find_modules_directly_imported_by(importer):
            if imported == importer:
                continue  # a module importing itself (say under __main__) says nothing
            if imported in internal:
                details = graph.get_import_details(importer=importer, imported=imported)
                lines = tuple(sorted({d["line_number"] for d in details}))
                edges.append(ImportEdge(importer=importer, imported=imported, lines=lines))
            elif imported and graph.is_module_squashed(imported):
                top = imported.split(".")[0]
                externals.add(ExternalUse(importer, top, top in sys.stdlib_module_names))
    return tuple(sorted(edges)), tuple(sorted(externals))


def _package_of(f: SourceFile) -> str:
    return f.module if f.is_package else f.module.rpartition(".")[0]


def _module_of_file(layout: Layout, filename: str) -> str | None:
    target = Path(filename).resolve()
    for f in layout.files:
        if (Path(layout.root) / f.path).resolve() == target:
            return f.module
    return None


class _KnownDirectories(AbstractPackageFinder):
    """Answers grimp's 'where is package X' from discovery, never through sys.path."""

    def __init__(self, packages: tuple[Package, ...]) -> None:
        self._directories: dict[str, set[str]] = {}
        for package in packages:
            self._directories.setdefault(package.name, set()).add(package.directory)

    def determine_package_directories(self, package_name: str, file_system: object) -> set[str]:
        return self._directories[package_name]


class _KnownFiles(AbstractModuleFinder):
    """Answers grimp's 'which modules are in X' with the files discovery kept."""

    def __init__(self, packages: tuple[Package, ...], excluded: set[str]) -> None:
        self._packages = {(p.name, p.directory): p for p in packages}
        self._excluded = excluded

    def find_package(
        self, package_name: str, package_directory: str, file_system: object
    ) -> FoundPackage:
        package = self._packages[(package_name, package_directory)]
        return FoundPackage(
            name=package_name,
            directory=package_directory,
            module_files=frozenset(
                ModuleFile(module=GrimpModule(f.module), mtime=0.0)
                for f in package.files if f.module not in self._excluded
            ),
            namespace_packages=frozenset(package.namespace_dirs),
        )


@contextmanager
def _isolated(packages: tuple[Package, ...], excluded: set[str]) -> Iterator[None]:
    saved = {
        "PACKAGE_FINDER": grimp_settings.PACKAGE_FINDER,
        "MODULE_FINDER": grimp_settings.MODULE_FINDER,
    }
    grimp_settings.configure(
        PACKAGE_FINDER=_KnownDirectories(packages),
        MODULE_FINDER=_KnownFiles(packages, excluded),
    )
    try:
        yield
    finally:
        grimp_settings.configure(**saved)
