"""Run git with a clean, reproducible configuration."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import IO

from sample_repos.errors import SampleError

_MISSING_GIT = "git is not installed or not on PATH; install git to build sample repositories."


def git_env() -> dict[str, str]:
    """The caller's environment without GIT_* overrides and without user/system config."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null", GIT_TERMINAL_PROMPT="0")
    return env


def run_git(repo: Path, *args: str, stdin: str | None = None) -> str:
    """Run one git command in ``repo`` and return its standard output."""
    try:
        proc = subprocess.run(
            ["git", *args],
            cwd=repo,
            env=git_env(),
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise SampleError(_MISSING_GIT) from exc
    if proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc.stdout


def start_git(repo: Path, *args: str, stderr: IO[bytes]) -> subprocess.Popen[bytes]:
    """Start a long-running git command that reads its standard input from us."""
    try:
        return subprocess.Popen(
            ["git", *args],
            cwd=repo,
            env=git_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            bufsize=1 << 20,
        )
    except FileNotFoundError as exc:
        raise SampleError(_MISSING_GIT) from exc


def init_repo(dest: Path) -> None:
    run_git(dest, "init", "-q", "-b", "main")


def finish_repo(dest: Path, branches: list[str]) -> str:
    """Drop the merged feature branches, check out main and return HEAD's sha."""
    if branches:
        commands = "".join(f"delete refs/heads/{name}\n" for name in branches)
        run_git(dest, "update-ref", "--stdin", stdin=commands)
    run_git(dest, "reset", "-q", "--hard", "main")
    return run_git(dest, "rev-parse", "HEAD").strip()
