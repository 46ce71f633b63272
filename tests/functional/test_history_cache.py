"""The history cache: reuse without reading, reading only what is new, and never a wrong or
crashing answer. Every warm read is compared with a cold one (cache=False) of the same repo."""

from __future__ import annotations

import hashlib
import pickle
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer import analyze
from analyzer.cli.main import cli
from analyzer.history import log as history
from analyzer.history.log import History, HistoryOptions, read_history
from tests.conftest import MakeRepo, commit, git, skewed_repo

_STREAM = history._stream_log


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commit(root, {"app/__init__.py": "", "app/a.py": "a = 1\n", "app/b.py": "b = 1\n"},
           "start", day=1)
    commit(root, {"app/a.py": "a = 2\n", "app/b.py": "b = 2\n"}, "both", day=2)
    git(root, "mv", "app/b.py", "app/c.py")
    commit(root, {"app/a.py": "a = 3\n"}, "rename b to c", day=3)
    commit(root, {"app/c.py": "c = 1\n", "poetry.lock": "x\n"}, "lock", day=4,
           author="dependabot[bot] <bot@example.com>")
    return root


@pytest.fixture
def streams(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every `git log` run: the revisions it was given and how many commits it printed."""
    calls: list[tuple[str, int]] = []

    def recording(git_cmd, options, revs=None):
        commits = list(_STREAM(git_cmd, options, revs))
        calls.append((revs or options.rev or "HEAD", len(commits)))
        return iter(commits)

    monkeypatch.setattr(history, "_stream_log", recording)
    return calls


def read(repo: Path, messages: list[str] | None = None, **options: object) -> History:
    say = messages.append if messages is not None else None
    return read_history(repo, HistoryOptions(**options), progress=say)


def cold(repo: Path, **options: object) -> History:
    """A read without the cache, with git log as it is (not counted by `streams`)."""
    patched, history._stream_log = history._stream_log, _STREAM
    try:
        return read_history(repo, HistoryOptions(**options), cache=False)
    finally:
        history._stream_log = patched


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def merge(repo: Path, branch: str, day: int) -> None:
    date = f"2024-01-{day:02d}T10:00:00+00:00"
    git(repo, "merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch,
        GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)


def cache_files(cache: Path) -> list[Path]:
    return sorted((cache / "history").glob("*")) if (cache / "history").exists() else []


def test_an_unchanged_repo_is_not_read_again(repo: Path, streams: list) -> None:
    first = read(repo)
    assert streams == [("HEAD", 4)]
    messages: list[str] = []

    second = read(repo, messages)

    assert streams == [("HEAD", 4)], "the second read ran git log"
    assert second == first == cold(repo)
    assert "history: 4 commits from the cache, 3 counted" in messages
    assert second.renames == {"app/b.py": "app/c.py"} and second.dropped == {"bot": 1}


def test_a_cache_hit_runs_no_git_log_at_all(repo: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    expected = read(repo)
    read(repo, bot_patterns=())

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("git log ran on a cache hit")

    monkeypatch.setattr(history, "_stream_log", refuse)
    assert read(repo) == expected
    assert read(repo, bot_patterns=("nobody",)) == cold(repo, bot_patterns=("nobody",))


def test_changed_filters_reuse_the_raw_log(repo: Path, streams: list) -> None:
    read(repo)

    changed = {"bot_patterns": ("ada*",), "ignore_paths": ("app/a.py",), "max_files": 1}
    warm = read(repo, **changed)

    assert streams == [("HEAD", 4)]
    assert warm == cold(repo, **changed)
    assert warm != cold(repo)


def test_after_new_commits_only_those_are_read(repo: Path, streams: list) -> None:
    read(repo)
    cached_tip = head(repo)
    commit(repo, {"app/a.py": "a = 4\n", "app/c.py": "c = 2\n"}, "new one", day=5)
    commit(repo, {"app/c.py": "c = 3\n"}, "new two", day=6)
    messages: list[str] = []

    warm = read(repo, messages)

    assert streams[-1] == (f"{cached_tip}..{head(repo)}", 2)
    assert "history: 4 commits from the cache, 2 new" in messages
    assert warm == cold(repo)
    assert read(repo) == warm and len(streams) == 2


def test_merging_an_old_branch_keeps_gits_order(repo: Path, streams: list) -> None:
    git(repo, "checkout", "-q", "-b", "feature", "HEAD~2")
    commit(repo, {"app/f.py": "f = 1\n"}, "feature, same second as main's", day=4)
    commit(repo, {"app/f.py": "f = 2\n"}, "feature, clock behind", day=1)
    commit(repo, {"app/f.py": "f = 3\n", "app/g.py": "g = 1\n"}, "feature again", day=4)
    git(repo, "checkout", "-q", "main")
    read(repo)
    merge(repo, "feature", day=7)
    commit(repo, {"app/a.py": "a = 10\n"}, "after the merge", day=7)

    warm = read(repo)

    assert streams[-1][1] == 5  # the merge, the commit after it and the three on the branch
    assert warm == cold(repo)
    assert [c.message for c in warm.changes] == [c.message for c in cold(repo).changes]


def test_a_skewed_clock_cannot_make_a_commit_count_twice(tmp_path: Path, streams: list) -> None:
    repo, root = skewed_repo(tmp_path)
    read(repo)
    git(repo, "checkout", "-q", "-b", "side", root)
    commit(repo, {"c.py": "1\n"}, "side", day=11)
    git(repo, "checkout", "-q", "main")
    merge(repo, "side", day=12)  # the walk reaches the root before the cached tip

    warm = read(repo)

    assert streams[-1][1] == 2
    assert warm == cold(repo) and warm.commits_read == 5


def test_first_parent_reads_are_extended_or_read_again_when_the_line_moves(
        repo: Path, streams: list) -> None:
    git(repo, "checkout", "-q", "-b", "side", "HEAD~1")
    commit(repo, {"app/s.py": "s = 1\n"}, "side", day=5)
    git(repo, "checkout", "-q", "main")
    merge(repo, "side", day=6)
    read(repo, first_parent=True)
    commit(repo, {"app/a.py": "a = 5\n"}, "on main", day=7)

    assert read(repo, first_parent=True) == cold(repo, first_parent=True)
    assert streams[-1][0].endswith(f"..{head(repo)}")

    git(repo, "checkout", "-q", "side")  # its line is not the cached first-parent line
    commit(repo, {"app/s.py": "s = 2\n"}, "side again", day=8)
    assert read(repo, first_parent=True) == cold(repo, first_parent=True)
    assert streams[-1][0] == "HEAD"


@pytest.mark.parametrize("prune", [False, True], ids=["old-tip-kept", "old-tip-pruned"])
def test_rewritten_history_gives_what_a_cold_read_gives(repo: Path, streams: list,
                                                        prune: bool) -> None:
    read(repo)
    git(repo, "reset", "-q", "--hard", "HEAD~2")
    commit(repo, {"app/a.py": "a = 7\n", "app/z.py": "z = 1\n"}, "rewritten", day=9)
    git(repo, "commit", "-q", "--amend", "-m", "rewritten, amended",
        GIT_COMMITTER_DATE="2024-01-10T10:00:00+00:00")
    if prune:
        git(repo, "reflog", "expire", "--expire=now", "--all")
        git(repo, "gc", "-q", "--prune=now")

    warm = read(repo)

    assert warm == cold(repo)
    assert warm.commits_read == 3
    # With the old tip still there only the new commit is read; without it, everything.
    assert streams[-1] == (("HEAD", 3) if prune else (f"{streams[-1][0]}", 1))
    assert prune or streams[-1][0].endswith(f"..{head(repo)}")


def test_a_mailmap_change_is_a_full_read(repo: Path, streams: list) -> None:
    read(repo)
    (repo / ".mailmap").write_text("Ada Lovelace <ada@example.com>\n")

    warm = read(repo)

    assert streams[-1] == ("HEAD", 4)
    assert warm == cold(repo)
    assert {c.author for c in warm.changes} == {"Ada Lovelace"}


def test_a_clone_unshallowed_is_read_again(repo: Path, tmp_path: Path, streams: list) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)],
                   check=True)
    shallow = read(clone)
    assert shallow.shallow and read(clone) == shallow == cold(clone)
    git(clone, "fetch", "-q", "--unshallow")

    full = read(clone)

    assert not full.shallow and full.commits_read == 4
    assert full == cold(clone)


def test_ranges_and_dates_are_reused_only_at_the_same_ends(repo: Path, streams: list) -> None:
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    for options in ({"rev": f"{first}..main"}, {"since": "2024-01-02"}, {"until": "2024-01-03"}):
        read(repo, **options)
        runs = len(streams)
        assert read(repo, **options) == cold(repo, **options)
        assert len(streams) == runs
    commit(repo, {"app/a.py": "a = 8\n"}, "later", day=8)

    for options in ({"rev": f"{first}..main"}, {"since": "2024-01-02"}):
        assert read(repo, **options) == cold(repo, **options)
        assert streams[-1][0] == options.get("rev", "HEAD")


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "foreign-pickle"])
def test_a_damaged_cache_is_a_miss_not_a_crash(repo: Path, faultline_cache_dir: Path,
                                               tmp_path: Path, damage: str) -> None:
    expected = read(repo)
    marker = tmp_path / "pwned"
    files = cache_files(faultline_cache_dir)
    assert len(files) == 2  # the raw log and its summary
    for path in files:
        data = path.read_bytes()
        if damage == "garbage":
            path.write_bytes(b"\x00not a cache\xff" * 50)
        elif damage == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "empty":
            path.write_bytes(b"")
        else:  # a well-formed entry whose rows would run code if the cache trusted them
            magic = b"faultline-history-cache\n"
            start = len(magic) + 4
            header = pickle.loads(data[start:start + int.from_bytes(data[len(magic):start])])
            evil = pickle.dumps([_Touch(str(marker))])
            header.update(size=len(evil), digest=hashlib.blake2b(evil).hexdigest())
            new_header = pickle.dumps(header)
            path.write_bytes(magic + len(new_header).to_bytes(4) + new_header + evil)

    assert read(repo) == expected
    assert not marker.exists()
    assert read(repo) == expected  # and the cache was written again


class _Touch:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple:
        return (Path.touch, (Path(self.path),))


def test_no_cache_neither_reads_nor_writes_it(make_repo: MakeRepo, faultline_cache_dir: Path,
                                              tmp_path: Path, streams: list) -> None:
    repo = make_repo({"shop/__init__.py": "", "shop/orders.py": "from shop import items\n",
                      "shop/items.py": ""}, commit=True)

    result = CliRunner().invoke(cli, ["--quiet", "analyze", str(repo), "-o",
                                      str(tmp_path / "out"), "--no-cache"])

    assert result.exit_code == 0, result.output
    assert cache_files(faultline_cache_dir) == []
    analyze(repo, cache=False)
    assert cache_files(faultline_cache_dir) == []
    analyze(repo)
    assert len(cache_files(faultline_cache_dir)) == 2
    analyze(repo, cache=False)  # reads everything again although the cache is warm
    assert len(streams) == 4


def test_nothing_is_written_into_the_analysed_repository(repo: Path) -> None:
    (repo / "app/a.py").write_text("uncommitted\n")

    def state() -> tuple:
        paths = sorted(repo.rglob("*"))  # .git included
        return (git(repo, "status", "--porcelain", "--untracked-files=all", "--ignored"),
                paths, {p: p.read_bytes() for p in paths if ".git" not in p.parts
                        and p.is_file()})

    before = state()
    read(repo)  # a miss
    read(repo)  # a hit
    assert state() == before
    (repo / "app/c.py").write_text("c = 5\n")
    git(repo, "commit", "-q", "-m", "more", "app/c.py")
    before = state()
    read(repo)  # new commits
    assert state() == before


def test_a_cache_folder_inside_the_repository_is_not_used(
        repo: Path, monkeypatch: pytest.MonkeyPatch, streams: list) -> None:
    monkeypatch.setenv("FAULTLINE_CACHE_DIR", str(repo / ".cache"))
    files = sorted(repo.rglob("*"))
    messages: list[str] = []

    assert read(repo, messages) == read(repo) == cold(repo)

    assert sorted(repo.rglob("*")) == files
    assert any(m.startswith("history cache off:") for m in messages)
    assert len(streams) == 2
    assert not (repo / ".cache").exists()


def test_an_unwritable_cache_folder_is_a_progress_line_not_an_error(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    monkeypatch.setenv("FAULTLINE_CACHE_DIR", str(blocker))
    messages: list[str] = []

    assert read(repo, messages) == cold(repo)

    assert any(m.startswith("history cache not written:") for m in messages)
