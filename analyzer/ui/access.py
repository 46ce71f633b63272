"""What the app may do on the machine it runs on.

Served beyond loopback (`faultline app --address 0.0.0.0`), anyone who reaches the port uses
the app: analysing a folder of the server and writing decision records into it are then off,
unless `faultline app` was started with --allow-analyse / --allow-writes, and even then only
inside the repository of the analysis it was started on. Decision records are written only
inside the analysed repository, wherever the app listens.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from analyzer.decisions.writer import is_inside
from analyzer.settings import APP_ALLOW_VAR, APP_ROOT_VAR, is_loopback

ALLOW_VAR, ROOT_VAR = APP_ALLOW_VAR, APP_ROOT_VAR  # set by `faultline app --allow-...`
ANALYSE, WRITE = "analyse", "write"
FLAGS = {ANALYSE: "--allow-analyse", WRITE: "--allow-writes"}




def exposed() -> bool:
    """Whether the server listens beyond this machine (the address `faultline app` binds to).

    Without an address (AppTest, or `streamlit run app.py` with Streamlit's default) the app
    is taken as local.
    """
    address = st.get_option("server.address")
    return address is not None and not is_loopback(str(address))


def allowed(feature: str) -> bool:
    return not exposed() or feature in os.environ.get(ALLOW_VAR, "").split(",")


def off_message(feature: str, what: str) -> str:
    return (f"{what} is off: the app listens beyond this machine. Start it with "
            f"faultline app {FLAGS[feature]} to allow it inside the analysed repository.")


def refusal(feature: str, folder: Path, repo: Path | None = None) -> str | None:
    """Why `feature` may not touch `folder` (None when it may): outside `repo`, or, when the
    app is exposed, outside the repository it was started on."""
    if not allowed(feature):
        return off_message(feature, "This")
    if repo is not None and not is_inside(folder, repo):
        return f"'{folder}' is outside the analysed repository '{repo}'; give a folder inside it."
    if exposed():
        root = os.environ.get(ROOT_VAR)
        if not root:
            return off_message(feature, "This")
        if not is_inside(folder, Path(root)):
            return (f"'{folder}' is outside the repository this app was started on "
                    f"('{root}'); give a folder inside it.")
    return None
