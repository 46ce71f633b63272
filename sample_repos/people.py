"""Commit authors: humans, teams and bots."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    """A commit identity (one name and one email address)."""

    name: str
    email: str
    tz: str = "+0000"

    @property
    def ident(self) -> str:
        return f"{self.name} <{self.email}>"


@dataclass(frozen=True)
class Team:
    """People who work on one service, with how often each of them commits."""

    members: tuple[Person, ...]
    weights: tuple[float, ...]

    def pick(self, rng: random.Random) -> Person:
        return rng.choices(self.members, weights=self.weights, k=1)[0]

    @property
    def lead(self) -> Person:
        return self.members[0]


DEPENDABOT = Person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
PRE_COMMIT_CI = Person("pre-commit-ci[bot]", "66853113+pre-commit-ci[bot]@users.noreply.github.com")
BOTS = (DEPENDABOT, PRE_COMMIT_CI)


def mailmap_text(canonical: Person, aliases: tuple[Person, ...]) -> str:
    """Render a .mailmap that maps every alias identity onto the canonical one."""
    lines = ["# Map alternative identities to one person.\n"]
    lines.extend(f"{canonical.ident} {alias.ident}\n" for alias in aliases)
    return "".join(lines)
