"""The fast JSON writer gives json.dumps's text byte for byte, or leaves the value to it."""

from __future__ import annotations

import json
import random
from collections import OrderedDict
from enum import StrEnum
from typing import Any

import pytest

from analyzer.output.document import dumps
from analyzer.output.jsontext import Unsupported, indented

STRINGS = ["", "a", "é", "日本", "\x00\x1f\x7f", "\ud800", "\"\\/\n\t", "🙂", "line\u2028"]
NUMBERS = [0, -1, 2**70, 1.0, -0.0, 1e-05, 1e16, 0.1 + 0.2, 123456.789, 5e-324,
           1.7976931348623157e308]


def _value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 4 or roll < 0.45:
        return rng.choice([*STRINGS, *NUMBERS, True, False, None])
    if roll < 0.7:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if roll < 0.8:
        return tuple(_value(rng, depth + 1) for _ in range(rng.randint(0, 3)))
    return {rng.choice(STRINGS) + str(i): _value(rng, depth + 1)
            for i in range(rng.randint(0, 4))}


def _standard(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=True, allow_nan=False)


@pytest.mark.parametrize("seed", range(200))
def test_random_values_are_written_as_the_standard_encoder_writes_them(seed: int) -> None:
    value = _value(random.Random(seed))
    assert indented(value) == _standard(value)


class Colour(StrEnum):
    RED = "red"


@pytest.mark.parametrize("value", [
    {"figure": float("nan")}, {1: "a key that is a number"}, {"kind": Colour.RED},
    OrderedDict(a=1), [float("inf")], {"set": {1, 2}},
])
def test_what_it_does_not_know_is_left_to_the_standard_encoder(value: Any) -> None:
    with pytest.raises(Unsupported):
        indented(value)


def test_the_document_text_is_unchanged_where_the_fallback_is_needed() -> None:
    assert dumps({"score": float("nan"), "n": 1}) == '{\n  "score": null,\n  "n": 1\n}\n'
    assert dumps({2: "x"}) == _standard({2: "x"}) + "\n"
    assert dumps({"kind": Colour.RED}) == _standard({"kind": Colour.RED}) + "\n"
    deep: list[Any] = []
    for _ in range(5000):
        deep = [deep]
    with pytest.raises(RecursionError):  # as deep as the standard encoder refuses too
        dumps(deep)
