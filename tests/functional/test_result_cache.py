"""The result cache: an unchanged repository answered from it, byte for byte what a fresh run
writes; a miss after any change the result depends on; never a crash on a bad entry; nothing
written into the analysed repository.

`analyze_cached` below is how `faultline analyze` uses the cache (see the module docstring of
`analyzer.output.resultcache`); the tests at the end run the command itself once it does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

import analyzer._version
import sample_repos
from analyzer.code.config import load_settings
from analyzer.output import resultcache, resultstore
from analyzer.output.document import SCHEMA_VERSION, dumps, to_document
from analyzer.output.resultcache import (
    analysis_key,
    entry_path,
    load_result,
    result_key,
    results_dir,
    save_result,
    tree_state,
    unchanged,
)
from analyzer.pipeline import analyze
from tests.conftest import git

HOUR_NS = 3600 * 10**9


def analyze_cached(repo: Path, overrides: dict | None = None, *, cache: bool = True
                   ) -> tuple[str, str]:
    """(analysis.json text, how it was had: "hit", "stored", "not stored" or "no cache")."""
    root = repo.resolve()
    settings = load_settings(root).updated(**(overrides or {})).to_dict()
    extra = {"schema": SCHEMA_VERSION, "backtest": False}
    found = analysis_key(root, settings, extra=extra) if cache else None
    folder = results_dir()
    if found is not None:
        text = load_result(folder, found[0])
        if text is not None:
            return text, "hit"
    text = dumps(to_document(analyze(root, overrides=overrides, cache=cache)))
    if found is None:
        return text, "no cache"
    # Stored only when no file was changed too recently, nor while the analysis ran.
    if found[1] and analysis_key(root, settings, extra=extra) == found \
            and save_result(folder, found[0], text, outside=(root,)):
        return text, "stored"
    return text, "not stored"


def without_time(text: str) -> str:
    document = json.loads(text)
    document.pop("generated_at")
    return json.dumps(document, sort_keys=True)


def age(root: Path) -> None:
    """Every file an hour old: nothing in the fresh sample counts as just changed (racy)."""
    then = time.time_ns() - HOUR_NS
    for folder, _dirs, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(folder, name), ns=(then, then))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("shop-built") / "shop"
    sample_repos.build("shop", repo)
    age(repo)
    return repo


@pytest.fixture
def shop(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "shop"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def test_unchanged_repository_is_a_hit_with_the_same_bytes(shop: Path) -> None:
    first, how = analyze_cached(shop)
    assert how == "stored"
    again, how = analyze_cached(shop)
    assert (again, how) == (first, "hit")
    fresh, how = analyze_cached(shop, cache=False)
    assert how == "no cache"
    assert without_time(fresh) == without_time(first)


def test_an_edit_to_an_analysed_file_is_a_miss_committed_or_not(shop: Path) -> None:
    analyze_cached(shop)
    target = next(p for p in sorted(shop.rglob("*.py")) if "/tests/" not in str(p)
                  and p.stat().st_size > 50)
    target.write_text(target.read_text(encoding="utf-8") + "\nADDED = 1\n", encoding="utf-8")
    edited, how = analyze_cached(shop)
    assert how == "not stored"  # a file changed a moment ago may change again unseen
    age(shop)
    edited, how = analyze_cached(shop)
    assert how == "stored"
    assert edited == analyze_cached(shop)[0]
    git(shop, "commit", "-q", "-am", "an edit")
    age(shop)
    committed, how = analyze_cached(shop)
    assert how == "stored"
    assert committed != edited


def test_the_same_content_at_another_time_or_a_new_file_is_a_miss(shop: Path) -> None:
    analyze_cached(shop)
    target = sorted(shop.rglob("*.py"))[0]
    os.utime(target, ns=(time.time_ns() - HOUR_NS // 2,) * 2)
    assert analyze_cached(shop)[1] != "hit"
    (shop / "shop" / "brand_new.py").write_text("import os\n", encoding="utf-8")
    age(shop)
    assert analyze_cached(shop)[1] == "stored"


def test_what_git_ignores_is_part_of_the_key(shop: Path) -> None:
    """Discovery leaves out what git ignores: a new .gitignore line, or `git add -f` of an
    ignored file, changes the analysis without touching a Python file or HEAD."""
    extra = shop / "shop" / "extra_module.py"
    extra.write_text("import os\n", encoding="utf-8")
    (shop / ".gitignore").write_text("extra_module.py\n", encoding="utf-8")
    age(shop)
    ignored, how = analyze_cached(shop)
    assert how == "stored"
    assert analyze_cached(shop) == (ignored, "hit")
    (shop / ".gitignore").write_text("", encoding="utf-8")  # no Python file changes
    seen, how = analyze_cached(shop)
    assert how == "stored" and seen != ignored
    (shop / ".gitignore").write_text("extra_module.py\n", encoding="utf-8")
    assert analyze_cached(shop) == (ignored, "hit")
    # Tracked now, so no longer ignored: analysed, as when nothing ignored it.
    git(shop, "add", "-f", "shop/extra_module.py")
    assert analyze_cached(shop) == (seen, "hit")


def test_a_folder_outside_git_is_cached_too(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    (folder / "pkg").mkdir(parents=True)
    (folder / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (folder / "pkg" / "a.py").write_text("from pkg import b\n", encoding="utf-8")
    (folder / "pkg" / "b.py").write_text("import os\n", encoding="utf-8")
    age(folder)
    first, how = analyze_cached(folder)
    assert how == "stored"
    assert analyze_cached(folder) == (first, "hit")
    (folder / "pkg" / "b.py").write_text("import sys\n", encoding="utf-8")
    age(folder)
    assert analyze_cached(folder)[1] == "stored"


def test_a_revision_git_cannot_resolve_or_no_commit_means_no_cache(shop: Path,
                                                                   tmp_path: Path) -> None:
    root = shop.resolve()
    settings = load_settings(root).to_dict()
    assert analysis_key(root, {**settings, "rev": "no-such-branch"}) is None
    assert analysis_key(root, {**settings, "rev": "--all"}) is None
    assert analysis_key(root, {**settings, "rev": "main"}) is not None
    ranged = analysis_key(root, {**settings, "rev": "main~1..main"})
    assert ranged is not None and ranged != analysis_key(root, {**settings, "rev": "main"})
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q")
    assert analysis_key(empty.resolve(), settings) is None


def test_a_settings_change_is_a_miss(shop: Path) -> None:
    analyze_cached(shop)
    assert analyze_cached(shop, {"resolution": 1.5})[1] == "stored"
    assert analyze_cached(shop, {"resolution": 1.5})[1] == "hit"
    pyproject = shop / "pyproject.toml"
    before = pyproject.read_text(encoding="utf-8") if pyproject.exists() else ""
    pyproject.write_text(before + "\n[tool.faultline]\nseed = 3\n", encoding="utf-8")
    age(shop)
    assert analyze_cached(shop)[1] == "stored"


def test_a_new_commit_is_a_miss(shop: Path) -> None:
    analyze_cached(shop)
    git(shop, "commit", "-q", "--allow-empty", "-m", "nothing changes but HEAD")
    assert analyze_cached(shop)[1] == "stored"


def test_another_tool_version_is_a_miss(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    analyze_cached(shop)
    monkeypatch.setattr(analyzer._version, "__version__", "99.0.0")
    assert analyze_cached(shop)[1] == "stored"


def test_a_damaged_or_foreign_entry_is_a_miss(shop: Path, tmp_path: Path) -> None:
    text, _how = analyze_cached(shop)
    root = shop.resolve()
    key, _storable = analysis_key(root, load_settings(root).to_dict(),
                                  extra={"schema": SCHEMA_VERSION, "backtest": False})
    folder = results_dir()
    path = entry_path(folder, key)
    good = path.read_bytes()
    assert load_result(folder, key) == text
    damaged = [
        b"", b"garbage", good[: len(good) // 2], good[:-1] + b"!", good + b"more",
        good.replace(f'"format":{resultcache.FORMAT}'.encode(), b'"format":0'), b"\xff" * 100,
        good.split(b"\n", 1)[0] + b"\nnot json\n" + good.split(b"\n", 2)[2],
    ]
    for data in damaged:
        path.write_bytes(data)
        assert load_result(folder, key) is None
    # Another key's sound entry, renamed to this key's file: foreign, so a miss.
    other = "0" * 64
    assert save_result(folder, other, "{}\n")
    shutil.copy(entry_path(folder, other), path)
    assert load_result(folder, key) is None
    path.unlink()
    (folder / "unrelated.result").mkdir()
    assert load_result(folder, key) is None
    restored, how = analyze_cached(shop)
    assert how == "stored"  # and the next run stores a good one again
    assert load_result(folder, key) == restored
    assert without_time(restored) == without_time(text)
    assert load_result(tmp_path / "no-such-folder", key) is None
    assert load_result(path, key) is None  # a file where the folder should be


def test_nothing_is_written_into_the_analysed_repository(shop: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    status = git(shop, "status", "--porcelain", "--ignored", "--untracked-files=all")
    analyze_cached(shop)
    analyze_cached(shop)
    assert git(shop, "status", "--porcelain", "--ignored", "--untracked-files=all") == status
    assert not any(results_dir().resolve() == p or p in results_dir().resolve().parents
                   for p in [shop.resolve()])
    # A cache folder inside the repository is never written to.
    monkeypatch.setenv("FAULTLINE_CACHE_DIR", str(shop / ".cache"))
    assert analyze_cached(shop)[1] == "not stored"
    assert not (shop / ".cache").exists()


def test_the_key_covers_each_of_its_parts() -> None:
    base = {"head": "a" * 40, "files": [("x.py", 1, 2)], "settings": {"seed": 0},
            "history": {"rev": None}, "version": "1"}
    key = result_key(**base)
    assert len(key) == 64 and key == result_key(**{**base, "files": [("x.py", 1, 2)]})
    changed = [{"head": "b" * 40}, {"files": [("x.py", 1, 3)]}, {"files": []},
               {"settings": {"seed": 1}}, {"history": {"rev": "main"}}, {"version": "2"},
               {"extra": {"backtest": True}}]
    assert len({key, *(result_key(**{**base, **c}) for c in changed)}) == len(changed) + 1
    rows = [("b.py", 1, 1), ("a.py", 2, 2)]
    assert result_key(**{**base, "files": rows}) == result_key(**{**base, "files": rows[::-1]})
    assert result_key(**{**base, "settings": {"a": {1, 2, 3}}}) == result_key(
        **{**base, "settings": {"a": {3, 2, 1}}})


def test_tree_state_sees_python_files_folders_and_root_files_only(tmp_path: Path) -> None:
    for name in ("pkg/__init__.py", "pkg/a.py", "pkg/data.json", ".venv/lib/x.py",
                 "pyproject.toml", "docs/readme.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    rows = tree_state(tmp_path)
    names = [row[0] for row in rows]
    assert names == sorted(names)
    assert {"pkg/", "pkg/__init__.py", "pkg/a.py", "pyproject.toml", "docs/",
            ".mailmap"} <= set(names)
    assert not any(n.startswith(".venv") or n.endswith((".json", ".md")) for n in names)
    assert dict((r[0], r[1:]) for r in rows)[".mailmap"] == (-1, -1)  # absent


def test_old_entries_go_when_the_folder_is_full(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resultstore, "MAX_ENTRIES", 3)
    for number in range(5):
        assert save_result(tmp_path, f"k{number}", f"text {number}")
        then = time.time_ns() - (10 - number) * 10**9
        os.utime(entry_path(tmp_path, f"k{number}"), ns=(then, then))
    assert save_result(tmp_path, "last", "text")
    kept = [k for k in ("k0", "k1", "k2", "k3", "k4", "last") if load_result(tmp_path, k)]
    assert kept == ["k3", "k4", "last"]


def test_unchanged_ignores_generated_at_only() -> None:
    old = '{\n  "schema_version": "1.3",\n  "generated_at": "2024-01-01T00:00:00+00:00",\n' \
          '  "x": 1\n}\n'
    assert unchanged(old, old.replace("2024-01-01", "2025-02-02"))
    assert not unchanged(old, old.replace('"x": 1', '"x": 2'))
    assert not unchanged(old, old.replace('  "generated_at"', '    "generated_at"')
                         .replace("2024", "2025"))


# --- the command, once `faultline analyze` uses the cache ----------------------------------


def faultline(*args: str) -> None:
    subprocess.run(["python", "-m", "analyzer", "-q", *args], check=True,
                   capture_output=True, env={**os.environ})


def test_the_command_answers_an_unchanged_repository_without_rewriting(shop: Path,
                                                                       tmp_path: Path) -> None:
    out = tmp_path / "out"
    faultline("analyze", str(shop), "-o", str(out))
    written = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    faultline("analyze", str(shop), "-o", str(out))
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()} == written
    other = tmp_path / "other"
    faultline("analyze", str(shop), "-o", str(other), "--no-cache")
    assert without_time((other / "analysis.json").read_text(encoding="utf-8")) == \
        without_time(written["analysis.json"][0].decode("utf-8"))
    for name in ("coupling.csv", "hotspots.csv", "ownership.csv"):
        assert (other / name).read_bytes() == written[name][0]


def test_no_cache_neither_reads_nor_writes_results(shop: Path, tmp_path: Path) -> None:
    faultline("analyze", str(shop), "-o", str(tmp_path / "out"), "--no-cache")
    assert not results_dir().exists() or not any(results_dir().iterdir())


def faultline_output(*args: str, **env: str) -> str:
    result = subprocess.run(["python", "-m", "analyzer", "-q", *args], check=True,
                            capture_output=True, text=True, env={**os.environ, **env})
    return result.stdout


def test_the_summary_from_the_cache_is_the_one_a_fresh_run_prints(shop: Path,
                                                                   tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    fresh = faultline_output("analyze", str(shop), "-o", out, "--no-cache")
    assert "Wrote " in fresh
    printed = [faultline_output("analyze", str(shop), "-o", out) for _ in range(3)]
    assert printed == [fresh] * 3  # stored, then answered (the summary too) from the cache
    # Laid out for another width, and naming another folder: printed afresh, then kept.
    narrow = faultline_output("analyze", str(shop), "-o", out + "2", "--no-cache",
                              COLUMNS="60")
    assert narrow != fresh
    assert [faultline_output("analyze", str(shop), "-o", out + "2", COLUMNS="60")
            for _ in range(2)] == [narrow] * 2


#: What an analysis answered from the result cache has no use for.
HEAVY = ("git", "gitdb", "networkx", "igraph", "grimp", "numpy", "analyzer.pipeline",
         "analyzer.output.document", "analyzer.output.summary", "rich.table",
         "analyzer.history.log", "analyzer.boundaries.cut")

_IMPORTED = """
import sys
from analyzer.cli.main import cli
try:
    cli(sys.argv[2:], prog_name="faultline")
except SystemExit as exit:
    assert not exit.code, exit.code
heavy = sys.argv[1].split(",")
print("imported:" + ",".join(sorted(m for m in sys.modules
                                    if any(m == h or m.startswith(h + ".") for h in heavy))),
      file=sys.stderr)
"""


def imported(*args: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """The modules of `heavy` that `faultline ARGS` imports, run in a fresh interpreter."""
    result = subprocess.run(["python", "-c", _IMPORTED, ",".join(heavy), *args],
                            capture_output=True, text=True, check=True, env={**os.environ})
    last = result.stderr.splitlines()[-1]
    assert last.startswith("imported:"), result.stderr
    return [name for name in last.removeprefix("imported:").split(",") if name]


def test_an_answer_from_the_cache_imports_neither_the_pipeline_nor_its_libraries(
        shop: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    assert "analyzer.pipeline" in imported("-q", "analyze", str(shop), "-o", out)  # stored
    assert imported("-q", "analyze", str(shop), "-o", out) == []
    assert imported("-q", "analyze", str(shop), "-o", out, "--json") == []


def test_the_help_imports_no_command_s_libraries() -> None:
    """`faultline --help` lists every command (each module imported for its one-line help)
    and needs none of what they run on; nor does a command's own help."""
    everything = (*HEAVY, "rich", "analyzer.model", "analyzer.output.export")
    assert imported("--help", heavy=everything) == []
    # (The help of `export` and of `pr` lists the formats and the rules: those it imports.)
    for command in ("analyze", "adr", "backtest", "baseline", "check", "init"):
        assert imported(command, "--help", heavy=(*HEAVY, "analyzer.model")) == []
