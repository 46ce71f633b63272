"""What the history planner works from, and the helpers every planning step shares."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sample_repos.graph import undirected_neighbors
from sample_repos.model import EDIT, Module, Op, Plant, Step
from sample_repos.people import Person, Team


@dataclass(frozen=True)
class Budget:
    """How many commits of each kind to plan."""

    hotspot_edits: tuple[int, int]
    churny_edits: tuple[int, int]
    hidden_together: tuple[int, int]
    hidden_solo: tuple[int, int]
    rename_before: int
    rename_after: int
    tangled: int
    merges: int
    precommit: int
    dependabot: int
    vendor_updates: int
    kernel_edits: tuple[int, int]
    docs_edits: int
    pair_prob: float
    test_prob: float
    format_key: float = 0.5
    rename_key: float = 0.62


@dataclass(frozen=True)
class Cast:
    """Who commits: one team per service plus a platform engineer."""

    teams: dict[str, Team]
    platform: Person
    ticket: str


@dataclass(frozen=True)
class Layout:
    """Non-module files the planner creates and edits."""

    init_files: tuple[str, ...]
    readme: str
    docs_conf: str
    requirements: str
    mailmap: str
    vendor: tuple[str, ...]


class PlanContext:
    """Inputs of the planner plus the steps planned so far (keys on a 0..1 timeline)."""

    def __init__(
        self,
        modules: list[Module],
        plant: Plant,
        budget: Budget,
        cast: Cast,
        layout: Layout,
        rng: random.Random,
    ) -> None:
        self.modules = modules
        self.by_fid = {m.fid: m for m in modules}
        self.plant = plant
        self.budget = budget
        self.cast = cast
        self.layout = layout
        self.rng = rng
        self.neighbors = undirected_neighbors(modules)
        self.steps: list[Step] = []

    def after(self, start: float, end: float = 0.997) -> float:
        """A random timeline key later than ``start`` and at most ``end``."""
        low = min(start + 0.003, end - 0.001)
        return self.rng.uniform(low, end)

    def created(self, fids: list[str] | tuple[str, ...]) -> float:
        return max(self.by_fid[fid].created for fid in fids)

    def basename(self, fid: str) -> str:
        return self.by_fid[fid].basename

    def edit_ops(self, fids: tuple[str, ...] | list[str]) -> list[Op]:
        """Edit the modules, and now and then the test file of an edited module too."""
        ops = [Op(EDIT, fid) for fid in fids]
        for fid in fids:
            test = self.by_fid[fid].test
            if test and self.rng.random() < self.budget.test_prob:
                ops.append(Op(EDIT, test))
        return ops

    def add(
        self,
        key: float,
        kind: str,
        message: str,
        ops: list[Op],
        service: str | None,
        author: Person | None = None,
    ) -> None:
        """Plan a step; without ``author`` someone of the service's team commits it."""
        if author is None:
            team = self.cast.teams.get(service or "")
            author = team.pick(self.rng) if team else self.cast.platform
        self.steps.append(Step(key, kind, author, message, ops, team=service))
