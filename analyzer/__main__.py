"""`python -m analyzer` runs the Faultline command line."""

from analyzer.cli.main import main

main()
