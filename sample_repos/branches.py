"""Move runs of one team's feature commits onto branches that are merged back into main."""

from __future__ import annotations

import random

from sample_repos.model import FEATURE, FORMAT, MERGE, Step
from sample_repos.people import Person


def plant_branches(steps: list[Step], count: int, rng: random.Random, org: str) -> list[Step]:
    """Return ``steps`` with up to ``count`` feature branches and their merge commits.

    A branch takes 1-4 consecutive feature commits of one team. No main commit between
    the fork and the merge touches the branch's files, so the merge is conflict-free.
    """
    total = len(steps)
    busy = [False] * total
    merges: dict[int, Step] = {}
    eligible = [
        i
        for i, s in enumerate(steps)
        if s.kind == FEATURE and s.team and total * 0.05 < i < total * 0.97
    ]
    for attempt in range(count * 300):
        if len(merges) == count or not eligible:
            break
        first = rng.choice(eligible)
        minimum = 2 if attempt < count * 200 else 1
        chosen = _run(steps, first, rng.randint(2, 4), busy, minimum)
        if not chosen:
            continue
        end = min(chosen[-1] + rng.randint(1, 4), total - 1)
        files = {fid for i in chosen for fid in steps[i].fids()}
        if not _window_free(steps, busy, chosen, end, files):
            continue
        name = _branch_name(steps[first], len(merges) + 1)
        for i in range(first, end + 1):
            busy[i] = True
        for i in chosen:
            steps[i].branch = name
        author = steps[chosen[-1]].author
        merges[end] = _merge_step(name, author, rng, org, steps[first].team)
    result: list[Step] = []
    for i, step in enumerate(steps):
        result.append(step)
        if i in merges:
            result.append(merges[i])
    return result


def _run(steps: list[Step], first: int, size: int, busy: list[bool], minimum: int) -> list[int]:
    team = steps[first].team
    chosen: list[int] = []
    for i in range(first, min(first + 40, len(steps))):
        if busy[i]:
            break
        step = steps[i]
        if step.kind == FEATURE and step.team == team and step.branch is None:
            chosen.append(i)
            if len(chosen) == size:
                break
    return chosen if len(chosen) >= minimum else []


def _window_free(
    steps: list[Step], busy: list[bool], chosen: list[int], end: int, files: set[str]
) -> bool:
    picked = set(chosen)
    for i in range(chosen[0], end + 1):
        if busy[i]:
            return False
        if i in picked:
            continue
        step = steps[i]
        if step.kind == FORMAT or any(fid in files for fid in step.fids()):
            return False
    return True


def _branch_name(step: Step, number: int) -> str:
    words = step.message.split("(")[0].strip().lower().split()[:4]
    slug = "-".join("".join(ch for ch in word if ch.isalnum()) for word in words)
    return f"feature/{number}-{slug}".rstrip("-")


def _merge_step(name: str, author: Person, rng: random.Random, org: str, team: str | None) -> Step:
    number = rng.randint(100, 999)
    message = f"Merge pull request #{number} from {org}/{name}"
    return Step(0.0, MERGE, author, message, [], team=team, branch=name)
