"""The Django sample as Faultline reads it: layout, dependencies, boundaries, misplaced code."""

from __future__ import annotations

import json

import pytest

import sample_repos
from analyzer import analyze
from analyzer.boundaries.evaluation import evaluate, truth_from_apps
from analyzer.output.document import to_document


@pytest.fixture(scope="module")
def django(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    repo = tmp_path_factory.mktemp("dj") / "dj"
    truth = json.loads(json.dumps(sample_repos.build("django", repo, seed=0)))
    return to_document(analyze(repo, cache=False)), truth


def test_the_project_under_src_is_read_with_every_planted_import(django) -> None:
    document, truth = django
    assert "src" in document["source_roots"]
    names = {m["name"] for m in document["modules"]}
    assert names == {m for group in truth["boundaries"].values() for m in group} | set(
        truth["shared_kernel"]) | set(truth["project"])


def test_string_and_model_references_are_dependencies(django) -> None:
    document, truth = django
    found = {(d["importer"], d["imported"]) for d in document["dependencies"]
             if d["kind"] != "containment"}
    planted = {(r["source"], r["target"]) for r in truth["string_references"]}
    assert planted <= found, sorted(planted - found)


def test_no_module_is_left_unplaced_and_the_planted_services_are_recovered(django) -> None:
    document, truth = django
    assert not [m for m in document["modules"] if m["boundary"] == "isolated"]
    services = {m: service for service, names in truth["boundaries"].items() for m in names}
    assert evaluate(document, services)["ari"] >= 0.8
    # the cut groups whole apps: no app is spread over two boundaries (kernel modules aside)
    apps = truth_from_apps(m["name"] for m in document["modules"])
    seen: dict[str, set[str]] = {}
    for module in document["modules"]:
        if module["boundary"] != "kernel" and apps.get(module["name"]) in truth["apps"]:
            seen.setdefault(apps[module["name"]], set()).add(module["boundary"])
    assert {app: places for app, places in seen.items() if len(places) > 1} == {}


def test_modules_planted_in_the_wrong_app_are_reported(django) -> None:
    document, truth = django
    reported = {item["module"] for item in document["apart_from_package"]}
    assert len(reported & set(truth["misplaced"])) >= 2


def test_the_root_urlconf_and_the_wsgi_application_are_entry_points_in_the_kernel(
    django,
) -> None:
    document, _truth = django
    entry = {(d["importer"], d["imported"]) for d in document["dependencies"]
             if d["kind"] == "entry-point"}
    assert entry == {("config.settings", "config.urls"), ("config.settings", "config.wsgi")}
    where = {m["name"]: m["boundary"] for m in document["modules"]}
    assert where["config.urls"] == where["config.wsgi"] == "kernel"


def test_the_what_if_starts_from_the_same_graph_and_figures_as_the_analysis(django) -> None:
    from analyzer.boundaries import whatif

    document, _truth = django
    scenario = whatif.scenario_from_document(document)
    figures = whatif.rescore(scenario, scenario.assignment)["metrics"]
    # every figure the analysis reports, as the app's what-if shows it before any change
    assert {k: round(v, 4) for k, v in figures.items() if v is not None} == {
        k: v for k, v in document["metrics"].items() if k in figures and v is not None}
    assert any(kind != "containment" for _a, _b, kind in (
        (d["importer"], d["imported"], d["kind"]) for d in document["dependencies"]))
    # a re-cut with the same options gives the analysis's own boundaries back
    assert whatif.recut(scenario) == scenario.assignment
