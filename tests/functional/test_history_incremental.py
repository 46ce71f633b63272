"""A cached summary extended by a line of new commits on top of it, without its raw log.

Every read is compared with a cold one (cache=False) of the same repository. That the
shortcut was taken shows in the cache: the summary is written again, the raw log is not, and
git printed only the new commits."""

from __future__ import annotations

import ast
import hashlib
import pickle
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from analyzer.history.log import History
from tests.conftest import commit, git, skewed_repo
from tests.functional import test_history_cache as cached
from tests.functional.test_history_cache import cache_files, cold, head, merge, read

# The repository of the history-cache tests (a rename and a bot commit among its four
# commits), and the record of every `git log` run.
repo, streams = cached.repo, cached.streams
_MAGIC = b"faultline-history-cache\n"


def new_commit(repo: Path, kind: str, day: int, n: int) -> str:
    """One commit of `kind` on top of HEAD on 2024-01-{day}; `n` makes its contents new."""
    if kind == "plain":
        return commit(repo, {"app/a.py": f"a = {n}\n", "app/c.py": f"c = {n}\n"}, kind, day=day)
    if kind == "bot":
        return commit(repo, {"app/c.py": f"c = {n}\n"}, kind, day=day,
                      author="renovate[bot] <bot@example.com>")
    if kind == "too-many-files":
        return commit(repo, {f"app/many/m{i}.py": f"m = {n}\n" for i in range(31)}, kind,
                      day=day)
    if kind == "ignored-only":
        return commit(repo, {"poetry.lock": f"{n}\n", "vendor/x.py": f"x = {n}\n"}, kind,
                      day=day)
    assert kind == "empty"
    return commit(repo, {}, kind, day=day)


def _header(data: bytes) -> tuple[dict, int]:
    """A cache file's header, and where its rows start."""
    start = len(_MAGIC) + 4
    end = start + int.from_bytes(data[len(_MAGIC):start])
    return pickle.loads(data[start:end]), end


def entries(cache: Path) -> dict[str, list[tuple[object, bytes, Path]]]:
    """The cache's files by kind ("raw" or "summary"): each one's stamp, bytes and path."""
    found: dict[str, list[tuple[object, bytes, Path]]] = {"raw": [], "summary": []}
    for path in cache_files(cache):
        data = path.read_bytes()
        header = _header(data)[0]
        key = ast.literal_eval(header["key"])
        kind = "summary" if key[0].startswith("(") else "raw"  # the summary's key holds the raw's
        found[kind].append((header["stamp"], data, path))
    return found


def raw_tip(cache: Path) -> tuple[str, ...]:
    """The tip the one raw log in the cache was read at."""
    [(stamp, _data, _path)] = entries(cache)["raw"]
    return stamp[1]


def assert_extended(before: dict, after: dict, old: str, new: str) -> None:
    """The summary moved from `old` to `new`; the raw log stayed as it was, at `old`."""
    assert after["raw"] == before["raw"], "the raw log was written again"
    [(raw_stamp, _data, _path)] = before["raw"]
    [(old_stamp, _data, _path)] = before["summary"]
    [(new_stamp, _data, _path)] = after["summary"]
    assert old_stamp == raw_stamp and old_stamp[1] == (old,)
    assert new_stamp == (old_stamp[0], (new,))


#: Why each kind of new commit is left out, if it is.
DROPPED = {"bot": "bot", "too-many-files": "too_many_files", "ignored-only": "no_counted_files",
           "empty": "no_counted_files"}


@pytest.mark.parametrize(("kinds", "days"), [
    (("plain",), (5,)),
    (("bot",), (5,)),
    (("too-many-files",), (5,)),
    (("ignored-only",), (5,)),
    (("empty",), (5,)),
    (("plain", "bot", "ignored-only"), (5, 6, 7)),
    (("too-many-files", "plain", "plain"), (2, 9, 1)),  # dates out of the line's order
], ids=lambda value: "+".join(map(str, value)))
def test_new_commits_in_a_line_give_the_uncached_history(
        repo: Path, streams: list, faultline_cache_dir: Path, kinds: tuple[str, ...],
        days: tuple[int, ...]) -> None:
    first = read(repo)
    old = head(repo)
    before = entries(faultline_cache_dir)
    for n, (kind, day) in enumerate(zip(kinds, days, strict=True)):
        new_commit(repo, kind, day, n + 10)
    messages: list[str] = []

    warm = read(repo, messages)

    expected = cold(repo)
    assert warm == expected  # changes, totals, dropped, first and last, warnings, renames
    assert warm.commits_read == first.commits_read + len(kinds)
    assert Counter(warm.dropped) - Counter(first.dropped) == Counter(
        DROPPED[kind] for kind in kinds if kind in DROPPED)
    assert warm.renames == {"app/b.py": "app/c.py"}
    assert streams[-1] == (f"{old}..{head(repo)}", len(kinds)) and len(streams) == 2
    assert_extended(before, entries(faultline_cache_dir), old, head(repo))
    assert f"history: 4 commits from the cache, {len(kinds)} new" in messages
    assert read(repo) == expected and len(streams) == 2  # and then a plain cache hit


def test_the_raw_log_left_behind_is_extended_by_a_later_read(
        repo: Path, streams: list, faultline_cache_dir: Path) -> None:
    read(repo)
    cached_tip = head(repo)
    new_commit(repo, "plain", 5, 1)
    assert read(repo) == cold(repo)
    new_commit(repo, "bot", 6, 2)
    assert read(repo) == cold(repo)  # on top of the summary extended before
    assert raw_tip(faultline_cache_dir) == (cached_tip,)
    assert len(streams) == 3

    other = read(repo, bot_patterns=())  # another summary: from the raw log, extended by two

    assert other == cold(repo, bot_patterns=())
    assert streams[-1] == (f"{cached_tip}..{head(repo)}", 2)
    assert raw_tip(faultline_cache_dir) == (head(repo),)
    assert read(repo) == cold(repo) and len(streams) == 4


def test_a_subfolder_and_first_parent_reads_are_extended_too(
        repo: Path, streams: list, faultline_cache_dir: Path) -> None:
    for options in ({}, {"first_parent": True}):
        read(repo / "app", **options)
        new_commit(repo, "plain", 5, len(streams))
        runs = len(streams)

        assert read(repo / "app", **options) == cold(repo / "app", **options)
        assert len(streams) == runs + 1 and streams[-1][0].endswith(f"..{head(repo)}")


def test_new_counted_commits_on_a_history_with_none_clear_its_warning(
        tmp_path: Path, streams: list) -> None:
    repo = tmp_path / "bots"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, {"a.py": "a = 1\n"}, "by a bot", day=1, author="ci-bot <ci-bot@example.com>")
    assert [w.code for w in read(repo).warnings] == ["no-history"]
    commit(repo, {"a.py": "a = 2\n"}, "by a person", day=2)

    warm = read(repo)

    assert warm == cold(repo) and warm.warnings == ()
    assert warm.first == warm.last == "2024-01-02T10:00:00+00:00"
    assert streams[-1][1] == 1 and len(streams) == 2


def test_a_shallow_clone_keeps_its_boundary_and_warning(repo: Path, tmp_path: Path,
                                                        streams: list) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)],
                   check=True)
    read(clone)
    new_commit(clone, "plain", 5, 1)

    warm = read(clone)

    assert warm == cold(clone)
    assert warm.shallow and warm.dropped["shallow_boundary"] == 1
    assert [w.code for w in warm.warnings] == ["shallow-clone"]
    assert streams[-1][1] == 1 and len(streams) == 2


@pytest.mark.parametrize("edited", [False, True], ids=["rename-only", "rename-and-edit"])
def test_a_new_rename_reads_the_raw_log(repo: Path, streams: list, faultline_cache_dir: Path,
                                        edited: bool) -> None:
    read(repo)
    old = head(repo)
    new_commit(repo, "plain", 5, 1)
    git(repo, "mv", "app/a.py", "app/d.py")
    commit(repo, {"app/d.py": "a = 1\nd = 1\n"} if edited else {}, "rename a to d", day=6)
    before = entries(faultline_cache_dir)

    warm = read(repo)

    assert warm == cold(repo)
    assert warm.renames == {"app/a.py": "app/d.py", "app/b.py": "app/c.py"}
    assert any("app/d.py" in c.paths for c in warm.changes if c.message == "start")
    assert streams[-1] == (f"{old}..{head(repo)}", 2) and len(streams) == 2  # read once
    assert entries(faultline_cache_dir)["raw"] != before["raw"]
    assert raw_tip(faultline_cache_dir) == (head(repo),)


@pytest.mark.parametrize("branch_day", [3, 9], ids=["branch-older", "branch-newer"])
def test_a_merge_on_top_reads_the_raw_log(repo: Path, streams: list, faultline_cache_dir: Path,
                                          branch_day: int) -> None:
    read(repo)
    old = head(repo)
    git(repo, "checkout", "-q", "-b", "feature", "HEAD~2")
    commit(repo, {"app/f.py": "f = 1\n"}, "feature", day=branch_day)
    git(repo, "checkout", "-q", "main")
    new_commit(repo, "plain", 5, 1)
    merge(repo, "feature", day=10)
    before = entries(faultline_cache_dir)

    warm = read(repo)

    assert warm == cold(repo) and warm.dropped["merge"] == 1
    assert streams[-1] == (f"{old}..{head(repo)}", 3) and len(streams) == 2
    assert entries(faultline_cache_dir)["raw"] != before["raw"]
    assert raw_tip(faultline_cache_dir) == (head(repo),)


def test_a_merge_of_commits_already_read_reads_the_raw_log(tmp_path: Path,
                                                          streams: list) -> None:
    repo, root = skewed_repo(tmp_path)
    read(repo)
    old = head(repo)
    date = "2024-01-12T10:00:00+00:00"  # git log at the merge takes the root before "three"
    merged = git(repo, "commit-tree", "HEAD^{tree}", "-p", "HEAD", "-p", root, "-m", "merge",
                 GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date).strip()
    git(repo, "reset", "-q", "--hard", merged)

    warm = read(repo)

    assert warm == cold(repo)
    assert [c.message for c in warm.changes] == ["root, clock ahead", "three", "two"]
    assert streams[-1] == (f"{old}..{merged}", 1) and len(streams) == 2


def test_a_moved_branch_reads_the_raw_log(repo: Path, streams: list) -> None:
    read(repo)
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    new_commit(repo, "plain", 5, 1)  # on a parent of the cached tip, not on it

    assert read(repo) == cold(repo)
    git(repo, "reset", "-q", "--hard", "HEAD~1")  # back below the cached tip: nothing new
    assert read(repo) == cold(repo)


def _rewrite(path: Path, rows: list | None = None, stamp: object = None) -> None:
    """Replace an entry's rows or stamp, with a digest that matches."""
    data = path.read_bytes()
    header, start = _header(data)
    payload = data[start:] if rows is None else pickle.dumps(rows)
    header.update(size=len(payload), digest=hashlib.blake2b(payload).hexdigest())
    if stamp is not None:
        header["stamp"] = stamp
    new_header = pickle.dumps(header)
    path.write_bytes(_MAGIC + len(new_header).to_bytes(4) + new_header + payload)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "rows-of-another-shape",
                                    "values-of-other-types", "stamp-of-another-shape"])
def test_a_damaged_summary_below_the_new_commits_is_a_miss(
        repo: Path, streams: list, faultline_cache_dir: Path, damage: str) -> None:
    read(repo)
    old = head(repo)
    new_commit(repo, "plain", 5, 1)
    [(stamp, data, summary)] = entries(faultline_cache_dir)["summary"]
    if damage == "garbage":
        summary.write_bytes(b"\x00not a cache\xff" * 50)
    elif damage == "truncated":  # the header intact: its stamp is read, the rows are not there
        summary.write_bytes(data[: len(data) - 40])
    elif damage == "rows-of-another-shape":
        _rewrite(summary, [("not", "a", "summary")])
    elif damage == "values-of-other-types":
        _rewrite(summary, [(4, (), False, None, None, (), ()), ("sha", "ada", "x", "m", ())])
    else:
        _rewrite(summary, stamp=(stamp[0], (old, old)))

    warm = read(repo)

    assert isinstance(warm, History) and warm == cold(repo)
    assert streams[-1] == (f"{old}..{head(repo)}", 1) and len(streams) == 2  # read once
    assert raw_tip(faultline_cache_dir) == (head(repo),)
    assert read(repo) == warm and len(streams) == 2
