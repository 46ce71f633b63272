"""Issue 14, items 16 and 22: damaged analysis documents, and what "Analyse" leaves behind.

A 1.x analysis.json with keys of the wrong type is refused once, on load, with the message
the app gives for other bad files, on every page; analysing a folder in the app leaves no
folder in the temporary directory. Streamlit's AppTest on the real app.
"""

from __future__ import annotations

import json
import tempfile

import pytest

pytest.importorskip("streamlit", reason="the app tests need the `app` extra (streamlit)")

from analyzer.ui.shell import PAGES
from tests.app.test_pages import open_app


def _damaged(shop: dict) -> dict[str, dict]:
    null_name = json.loads(json.dumps(shop))
    null_name["modules"][0]["name"] = None
    text_metric = json.loads(json.dumps(shop))
    text_metric["boundaries"][0]["modules"] = "shop.orders"
    return {
        "modules is text": {"schema_version": "1.2", "modules": "oops", "repo": "x"},
        "a null module name": null_name,
        "a boundary's modules are text": text_metric,
    }


@pytest.mark.parametrize("case", ["modules is text", "a null module name",
                                  "a boundary's modules are text"])
def test_a_damaged_analysis_gives_the_bad_file_message_on_every_page(
        monkeypatch, tmp_path, shop_analysis, case):
    document = _damaged(json.loads(shop_analysis.read_text(encoding="utf-8")))[case]
    bad = tmp_path / "analysis.json"
    bad.write_text(json.dumps(document), encoding="utf-8")

    for file, *_ in PAGES:
        at = open_app(monkeypatch, bad, file)

        assert not at.exception, (file, [e.value for e in at.exception])
        [error] = [e.value for e in at.error]
        assert "is damaged or not written by Faultline" in error, file
        assert "run `faultline analyze` again" in error


def test_analysing_a_folder_in_the_app_leaves_no_temporary_folder(
        monkeypatch, tmp_path, shop_analysis):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # the app's temporary directory
    repo = shop_analysis.parent.parent / "shop"

    at = open_app(monkeypatch, None)
    at.text_input(key="analyse_path").set_value(str(repo)).run()
    at.button(key="analyse").click().run()

    assert not at.exception
    assert not at.error
    assert any("reading" in t.value.columns for t in at.dataframe)  # the analysis is open
    assert sorted(p.name for p in scratch.iterdir()) == []
