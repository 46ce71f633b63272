"""`faultline adr` end to end: numbering, never overwriting, the index, safety, and contracts
that import-linter accepts on the shop sample."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from markdown_it import MarkdownIt

import sample_repos
from analyzer.cli.base import _Context
from analyzer.cli.main import cli
from analyzer.decisions.writer import MARKER_TAG, find_adr_dir
from tests.conftest import MakeRepo, commit, git

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """The shop sample and its analysis (built once; tests copy the repo before writing)."""
    base = tmp_path_factory.mktemp("adr-shop")
    repo = base / "shop"
    sample_repos.build("shop", repo, seed=0)
    result = CliRunner().invoke(cli, ["-q", "analyze", str(repo), "-o", str(base / "out"),
                                      "--no-cache"])
    assert result.exit_code == 0, result.output
    analysis = base / "out" / "analysis.json"
    return repo, analysis, json.loads(analysis.read_text())


def _adr(*args: str) -> Result:
    return CliRunner().invoke(cli, ["-q", "adr", *args])


def _services(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in document["boundaries"] if b["kind"] == "service"]


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {p.name: (p.read_text(encoding="utf-8"), p.stat().st_mtime_ns)
            for p in sorted(folder.iterdir())}


# -- numbering, re-runs, edits ----------------------------------------------------------------


def test_numbering_continues_after_a_hand_written_record(shop, tmp_path: Path) -> None:
    _repo, analysis, document = shop
    folder = tmp_path / "decisions"
    folder.mkdir()
    (folder / "0007-use-postgres.md").write_text("# 7. Use Postgres\n")
    (folder / "0002-older.md").write_text("# 2. Older\n")

    result = _adr(str(tmp_path), "--from", str(analysis), "--adr-dir", str(folder))

    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.glob("0*.md"))
    services = len(_services(document))
    assert names[:3] == ["0002-older.md", "0007-use-postgres.md",
                         "0008-decompose-into-services.md"]
    assert [int(n[:4]) for n in names[2:]] == list(range(8, 8 + 1 + services))
    assert all(re.fullmatch(r"\d{4}-extract-[a-z0-9-]+\.md", n) for n in names[3:])
    assert result.output.count("\nwrote ") + result.output.startswith("wrote ") == services + 2
    assert (folder / "0007-use-postgres.md").read_text() == "# 7. Use Postgres\n"


def test_a_second_run_writes_nothing_when_nothing_changed(shop, tmp_path: Path) -> None:
    _repo, analysis, document = shop
    folder = tmp_path / "adr"
    first = _adr(str(tmp_path), "--from", str(analysis), "--adr-dir", str(folder))
    before = _snapshot(folder)

    # -o is the same option, as in analyze and export
    second = _adr(str(tmp_path), "--from", str(analysis), "-o", str(folder))

    assert first.exit_code == second.exit_code == 0
    assert _snapshot(folder) == before
    lines = second.output.splitlines()
    assert len(lines) == len(_services(document)) + 1
    assert all(line.startswith("skipped ") and " (exists): " in line for line in lines)


def test_an_edited_record_is_never_overwritten_and_a_removed_one_comes_back_new(
        shop, tmp_path: Path) -> None:
    _repo, analysis, _document = shop
    folder = tmp_path / "adr"
    _adr(str(tmp_path), "--from", str(analysis), "--adr-dir", str(folder))
    edited = next(folder.glob("0002-extract-*.md"))
    edited.write_text("---\nstatus: accepted\n---\n\n# Extract it, we agreed\n")
    removed = next(folder.glob("0003-extract-*.md"))
    slug = removed.name[5:]
    removed.unlink()
    last = max(int(p.name[:4]) for p in folder.glob("0*.md"))

    result = _adr(str(tmp_path), "--from", str(analysis), "--adr-dir", str(folder))

    assert result.exit_code == 0, result.output
    assert edited.read_text() == "---\nstatus: accepted\n---\n\n# Extract it, we agreed\n"
    assert f"skipped {edited} (exists)" in result.output
    recreated = folder / f"{last + 1:04d}-{slug}"
    assert recreated.is_file()
    assert [line.split(":")[0] for line in result.output.splitlines()
            if line.startswith("wrote ")] == [f"wrote {recreated}", f"wrote {folder}/README.md"]
    index = (folder / "README.md").read_text()
    assert "# Extract it, we agreed" not in index
    assert f"* [0002]({edited.name}) Extract it, we agreed" in index
    assert f"({recreated.name})" in index and f"({removed.name})" not in index


def test_dry_run_writes_nothing_and_says_what_it_would_write(shop, tmp_path: Path) -> None:
    _repo, analysis, document = shop

    result = _adr(str(tmp_path), "--from", str(analysis), "--dry-run")

    assert result.exit_code == 0, result.output
    assert not (tmp_path / "docs").exists()
    assert result.output.splitlines()[0] == (
        f"would write {tmp_path}/docs/adr/0001-decompose-into-services.md: "
        f"Decompose shop into {len(_services(document))} candidate services")
    assert len(result.output.splitlines()) == len(_services(document)) + 1


def test_analysing_path_writes_into_its_adr_folder_and_leaves_the_rest(shop,
                                                                        tmp_path: Path) -> None:
    repo, _analysis, document = shop
    copy_ = tmp_path / "shop"
    shutil.copytree(repo, copy_, symlinks=True)
    (copy_ / "doc" / "adr").mkdir(parents=True)

    result = _adr(str(copy_))

    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (copy_ / "doc" / "adr").iterdir())
    assert len(written) == len(_services(document)) + 2  # records and README.md
    status = git(copy_, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert status and all(line.startswith("?? doc/adr/") for line in status)


# -- the ADR folder and the index -------------------------------------------------------------


@pytest.mark.parametrize(("layout", "expected"), [
    ({".adr-dir": "architecture/records\n", "architecture/records/0001-x.md": "# X\n",
      "docs/adr/0001-y.md": "# Y\n"}, "architecture/records"),
    ({"doc/adr/0001-x.md": "# X\n", "docs/adr/0001-y.md": "# Y\n"}, "doc/adr"),
    ({"docs/adr/0001-x.md": "# X\n", "adr/0001-y.md": "# Y\n"}, "docs/adr"),
    ({"docs/decisions/0001-x.md": "# X\n", "adr/0001-y.md": "# Y\n"}, "docs/decisions"),
    ({"adr/0001-x.md": "# X\n"}, "adr"),
    ({"README.md": "# Project\n"}, "docs/adr"),
])
def test_the_adr_folder_is_found_like_adr_tools_and_madr(make_repo: MakeRepo,
                                                         layout: dict[str, str],
                                                         expected: str) -> None:
    repo = make_repo(layout)

    assert find_adr_dir(repo) == repo / expected
    assert find_adr_dir(repo, repo / "elsewhere") == repo / "elsewhere"


@pytest.mark.parametrize("named", ["../outside", "/tmp", "", "docs/../../up"])
def test_an_adr_dir_file_pointing_outside_the_repository_is_refused(
        shop, make_repo: MakeRepo, named: str) -> None:
    _repo, analysis, _document = shop
    repo = make_repo({".adr-dir": named})

    result = _adr(str(repo), "--from", str(analysis))

    assert result.exit_code == 2
    assert result.output.startswith("Error: ")
    assert ".adr-dir" in result.output and "--adr-dir" in result.output
    assert not list(repo.parent.glob("**/*-decompose-into-services.md"))


def test_a_readme_written_by_someone_else_is_left_alone(shop, tmp_path: Path) -> None:
    _repo, analysis, _document = shop
    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "README.md").write_text("# Our decisions\n\nHand-kept list.\n")

    result = _adr(str(tmp_path), "--from", str(analysis), "--adr-dir", str(folder))

    assert result.exit_code == 0, result.output
    assert (folder / "README.md").read_text() == "# Our decisions\n\nHand-kept list.\n"
    assert f"skipped {folder}/README.md (exists): index (not written by Faultline)" \
        in result.output


def test_the_index_lists_every_record_with_safe_links(shop, tmp_path: Path) -> None:
    _repo, analysis, document = shop
    folder = tmp_path / "adr"
    folder.mkdir()
    odd = "0003-a](javascript:alert(1)) <b>.md"
    (folder / odd).write_text("# Odd one\n")

    _adr(str(tmp_path), "--from", str(analysis), "--adr-dir", str(folder))
    index = (folder / "README.md").read_text()
    rendered = MarkdownIt("commonmark").render(index)

    assert index.startswith(MARKER_TAG)
    assert len(re.findall(r"^\* \[\d{4}\]", index, re.M)) == len(_services(document)) + 2
    assert "* [0003](0003-a%5D%28javascript%3Aalert%281%29%29%20%3Cb%3E.md) Odd one" in index
    assert 'href="javascript' not in rendered and "<b>" not in rendered


def test_a_file_in_the_way_is_never_replaced(shop, tmp_path: Path) -> None:
    _repo, analysis, _document = shop
    folder = tmp_path / "adr"
    folder.mkdir()
    target = tmp_path / "elsewhere.md"
    target.write_text("keep me\n")
    (folder / "0001-decompose-into-services.md").symlink_to(target)

    result = _adr(str(tmp_path), "--from", str(analysis), "--adr-dir", str(folder))

    assert result.exit_code == 0, result.output
    assert target.read_text() == "keep me\n"
    assert (folder / "0001-decompose-into-services.md").is_symlink()


# -- bad input --------------------------------------------------------------------------------


def test_bad_input_gives_one_error_line(shop, tmp_path: Path) -> None:
    _repo, analysis, document = shop
    no_boundaries = tmp_path / "nb.json"
    no_boundaries.write_text(json.dumps({**document, "boundaries": []}))
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps({**document, "boundaries": [{"kind": "service"}]}))
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")

    cases = {
        "does not exist": _adr(str(tmp_path), "--from", str(tmp_path / "missing.json")),
        "not valid JSON": _adr(str(tmp_path), "--from", str(a_file)),
        "proposes no boundaries": _adr(str(tmp_path), "--from", str(no_boundaries)),
        "incomplete or damaged": _adr(str(tmp_path), "--from", str(damaged)),
        "is a file": _adr(str(tmp_path), "--from", str(analysis), "--adr-dir", str(a_file)),
        "is not a folder": _adr(str(a_file), "--from", str(analysis)),
    }

    for expected, result in cases.items():
        assert result.exit_code == 2, (expected, result.output)
        assert result.output.startswith("Error: ") and expected in result.output, expected
        assert len(result.output.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged.json", "file.txt",
                                                          "nb.json"]


# -- no markup from the analysed repository ---------------------------------------------------

EVIL_NAMES = ["`tick``s`", "[x](javascript:alert(1))", "<script>alert(1)</script>",
              "a](javascript:alert(1))", "**b** <img src=x onerror=y>"]


def test_names_from_the_repository_render_as_plain_text(shop, tmp_path: Path) -> None:
    _repo, _analysis, document = shop
    evil = copy.deepcopy(document)
    first = _services(evil)[0]
    rename = {m: f"{m}{EVIL_NAMES[i % len(EVIL_NAMES)]}" for i, m in enumerate(first["modules"])}
    first["name"] = EVIL_NAMES[2]
    for boundary in evil["boundaries"]:
        boundary["modules"] = [rename.get(m, m) for m in boundary["modules"]]
        boundary["interface"] = [rename.get(m, m) for m in boundary["interface"]]
        boundary["hotspots"] = [f"{p}{EVIL_NAMES[0]}" for p in boundary["hotspots"]]
        boundary["owners"] = [{**o, "author": f"{o['author']} {EVIL_NAMES[3]}"}
                              for o in boundary["owners"]]
    for step in evil["extraction_plan"]:
        for item in step["incoming"] + step["outgoing"]:
            item["path"] = f"{item['path']}{EVIL_NAMES[1]}"
            item["importer"] = rename.get(item["importer"], item["importer"])
    source = tmp_path / "evil.json"
    source.write_text(json.dumps(evil))
    folder = tmp_path / "adr"

    result = _adr(str(tmp_path), "--from", str(source), "--adr-dir", str(folder))

    assert result.exit_code == 0, result.output
    md = MarkdownIt("commonmark").enable("table")
    texts = [p.read_text() for p in sorted(folder.glob("0*.md"))]
    assert len(texts) == len(_services(document)) + 1
    for text in texts:
        body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        rendered = md.render(body)
        assert not re.search(r"<(a|img|script|em|strong)\b", rendered)
        assert "href=" not in rendered and "src=" not in rendered.replace("src=x", "")
    joined = "\n".join(md.render(t) for t in texts)
    for name in EVIL_NAMES:
        assert name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
            .replace('"', "&quot;") in joined


def test_author_names_from_git_history_render_as_plain_text(make_repo: MakeRepo,
                                                            tmp_path: Path) -> None:
    files = {"app/__init__.py": "", "app/core.py": "X = 1\n"}
    for group in ("orders", "billing"):
        files[f"app/{group}/__init__.py"] = ""
        files[f"app/{group}/model.py"] = "from app import core\n"
        files[f"app/{group}/api.py"] = f"from app.{group} import model\n"
    repo = make_repo(files, commit=True)
    evil = "Mallory [x](javascript:alert(1)) *em* & `co`"  # git allows no < > in names
    for day in range(2, 12):
        for group in ("orders", "billing"):
            commit(repo, {f"app/{group}/model.py": f"from app import core\nV = {day}\n",
                          f"app/{group}/api.py": f"from app.{group} import model\nW = {day}\n"},
                   f"{group} {day} <b>bold</b>", day=day, author=f"{evil} <m@example.com>")

    result = _adr(str(repo), "--adr-dir", str(tmp_path / "adr"))

    assert result.exit_code == 0, result.output
    texts = "\n".join(p.read_text() for p in (tmp_path / "adr").glob("0*.md"))
    escaped = "Mallory \\[x\\]\\(javascript\\:alert\\(1\\)\\) \\*em\\* &amp; \\`co\\`"
    assert re.search(rf"\* {re.escape(escaped)}: \d+ %", texts)
    assert "<em>" not in MarkdownIt("commonmark").render(texts)


# -- the import-linter contracts on the shop sample ------------------------------------------


def _lint_imports(repo: Path, contracts: str, config: Path) -> tuple[int, set, str]:
    config.write_text('[tool.importlinter]\nroot_packages = ["shop"]\n\n' + contracts)
    done = subprocess.run([str(LINT_IMPORTS), "--config", str(config), "--no-cache"], cwd=repo,
                          env={**os.environ, "PYTHONPATH": str(repo)}, capture_output=True,
                          text=True, check=False)
    found = {
        (m[1], m[2], tuple(int(n) for n in re.findall(r"l\.(\d+)", m[3])))
        for m in re.finditer(r"^-\s+(\S+) -> (\S+) \((.*)\)$", done.stdout, re.M)
    }
    return done.returncode, found, done.stdout + done.stderr


def _cut(repo: Path, imports: list[dict[str, Any]]) -> None:
    """Make the cuts: replace each listed import line by `pass` (keeping the indentation)."""
    for item in imports:
        path = repo / item["path"]
        lines = path.read_text().splitlines(keepends=True)
        for number in item["lines"]:
            line = lines[number - 1]
            lines[number - 1] = line[:len(line) - len(line.lstrip())] + "pass\n"
        path.write_text("".join(lines))


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="lint-imports is not installed")
def test_each_contract_fails_listing_exactly_the_cuts_and_passes_once_they_are_made(
        shop, tmp_path: Path) -> None:
    repo, analysis, document = shop
    folder = tmp_path / "adr"
    _adr(str(tmp_path), "--from", str(analysis), "--adr-dir", str(folder))
    plan = {s["boundary"]: s for s in document["extraction_plan"]}
    services = _services(document)
    assert services

    for boundary in services:
        record = next(folder.glob(f"*-extract-{boundary['name']}.md")).read_text()
        contracts = re.search(r"^```toml\n(.*?)^```$", record, re.S | re.M)[1]
        cuts = plan[boundary["id"]]["incoming"] + plan[boundary["id"]]["outgoing"]
        expected = {(c["importer"], c["imported"], tuple(c["lines"])) for c in cuts}
        assert expected, boundary["name"]

        code, found, output = _lint_imports(repo, contracts, tmp_path / "before.toml")
        assert code == 1, output
        assert found == expected, boundary["name"]
        assert "Contracts: 0 kept, 2 broken." in output or "1 kept, 1 broken" in output

        work = tmp_path / f"cut-{boundary['id']}"
        shutil.copytree(repo, work, ignore=shutil.ignore_patterns(".git"))
        _cut(work, cuts)
        code, found, output = _lint_imports(work, contracts, tmp_path / "after.toml")
        assert (code, found) == (0, set()), output
        assert "Contracts: 2 kept, 0 broken." in output


# -- wildcards where a package lies in one boundary; records that stay short ------------------


@pytest.fixture(scope="module")
def django(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """The Django sample: apps are packages, with tests/ and migrations/ the analysis leaves
    out, and whose imports `lint-imports` sees all the same."""
    base = tmp_path_factory.mktemp("adr-django")
    repo = base / "django"
    sample_repos.build("django", repo, seed=0)
    # Tests that import other apps, as fixtures and factories do: left out of the analysis,
    # so of the extraction plan, but inside each app's `P.**` wildcard.
    apps = sorted(p.parent.name for p in (repo / "src").glob("*/models.py"))
    for app, other in zip(apps, apps[1:] + apps[:1], strict=True):
        (repo / "src" / app / "tests" / "test_zz_cross.py").write_text(
            f"import {other}.models\n", encoding="utf-8")
        (repo / "src" / app / "test_zz_local.py").write_text(f"import {other}.models\n",
                                                             encoding="utf-8")
    commit(repo, {}, "Tests that cross apps", day=28)
    result = CliRunner().invoke(cli, ["-q", "analyze", str(repo), "-o", str(base / "out"),
                                      "--no-cache"])
    assert result.exit_code == 0, result.output
    analysis = base / "out" / "analysis.json"
    return repo, analysis, json.loads(analysis.read_text())


def _lint_with_roots(repo: Path, document: dict[str, Any], contracts: str,
                     config: Path) -> tuple[int, set, str]:
    roots = ", ".join(json.dumps(p) for p in document["packages"])
    config.write_text(f"[tool.importlinter]\nroot_packages = [{roots}]\n\n" + contracts)
    path = os.pathsep.join(str(repo / r) for r in document["source_roots"])
    done = subprocess.run([str(LINT_IMPORTS), "--config", str(config), "--no-cache"], cwd=repo,
                          env={**os.environ, "PYTHONPATH": path}, capture_output=True,
                          text=True, check=False)
    found = {
        (m[1], m[2], tuple(int(n) for n in re.findall(r"l\.(\d+)", m[3])))
        for m in re.finditer(r"^-\s+(\S+) -> (\S+) \((.*)\)$", done.stdout, re.M)
    }
    return done.returncode, found, done.stdout + done.stderr


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="lint-imports is not installed")
def test_wildcard_contracts_still_list_exactly_the_cuts_with_tests_inside_the_apps(
        django, tmp_path: Path) -> None:
    repo, analysis, document = django
    folder = tmp_path / "adr"
    result = _adr(str(repo), "--from", str(analysis), "--adr-dir", str(folder))
    assert result.exit_code == 0, result.output
    plan = {s["boundary"]: s for s in document["extraction_plan"]}
    wildcards = checked = leaked = 0

    for boundary in _services(document):
        record = next(folder.glob(f"*-extract-{boundary['name']}.md")).read_text()
        contracts = re.search(r"^```toml\n(.*?)^```$", record, re.S | re.M)[1]
        wildcards += '.**",' in contracts
        assert "ignore_imports" in contracts  # the apps' tests and migrations
        cuts = plan[boundary["id"]]["incoming"] + plan[boundary["id"]]["outgoing"]
        expected = {(c["importer"], c["imported"], tuple(c["lines"])) for c in cuts}
        code, found, output = _lint_with_roots(repo, document, contracts, tmp_path / "c.toml")
        assert found == expected, (boundary["name"], output)
        assert code == (1 if expected else 0), output
        checked += bool(expected)
        unignored = re.sub(r"^ignore_imports = \[\n.*?^\]\n", "", contracts, flags=re.S | re.M)
        _code, noisy, _output = _lint_with_roots(repo, document, unignored, tmp_path / "u.toml")
        leaked += len(noisy - expected)  # without the ignores, the tests' imports show
    assert wildcards and checked  # some apps lie in one boundary; some records have cuts
    assert leaked


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="lint-imports is not installed")
def test_exported_contracts_set_the_apps_tests_aside_and_list_exactly_the_cuts(
        django, tmp_path: Path) -> None:
    from analyzer.cli.export import export

    repo, analysis, document = django
    target = tmp_path / "importlinter.toml"
    result = CliRunner().invoke(export, [str(analysis), "-f", "importlinter", "-o", str(target)],
                                obj=_Context(debug=False, quiet=True))
    assert result.exit_code == 0, result.output
    contracts = target.read_text().split("[tool.importlinter]\n", 1)[1].split("\n", 2)[2]
    assert "ignore_imports" in contracts  # the apps' tests and migrations
    # All the contracts together list exactly the plan's cuts, and no import of a test.
    expected = {(c["importer"], c["imported"]) for step in document["extraction_plan"]
                for c in step["incoming"] + step["outgoing"]}
    code, found, output = _lint_with_roots(repo, document, contracts, tmp_path / "c.toml")
    assert {(a, b) for a, b, _lines in found} == expected and expected, output
    assert code == 1, output


def test_records_stay_short_on_a_large_layered_monolith(tmp_path: Path) -> None:
    """1,200 modules laid out by layer, so no package lies in one boundary: the contracts
    are too long to keep in a record, and `--contracts` prints them."""
    repo = tmp_path / "scale"
    sample_repos.build("scale", repo, seed=0, modules=1200, commits=1000)
    out = tmp_path / "out"
    analysed = CliRunner().invoke(cli, ["-q", "analyze", str(repo), "-o", str(out),
                                        "--no-cache"])
    assert analysed.exit_code == 0, analysed.output
    folder = tmp_path / "adr"
    assert _adr(str(repo), "--from", str(out / "analysis.json"), "--adr-dir",
                str(folder)).exit_code == 0

    records = sorted(folder.glob("0*-extract-*.md"))
    lengths = {p.name: p.read_text().count("\n") for p in records}
    assert max(lengths.values()) < 300, lengths
    longest = max(records, key=lambda p: p.stat().st_size)
    slug = longest.name[5:-3]
    assert f"--contracts {slug}` prints them" in longest.read_text()
    printed = _adr(str(repo), "--from", str(out / "analysis.json"), "--contracts", longest.name)
    assert printed.exit_code == 0, printed.output
    contracts = tomllib.loads(printed.output)["tool"]["importlinter"]["contracts"]
    assert [c["id"] for c in contracts] == [f"{slug}-imports-out", f"{slug}-imports-in"]
    assert len(contracts[0]["forbidden_modules"]) > 900  # the whole outside, module by module


def test_contracts_of_an_unknown_record_is_an_input_error(shop, tmp_path: Path) -> None:
    _repo, analysis, _document = shop

    result = _adr(str(tmp_path), "--from", str(analysis), "--contracts", "extract-nothing")

    assert result.exit_code == 2
    assert "no \"Extract\" record is called 'extract-nothing'" in result.output
    assert not list(tmp_path.iterdir())
