"""Validation of scenario options (defaults, types and ranges)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sample_repos.errors import SampleError

Number = int | float


@dataclass(frozen=True)
class OptionSpec:
    """One option a scenario accepts."""

    name: str
    kind: type
    default: Number
    low: Number
    high: Number | None = None


def resolve_options(
    scenario: str, specs: Sequence[OptionSpec], given: Mapping[str, object]
) -> dict[str, Number]:
    """Return every option of the scenario with defaults filled in and values checked."""
    known = {spec.name: spec for spec in specs}
    for key in sorted(given):
        if key not in known:
            valid = ", ".join(sorted(known)) or "none"
            raise SampleError(
                f"Unknown option {key!r} for scenario {scenario!r}; valid options: {valid}."
            )
    resolved: dict[str, Number] = {}
    for spec in specs:
        raw = given.get(spec.name)
        value = spec.default if raw is None else _coerce(spec, raw)
        _check_range(spec, value)
        resolved[spec.name] = value
    return resolved


def _coerce(spec: OptionSpec, raw: object) -> Number:
    if spec.kind is int:
        value = _as_int(raw)
        if value is None:
            raise SampleError(f"Option {spec.name} must be an integer, got {raw!r}.")
        return value
    number = _as_float(raw)
    if number is None:
        raise SampleError(f"Option {spec.name} must be a number, got {raw!r}.")
    return number


def _as_int(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str):
        try:
            return int(raw.strip())
        except ValueError:
            return None
    return None


def _as_float(raw: object) -> float | None:
    if isinstance(raw, bool):
        return None
    value: float | None = None
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = float(raw.strip())
        except ValueError:
            return None
    if value is None or not math.isfinite(value):
        return None
    return value


def _check_range(spec: OptionSpec, value: Number) -> None:
    if spec.high is None:
        if value < spec.low:
            raise SampleError(f"Option {spec.name} must be at least {spec.low}, got {value}.")
        return
    if not spec.low <= value <= spec.high:
        raise SampleError(
            f"Option {spec.name} must be between {spec.low} and {spec.high}, got {value}."
        )
