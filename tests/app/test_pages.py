"""Every page of the app renders on the shop analysis; bad input gives a message, not a crash."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("streamlit", reason="the app tests need the `app` extra (streamlit)")

from streamlit.testing.v1 import AppTest

from analyzer.ui.shell import PAGES
from tests.app.conftest import ROOT

APP = str(ROOT / "app.py")


def open_app(monkeypatch: pytest.MonkeyPatch, analysis: Path | None, page: str | None = None
             ) -> AppTest:
    if analysis is None:
        monkeypatch.delenv("FAULTLINE_ANALYSIS", raising=False)
    else:
        monkeypatch.setenv("FAULTLINE_ANALYSIS", str(analysis))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if page is not None:
        at.switch_page(f"analyzer/ui/{page}").run()
    return at


def tables(at: AppTest) -> list:
    return [frame.value for frame in at.dataframe]


@pytest.mark.parametrize(("page", "title"), [(file, title) for file, title, *_ in PAGES])
def test_every_page_renders_on_the_shop_analysis(monkeypatch, shop_analysis, page, title):
    at = open_app(monkeypatch, shop_analysis, page)
    assert not at.exception
    assert not at.error
    assert [t.value for t in at.title] == [title]


def test_the_first_page_is_the_overview_with_the_headline_metrics(monkeypatch, shop_analysis):
    at = open_app(monkeypatch, shop_analysis)
    assert not at.exception
    assert at.title[0].value == "Overview"
    metrics = next(t for t in tables(at) if "reading" in t.columns)
    assert "Modularity Q" in set(metrics["metric"])
    assert set(metrics["reading"]) <= {"good", "fair", "poor", "-"}


def test_selecting_a_boundary_shows_its_modules(monkeypatch, shop_analysis):
    document = json.loads(shop_analysis.read_text(encoding="utf-8"))
    second = document["boundaries"][1]
    at = open_app(monkeypatch, shop_analysis, "page_boundaries.py")
    at.selectbox(key="boundary").set_value(second["id"]).run()
    assert not at.exception
    members = next(t for t in tables(at) if "confidence" in t.columns)
    assert sorted(members["name"]) == sorted(second["modules"])
    assert any(second["id"] in h.value for h in at.subheader)


def test_a_whatif_move_changes_the_metrics_shown(monkeypatch, shop_analysis):
    document = json.loads(shop_analysis.read_text(encoding="utf-8"))
    first, second = document["boundaries"][0], document["boundaries"][1]
    at = open_app(monkeypatch, shop_analysis, "page_whatif.py")
    before = {m.label: m.value for m in at.metric}
    assert all(not m.delta for m in at.metric)
    at.multiselect(key="move_modules").set_value(first["modules"][:3])
    at.selectbox(key="move_target").set_value(second["id"])
    at.run()
    at.button(key="move_apply").click().run()
    assert not at.exception
    after = {m.label: m.value for m in at.metric}
    assert after["Modularity Q"] != before["Modularity Q"]
    assert after["Crossing imports"] != before["Crossing imports"]
    assert any(m.delta for m in at.metric)
    assert any("moved 3 module(s) into " + second["id"] in t.value for t in at.text)


def test_whatif_merge_leaves_one_boundary_fewer(monkeypatch, shop_analysis):
    document = json.loads(shop_analysis.read_text(encoding="utf-8"))
    count = len({m["boundary"] for m in document["modules"]})
    at = open_app(monkeypatch, shop_analysis, "page_whatif.py")
    at.selectbox(key="merge_keep").set_value("b01")
    at.run()
    at.selectbox(key="merge_other").set_value("b02")
    at.button(key="merge_apply").click().run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown["Boundaries"] == str(count - 1)


@pytest.mark.parametrize(("content", "message"), [
    ("", "is not valid JSON"),
    ("{not json", "is not valid JSON"),
    ('{"modules": []}', "is not a Faultline analysis"),
    ('{"schema_version": "9.0"}', "has schema version 9.0"),
])
def test_a_bad_analysis_json_gives_a_clear_message(monkeypatch, tmp_path, content, message):
    bad = tmp_path / "analysis.json"
    bad.write_text(content, encoding="utf-8")
    for file, *_ in PAGES:
        at = open_app(monkeypatch, bad, file)
        assert not at.exception
        assert [message in e.value for e in at.error] == [True], file


def test_a_missing_analysis_says_to_run_analyze(monkeypatch, tmp_path):
    at = open_app(monkeypatch, tmp_path / "nowhere")
    assert not at.exception
    assert "run `faultline analyze` first" in at.error[0].value


def test_without_an_analysis_the_app_says_how_to_open_one(monkeypatch):
    at = open_app(monkeypatch, None, "page_hotspots.py")
    assert not at.exception
    assert not at.error
    assert "No analysis is open" in at.info[0].value


def test_decisions_are_written_to_the_adr_folder_and_never_overwritten(
        monkeypatch, shop_analysis, tmp_path):
    repo = tmp_path / "shop"  # records go only into the analysed repository: use a copy
    shutil.copytree(shop_analysis.parent.parent / "shop", repo, symlinks=True)
    document = json.loads(shop_analysis.read_text(encoding="utf-8"))
    document["repo"]["path"] = str(repo)
    analysis = tmp_path / "analysis.json"
    analysis.write_text(json.dumps(document), encoding="utf-8")
    folder = repo / "docs" / "adr"
    at = open_app(monkeypatch, analysis, "page_decisions.py")
    at.text_input(key="adr_folder").set_value(str(folder)).run()
    at.text_input(key=next(t.key for t in at.text_input if t.key.startswith("adr_title_0_"))
                  ).set_value("Split the shop  into services").run()
    at.button(key="adr_write").click().run()
    assert not at.exception
    written = sorted(p.name for p in folder.glob("0*.md"))
    assert written and written[0] == "0001-decompose-into-services.md"
    first = (folder / written[0]).read_text(encoding="utf-8")
    assert "\n# Split the shop into services\n" in first
    assert len(at.success) == len(written) + 1  # the records and the index
    (folder / written[0]).write_text("edited by a person\n", encoding="utf-8")
    at.button(key="adr_write").click().run()
    assert not at.exception
    assert sorted(p.name for p in folder.glob("0*.md")) == written
    assert (folder / written[0]).read_text(encoding="utf-8") == "edited by a person\n"
    assert len(at.warning) >= len(written)


def test_analysing_a_local_folder_opens_its_analysis(monkeypatch, shop_analysis, tmp_path):
    at = open_app(monkeypatch, None)
    assert "No analysis is open" in at.info[0].value
    at.text_input(key="analyse_path").set_value(str(tmp_path / "missing")).run()
    at.button(key="analyse").click().run()
    assert not at.exception
    assert "does not exist" in at.error[0].value
    repo = shop_analysis.parent.parent / "shop"
    at.text_input(key="analyse_path").set_value(str(repo)).run()
    at.button(key="analyse").click().run()
    assert not at.exception
    assert not at.error
    metrics = next(t.value for t in at.dataframe if "reading" in t.value.columns)
    assert len(metrics) == 8
    assert "Crossing imports between services" in metrics.to_string()


def test_repo_text_is_shown_literally_and_odd_names_do_not_break_tables(
        monkeypatch, shop_analysis, tmp_path):
    document = json.loads(shop_analysis.read_text(encoding="utf-8"))
    first = document["boundaries"][0]
    first["name"] = "**loud** [click](http://evil.example) <b>x</b>"
    odd = first["modules"][0]
    for module in document["modules"]:
        if module["name"] == odd:
            module["main_author"] = "Ren\udce9e"  # undecodable bytes, surrogate-escaped
    for hotspot in document["hotspots"][:1]:
        hotspot["path"] = "shop/caf\udce9.py"
    target = tmp_path / "analysis.json"
    target.write_text(json.dumps(document), encoding="utf-8")
    at = open_app(monkeypatch, target, "page_boundaries.py")
    assert not at.exception
    heading = next(h.value for h in at.subheader if first["id"] in h.value)
    assert "\\[click\\]\\(http\\:\\/\\/evil\\.example\\)" in heading
    assert "\\*\\*loud\\*\\*" in heading and "\\<b\\>" in heading
    members = next(t for t in tables(at) if "confidence" in t.columns)
    assert "Ren\\udce9e" in set(members["main_author"])
    at = open_app(monkeypatch, target, "page_hotspots.py")
    assert not at.exception
    ranked = next(t for t in tables(at) if "score" in t.columns and "module" in t.columns)
    assert "shop/caf\\udce9.py" in set(ranked["path"])


def test_the_overview_shows_the_backtest_when_the_analysis_has_one(monkeypatch, shop_analysis,
                                                                   tmp_path):
    document = json.loads(shop_analysis.read_text())
    assert "Backtest" not in [s.value for s in open_app(monkeypatch, shop_analysis).subheader]
    document["validation"] = {
        "cutoff": {"date": "2025-07-27T10:00:00+00:00", "after": 127},
        "partitions": {"proposal": {"groups": 6, "counted": 122, "share": 0.139,
                                    "random_share": 0.326, "lift": 0.573},
                       "package_tree": {"groups": 6, "counted": 127, "share": 0.323,
                                        "random_share": 0.29, "lift": -0.114}}}
    path = tmp_path / "analysis.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    at = open_app(monkeypatch, path)

    assert not at.exception
    assert "Backtest: would this cut have held?" in [s.value for s in at.subheader]
    backtest = next(t for t in tables(at) if "lift" in t.columns)
    assert list(backtest["partition"]) == ["proposal", "package tree"]
    assert list(backtest["lift"]) == [0.573, -0.114]
