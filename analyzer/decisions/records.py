"""An analysis document -> architecture decision records in the MADR 4.0 format (pure).

One overview record ("Decompose <repo> into N candidate services") and one "Extract <name>"
record per candidate service boundary, each with status `proposed` and the date of the
analysis, so the same analysis always gives the same text. Every piece of text taken from the
analysed repository goes through `escape_md` or `code_span`: it cannot become markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from analyzer.decisions.extract import _extract
from analyzer.decisions.overview import _overview
from analyzer.decisions.prose import OVERVIEW_SLUG, Document, Record, _services
from analyzer.output.markdown import escape_md

__all__ = ["OVERVIEW_SLUG", "Record", "escape_md", "extract_slug", "render_records", "slugify"]


def slugify(text: str, fallback: str = "boundary") -> str:
    """Lower-case ASCII words joined by '-', for a file name; `fallback` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return slug or fallback


def extract_slug(boundary: Mapping[str, Any]) -> str:
    """The slug of a boundary's "Extract" record: extract-<name>."""
    return "extract-" + slugify(str(boundary["name"]), fallback=slugify(str(boundary["id"])))


def render_records(document: Document) -> list[Record]:
    """The overview record first, then one record per service boundary in extraction order."""
    services = _services(document)
    records = [_overview(document, services)]
    used = {OVERVIEW_SLUG}
    for boundary in services:
        slug = extract_slug(boundary)
        if slug in used:
            slug = f"{slug}-{slugify(str(boundary['id']))}"
        used.add(slug)
        records.append(_extract(document, boundary, slug))
    return records
