"""Streamlit entry point of the Faultline app: `faultline app [DIR]` (the views: analyzer.ui)."""

from analyzer.ui.shell import main

main()
