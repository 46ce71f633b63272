"""An analysis document -> architecture decision records in the MADR 4.0 format (pure).

One overview record ("Decompose <repo> into N candidate services") and one "Extract <name>"
record per candidate service boundary, each with status `proposed` and the date of the
analysis (in MADR's front matter and in the `- Status:` list log4brains reads: `record_head`),
so the same analysis always gives the same text. Every piece of text taken from the
analysed repository goes through `escape_md` or `code_span`: it cannot become markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from analyzer.decisions.contracts import boundary_contracts
from analyzer.decisions.extract import _extract
from analyzer.decisions.overview import _overview
from analyzer.decisions.prose import OVERVIEW_SLUG, Document, Record, _services
from analyzer.output.markdown import escape_md

__all__ = ["OVERVIEW_SLUG", "Record", "escape_md", "extract_slug", "render_contracts",
           "render_records", "slugify"]


def slugify(text: str, fallback: str = "boundary") -> str:
    """Lower-case ASCII words joined by '-', for a file name; `fallback` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return slug or fallback


def extract_slug(boundary: Mapping[str, Any]) -> str:
    """The slug of a boundary's "Extract" record: extract-<name>."""
    return "extract-" + slugify(str(boundary["name"]), fallback=slugify(str(boundary["id"])))


def render_records(document: Document, left_out: Collection[str] = ()) -> list[Record]:
    """The overview record first, then one record per service boundary in extraction order.

    `left_out`: the modules of the analysed packages the analysis did not place (tests,
    migrations), when known (`analyzer.decisions.writer.left_out_modules`); the contracts
    then ignore their imports.
    """
    services = _services(document)
    records = [_overview(document, services)]
    for slug, boundary in _slugs(services):
        records.append(_extract(document, boundary, slug, left_out))
    return records


def render_contracts(document: Document, slug: str, left_out: Collection[str] = ()) -> str:
    """The import-linter contracts of the "Extract" record `slug` (extract-<name>), whole;
    "" when that boundary needs none. KeyError naming the known slugs for an unknown one."""
    found = dict(_slugs(_services(document)))
    if slug not in found:
        known = ", ".join(found) or "none"
        raise KeyError(f"no \"Extract\" record is called {slug!r}; the analysis has: {known}")
    return boundary_contracts(document, found[slug]["id"], slug, left_out)


def _slugs(services: Sequence[Mapping[str, Any]]) -> list[tuple[str, Mapping[str, Any]]]:
    """(slug, boundary) of each "Extract" record: extract-<name>, made unique with the id."""
    used = {OVERVIEW_SLUG}
    out = []
    for boundary in services:
        slug = extract_slug(boundary)
        if slug in used:
            slug = f"{slug}-{slugify(str(boundary['id']))}"
        used.add(slug)
        out.append((slug, boundary))
    return out
