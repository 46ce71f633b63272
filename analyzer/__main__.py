"""`python -m analyzer` runs the Faultline command line."""

import os
import sys

# `python -m` puts the current folder first on sys.path: started inside an analysed repository,
# a folder of it named like a dependency (`click/`) would be imported, and run, instead of the
# dependency. Drop that entry before anything else is imported. (Only `analyzer` itself, and
# the standard-library modules Python needs to get here, were found before; `python -P -m
# analyzer` or the `faultline` script avoid even that.)
if not sys.flags.safe_path and sys.path and os.path.realpath(sys.path[0] or os.curdir) == \
        os.path.realpath(os.getcwd()):
    _here = sys.path.pop(0)
    if os.path.realpath(os.path.dirname(os.path.dirname(__file__))) == os.path.realpath(_here):
        sys.path.append(_here)  # Faultline's own checkout, run uninstalled: keep it, last

from analyzer.cli.main import main

main()
