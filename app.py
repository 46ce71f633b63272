"""`streamlit run app.py` from a checkout: the app itself is analyzer/ui/app_entry.py, which
`faultline app` starts (and which ships in the package)."""

from analyzer.ui.app_entry import main

main()
