"""Errors a user can act on. Each message says what is wrong and what to do about it."""

from __future__ import annotations


class AnalyzerError(Exception):
    """Base of every error Faultline reports to a user as one sentence (exit status 2)."""

    exit_code = 2


class InputError(AnalyzerError):
    """The path, option or configuration given by the user cannot be used."""


class NoPackagesError(AnalyzerError):
    """The folder holds no Python package to analyse."""


class ConfigError(AnalyzerError):
    """The [tool.faultline] table of the analysed repository is invalid."""
