"""Synthetic git repositories with planted ground truth, for tests and benchmarks.

``build(name, dest)`` writes a real git repository for a scenario and returns its
truth dict; ``write_truth`` saves that dict as JSON.
"""

from __future__ import annotations

from sample_repos.build import build
from sample_repos.errors import SampleError
from sample_repos.scenarios import REGISTRY
from sample_repos.truth import write_truth

SCENARIOS: dict[str, str] = {name: scenario.description for name, scenario in REGISTRY.items()}

__all__ = ["SCENARIOS", "SampleError", "build", "write_truth"]
