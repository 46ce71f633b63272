"""Plan the noise a coupling analysis must ignore: formatter, bots, vendored code, docs."""

from __future__ import annotations

from sample_repos import infra
from sample_repos.model import (
    CREATE,
    DEPENDABOT,
    EDIT,
    FORMAT,
    FORMAT_ALL,
    LINT,
    PRECOMMIT,
    VENDOR,
    Op,
)
from sample_repos.people import DEPENDABOT as DEPENDABOT_BOT
from sample_repos.people import PRE_COMMIT_CI
from sample_repos.plan_base import PlanContext

PRECOMMIT_MESSAGE = (
    "[pre-commit.ci] auto fixes from pre-commit.com hooks\n\n"
    "for more information, see https://pre-commit.ci"
)


def format_sweep(ctx: PlanContext) -> None:
    ctx.add(
        ctx.budget.format_key,
        FORMAT,
        "Apply code formatter",
        [Op(FORMAT_ALL)],
        None,
        ctx.cast.platform,
    )


def bots(ctx: PlanContext) -> None:
    """pre-commit.ci fixing the same few files again and again; dependabot bumping pins."""
    targets = ctx.plant.lint_targets
    if targets:
        start = ctx.created(targets) + 0.01
        for _ in range(ctx.budget.precommit):
            ops = [Op(LINT, fid) for fid in targets]
            ctx.add(ctx.after(start), PRECOMMIT, PRECOMMIT_MESSAGE, ops, None, PRE_COMMIT_CI)
    keys = sorted(ctx.after(0.08) for _ in range(ctx.budget.dependabot))
    for number, key in enumerate(keys, start=1):
        ops = [Op(EDIT, ctx.layout.requirements)]
        ctx.add(key, DEPENDABOT, infra.bump_message(number), ops, None, DEPENDABOT_BOT)


def vendored(ctx: PlanContext) -> None:
    """The vendored package arrives once and is then updated all at once."""
    files, platform = list(ctx.layout.vendor), ctx.cast.platform
    ops = [Op(CREATE, fid) for fid in files]
    ctx.add(0.1, VENDOR, "Vendor tinyslug 1.0.0", ops, None, platform)
    keys = sorted(ctx.after(0.15) for _ in range(ctx.budget.vendor_updates))
    for number, key in enumerate(keys, start=1):
        ops = [Op(EDIT, fid) for fid in files]
        ctx.add(key, VENDOR, f"Update vendored tinyslug to 1.{number}.0", ops, None, platform)


def docs(ctx: PlanContext) -> None:
    platform, layout = ctx.cast.platform, ctx.layout
    for _ in range(ctx.budget.docs_edits):
        ctx.add(ctx.after(0.05), "docs", "Update README", [Op(EDIT, layout.readme)], None, platform)
        ctx.add(
            ctx.after(0.05),
            "docs",
            "Docs: bump release number",
            [Op(EDIT, layout.docs_conf)],
            None,
            platform,
        )
    ctx.add(0.3, "mailmap", "Add .mailmap", [Op(CREATE, layout.mailmap)], None, platform)
