"""The analysis `faultline app` opens is read and checked before the server listens, and the
first page takes that copy only while the file is unchanged."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from analyzer import analyze
from analyzer.output.document import dumps, to_document
from analyzer.ui import ahead
from tests.conftest import MakeRepo


@pytest.fixture
def analysis(make_repo: MakeRepo, tmp_path: Path) -> Path:
    repo = make_repo({"pkg/__init__.py": "", "pkg/a.py": "from pkg import b\n", "pkg/b.py": ""})
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "analysis.json").write_text(dumps(to_document(analyze(repo))), encoding="utf-8")
    return folder


def test_the_named_analysis_is_read_once_and_handed_over(analysis: Path, monkeypatch) -> None:
    monkeypatch.setenv(ahead.ENV_VAR, str(analysis))
    ahead.read_ahead()
    stamp = ahead.file_stamp(str(analysis))
    document = ahead.taken(str(analysis), stamp)
    assert document is not None and document["summary"]["modules"] == 3
    assert ahead.taken(str(analysis), stamp) is None  # handed over once


def test_a_changed_or_damaged_file_is_left_to_the_page(analysis: Path, monkeypatch) -> None:
    monkeypatch.setenv(ahead.ENV_VAR, str(analysis))
    ahead.read_ahead()
    target = analysis / "analysis.json"
    old = ahead.file_stamp(str(analysis))
    os.utime(target, (1, 1))  # changed on disk since: another stamp, and the copy let go
    assert ahead.taken(str(analysis), ahead.file_stamp(str(analysis))) is None
    assert ahead.taken(str(analysis), old) is None
    document = json.loads(target.read_text(encoding="utf-8"))
    document["modules"] = "not a list"
    target.write_text(json.dumps(document), encoding="utf-8")
    ahead.read_ahead()
    assert ahead.taken(str(analysis), ahead.file_stamp(str(analysis))) is None
    target.write_text("{ not json", encoding="utf-8")
    ahead.read_ahead()  # no exception: the page will say what is wrong
    assert ahead.taken(str(analysis), ahead.file_stamp(str(analysis))) is None


def test_the_server_process_reads_it_before_streamlit_starts(analysis: Path) -> None:
    from tests.conftest import run_python

    pytest.importorskip("streamlit", reason="the app needs the `app` extra (streamlit)")
    probe = (f"import os, sys; os.environ['FAULTLINE_ANALYSIS'] = {str(analysis)!r}\n"
             "sys.argv = ['serve', 'version']\n"
             "import analyzer.ui.serve as s\n"
             "try:\n    s.main()\nexcept SystemExit:\n    pass\n"
             "from analyzer.ui import ahead\n"
             "print(len(ahead._READ), 'analyzer.ui.data' not in sys.modules)")
    assert run_python(probe).strip().endswith("1 True")
