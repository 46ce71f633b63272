"""Commit messages that read like a real team's history."""

from __future__ import annotations

import random

_FEATURE = (
    "Add {x} validation",
    "Fix {x} edge case",
    "Refactor {x}",
    "Handle missing fields in {x}",
    "Improve {x} error handling",
    "Speed up {x} lookups",
    "Clean up {x}",
    "Support bulk updates in {x}",
    "Log failures in {x}",
    "Make {x} limits configurable",
    "Simplify {x} flow",
    "Fix typo in {x}",
    "Extend {x} tests",
)
_PAIR = (
    "Wire {x} into {y}",
    "Update {y} for the new {x} API",
    "Move shared logic from {y} to {x}",
    "Fix {y} after {x} change",
)
_HOT = (
    "Adjust {x} rules",
    "Fix {x} corner case",
    "Add {x} rule for {w} orders",
    "Hotfix {x} regression",
    "Tune {x} thresholds",
    "Handle {w} case in {x}",
)
_CHURN = ("Update {x} values", "Tweak {x}", "Bump {x} constants", "Reorder {x} values")
_HIDDEN = (
    "Update {x} and {y}",
    "Keep {x} in sync with {y}",
    "Fix {x} for {y} format",
    "Adjust {x} and {y} fields",
)
_TANGLED = (
    "Misc fixes",
    "WIP",
    "Fix several small issues",
    "Cleanup before release",
    "Address review comments",
)
_WORDS = ("bulk", "gift", "express", "weekend", "international", "backorder", "promo")


def phrase(basename: str) -> str:
    return basename.replace("_", " ")


def with_ticket(rng: random.Random, text: str, ticket: str) -> str:
    if rng.random() < 0.4:
        return f"{text} ({ticket}-{rng.randint(10, 999)})"
    return text


def feature(rng: random.Random, names: list[str], ticket: str) -> str:
    if len(names) == 1:
        text = rng.choice(_FEATURE).format(x=phrase(names[0]))
    else:
        text = rng.choice(_PAIR).format(x=phrase(names[0]), y=phrase(names[1]))
    return with_ticket(rng, text, ticket)


def hotspot(rng: random.Random, name: str, ticket: str) -> str:
    text = rng.choice(_HOT).format(x=phrase(name), w=rng.choice(_WORDS))
    return with_ticket(rng, text, ticket)


def churn(rng: random.Random, name: str) -> str:
    return rng.choice(_CHURN).format(x=phrase(name))


def hidden(rng: random.Random, names: list[str], ticket: str) -> str:
    text = rng.choice(_HIDDEN).format(x=phrase(names[0]), y=phrase(names[1]))
    return with_ticket(rng, text, ticket)


def tangled(rng: random.Random) -> str:
    return rng.choice(_TANGLED)


def created(rng: random.Random, names: list[str], ticket: str) -> str:
    if len(names) == 1:
        return with_ticket(rng, f"Add {phrase(names[0])}", ticket)
    return with_ticket(rng, f"Add {phrase(names[0])} and {len(names) - 1} more modules", ticket)
