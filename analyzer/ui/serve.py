"""The process `faultline app` starts: Streamlit's own command line, run after the libraries
the pages draw with are imported.

Streamlit imports what a page needs on the first visit, while the browser waits: pandas and
pyarrow (tables) and plotly (charts) took most of the first page's time. Imported here, before
the server listens, they cost the same once, and the first page opens as fast as the next.
The same goes for the tool's own modules that read and score an analysis (no Streamlit in
them); the pages themselves are imported by Streamlit, within its runtime. The analysis it
opens is read and checked here too (`analyzer.ui.ahead`), and the first page takes that copy.
"""

from __future__ import annotations

import contextlib
import sys


def main() -> None:
    for name in ("pandas", "pyarrow", "plotly.graph_objects", "analyzer.output.document",
                 "analyzer.boundaries.whatif"):
        with contextlib.suppress(ImportError):  # the page that needs it will say so
            __import__(name)
    with contextlib.suppress(Exception):  # the first page reads it itself, and says why not
        from analyzer.ui import ahead

        ahead.read_ahead()
    from streamlit.web import cli

    sys.argv[0] = "streamlit"
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
