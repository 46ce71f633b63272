"""Reads `[tool.faultline]` from the analysed repository's pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

from analyzer.errors import ConfigError
from analyzer.settings import Settings, settings_from_table


def load_settings(repo: Path) -> Settings:
    """Settings from the repo's pyproject.toml, or the defaults when it has none."""
    pyproject = repo / "pyproject.toml"
    if not pyproject.is_file():
        return Settings()
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(
            f"'{pyproject}' is not valid TOML ({error}); fix it or remove [tool.faultline]."
        ) from error
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"[tool] in '{pyproject}' must be a table (it holds [tool.faultline]); "
                          "fix the pyproject.toml.")
    table = tool.get("faultline", {})
    if not isinstance(table, dict):
        raise ConfigError(f"[tool.faultline] in '{pyproject}' must be a table.")
    return settings_from_table(table)
