"""import-linter contracts that enforce one candidate boundary (pure).

Extracting boundary B means replacing every import between B and the rest of the code, except
the shared kernel, which B and everyone else may keep importing (it is shared or copied, not
cut). Two `forbidden` contracts say exactly that:

* "B imports nothing outside itself and the kernel": source = B's modules, forbidden = the
  modules of every other boundary but the kernel (other services and the modules with no ties).
* "Nothing outside B and the kernel imports B": the same two sets the other way round.

A set names its modules by their package cover (`analyzer.output.export.common.package_cover`):
a package whose analysed modules all lie in one boundary is `P` plus `P.**`, any other module
is named by itself, so a record stays short on a large repository. Both contracts check direct
imports only (`allow_indirect_imports`) and treat every module as itself, not as a package
(`as_packages = false`), so a broken contract lists exactly the extraction plan's incoming and
outgoing imports of B, with their lines, and the contracts pass once those imports are gone. A
chain through the kernel is allowed: the kernel is shared by design.

`P.**` also matches what the analysis left out below P (tests, migrations: `lint-imports`
sees every file). When the caller knows those modules (`left_out`), `ignore_imports` sets their
imports aside, so they neither break a contract nor hide a cut.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from analyzer.output.export.common import ignored_imports, package_cover

KERNEL = "kernel"
_INSIDE, _OUTSIDE = "\x00inside", "\x00outside"  # groups no boundary id can be
#: Longest contracts a record carries inline; longer ones `faultline adr --contracts` prints.
INLINE_LINES = 150


def toml_string(text: object) -> str:
    """A TOML basic string holding `text` (quotes, backslashes and control characters escaped)."""
    out = ['"']
    for char in str(text):
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:  # a lone surrogate cannot be written as UTF-8
            out.append("\\uFFFD")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _array(items: Iterable[str], width: int = 96) -> str:
    """A TOML array, its items filled onto lines of at most `width` characters (one item per
    line when an item is longer), so a large set takes few lines."""
    lines: list[str] = []
    for item in (toml_string(i) + "," for i in items):
        if lines and len(lines[-1]) + 1 + len(item) <= width:
            lines[-1] += " " + item
        else:
            lines.append("    " + item)
    return "[\n" + "".join(line + "\n" for line in lines) + "]"


def _contract(contract_id: str, name: str, sources: Sequence[str],
              forbidden: Sequence[str], ignored: Sequence[str]) -> str:
    ignore = (f"ignore_imports = {_array(ignored)}\n"
              'unmatched_ignore_imports_alerting = "none"\n' if ignored else "")
    return (
        "[[tool.importlinter.contracts]]\n"
        f"id = {toml_string(contract_id)}\n"
        f"name = {toml_string(name)}\n"
        'type = "forbidden"\n'
        f"source_modules = {_array(sources)}\n"
        f"forbidden_modules = {_array(forbidden)}\n"
        + ignore
        + "allow_indirect_imports = true\n"
        "as_packages = false\n"
    )


def boundary_cover(document: Mapping[str, Any],
                   group: Callable[[str], str] = str) -> dict[str, list[tuple[str, bool]]]:
    """Group -> its (name, whole_package) entries: the package cover of the modules the
    boundaries list, each module in the group `group(boundary id)` (its boundary by default).

    A package counts as one where the analysis marks it `is_package`.
    """
    packages = {m.get("name") for m in document.get("modules") or [] if m.get("is_package")}
    members = [{"name": m, "boundary": group(str(b["id"])), "is_package": m in packages}
               for b in document.get("boundaries") or [] for m in b.get("modules") or []]
    return package_cover({"modules": members})


def expressions(entries: Iterable[tuple[str, bool]]) -> list[str]:
    """import-linter module expressions for cover entries: `P` and `P.**` for a whole
    package (`as_packages = false`: P's own `__init__` is P), a module by itself otherwise."""
    out: list[str] = []
    for name, whole in sorted(entries):
        out += [name, f"{name}.**"] if whole else [name]
    return out


def boundary_contracts(document: Mapping[str, Any], boundary_id: str, slug: str,
                       left_out: Collection[str] = ()) -> str:
    """The TOML text of the contracts for one boundary; "" when nothing lies outside it.

    Inside and outside are each named by their own package cover (the kernel apart), so a
    package that holds modules of several other boundaries, but none of this one's, is still
    one entry of the outside. `left_out`: modules of the analysed packages that the analysis
    placed in no boundary (excluded files, `analyzer.decisions.writer.left_out_modules`).
    """
    boundaries = document.get("boundaries") or []
    target = next(b for b in boundaries if b["id"] == boundary_id)
    own = str(boundary_id)
    sides = boundary_cover(document, lambda b: _INSIDE if b == own else
                           KERNEL if b == KERNEL else _OUTSIDE)
    inside, outside = expressions(sides.get(_INSIDE, [])), expressions(sides.get(_OUTSIDE, []))
    if not inside or not outside:
        return ""
    members = {m for b in boundaries for m in b.get("modules") or []}
    wholes = [name for entries in sides.values() for name, whole in entries if whole]
    ignored = ignored_imports(members, wholes, left_out)
    name = str(target["name"])
    roots = ", ".join(toml_string(p) for p in document.get("packages") or [])
    return (
        f"# Needs [tool.importlinter] root_packages = [{roots}]; run: lint-imports\n"
        + _contract(f"{slug}-imports-out",
                    f"{name} imports nothing outside itself and the shared kernel",
                    inside, outside, ignored)
        + "\n"
        + _contract(f"{slug}-imports-in",
                    f"Nothing outside {name} and the shared kernel imports {name}",
                    outside, inside, ignored)
    )
