"""Fixtures shared by the functional tests of `faultline app` (Streamlit is not started)."""

from __future__ import annotations

import pytest

from analyzer.cli import app as cli_app


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], dict[str, str]]]:
    """The commands `faultline app` would run, with their environments, instead of running."""
    calls: list[tuple[list[str], dict[str, str]]] = []

    def fake_call(command: list[str], env: dict[str, str]) -> int:
        calls.append((command, env))
        return 0

    monkeypatch.setattr(cli_app.subprocess, "call", fake_call)
    return calls


def app_option(command: list[str], name: str) -> str | None:
    """The value given to option `name` in `command`, None when it is not there."""
    return command[command.index(name) + 1] if name in command else None
