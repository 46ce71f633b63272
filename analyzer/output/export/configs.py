"""Configuration for the boundary checkers teams already run: tach and import-linter (pure).

Both name a boundary by its package cover: a package whose analysed modules all lie in the
boundary is named once, as a package; any other module by itself.

* tach.toml: one `[[modules]]` entry per boundary (its `paths`); `depends_on` its own paths
  (tach treats each path as a module) and, marked `deprecated`, the paths of other boundaries
  it imports today. The kernel is a `utility` everyone may use. So `tach check` passes and
  warns on each crossing import the baseline records, and fails on a new one.
* import-linter: one `forbidden` contract per boundary but the kernel: it imports nothing of
  the others but the kernel. A package is `P` plus `P.**` (`as_packages = false`, so an
  impure package's `__init__` stands for itself); direct imports only, so `lint-imports`
  lists exactly the extraction plan's imports.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from analyzer.output.export.common import (
    KERNEL,
    boundary_edges,
    cover_entry,
    ignored_imports,
    package_cover,
    require_boundaries,
    text,
    toml_array,
    toml_string,
)
from analyzer.settings import DEFAULT_EXCLUDES

#: tach's own default excludes, kept when the analysis's are added.
TACH_EXCLUDES = ("**/tests", "**/docs", "**/*__pycache__", "**/*egg-info")


def _header(document: Mapping[str, Any], what: str) -> str:
    repo = document.get("repo") or {}
    head = str(repo.get("head") or "")[:12]
    return (f"# {what}.\n# Written by `faultline export` from the analysis of "
            f"{text(repo.get('path', ''))} at {text(head)}.\n")


def _tach_excludes(settings: Mapping[str, Any]) -> list[str]:
    """The analysis's exclude patterns (gitignore-style) in tach's glob form: a pattern with
    no inner "/" matches at any depth, one with a "/" from the root; comments and "!" patterns
    (taking a path back, which tach cannot express) are left out."""
    patterns = list(DEFAULT_EXCLUDES if settings.get("default_excludes", True) else ())
    patterns += [str(p) for p in settings.get("exclude") or []]
    out = list(TACH_EXCLUDES)
    for pattern in patterns:
        if not pattern.strip() or pattern.startswith(("#", "!")):
            continue  # a comment, or a path taken back: tach's excludes cannot take one back
        body = pattern.rstrip("/")
        glob = body.lstrip("/") if "/" in body else f"**/{body}"  # a "/" anchors it
        if glob not in out:
            out.append(glob)
    return out


def tach_toml(document: Mapping[str, Any]) -> str:
    """tach.toml: one module per boundary, depends_on from the boundary dependencies."""
    boundaries = require_boundaries(document, "tach")
    cover = package_cover(document)
    entry = cover_entry(cover, (m["name"] for m in document["modules"]))
    kinds = {str(b["id"]): b.get("kind") for b in boundaries}
    crossed: dict[str, set[str]] = {bid: set() for bid in kinds}
    for crossing in boundary_edges(document):
        source, target = str(crossing["source"]), str(crossing["target"])
        if source in crossed and kinds.get(target) != KERNEL:
            crossed[source].update(entry.get(i["imported"], i["imported"])
                                   for i in crossing.get("import_list") or [])
    settings = document.get("settings") or {}
    out = [_header(document, "tach configuration: one module per candidate boundary"),
           "# The kernel is a utility every boundary may use. The modules each boundary imports",
           "# from other boundaries today are deprecated dependencies: `tach check` warns on",
           "# each such import and fails on any new one; delete an entry to make it fail too.\n",
           f"source_roots = {toml_array(toml_string(r) for r in document['source_roots'])}",
           f"exclude = {toml_array(toml_string(p) for p in _tach_excludes(settings))}",
           'root_module = "ignore"',
           "ignore_type_checking_imports = "
           + ("true" if settings.get("exclude_type_checking_imports") else "false"), ""]
    for boundary in boundaries:
        bid = str(boundary["id"])
        own = [name for name, _whole in cover.get(bid, [])]
        if not own:
            continue
        deps = [toml_string(p) for p in own] + [
            f"{{ path = {toml_string(p)}, deprecated = true }}" for p in sorted(crossed[bid])]
        out.append(f"# {text(bid)}: {text(boundary['name'])} ({text(boundary.get('kind'))}, "
                   f"{len(boundary.get('modules', []))} modules)")
        out.append("[[modules]]")
        out.append(f"paths = {toml_array(toml_string(p) for p in own)}")
        out.append(f"depends_on = {toml_array(deps)}")
        if boundary.get("kind") == KERNEL:
            out.append("utility = true")
        out.append("")
    return "\n".join(out)


def _expressions(entries: list[tuple[str, bool]]) -> list[str]:
    names: list[str] = []
    for name, whole in entries:
        names.append(name)
        if whole:
            names.append(f"{name}.**")
    return [toml_string(n) for n in names]


def importlinter_toml(document: Mapping[str, Any], left_out: Collection[str] = ()) -> str:
    """[tool.importlinter] with one forbidden contract per service boundary.

    `left_out`: modules of the analysed packages in no boundary (tests, migrations), whose
    imports a whole package's `P.**` would otherwise match; their imports are ignored."""
    boundaries = require_boundaries(document, "import-linter")
    cover = package_cover(document)
    members = {m for b in boundaries for m in b.get("modules") or []}
    wholes = [name for entries in cover.values() for name, whole in entries if whole]
    ignored = ignored_imports(members, wholes, left_out)
    sources = [b for b in boundaries if b.get("kind") != KERNEL]
    roots = ", ".join(toml_string(p) for p in document.get("packages") or [])
    path = ":".join(text(r) for r in document.get("source_roots") or ["."])
    out = [_header(document, "import-linter contracts: no service imports another"),
           "# Merge into pyproject.toml, or run from the repository root:",
           f"#   PYTHONPATH={path} lint-imports --config THIS_FILE", "",
           "[tool.importlinter]", f"root_packages = [{roots}]", ""]
    for boundary in sources:
        bid = str(boundary["id"])
        others = [entry for b in boundaries if str(b["id"]) not in (bid, KERNEL)
                  for entry in cover.get(str(b["id"]), [])]
        if not cover.get(bid) or not others:
            continue
        name = f"{bid} {boundary['name']} imports no other boundary but the shared kernel"
        out += ["[[tool.importlinter.contracts]]",
                f"id = {toml_string('faultline-' + bid)}",
                f"name = {toml_string(name)}",
                'type = "forbidden"',
                f"source_modules = {toml_array(_expressions(cover[bid]))}",
                f"forbidden_modules = {toml_array(_expressions(sorted(others)))}",
                "allow_indirect_imports = true",
                "as_packages = false"]
        if ignored:
            out.append(f"ignore_imports = {toml_array([toml_string(i) for i in ignored])}")
            # A package without tests has nothing to ignore: not worth a warning.
            out.append('unmatched_ignore_imports_alerting = "none"')
        out.append("")
    return "\n".join(out)
