"""Order planned steps and give them strictly increasing commit timestamps."""

from __future__ import annotations

import random

from sample_repos.model import Step

START = 1704704400  # 2024-01-08 09:00:00 UTC
DAY = 86400


def ordered(steps: list[Step]) -> list[Step]:
    """Steps sorted by timeline key; ties keep planning order."""
    return [step for _, _, step in sorted((s.key, i, s) for i, s in enumerate(steps))]


def assign_times(steps: list[Step], rng: random.Random, span_days: int) -> None:
    """Spread the steps over ``span_days`` from START with irregular gaps."""
    gaps = [rng.expovariate(1.0) + 0.05 for _ in steps]
    scale = span_days * DAY / sum(gaps)
    elapsed = 0.0
    previous = START - 1
    for step, gap in zip(steps, gaps, strict=True):
        when = START + int(elapsed)
        step.when = max(when, previous + 1)
        previous = step.when
        elapsed += gap * scale
