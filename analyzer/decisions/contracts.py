"""import-linter contracts that enforce one candidate boundary (pure).

Extracting boundary B means replacing every import between B and the rest of the code, except
the shared kernel, which B and everyone else may keep importing (it is shared or copied, not
cut). Two `forbidden` contracts say exactly that:

* "B imports nothing outside itself and the kernel": source = B's modules, forbidden = the
  modules of every other boundary but the kernel (other services and the modules with no ties).
* "Nothing outside B and the kernel imports B": the same two sets the other way round.

Both check direct imports only (`allow_indirect_imports`) and treat every module as itself, not
as a package (`as_packages = false`), so a broken contract lists exactly the extraction plan's
incoming and outgoing imports of B, with their lines, and the contracts pass once those imports
are gone. A chain through the kernel is allowed: the kernel is shared by design.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

KERNEL = "kernel"


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


def _array(items: Iterable[str]) -> str:
    lines = "".join(f"    {toml_string(item)},\n" for item in items)
    return f"[\n{lines}]"


def _contract(contract_id: str, name: str, sources: Sequence[str],
              forbidden: Sequence[str]) -> str:
    return (
        "[[tool.importlinter.contracts]]\n"
        f"id = {toml_string(contract_id)}\n"
        f"name = {toml_string(name)}\n"
        'type = "forbidden"\n'
        f"source_modules = {_array(sources)}\n"
        f"forbidden_modules = {_array(forbidden)}\n"
        "allow_indirect_imports = true\n"
        "as_packages = false\n"
    )


def boundary_contracts(document: Mapping[str, Any], boundary_id: str, slug: str) -> str:
    """The TOML text of the contracts for one boundary; "" when nothing lies outside it."""
    boundaries = document.get("boundaries") or []
    target = next(b for b in boundaries if b["id"] == boundary_id)
    inside = sorted(target["modules"])
    outside = sorted(m for b in boundaries if b["id"] not in (boundary_id, KERNEL)
                     for m in b["modules"])
    if not inside or not outside:
        return ""
    name = str(target["name"])
    roots = ", ".join(toml_string(p) for p in document.get("packages") or [])
    return (
        f"# Needs [tool.importlinter] root_packages = [{roots}]; run: lint-imports\n"
        + _contract(f"{slug}-imports-out",
                    f"{name} imports nothing outside itself and the shared kernel",
                    inside, outside)
        + "\n"
        + _contract(f"{slug}-imports-in",
                    f"Nothing outside {name} and the shared kernel imports {name}",
                    outside, inside)
    )
