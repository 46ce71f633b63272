"""Plan every commit of a scenario as an unordered list of steps on a 0..1 timeline."""

from __future__ import annotations

from sample_repos import plan_noise, plan_planted, plan_work
from sample_repos.model import NORMAL, Module, Plant, Step
from sample_repos.plan_base import PlanContext


def plan_steps(
    ctx: PlanContext, units: dict[str, int], weights: dict[str, float], total: int | None
) -> list[Step]:
    """All steps; with ``total`` the feature edits are fitted so the history has exactly
    ``total`` commits once ``budget.merges`` merge commits are added."""
    plan_work.initial_commit(ctx)
    plan_work.creations(ctx)
    plan_work.kernel_edits(ctx)
    plan_planted.hot_and_churny(ctx)
    plan_planted.hidden_pairs(ctx)
    plan_planted.rename(ctx)
    plan_planted.tangled(ctx, list(units))
    plan_noise.format_sweep(ctx)
    plan_noise.bots(ctx)
    plan_noise.vendored(ctx)
    plan_noise.docs(ctx)
    target = None if total is None else total - len(ctx.steps) - ctx.budget.merges
    plan_work.feature_edits(ctx, units, weights, target)
    return ctx.steps


def normal_pool(modules: list[Module], plant: Plant) -> list[Module]:
    """Service modules whose history is ordinary feature work."""
    special = {fid for pair in plant.hidden for fid in pair}
    if plant.renamed:
        special.add(plant.renamed[0])
    return [
        m for m in modules if m.service is not None and m.role == NORMAL and m.fid not in special
    ]
