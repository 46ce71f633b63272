"""Plan the commits of a scenario as steps with a position (key) on a 0..1 timeline."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sample_repos import infra, messages
from sample_repos.graph import undirected_neighbors
from sample_repos.model import (
    CREATE,
    DEPENDABOT,
    EDIT,
    FEATURE,
    FORMAT,
    FORMAT_ALL,
    LINT,
    NORMAL,
    PRECOMMIT,
    RENAME,
    VENDOR,
    Module,
    Op,
    Plant,
    Step,
)
from sample_repos.pairing import edit_groups, fit_groups
from sample_repos.people import DEPENDABOT as DEPENDABOT_BOT
from sample_repos.people import PRE_COMMIT_CI, Person, Team


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


class Planner:
    """Turns modules, planted roles and a budget into unordered steps."""

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

    # -- helpers -------------------------------------------------------------------------

    def _after(self, start: float, end: float = 0.997) -> float:
        low = min(start + 0.003, end - 0.001)
        return self.rng.uniform(low, end)

    def _created(self, fids: list[str] | tuple[str, ...]) -> float:
        return max(self.by_fid[fid].created for fid in fids)

    def _author(self, service: str | None) -> Person:
        if service is None or service not in self.cast.teams:
            return self.cast.platform
        return self.cast.teams[service].pick(self.rng)

    def _edit_ops(self, fids: tuple[str, ...] | list[str]) -> list[Op]:
        ops = [Op(EDIT, fid) for fid in fids]
        for fid in fids:
            test = self.by_fid[fid].test
            if test and self.rng.random() < self.budget.test_prob:
                ops.append(Op(EDIT, test))
        return ops

    def _add(self, key: float, kind: str, message: str, ops: list[Op], service: str | None,
             author: Person | None = None) -> None:
        who = author or self._author(service)
        self.steps.append(Step(key, kind, who, message, ops, team=service))

    def _basename(self, fid: str) -> str:
        return self.by_fid[fid].basename

    # -- plan ----------------------------------------------------------------------------

    def plan(self, units: dict[str, int], weights: dict[str, float], total: int | None) -> None:
        """Plan every step; with ``total`` the normal edits are fitted so the history has
        exactly that many commits once ``budget.merges`` merge commits are added."""
        self._initial_commit()
        self._creations()
        self._kernel_edits()
        self._hot_and_churny()
        self._hidden()
        self._rename()
        self._tangled(list(units))
        self._housekeeping()
        groups = edit_groups(units, self.neighbors, self.rng, self.budget.pair_prob)
        if total is not None:
            target = total - len(self.steps) - self.budget.merges
            groups = fit_groups(groups, target, weights, self.rng)
        for group in groups:
            module = self.by_fid[group[0]]
            names = [self._basename(fid) for fid in group]
            self._add(
                self._after(self._created(group)),
                FEATURE,
                messages.feature(self.rng, names, self.cast.ticket),
                self._edit_ops(group),
                module.service,
            )

    def _initial_commit(self) -> None:
        ops = [Op(CREATE, fid) for fid in self.layout.init_files]
        for module in self.modules:
            if module.created == 0.0:
                ops.append(Op(CREATE, module.fid))
                if module.test:
                    ops.append(Op(CREATE, module.test))
        self._add(0.0, "init", "Initial project skeleton", ops, None, self.cast.platform)

    def _creations(self) -> None:
        batches: dict[float, list[Module]] = {}
        for module in self.modules:
            if module.created > 0.0:
                batches.setdefault(module.created, []).append(module)
        for key, batch in batches.items():
            ops: list[Op] = []
            for module in batch:
                ops.append(Op(CREATE, module.fid))
                if module.test:
                    ops.append(Op(CREATE, module.test))
            service = next((m.service for m in batch if m.service), None)
            names = [m.basename for m in batch if m.service] or [batch[-1].basename]
            kind = "create" if service else "migration"
            self._add(key, kind, messages.created(self.rng, names, self.cast.ticket), ops, service)

    def _kernel_edits(self) -> None:
        for module in self.modules:
            if module.service is None and module.kind in ("class", "func"):
                for _ in range(self.rng.randint(*self.budget.kernel_edits)):
                    self._add(
                        self._after(module.created + 0.02),
                        "kernel",
                        messages.feature(self.rng, [module.basename], self.cast.ticket),
                        self._edit_ops([module.fid]),
                        None,
                        self.cast.platform,
                    )

    def _hot_and_churny(self) -> None:
        for fid in self.plant.hotspots + self.plant.simple_churny:
            module = self.by_fid[fid]
            hot = fid in self.plant.hotspots
            count = self.rng.randint(
                *(self.budget.hotspot_edits if hot else self.budget.churny_edits)
            )
            self.plant.revisions[fid] = count
            for _ in range(count):
                message = (
                    messages.hotspot(self.rng, module.basename, self.cast.ticket)
                    if hot
                    else messages.churn(self.rng, module.basename)
                )
                ops = self._edit_ops([fid]) if hot else [Op(EDIT, fid)]
                self._add(self._after(module.created), "hotspot" if hot else "churn", message,
                          ops, module.service)

    def _hidden(self) -> None:
        for pair in self.plant.hidden:
            start = self._created(pair)
            names = [self._basename(fid) for fid in pair]
            first = self.by_fid[pair[0]]
            for _ in range(self.rng.randint(*self.budget.hidden_together)):
                self._add(self._after(start), "hidden",
                          messages.hidden(self.rng, names, self.cast.ticket),
                          [Op(EDIT, fid) for fid in pair], first.service)
            for fid in pair:
                module = self.by_fid[fid]
                for _ in range(self.rng.randint(*self.budget.hidden_solo)):
                    self._add(self._after(module.created), "feature",
                              messages.feature(self.rng, [module.basename], self.cast.ticket),
                              [Op(EDIT, fid)], module.service)

    def _rename(self) -> None:
        if self.plant.renamed is None:
            return
        fid, new_path = self.plant.renamed
        module = self.by_fid[fid]
        key = self.budget.rename_key
        edits = [self._after(module.created, key - 0.002) for _ in range(self.budget.rename_before)]
        edits += [self._after(key) for _ in range(self.budget.rename_after)]
        for edit_key in edits:
            self._add(edit_key, "feature",
                      messages.feature(self.rng, [module.basename], self.cast.ticket),
                      [Op(EDIT, fid)], module.service)
        new_name = new_path.rpartition("/")[2].removesuffix(".py")
        self._add(key, "rename", f"Rename {module.basename} to {new_name}",
                  [Op(RENAME, fid, new_path)], module.service)

    def _tangled(self, pool: list[str]) -> None:
        seen: set[tuple[str, str]] = set()
        made = 0
        for _ in range(self.budget.tangled * 50):
            if made == self.budget.tangled or len(pool) < 3:
                break
            group = self.rng.sample(pool, self.rng.randint(2, 3))
            services = {self.by_fid[fid].service for fid in group}
            pairs = [
                (a, b) for i, a in enumerate(sorted(group)) for b in sorted(group)[i + 1:]
                if self.by_fid[a].service != self.by_fid[b].service
                and b not in self.neighbors[a]
            ]
            if len(services) < 2 or any(pair in seen for pair in pairs):
                continue
            seen.update(pairs)
            made += 1
            first = self.by_fid[group[0]]
            self._add(self._after(self._created(group)), "tangled", messages.tangled(self.rng),
                      [Op(EDIT, fid) for fid in group], first.service)

    def _housekeeping(self) -> None:
        budget, platform = self.budget, self.cast.platform
        self._add(budget.format_key, FORMAT, "Apply code formatter", [Op(FORMAT_ALL)], None,
                  platform)
        targets = self.plant.lint_targets
        if targets:
            start = self._created(targets) + 0.01
            for _ in range(budget.precommit):
                self._add(self._after(start), PRECOMMIT,
                          "[pre-commit.ci] auto fixes from pre-commit.com hooks\n\n"
                          "for more information, see https://pre-commit.ci",
                          [Op(LINT, fid) for fid in targets], None, PRE_COMMIT_CI)
        bumps = sorted(self._after(0.08) for _ in range(budget.dependabot))
        for number, key in enumerate(bumps, start=1):
            self._add(key, DEPENDABOT, infra.bump_message(number),
                      [Op(EDIT, self.layout.requirements)], None, DEPENDABOT_BOT)
        vendor = list(self.layout.vendor)
        self._add(0.1, VENDOR, "Vendor tinyslug 1.0.0", [Op(CREATE, fid) for fid in vendor],
                  None, platform)
        updates = sorted(self._after(0.15) for _ in range(budget.vendor_updates))
        for number, key in enumerate(updates, start=1):
            self._add(key, VENDOR, f"Update vendored tinyslug to 1.{number}.0",
                      [Op(EDIT, fid) for fid in vendor], None, platform)
        for _ in range(budget.docs_edits):
            self._add(self._after(0.05), "docs", "Update README",
                      [Op(EDIT, self.layout.readme)], None, platform)
            self._add(self._after(0.05), "docs", "Docs: bump release number",
                      [Op(EDIT, self.layout.docs_conf)], None, platform)
        self._add(0.3, "mailmap", "Add .mailmap", [Op(CREATE, self.layout.mailmap)], None,
                  platform)


def normal_pool(modules: list[Module], plant: Plant) -> list[Module]:
    """Service modules whose history is ordinary feature work."""
    special = {fid for pair in plant.hidden for fid in pair}
    if plant.renamed:
        special.add(plant.renamed[0])
    return [
        m for m in modules if m.service is not None and m.role == NORMAL and m.fid not in special
    ]
