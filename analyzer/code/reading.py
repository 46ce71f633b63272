"""The analysed files read once (adapter): each one's text, the digest the scan cache keys on,
its lines of code and complexity, and its relative imports that climb above the top-level
package (made safe for grimp). No code is imported or run."""

from __future__ import annotations

import os
from dataclasses import dataclass

from analyzer.code import scancache
from analyzer.code.complexity import indentation_complexity
from analyzer.code.discover import SourceFile
from analyzer.code.source import (
    climbing_import_lines,
    count_loc,
    decode,
    without_climbing_imports,
)


@dataclass(frozen=True)
class Read:
    """What reading the files once gave, by module."""

    loc: dict[str, int]
    texts: dict[str, str]
    complexity: dict[str, float]
    climbing: dict[str, list[int]]
    sanitised: dict[str, bytes]  # the climbing modules' text, made safe for grimp
    unreadable: dict[str, str]
    digests: dict[str, str]  # of each readable file's bytes (scancache)


def read_files(root: str, files: tuple[SourceFile, ...], *, cache: bool = False) -> Read:
    """Each file's text, digest, measures and climbing imports; an unreadable or non-UTF-8
    file becomes a reason instead. `cache=True` takes the measures of a file whose digest is
    unchanged from the scan cache (and stores the new ones)."""
    measured = scancache.load_keyed(root, "measures", scancache.measures_fit) if cache else {}
    loc: dict[str, int] = {}
    texts: dict[str, str] = {}
    complexity: dict[str, float] = {}
    climbing: dict[str, list[int]] = {}
    sanitised: dict[str, bytes] = {}
    unreadable: dict[str, str] = {}
    digests: dict[str, str] = {}
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
        hashed = digests[f.module] = scancache.digest(data)
        before = measured.get(f.module)
        if before is not None and before[0] == hashed:
            loc[f.module], complexity[f.module] = before[1], before[2]
        else:
            loc[f.module], complexity[f.module] = count_loc(data), indentation_complexity(text)
        texts[f.module] = text
        lines = climbing_import_lines(data, f.module, f.is_package)
        if lines:
            climbing[f.module] = lines
            sanitised[f.module] = without_climbing_imports(data, f.module, f.is_package)
    measures = {m: (digests[m], loc[m], complexity[m]) for m in texts}
    if cache and measures != measured:
        scancache.save_keyed(root, "measures", measures)
    return Read(loc=loc, texts=texts, complexity=complexity, climbing=climbing,
                sanitised=sanitised, unreadable=unreadable, digests=digests)
