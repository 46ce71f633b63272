"""One bad file is a warning: the rest of the repository is still analysed."""

from __future__ import annotations

from analyzer import analyze
from tests.conftest import MakeRepo


def test_bad_files_become_warnings_and_the_rest_is_analysed(make_repo: MakeRepo) -> None:
    repo = make_repo({
        "pkg/__init__.py": "",
        "pkg/good.py": "from pkg import helper\n",
        "pkg/helper.py": "import json\n",
        "pkg/broken.py": "def oops(:\n    pass\n",
        "pkg/latin.py": b"# caf\xe9\nimport pkg.helper\n",
        "pkg/sub/__init__.py": "",
        "pkg/sub/climb.py": "import pkg.good\nfrom ...elsewhere import thing\n",
    })

    graph = analyze(repo).graph

    names = {m.name for m in graph.modules}
    assert {"pkg", "pkg.good", "pkg.helper", "pkg.sub", "pkg.sub.climb"} <= names
    assert "pkg.broken" not in names and "pkg.latin" not in names
    assert ("pkg.good", "pkg.helper") in {(e.importer, e.imported) for e in graph.imports}
    assert ("pkg.sub.climb", "pkg.good") in {(e.importer, e.imported) for e in graph.imports}
    by_path = {w.path: w for w in graph.warnings}
    assert by_path["pkg/broken.py"].code == "syntax-error"
    assert "line 1" in by_path["pkg/broken.py"].message
    assert by_path["pkg/latin.py"].code == "undecodable"
    assert by_path["pkg/sub/climb.py"].code == "import-above-top"
    assert "line 2" in by_path["pkg/sub/climb.py"].message


def test_several_syntax_errors_are_all_reported(make_repo: MakeRepo) -> None:
    repo = make_repo({
        "pkg/__init__.py": "",
        **{f"pkg/bad{i}.py": "class (\n" for i in range(3)},
        "pkg/ok.py": "X = 1\n",
    })

    graph = analyze(repo).graph

    assert [m.name for m in graph.modules] == ["pkg", "pkg.ok"]
    assert sorted(w.path for w in graph.warnings if w.code == "syntax-error") == [
        "pkg/bad0.py", "pkg/bad1.py", "pkg/bad2.py"]
