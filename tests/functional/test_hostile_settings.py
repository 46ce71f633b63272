"""Issue 14, item 14: bad settings are one-line errors with exit status 2, never a traceback,
and no NaN or Infinity reaches analysis.json.

Each numeric setting has one range (`analyzer.settings.RANGES`), checked for
`[tool.faultline]` and the command line alike. Real git repositories, the real command line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli.main import cli
from tests.conftest import MakeRepo, commit

FILES = {
    "shop/__init__.py": "",
    "shop/orders.py": "from shop import payments\n",
    "shop/payments.py": "X = 1\n",
    "shop/catalog.py": "from shop import orders\n",
}

_TABLE = "[tool.faultline]\n"


def _repo(make_repo: MakeRepo, pyproject: str | None) -> Path:
    repo = make_repo({**FILES, **({"pyproject.toml": pyproject} if pyproject else {})},
                     commit=True)
    for day in range(2, 8):
        commit(repo, {"shop/orders.py": f"from shop import payments\n# {day}\n",
                      "shop/payments.py": f"X = {day}\n"}, f"change {day}", day=day)
    return repo


@pytest.mark.parametrize(
    ("pyproject", "options", "named"),
    [
        (_TABLE + "resolution = 0\n", [], "'resolution'"),
        (_TABLE + "depth = 0\n", [], "'depth'"),
        (_TABLE + "min-degree = 7\n", [], "'min_degree'"),
        (_TABLE + "min-shared = 0\n", [], "'min_shared'"),
        (_TABLE + "max-files = 1\n", [], "'max_files'"),
        (_TABLE + "import-weight = inf\n", [], "'import_weight'"),
        (_TABLE + "cochange-weight = nan\n", [], "'cochange_weight'"),
        (_TABLE + "import-weight = 1e306\n", [], "'import_weight'"),
        (_TABLE + "kernel-share = 5\n", [], "'kernel_share'"),
        (_TABLE + "containment-weight = 1e306\n", [], "'containment_weight'"),
        (_TABLE + "string-import-weight = -1\n", [], "'string_import_weight'"),
        (_TABLE + "model-reference-weight = nan\n", [], "'model_reference_weight'"),
        (_TABLE + "min-boundary-size = 0\n", [], "'min_boundary_size'"),
        (_TABLE + "depth = 100000000000000000000000\n", [], "'depth'"),
        ('tool = "x"\n', [], "[tool]"),
        (None, ["--import-weight", "inf"], "--import-weight"),
        (None, ["--cochange-weight", "nan"], "--cochange-weight"),
        (None, ["--resolution", "nan"], "--resolution"),
        (None, ["--resolution", "inf"], "--resolution"),
    ],
    ids=lambda value: (value.strip().splitlines()[-1] if isinstance(value, str)
                       else " ".join(value) if isinstance(value, list) else "-"),
)
def test_bad_settings_are_one_line_errors_and_never_reach_the_json(
        make_repo: MakeRepo, tmp_path: Path, pyproject: str | None, options: list[str],
        named: str) -> None:
    repo = _repo(make_repo, pyproject)
    out = tmp_path / "out"

    result = CliRunner().invoke(cli, ["-q", "analyze", str(repo), "-o", str(out), *options])

    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and named in lines[0], lines
    if named != "[tool]":
        assert "must be a" in lines[0] and (" from " in lines[0] or " above " in lines[0])
    assert not (out / "analysis.json").exists()
    # A good value beside it still works, and what is written is strict JSON.
    fine = CliRunner().invoke(cli, ["-q", "analyze", str(repo), "-o", str(out),
                                    "--resolution", "1.5", "--import-weight", "2"]
                              ) if pyproject is None else None
    if fine is not None:
        assert fine.exit_code == 0, fine.output
        json.loads((out / "analysis.json").read_text(encoding="utf-8"),
                   parse_constant=lambda name: pytest.fail(f"{name} in analysis.json"))
