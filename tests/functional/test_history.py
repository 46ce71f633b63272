"""Reading git history: renames, merges, bots, odd file names, shallow clones, bad input."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from analyzer import analyze
from analyzer.errors import InputError
from analyzer.history.log import HistoryOptions, read_history
from tests.conftest import commit, git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    return root


def paths_by_commit(history) -> list[tuple[str, ...]]:
    return [c.paths for c in history.changes]


def test_renamed_file_keeps_its_history_and_a_pure_rename_is_not_a_change(repo: Path) -> None:
    commit(repo, {"app/old.py": "a = 1\n"}, "add", day=1)
    commit(repo, {"app/old.py": "a = 2\n"}, "edit", day=2)
    git(repo, "mv", "app/old.py", "app/new.py")
    commit(repo, {}, "rename", day=3)
    commit(repo, {"app/new.py": "a = 3\n"}, "edit after", day=4)

    history = read_history(repo, HistoryOptions())

    assert paths_by_commit(history) == [("app/new.py",)] * 3
    assert history.dropped == {"no_counted_files": 1}
    assert history.renames == {"app/old.py": "app/new.py"}


def test_merge_commits_and_bots_are_not_counted(repo: Path) -> None:
    commit(repo, {"a.py": "1\n", "b.py": "1\n"}, "start", day=1)
    git(repo, "checkout", "-q", "-b", "feature")
    commit(repo, {"a.py": "2\n"}, "feature work", day=2)
    git(repo, "checkout", "-q", "main")
    commit(repo, {"b.py": "2\n"}, "main work", day=3)
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge feature", "feature",
        GIT_COMMITTER_DATE="2024-01-04T10:00:00+00:00")
    commit(repo, {"a.py": "3\n", "b.py": "3\n"}, "bump", day=5,
           author="dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>")

    history = read_history(repo, HistoryOptions())

    assert sorted(paths_by_commit(history)) == [("a.py",), ("a.py", "b.py"), ("b.py",)]
    assert history.dropped == {"bot": 1, "merge": 1}
    assert history.commits_read == 5


def test_mailmap_makes_one_author_of_two_addresses(repo: Path) -> None:
    commit(repo, {".mailmap": "Ada Example <ada@example.com> <ada@old.example>\n"}, "map", day=1)
    commit(repo, {"a.py": "1\n"}, "one", day=2, author="ada <ada@old.example>")
    commit(repo, {"a.py": "2\n"}, "two", day=3)

    history = read_history(repo, HistoryOptions())

    assert {c.author for c in history.changes} == {"Ada Example"}


def test_odd_file_names_survive_intact(repo: Path) -> None:
    names = ["with space.py", "caf\u00e9.py", "new\nline.py"]
    commit(repo, dict.fromkeys(names, "x = 1\n"), "odd names", day=1)
    raw = b"bad\xffname.py"
    (repo / raw.decode("utf-8", "surrogateescape")).write_text("y = 1\n")
    commit(repo, {}, "undecodable name", day=2)

    history = read_history(repo, HistoryOptions())

    assert sorted(history.changes[1].paths) == sorted(names)
    assert history.changes[0].paths == (raw.decode("utf-8", "surrogateescape"),)


def test_shallow_clone_is_detected_and_its_boundary_not_counted(repo: Path, tmp_path: Path
                                                                 ) -> None:
    for day in range(1, 5):
        commit(repo, {f"f{day}.py": "x\n", "common.py": f"{day}\n"}, f"c{day}", day=day)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)],
                   check=True)

    history = read_history(clone, HistoryOptions())

    assert history.shallow
    assert history.commits_read == 2 and history.commits_used == 1
    assert history.dropped == {"shallow_boundary": 1}
    assert [w.code for w in history.warnings] == ["shallow-clone"]


def test_since_until_and_rev_select_the_range(repo: Path) -> None:
    for day in range(1, 6):
        commit(repo, {"a.py": f"{day}\n"}, f"c{day}", day=day)
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()

    assert read_history(repo, HistoryOptions(since="2024-01-03")).commits_used == 3
    assert read_history(repo, HistoryOptions(until="2024-01-02T12:00")).commits_used == 2
    assert read_history(repo, HistoryOptions(rev=f"{first}..main")).commits_used == 4


def test_no_git_empty_repo_and_empty_range_give_warnings_not_errors(repo: Path,
                                                                    tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert [w.code for w in read_history(plain, HistoryOptions()).warnings] == ["not-a-git-repo"]
    assert [w.code for w in read_history(repo, HistoryOptions()).warnings] == ["empty-repo"]
    commit(repo, {"a.py": "1\n"}, "c1", day=1)
    history = read_history(repo, HistoryOptions(since="2030-01-01"))
    assert history.commits_used == 0 and history.changes == ()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (HistoryOptions(rev="--output=pwned.txt"), "is not a valid git revision"),
        (HistoryOptions(rev="-n1"), "is not a valid git revision"),
        (HistoryOptions(rev="no-such-branch"), "does not exist in this repository"),
        (HistoryOptions(rev="main..nope"), "does not exist in this repository"),
        (HistoryOptions(since="last tuesday"), "is not a date"),
        (HistoryOptions(until="2024-13"), "is not a date"),
    ],
)
def test_bad_refs_and_dates_are_clear_errors(repo: Path, options: HistoryOptions,
                                             message: str) -> None:
    commit(repo, {"a.py": "1\n"}, "c1", day=1)

    with pytest.raises(InputError, match=message):
        read_history(repo, options)

    assert not (repo / "pwned.txt").exists()


def test_a_subfolder_of_a_repository_keeps_its_history(repo: Path) -> None:
    commit(repo, {"sub/pkg/__init__.py": "", "sub/pkg/a.py": "from pkg import b\n",
                  "sub/pkg/b.py": "X = 1\n", "other.py": "Y = 1\n"}, "start", day=1)
    for day in range(2, 8):
        commit(repo, {"sub/pkg/a.py": f"from pkg import b\n# {day}\n",
                      "sub/pkg/b.py": f"X = {day}\n"}, f"both {day}", day=day)
    commit(repo, {"other.py": "Y = 2\n"}, "outside", day=9)

    history = read_history(repo / "sub", HistoryOptions())

    assert history.commits_used == 7
    assert all(p.startswith("pkg/") for r in history.changes for p in r.paths)
    assert history.dropped.get("outside_folder") == 1
    analysis = analyze(repo / "sub", cache=False)
    assert analysis.evolution is not None
    revisions = analysis.evolution.files.revisions
    assert revisions["pkg/a.py"] == 7 and revisions["pkg/b.py"] == 7


def test_ignore_paths_follow_gitignore_rules_from_the_analysed_folder(repo: Path) -> None:
    commit(repo, {"sub/docs/a.md": "1", "sub/docs/adr/0001.md": "1", "sub/pkg/a.py": "1",
                  "sub/pkg/migrations/0001.py": "1", "sub/pkg/vendor/x/y.py": "1",
                  "sub/requirements/base.txt": "1", "docs/b.md": "1"}, "start", day=1)

    def counted(folder: Path, *patterns: str) -> list[str]:
        options = HistoryOptions(ignore_paths=patterns) if patterns else HistoryOptions()
        return sorted({p for r in read_history(folder, options).changes for p in r.paths})

    # The defaults: migrations and vendored code at any depth, the analysed folder's docs.
    assert counted(repo / "sub") == ["pkg/a.py"]
    assert counted(repo) == ["sub/docs/a.md", "sub/docs/adr/0001.md", "sub/pkg/a.py",
                             "sub/requirements/base.txt"]
    # "/docs/" is the analysed folder's own docs; the summaries of the two are cached apart.
    assert counted(repo, "/docs/") == [
        "sub/docs/a.md", "sub/docs/adr/0001.md", "sub/pkg/a.py", "sub/pkg/migrations/0001.py",
        "sub/pkg/vendor/x/y.py", "sub/requirements/base.txt"]
    assert counted(repo / "sub", "/docs/") == [
        "pkg/a.py", "pkg/migrations/0001.py", "pkg/vendor/x/y.py", "requirements/base.txt"]
    # "!" takes back; "*" does not cross "/".
    assert counted(repo / "sub", "docs/*", "!docs/adr/", "pkg/*", "!pkg/*.py") == [
        "docs/adr/0001.md", "pkg/a.py", "requirements/base.txt"]


def test_a_missing_blob_reads_the_history_without_renames(repo: Path) -> None:
    body = "".join(f"line {i}\n" for i in range(40))
    commit(repo, {"pkg/__init__.py": "", "pkg/old.py": body}, "start", day=1)
    first_blob = git(repo, "rev-parse", "HEAD:pkg/old.py").strip()
    git(repo, "mv", "pkg/old.py", "pkg/new.py")
    commit(repo, {"pkg/new.py": body + "changed\n"}, "rename and edit", day=2)
    blob = repo / ".git" / "objects" / first_blob[:2] / first_blob[2:]
    blob.chmod(0o644)
    blob.unlink()

    history = read_history(repo, HistoryOptions(), cache=False)

    assert history.commits_used == 2
    assert [w.code for w in history.warnings] == ["no-renames"]
    assert "without rename detection" in history.warnings[0].message


def test_a_history_with_nothing_counted_says_why_and_what_to_change(repo: Path) -> None:
    commit(repo, {f"app/m{i}.py": "x = 1\n" for i in range(5)}, "one big commit", day=1)

    history = read_history(repo, HistoryOptions(max_files=3), cache=False)

    (warning,) = history.warnings
    assert warning.code == "no-history"
    assert "None of the 1 commits in the range is counted" in warning.message
    assert "too_many_files 1" in warning.message and "--max-files" in warning.message
