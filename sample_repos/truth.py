"""Assemble and write the ground-truth document of a built repository."""

from __future__ import annotations

import json
from pathlib import Path

from sample_repos.graph import service_edges
from sample_repos.model import BOT_KINDS, FORMAT, KERNEL, MERGE, MIGRATION, VENDOR, Design
from sample_repos.people import BOTS


def make_truth(design: Design, marks: dict[int, str], head: str) -> dict[str, object]:
    """The truth dict for ``design`` once its steps were written with the given marks."""
    modules, plant = design.modules, design.plant
    path_of = {m.fid: m.path for m in modules}
    shas: dict[str, list[str]] = {kind: [] for kind in ("format", "merge", "bot", "vendor")}
    extra_noise: dict[str, list[str]] = {key: [] for key in design.noise_kinds.values()}
    for index, step in enumerate(design.steps):
        sha = marks[index + 1]
        if step.kind in design.noise_kinds:
            extra_noise[design.noise_kinds[step.kind]].append(sha)
        if step.kind == FORMAT:
            shas["format"].append(sha)
        elif step.kind == MERGE:
            shas["merge"].append(sha)
        elif step.kind in BOT_KINDS:
            shas["bot"].append(sha)
        elif step.kind == VENDOR:
            shas["vendor"].append(sha)
    total, cross = service_edges(modules)
    hottest = sorted(plant.hotspots, key=lambda fid: (-plant.revisions.get(fid, 0), fid))
    truth: dict[str, object] = {
        "scenario": design.scenario,
        "seed": design.seed,
        "options": dict(sorted(design.options.items())),
        "package": design.package,
        "boundaries": {
            service: sorted(m.dotted for m in modules if m.service == service)
            for service in sorted(design.services)
        },
        "shared_kernel": sorted(m.dotted for m in modules if m.role == KERNEL),
        "migrations": sorted(m.path for m in modules if m.role == MIGRATION),
        "hidden_couplings": sorted(sorted([path_of[a], path_of[b]]) for a, b in plant.hidden),
        "hotspots": [path_of[fid] for fid in hottest],
        "decoys": {
            "complex_stable": sorted(path_of[fid] for fid in plant.complex_stable),
            "simple_churny": sorted(path_of[fid] for fid in plant.simple_churny),
        },
        "cross_service_import_rate": round(cross / total, 4) if total else 0.0,
        "import_edges": sum(len(m.imports) for m in modules),
        "renamed": [list(plant.renamed)] if plant.renamed else [],
        "noise": {
            "bulk_format_commit": shas["format"][0] if shas["format"] else None,
            "merge_commits": shas["merge"],
            "bot_commits": shas["bot"],
            "vendor_commits": shas["vendor"],
            **extra_noise,
        },
        "tests": {m.test: m.path for m in sorted(modules, key=lambda m: m.test or "") if m.test},
        "vendored": sorted(design.vendored),
        "bots": sorted(bot.name for bot in BOTS),
        "aliases": {email: sorted(others) for email, others in sorted(design.aliases.items())},
        "commits": len(design.steps),
        "modules": len(modules),
        "head": head,
    }
    truth.update(design.extra_truth)
    return truth


def write_truth(truth: dict[str, object], path: Path) -> None:
    """Write ``truth`` as JSON (indent 2, sorted keys, trailing newline)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(truth, indent=2, sort_keys=True) + "\n", encoding="utf-8")
