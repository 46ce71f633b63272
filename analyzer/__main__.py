"""`python -m analyzer` runs the Faultline command line."""

from .cli import main

main()
