"""Streamlit entry point of the Faultline app, shipped inside the package.

`faultline app` runs this file with `streamlit run`, so the app works from an installed
wheel too; the repository's top-level `app.py` only imports it, for `streamlit run app.py`.
"""

from analyzer.ui.shell import main

if __name__ == "__main__":  # `streamlit run` executes this file as __main__
    main()
