"""The module -> boundary assignment as CSV (pure).

Columns: module, path, package, boundary, boundary_name, kind, confidence. A cell that a
spreadsheet would run as a formula is neutralised as in the other CSV files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from analyzer.output.document import csv_cell
from analyzer.output.export.common import boundaries_by_id, text

COLUMNS = ("module", "path", "package", "boundary", "boundary_name", "kind", "confidence")


def assignment_csv(document: Mapping[str, Any]) -> str:
    """One row per analysed module, in the document's order; empty cells when the analysis
    has no boundaries."""
    boundaries = boundaries_by_id(document)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for module in document["modules"]:
        boundary = module.get("boundary")
        entry = boundaries.get(str(boundary), {}) if boundary is not None else {}
        row = (module["name"], module["path"], module.get("package"), boundary,
               entry.get("name"), entry.get("kind"), module.get("confidence"))
        writer.writerow(csv_cell(text(v)) if isinstance(v, str) else ("" if v is None else v)
                        for v in row)
    return buffer.getvalue()
