"""Plan the ordinary work: the first commit, module creation and feature edits."""

from __future__ import annotations

from sample_repos import messages
from sample_repos.model import CREATE, FEATURE, Module, Op
from sample_repos.pairing import edit_groups, fit_groups
from sample_repos.plan_base import PlanContext


def initial_commit(ctx: PlanContext) -> None:
    ops = [Op(CREATE, fid) for fid in ctx.layout.init_files]
    for module in ctx.modules:
        if module.created == 0.0:
            ops += _create_ops(module)
    ctx.add(0.0, "init", "Initial project skeleton", ops, None, ctx.cast.platform)


def creations(ctx: PlanContext) -> None:
    """One commit per creation key: modules (with their tests) that appear together."""
    batches: dict[float, list[Module]] = {}
    for module in ctx.modules:
        if module.created > 0.0:
            batches.setdefault(module.created, []).append(module)
    for key, batch in batches.items():
        ops = [op for module in batch for op in _create_ops(module)]
        service = next((m.service for m in batch if m.service), None)
        names = [m.basename for m in batch if m.service] or [batch[-1].basename]
        kind = "create" if service else "migration"
        ctx.add(key, kind, messages.created(ctx.rng, names, ctx.cast.ticket), ops, service)


def _create_ops(module: Module) -> list[Op]:
    ops = [Op(CREATE, module.fid)]
    if module.test:
        ops.append(Op(CREATE, module.test))
    return ops


def kernel_edits(ctx: PlanContext) -> None:
    for module in ctx.modules:
        if module.service is not None or module.kind not in ("class", "func"):
            continue
        for _ in range(ctx.rng.randint(*ctx.budget.kernel_edits)):
            ctx.add(
                ctx.after(module.created + 0.02),
                "kernel",
                messages.feature(ctx.rng, [module.basename], ctx.cast.ticket),
                ctx.edit_ops([module.fid]),
                None,
                ctx.cast.platform,
            )


def feature_edits(
    ctx: PlanContext, units: dict[str, int], weights: dict[str, float], target: int | None
) -> None:
    """Feature commits of one module, or a few linked by imports (see ``pairing``)."""
    service = {fid: module.service for fid, module in ctx.by_fid.items()}
    groups = edit_groups(units, ctx.neighbors, service, ctx.rng, ctx.budget.pair_prob)
    if target is not None:
        groups = fit_groups(groups, target, weights, ctx.rng)
    for group in groups:
        names = [ctx.basename(fid) for fid in group]
        ctx.add(
            ctx.after(ctx.created(group)),
            FEATURE,
            messages.feature(ctx.rng, names, ctx.cast.ticket),
            ctx.edit_ops(group),
            ctx.by_fid[group[0]].service,
        )
