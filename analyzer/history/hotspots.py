"""Hotspots: files that are both complex and often changed (pure).

    score(f) = (revisions(f) / max revisions) * (complexity(f) / max complexity)     in 0..1

After Tornhill / CodeScene. Revisions are counted in the analysed window; complexity is the
indentation complexity of the file's current text (see `analyzer.complexity`). Both maxima are
taken over the scored files, i.e. those that have both a revision count and a complexity.
"""

from __future__ import annotations

from collections.abc import Mapping

from analyzer.model import Hotspot

#: Scores are rounded to this many decimals, so that ties (and ranks) are stable.
SCORE_DECIMALS = 6


def score_hotspots(
    revisions: Mapping[str, int],
    complexity: Mapping[str, float],
    module_of: Mapping[str, str] | None = None,
    limit: int | None = None,
) -> tuple[Hotspot, ...]:
    """Score the paths found in both `revisions` and `complexity`, hottest first.

    Ranked by score (rounded to 6 decimals) descending, then path; ranks start at 1 and are
    distinct (ties are broken by path). A zero maximum makes every score 0. `limit` keeps the
    first `limit` hotspots.
    """
    paths = sorted(path for path in revisions if path in complexity)
    if not paths:
        return ()
    max_revisions = max(revisions[path] for path in paths)
    max_complexity = max(complexity[path] for path in paths)
    scored = []
    for path in paths:
        churn = revisions[path] / max_revisions if max_revisions > 0 else 0.0
        size = complexity[path] / max_complexity if max_complexity > 0 else 0.0
        scored.append((round(churn * size, SCORE_DECIMALS), path))
    scored.sort(key=lambda item: (-item[0], item[1]))
    if limit is not None:
        scored = scored[:limit]
    modules = module_of or {}
    return tuple(
        Hotspot(
            path=path,
            module=modules.get(path),
            revisions=revisions[path],
            complexity=complexity[path],
            score=score,
            rank=rank,
        )
        for rank, (score, path) in enumerate(scored, start=1)
    )
