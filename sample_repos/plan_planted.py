"""Plan the commits behind the planted truth: hotspots, decoys, hidden pairs, rename, tangles."""

from __future__ import annotations

from sample_repos import messages
from sample_repos.model import EDIT, FEATURE, RENAME, Op
from sample_repos.plan_base import PlanContext


def hot_and_churny(ctx: PlanContext) -> None:
    """Many single-module commits for hotspots and simple-but-churny decoys."""
    plant, budget = ctx.plant, ctx.budget
    for fid in plant.hotspots + plant.simple_churny:
        module = ctx.by_fid[fid]
        hot = fid in plant.hotspots
        count = ctx.rng.randint(*(budget.hotspot_edits if hot else budget.churny_edits))
        plant.revisions[fid] = count
        for _ in range(count):
            if hot:
                message = messages.hotspot(ctx.rng, module.basename, ctx.cast.ticket)
                ops = ctx.edit_ops([fid])
            else:
                message, ops = messages.churn(ctx.rng, module.basename), [Op(EDIT, fid)]
            kind = "hotspot" if hot else "churn"
            ctx.add(ctx.after(module.created), kind, message, ops, module.service)


def hidden_pairs(ctx: PlanContext) -> None:
    """Pairs without an import that change together often and apart rarely."""
    for pair in ctx.plant.hidden:
        names = [ctx.basename(fid) for fid in pair]
        service = ctx.by_fid[pair[0]].service
        for _ in range(ctx.rng.randint(*ctx.budget.hidden_together)):
            ctx.add(
                ctx.after(ctx.created(pair)),
                "hidden",
                messages.hidden(ctx.rng, names, ctx.cast.ticket),
                [Op(EDIT, fid) for fid in pair],
                service,
            )
        for fid in pair:
            for _ in range(ctx.rng.randint(*ctx.budget.hidden_solo)):
                _solo_edit(ctx, fid, ctx.after(ctx.by_fid[fid].created))


def _solo_edit(ctx: PlanContext, fid: str, key: float) -> None:
    module = ctx.by_fid[fid]
    message = messages.feature(ctx.rng, [module.basename], ctx.cast.ticket)
    ctx.add(key, FEATURE, message, [Op(EDIT, fid)], module.service)


def rename(ctx: PlanContext) -> None:
    """Edits before and after one pure rename commit (content unchanged)."""
    if ctx.plant.renamed is None:
        return
    fid, new_path = ctx.plant.renamed
    module = ctx.by_fid[fid]
    key = ctx.budget.rename_key
    edits = [ctx.after(module.created, key - 0.002) for _ in range(ctx.budget.rename_before)]
    edits += [ctx.after(key) for _ in range(ctx.budget.rename_after)]
    for edit_key in edits:
        _solo_edit(ctx, fid, edit_key)
    new_name = new_path.rpartition("/")[2].removesuffix(".py")
    message = f"Rename {module.basename} to {new_name}"
    ctx.add(key, "rename", message, [Op(RENAME, fid, new_path)], module.service)


def tangled(ctx: PlanContext, pool: list[str]) -> None:
    """A few commits mixing unrelated modules of several services; each unrelated pair
    appears in at most one of them."""
    seen: set[tuple[str, str]] = set()
    made = 0
    for _ in range(ctx.budget.tangled * 50):
        if made == ctx.budget.tangled or len(pool) < 3:
            break
        group = ctx.rng.sample(pool, ctx.rng.randint(2, 3))
        services = {ctx.by_fid[fid].service for fid in group}
        ordered = sorted(group)
        pairs = [
            (a, b)
            for i, a in enumerate(ordered)
            for b in ordered[i + 1 :]
            if ctx.by_fid[a].service != ctx.by_fid[b].service and b not in ctx.neighbors[a]
        ]
        if len(services) < 2 or any(pair in seen for pair in pairs):
            continue
        seen.update(pairs)
        made += 1
        ctx.add(
            ctx.after(ctx.created(group)),
            "tangled",
            messages.tangled(ctx.rng),
            [Op(EDIT, fid) for fid in group],
            ctx.by_fid[group[0]].service,
        )
