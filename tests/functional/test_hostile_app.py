"""Issue 14, items 2 and 6: the app served beyond loopback, and what it tells third parties.

`faultline app --address 0.0.0.0` warns; analysing a folder and writing decision records are
off unless allowed, and then only inside the analysed repository; the Decisions page never
writes outside the analysed repository (symbolic links resolved). No usage statistics, no
Deploy button. CliRunner for the command, AppTest for the app, a real server for item 6.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli.main import cli
from analyzer.output.document import dumps, to_document
from analyzer.pipeline import analyze
from tests.conftest import MakeRepo, commit
from tests.functional.conftest import app_option
from tests.functional.test_hostile_code import FAULTLINE, _env, start_app

ROOT = Path(__file__).resolve().parents[2]

FILES = {"shop/__init__.py": "", "shop/core.py": "X = 1\n"}
for _group in ("orders", "billing"):
    FILES[f"shop/{_group}/__init__.py"] = ""
    FILES[f"shop/{_group}/model.py"] = "from shop import core\n"
    FILES[f"shop/{_group}/api.py"] = f"from shop.{_group} import model\n"


@pytest.fixture
def analysed(make_repo: MakeRepo, tmp_path: Path) -> tuple[Path, Path]:
    """A small git repository and its analysis.json (beside it, not inside)."""
    repo = make_repo(FILES, commit=True, name="shop-repo")
    for day in range(2, 8):
        for group in ("orders", "billing"):
            commit(repo, {f"shop/{group}/model.py": f"from shop import core\nV = {day}\n",
                          f"shop/{group}/api.py": f"from shop.{group} import model\n# {day}\n"},
                   f"{group} {day}", day=day)
    target = tmp_path / "out" / "analysis.json"
    target.parent.mkdir()
    target.write_text(dumps(to_document(analyze(repo, cache=False))), encoding="utf-8")
    return repo, target


# -- the command ------------------------------------------------------------------------------


def test_app_beyond_loopback_warns_and_turns_analyse_and_writes_off(started, analysed,
                                                                     monkeypatch):
    _repo, analysis = analysed
    monkeypatch.setenv("FAULTLINE_APP_ALLOW", "analyse,write")  # not from the caller's shell
    monkeypatch.setenv("FAULTLINE_APP_ROOT", "/")

    result = CliRunner().invoke(cli, ["-q", "app", str(analysis), "--address", "0.0.0.0"])

    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Warning: the app listens on 0.0.0.0, beyond this machine")
    assert "Analysing a folder: off (--allow-analyse)" in result.stderr
    assert "Writing decision records: off (--allow-writes)" in result.stderr
    [(command, env)] = started
    assert app_option(command, "--server.address") == "0.0.0.0"
    assert "FAULTLINE_APP_ALLOW" not in env and "FAULTLINE_APP_ROOT" not in env


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_app_on_loopback_gives_no_warning(started, analysed, address):
    _repo, analysis = analysed
    result = CliRunner().invoke(cli, ["-q", "app", str(analysis), "--address", address])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_allowed_features_are_confined_to_the_analysed_repository(started, analysed):
    repo, analysis = analysed

    result = CliRunner().invoke(cli, ["-q", "app", str(analysis), "--address", "0.0.0.0",
                                      "--allow-analyse", "--allow-writes"])

    assert result.exit_code == 0, result.output
    assert f"Analysing a folder: on, inside {repo.resolve()} only." in result.stderr
    assert f"Writing decision records: on, inside {repo.resolve()} only." in result.stderr
    [(_command, env)] = started
    assert env["FAULTLINE_APP_ALLOW"] == "analyse,write"
    assert env["FAULTLINE_APP_ROOT"] == str(repo.resolve())


def test_allowing_writes_needs_an_analysed_repository_on_this_machine(started, analysed,
                                                                      tmp_path):
    _repo, analysis = analysed
    elsewhere = json.loads(analysis.read_text(encoding="utf-8"))
    elsewhere["repo"]["path"] = str(tmp_path / "not-here")
    moved = tmp_path / "moved.json"
    moved.write_text(json.dumps(elsewhere), encoding="utf-8")

    for args in (["--allow-writes"], [str(moved), "--allow-analyse"]):
        result = CliRunner().invoke(cli, ["app", "--address", "0.0.0.0", *args])
        assert result.exit_code == 2, result.output
        assert "act only inside the analysed repository" in result.output
    assert not started


def test_the_app_sends_no_usage_statistics_and_shows_no_deploy_button(started, tmp_path,
                                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["-q", "app"])
    assert result.exit_code == 0, result.output
    [(command, env)] = started
    assert app_option(command, "--browser.gatherUsageStats") == "false"
    assert app_option(command, "--client.toolbarMode") == "minimal"
    assert env["PYTHONSAFEPATH"] == "1"


@pytest.mark.skipif(not FAULTLINE.is_file(), reason="the `faultline` script is not installed")
def test_the_real_server_starts_with_usage_statistics_off(tmp_path: Path) -> None:
    pytest.importorskip("streamlit", reason="the app needs the `app` extra (streamlit)")
    folder = tmp_path / "here"
    folder.mkdir()

    served, printed = start_app(folder, _env(tmp_path))

    assert served, printed
    # Streamlit says this on start whenever the statistics are on and nobody chose.
    assert "Collecting usage statistics" not in printed


# -- the app ----------------------------------------------------------------------------------

pytest.importorskip("streamlit", reason="the app tests need the `app` extra (streamlit)")

from streamlit import config  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

APP = str(ROOT / "app.py")


@pytest.fixture
def exposed() -> Iterator[None]:
    """The app as `faultline app --address 0.0.0.0` starts it (Streamlit's own option)."""
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        yield
    finally:
        config.set_option("server.address", before)


def open_app(monkeypatch: pytest.MonkeyPatch, analysis: Path | None, page: str | None = None,
             allow: str | None = None, root: Path | None = None) -> AppTest:
    for name, value in (("FAULTLINE_ANALYSIS", analysis), ("FAULTLINE_APP_ALLOW", allow),
                        ("FAULTLINE_APP_ROOT", root)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, str(value))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if page is not None:
        at.switch_page(f"analyzer/ui/{page}").run()
    return at


def _keys(at: AppTest) -> set[str]:
    return {t.key for t in at.text_input}


def _write(at: AppTest, folder: Path | str) -> AppTest:
    at.text_input(key="adr_folder").set_value(str(folder)).run()
    return at.button(key="adr_write").click().run()


def test_exposed_app_offers_neither_analysing_nor_writing(monkeypatch, analysed, exposed):
    repo, analysis = analysed
    at = open_app(monkeypatch, analysis)
    assert not at.exception
    assert "analyse_path" not in _keys(at)
    assert any("Analysing a local folder is off" in c.value for c in at.caption)

    at = open_app(monkeypatch, analysis, "page_decisions.py")
    assert not at.exception
    assert "adr_folder" not in _keys(at)
    assert any("Writing to the repository is off" in i.value for i in at.info)
    assert at.get("download_button")  # downloading the records stays
    assert not (repo / "docs").exists()


def test_exposed_app_allowed_to_analyse_stays_in_the_analysed_repository(
        monkeypatch, analysed, exposed, make_repo):
    repo, analysis = analysed
    other = make_repo(FILES, commit=True, name="other")
    at = open_app(monkeypatch, analysis, allow="analyse", root=repo)

    at.text_input(key="analyse_path").set_value(str(other)).run()
    at.button(key="analyse").click().run()

    assert not at.exception
    assert "outside the repository this app was started on" in at.error[0].value
    at.text_input(key="analyse_path").set_value(str(repo)).run()
    at.button(key="analyse").click().run()
    assert not at.exception
    assert not at.error


def test_exposed_app_allowed_to_write_stays_in_the_analysed_repository(
        monkeypatch, analysed, exposed, tmp_path):
    repo, analysis = analysed
    # An uploaded or hand-made analysis may name any folder as its repository.
    claims = json.loads(analysis.read_text(encoding="utf-8"))
    claims["repo"]["path"] = str(tmp_path)
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(claims), encoding="utf-8")

    at = _write(open_app(monkeypatch, forged, "page_decisions.py", allow="write", root=repo),
                tmp_path / "adr")

    assert not at.exception
    assert "outside the repository this app was started on" in at.error[0].value
    assert not (tmp_path / "adr").exists()

    at = _write(open_app(monkeypatch, analysis, "page_decisions.py", allow="write", root=repo),
                "docs/adr")
    assert not at.exception
    assert not at.error
    assert list((repo / "docs" / "adr").glob("0001-*.md"))


def test_decisions_page_refuses_a_folder_outside_the_analysed_repository(
        monkeypatch, analysed, tmp_path):
    repo, analysis = analysed
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "records").symlink_to(outside, target_is_directory=True)

    for folder in (outside, repo / "records", repo / ".." / "outside", "../outside"):
        at = _write(open_app(monkeypatch, analysis, "page_decisions.py"), folder)
        assert not at.exception
        assert "is outside the analysed repository" in at.error[0].value, folder
        assert not list(outside.iterdir()), folder

    (repo / "docs").mkdir()
    (repo / "docs" / "adr").symlink_to(outside, target_is_directory=True)  # committed, say
    at = open_app(monkeypatch, analysis, "page_decisions.py")
    assert not at.exception
    assert "leads outside the repository" in at.error[0].value
    assert "adr_folder" not in _keys(at)


def test_decisions_page_writes_inside_the_analysed_repository(monkeypatch, analysed):
    repo, analysis = analysed
    at = _write(open_app(monkeypatch, analysis, "page_decisions.py"), repo / "doc" / "adr")
    assert not at.exception
    assert not at.error
    assert list((repo / "doc" / "adr").glob("0001-*.md"))
