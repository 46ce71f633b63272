"""Faultline: find where a Python monolith could split into services."""

from __future__ import annotations

from analyzer._version import __version__

__all__ = ["__version__", "analyze", "load_analysis"]


def __getattr__(name: str) -> object:
    # The public API is loaded on first use so that `import analyzer` stays cheap.
    if name == "analyze":
        from analyzer.pipeline import analyze

        return analyze
    if name == "load_analysis":
        from analyzer.output.document import load_analysis

        return load_analysis
    raise AttributeError(name)
