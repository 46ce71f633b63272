"""The Streamlit app: one module per page, a loader (`data`) and shared widgets (`widgets`).

Only this package and the repository's `app.py` import Streamlit. Start it with `faultline app`.
"""
