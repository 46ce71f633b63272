"""The one place where adapters and pure steps are wired together: `analyze`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from .config import load_settings
from .discover import check_repo_path, discover
from .gitrepo import read_repo_info
from .imports import build_import_graph
from .model import Analysis

Progress = Callable[[str], None]


def analyze(
    path: str | Path = ".",
    *,
    overrides: Mapping[str, object] | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Analyse the repository at `path` without changing it or running any of its code.

    `overrides` replaces settings from the repo's `[tool.faultline]` (None values are ignored).
    """
    say = progress or (lambda _message: None)
    root = check_repo_path(Path(path))
    settings = load_settings(root).updated(**dict(overrides or {}))
    say("discovering packages")
    layout = discover(root, settings)
    graph = build_import_graph(
        layout,
        exclude_type_checking_imports=settings.exclude_type_checking_imports,
        progress=say,
    )
    return Analysis(
        repo=read_repo_info(root),
        settings=settings.to_dict(),
        graph=graph,
        packages=tuple(sorted({p.name for p in layout.packages})),
        source_roots=layout.source_roots,
        warnings=tuple(sorted(layout.warnings + graph.warnings)),
        generated_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
    )
