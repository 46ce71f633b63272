"""Static import graph through grimp's scanner, isolated so that no code of the repo runs.

grimp's `build_graph` finds a package through `sys.path` (`importlib.util.find_spec`), which
imports parent packages of a dotted name and can pick an installed namesake instead of the
checkout. We hand grimp's Rust scanner the packages and files discovery found instead, so it
reads exactly those files and nothing is imported. See adr/0002.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO

import grimp
from grimp.application.ports.modulefinder import FoundPackage, ModuleFile
from grimp.application.scanning import scan_imports
from grimp.domain.valueobjects import DirectImport
from grimp.domain.valueobjects import Module as GrimpModule

from analyzer.code import scancache
from analyzer.code.cycles import find_cycles
from analyzer.code.discover import Layout, SourceFile
from analyzer.code.django_refs import app_labels, app_members
from analyzer.code.reading import Read, read_files
from analyzer.code.reexports import reexport_dependencies
from analyzer.code.references import find_references, suffix_index
from analyzer.code.source import ABOVE_TOP
from analyzer.errors import AnalyzerError
from analyzer.model import (
    APP_MEMBERSHIP,
    CONTAINMENT,
    REEXPORT,
    AnalysisWarning,
    Dependency,
    ExternalUse,
    ImportEdge,
    ImportGraph,
    Module,
)

Progress = Callable[[str], None]
ImportRows = tuple[tuple[str, int], ...]  # (imported, line) of one module's imports
ReferenceRows = tuple[tuple[str, str, int], ...]  # (imported, kind, line) of its references


def build_import_graph(
    layout: Layout,
    *,
    exclude_type_checking_imports: bool = False,
    progress: Progress | None = None,
    cache: bool = False,
) -> ImportGraph:
    """The import graph of the files in `layout`; one bad file becomes a warning.

    `cache=True` reuses what the last analysis of this layout found in each unchanged file
    (scancache); the graph is the same either way."""
    say = progress or (lambda _message: None)
    by_module = {f.module: f for f in layout.files}
    say(f"reading {len(by_module)} modules")
    cache = cache and scancache.usable(layout.root)
    read = read_files(layout.root, layout.files, cache=cache)
    stamp = scancache.context(
        [exclude_type_checking_imports], sorted(read.unreadable),
        ((p.name, p.directory, p.namespace_dirs) for p in layout.packages),
        ((f.module, f.path, f.is_package) for f in layout.files))
    known = scancache.load(layout.root, "imports", stamp, read.digests) if cache else {}
    warnings = [
        AnalysisWarning("undecodable", by_module[m].path, reason)
        for m, reason in read.unreadable.items()
    ]
    excluded = set(read.unreadable)
    say("building the import graph")
    copying = tempfile.TemporaryDirectory(prefix="faultline-scan-") if read.sanitised else None
    with copying or contextlib.nullcontext("") as folder:
        copies = _sanitised_copies(layout, read, Path(folder))
        scanned = None
        while scanned is None:
            if known and excluded != set(read.unreadable):
                # A module left out now changes what the other modules' imports resolve to:
                # the stored rows assumed it was there. Scan everything, store nothing.
                known, cache = {}, False
            try:
                scanned = _build(layout, excluded, exclude_type_checking_imports,
                                 copies, folder, skip=set(known))
            except grimp.exceptions.SourceSyntaxError as error:
                module = _module_of_file(layout, error.filename, copies)
                if module is None or module in excluded:
                    raise AnalyzerError(f"grimp could not read '{error.filename}': {error}"
                                        ) from error
                excluded.add(module)
                warnings.append(AnalysisWarning(
                    "syntax-error", by_module[module].path,
                    f"Syntax error at line {error.lineno or '?'}; module skipped.",
                ))
            except _CopiesCrashed:  # grimp still crashed on the climbing modules' copies
                suspects = set(copies) - excluded
                excluded |= suspects
                warnings.extend(
                    AnalysisWarning("import-crash", by_module[m].path,
                                    "grimp crashed on this module's imports; module skipped.")
                    for m in sorted(suspects)
                )
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as error:  # grimp's Rust core panics on some inputs
                raise AnalyzerError("grimp's scanner failed on this repository (an internal "
                                    "error; --debug shows it): exclude the module it fails "
                                    "on, or report it to grimp.") from error
    warnings.extend(
        AnalysisWarning(
            "import-above-top", by_module[m].path,
            f"Relative import at line {', '.join(map(str, lines))} climbs above the top-level "
            "package; that import is ignored.",
        )
        for m, lines in read.climbing.items() if m not in excluded
    )
    kept = [f for f in layout.files if f.module not in excluded]
    found = {**{m: rows for m, rows in known.items() if m not in excluded},
             **_rows(scanned)}
    if cache and len(known) < len(found):
        scancache.save(layout.root, "imports", stamp, read.digests, found)
    modules = tuple(
        Module(name=f.module, path=f.path, package=_package_of(f), loc=read.loc[f.module],
               is_package=f.is_package, complexity=read.complexity[f.module])
        for f in kept
    )
    edges, externals = _edges(found, {f.module for f in kept})
    say("finding string imports and model references")
    texts = {f.module: read.texts[f.module] for f in kept}
    labels = app_labels(texts)
    stamp = scancache.context([stamp], sorted(labels.items()))
    known = scancache.load(layout.root, "references", stamp, read.digests) if cache else {}
    dependencies, refs = other_dependencies(texts, labels, known)
    passed_on = reexport_dependencies(texts, {m.name for m in modules if m.is_package},
                                      ((e.importer, e.imported, e.lines) for e in edges))
    if passed_on:
        dependencies = tuple(sorted((*dependencies, *(
            Dependency(a, b, REEXPORT, tuple(sorted(lines)))
            for (a, b), lines in passed_on.items()))))
    if cache and len(known) < len(refs):
        scancache.save(layout.root, "references", stamp, read.digests, refs)
    say(f"{len(modules)} modules, {len(edges)} imports, {len(dependencies)} other dependencies")
    return ImportGraph(
        modules=modules,  # discovery's files are sorted by module name already
        imports=edges,
        externals=externals,
        cycles=find_cycles([(e.importer, e.imported) for e in edges]),
        warnings=tuple(sorted(warnings)),
        dependencies=dependencies,
    )


def other_dependencies(
    texts: dict[str, str], labels: Mapping[str, str] | None = None,
    reuse: Mapping[str, ReferenceRows] | None = None,
) -> tuple[tuple[Dependency, ...], dict[str, ReferenceRows]]:
    """Containment (a module needs its parent package), membership of a Django app, and the
    references strings make; with each module's references as (imported, kind, line) rows.

    `labels` must be `app_labels(texts)` when given; `reuse` holds modules' rows to take as
    they are (found in the same files under the same modules and labels)."""
    known = frozenset(texts)
    found: dict[tuple[str, str, str], set[int]] = {}
    for module in sorted(known):
        parent = module.rpartition(".")[0]
        if parent in known:
            found.setdefault((module, parent, CONTAINMENT), set())
    for module, app in app_members(texts):
        found.setdefault((module, app, APP_MEMBERSHIP), set())
    labels = app_labels(texts) if labels is None else labels
    index = suffix_index(known)
    rows: dict[str, ReferenceRows] = {}
    for module in sorted(known):
        if reuse is not None and module in reuse:
            rows[module] = reuse[module]
        else:
            rows[module] = tuple((ref.imported, ref.kind, ref.line) for ref in find_references(
                module, texts[module], known, labels, index))
        for imported, kind, line in rows[module]:
            found.setdefault((module, imported, kind), set()).add(line)
    return tuple(sorted(Dependency(a, b, kind, tuple(sorted(lines)))
                        for (a, b, kind), lines in found.items())), rows


class _CopiesCrashed(Exception):
    """grimp crashed scanning the sanitised copies of the modules with climbing imports."""


def _sanitised_copies(layout: Layout, read: Read, folder: Path) -> dict[str, str]:
    """Copies of the modules with a climbing relative import, that import made absolute
    (`without_climbing_imports`), under `folder` as their packages lay them out; by module.

    grimp reads the files itself (its Rust core panics on such an import), so it scans
    these copies instead of the originals: the module keeps all its other imports.
    """
    copies: dict[str, str] = {}
    for index, package in enumerate(layout.packages):
        for f in package.files:
            if f.module not in read.climbing:
                continue
            original = os.path.join(layout.root, f.path)
            target = folder / str(index) / os.path.relpath(original, package.directory)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(read.sanitised[f.module])
            copies[f.module] = str(target)
    return copies


def _build(layout: Layout, excluded: set[str], exclude_type_checking: bool,
           copies: dict[str, str], folder: str, skip: set[str] | frozenset[str] = frozenset()
           ) -> dict[ModuleFile, set[DirectImport]]:
    """Scan the kept files but `skip` with grimp's Rust scanner; imports with their lines.

    Imports resolve against every kept module (`skip` ones included). The modules in `copies`
    are read from their copies (`_sanitised_copies`, in `folder`): a second scan, in which
    each package's directory is its folder of copies.
    """
    files = {
        package: frozenset(ModuleFile(module=GrimpModule(f.module), mtime=0.0)
                           for f in package.files if f.module not in excluded)
        for package in layout.packages
    }
    found = {FoundPackage(name=p.name, directory=p.directory, module_files=files[p],
                          namespace_packages=frozenset(p.namespace_dirs))
             for p in layout.packages}
    kept = [module_file for package in found for module_file in package.module_files
            if module_file.module.name not in skip]
    scanned = _scan([m for m in kept if m.module.name not in copies], found,
                    exclude_type_checking)
    copied = [m for m in kept if m.module.name in copies]
    if copied:
        moved = {FoundPackage(name=p.name, directory=os.path.join(folder, str(i)),
                              module_files=files[p],
                              namespace_packages=frozenset(p.namespace_dirs))
                 for i, p in enumerate(layout.packages)}
        try:
            scanned.update(_scan(copied, moved, exclude_type_checking))
        except grimp.exceptions.SourceSyntaxError:
            raise
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:
            raise _CopiesCrashed from error
    return scanned
_FD2 = threading.Lock()  # one redirection of file descriptor 2 at a time (the app's threads)


def _scan(module_files: list[ModuleFile], found: set[FoundPackage], exclude_type_checking: bool
          ) -> dict[ModuleFile, set[DirectImport]]:
    """grimp's scanner, with what its Rust core prints on file descriptor 2 caught.

    A panic in the Rust core prints its message and a backtrace straight to descriptor 2,
    past sys.stderr and -q. That text becomes a note on the exception instead (--debug's
    traceback shows it); anything printed meanwhile by a scan that worked is passed on.
    """
    with _FD2, tempfile.TemporaryFile() as sink:
        saved = _redirect_fd2(sink.fileno())
        failed = False
        try:
            return scan_imports(module_files, found_packages=found,
                                include_external_packages=True,
                                exclude_type_checking_imports=exclude_type_checking)
        except BaseException as error:
            failed = True
            printed = _restore_fd2(saved, sink)
            if printed.strip():
                error.add_note(f"grimp printed:\n{printed.rstrip()}")
            raise
        finally:
            if not failed:
                printed = _restore_fd2(saved, sink)
                if printed:
                    with contextlib.suppress(AttributeError, ValueError, OSError):
                        sys.stderr.write(printed)
                        sys.stderr.flush()


def _redirect_fd2(target: int) -> int | None:
    """Point file descriptor 2 at `target`; a copy of the old one (None without one)."""
    with contextlib.suppress(AttributeError, ValueError, OSError):
        sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no descriptor 2 (a daemon): nothing to redirect
        return None
    os.dup2(target, 2)
    return saved


def _restore_fd2(saved: int | None, sink: IO[bytes]) -> str:
    """Point descriptor 2 back where it was; what was written to `sink` meanwhile."""
    if saved is None:
        return ""
    os.dup2(saved, 2)
    os.close(saved)
    sink.seek(0)
    return sink.read().decode("utf-8", errors="replace")


def _rows(scanned: dict[ModuleFile, set[DirectImport]]) -> dict[str, ImportRows]:
    """Module -> its imports as sorted (imported, line) rows: what the graph needs of a scan."""
    rows: dict[str, set[tuple[str, int]]] = {}
    for module_file, direct_imports in scanned.items():
        rows.setdefault(module_file.module.name, set())  # importing nothing is a row too
        for direct in direct_imports:
            rows.setdefault(direct.importer.name, set()).add(
                (direct.imported.name, direct.line_number))
    return {module: tuple(sorted(found)) for module, found in rows.items()}


def _edges(
    found: Mapping[str, ImportRows], internal: set[str]
) -> tuple[tuple[ImportEdge, ...], tuple[ExternalUse, ...]]:
    lines: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    externals: set[ExternalUse] = set()
    # Names under an analysed top-level package that are not module files (a namespace
    # folder, an excluded module) are neither internal edges nor external packages.
    ours = {name.split(".")[0] for name in internal}
    for importer, rows in found.items():
        for imported, line in rows:
            if imported == importer or importer not in internal:
                continue  # a module importing itself (say under __main__) says nothing
            if imported in internal:
                lines[(importer, imported)].add(line)
            elif imported and imported.split(".")[0] not in (*ours, ABOVE_TOP):
                top = imported.split(".")[0]
                externals.add(ExternalUse(importer, top, top in sys.stdlib_module_names))
    # Sorting plain tuples is several times faster than sorting the dataclasses.
    edges = tuple(ImportEdge(a, b, tuple(sorted(n))) for (a, b), n in sorted(lines.items()))
    uses = sorted((use.module, use.package, use.stdlib) for use in externals)
    return edges, tuple(ExternalUse(*use) for use in uses)


def _package_of(f: SourceFile) -> str:
    return f.module if f.is_package else f.module.rpartition(".")[0]


def _module_of_file(layout: Layout, filename: str, copies: dict[str, str]) -> str | None:
    target = os.path.realpath(filename)
    by_path = {os.path.realpath(os.path.join(layout.root, f.path)): f.module
               for f in layout.files}
    by_path.update((os.path.realpath(copy), module) for module, copy in copies.items())
    return by_path.get(target)
