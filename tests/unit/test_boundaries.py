"""Boundaries, evidence, stability and what-if on small hand-made graphs (no git, no grimp)."""

from __future__ import annotations

import itertools
import random
from concurrent.futures import ThreadPoolExecutor

import networkx as nx
import pytest

from analyzer.boundaries.cut import ISOLATED, KERNEL, BoundaryOptions, Signals, propose
from analyzer.boundaries.evidence import (
    acyclic_cuts,
    apart_from_package,
    crossings,
    extraction_plan,
)
from analyzer.boundaries.metrics import ari
from analyzer.boundaries.stability import agreement_with, assess
from analyzer.boundaries.whatif import Scenario, compare, merge, move, rescore, split
from analyzer.model import ImportEdge


def _clique(prefix: str, size: int) -> list[tuple[str, str]]:
    names = [f"{prefix}.m{i}" for i in range(size)]
    return [(a, b) for a, b in itertools.combinations(names, 2)]


def _groups(*sizes: int) -> Signals:
    imports: list[tuple[str, str]] = []
    for number, size in enumerate(sizes):
        imports += _clique(f"app.g{number}", size)
    modules = sorted({m for pair in imports for m in pair})
    return Signals(tuple(modules), tuple(imports))


def _partition_sets(assignment: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for module, label in assignment.items():
        groups.setdefault(label, set()).add(module)
    return {frozenset(g) for g in groups.values()}


def test_dense_groups_joined_by_one_import_become_separate_boundaries() -> None:
    signals = _groups(5, 5, 5)
    signals = Signals(signals.modules, (*signals.imports, ("app.g0.m0", "app.g1.m0")))
    proposal = propose(signals)
    assert _partition_sets(proposal.assignment) == {
        frozenset(f"app.g{g}.m{i}" for i in range(5)) for g in range(3)}
    assert [b.id for b in proposal.boundaries] == ["b01", "b02", "b03"]
    # app.g1.m0 is imported from another boundary: it is part of b-g1's interface.
    g1 = next(b for b in proposal.boundaries if "app.g1.m0" in b.modules)
    assert g1.interface == ("app.g1.m0",)


def test_same_input_and_seed_give_identical_proposals() -> None:
    signals = _groups(6, 5, 7, 4)
    signals = Signals(signals.modules, (*signals.imports, ("app.g0.m0", "app.g1.m0"),
                                        ("app.g2.m1", "app.g3.m2")))
    assert propose(signals, BoundaryOptions(seed=3)) == propose(signals, BoundaryOptions(seed=3))


@pytest.mark.parametrize("algorithm", ["leiden", "louvain"])
def test_each_algorithm_is_deterministic_and_leaves_the_global_random_state_alone(
        algorithm: str) -> None:
    signals = _groups(6, 5, 7, 4)
    signals = Signals(signals.modules, (*signals.imports, ("app.g0.m0", "app.g1.m0"),
                                        ("app.g2.m1", "app.g3.m2")))
    options = BoundaryOptions(seed=5, algorithm=algorithm)
    random.seed(1234)
    state = random.getstate()
    first = propose(signals, options)
    assert random.getstate() == state
    assert first == propose(signals, options)
    assert len(_partition_sets(first.assignment)) == 4
    with pytest.raises(ValueError, match="algorithm"):
        BoundaryOptions(algorithm="kmeans")


def test_leiden_runs_in_parallel_threads_give_the_same_cut() -> None:
    signals = _groups(6, 5, 7, 4, 6)
    signals = Signals(signals.modules, (*signals.imports, ("app.g0.m0", "app.g1.m0"),
                                        ("app.g2.m1", "app.g3.m2"), ("app.g4.m0", "app.g1.m2")))
    alone = propose(signals, BoundaryOptions(seed=2))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: propose(signals, BoundaryOptions(seed=2)), range(8)))
    assert all(result == alone for result in results)


def test_clustering_is_path_blind_renaming_modules_changes_nothing_but_labels() -> None:
    signals = _groups(5, 6, 4)
    signals = Signals(signals.modules, (*signals.imports, ("app.g0.m1", "app.g2.m3")))
    # A renaming that reverses the alphabetical order and hides every folder hint.
    rename = {m: f"z{999 - i}" for i, m in enumerate(signals.modules)}
    renamed = Signals(tuple(sorted(rename.values())),
                      tuple((rename[a], rename[b]) for a, b in signals.imports))
    original = propose(signals).assignment
    other = propose(renamed).assignment
    assert ari({rename[m]: b for m, b in original.items()}, other) == 1.0


def test_module_imported_from_most_boundaries_is_a_shared_kernel_candidate() -> None:
    signals = _groups(5, 5, 5, 5, 5)
    hub = "app.util"
    imports = list(signals.imports) + [(f"app.g{g}.m{i}", hub) for g in range(5) for i in (0, 1)]
    proposal = propose(Signals(tuple(sorted({*signals.modules, hub})), tuple(imports)))
    assert proposal.assignment[hub] == KERNEL
    kernel = next(b for b in proposal.boundaries if b.id == KERNEL)
    assert kernel.kind == "kernel" and kernel.modules == (hub,)
    assert len({b for m, b in proposal.assignment.items() if m != hub}) == 5


def _wired(reached: int, *, imported_by: str | None = None,
           named: bool = False) -> dict[str, str]:
    """Six dense groups and `app.urls`, which imports one module from each of the first
    `reached` groups (and is imported by `imported_by`, if given; named by a setting as the
    root URLconf, if `named`)."""
    signals = _groups(6, 6, 6, 6, 6, 6)
    root = "app.urls"
    imports = [*signals.imports, *((root, f"app.g{g}.m0") for g in range(reached))]
    if imported_by:
        imports.append((imported_by, root))
    return propose(Signals(tuple(sorted({*signals.modules, root})), tuple(imports),
                           roots=(root,) if named else ())).assignment


def test_the_module_a_setting_names_as_the_root_urlconf_goes_to_the_kernel() -> None:
    # It wires only three of six boundaries, but ROOT_URLCONF says what it is.
    assert _wired(3)["app.urls"] != KERNEL
    assert _wired(3, named=True)["app.urls"] == KERNEL
    assert len(set(_wired(3, named=True).values()) - {KERNEL}) == 6


def test_a_composition_root_that_wires_most_boundaries_goes_to_the_kernel() -> None:
    assignment = _wired(6)
    assert assignment["app.urls"] == KERNEL
    # Everything else stays in its own group: the root takes nobody with it.
    rest = {b for m, b in assignment.items() if m != "app.urls"}
    assert len(rest) == 6 and KERNEL not in rest


def test_a_module_reaching_a_few_boundaries_or_imported_by_code_is_no_composition_root(
) -> None:
    # Three of the five other boundaries is below three quarters: a downstream service
    # (notifications, reporting) that reads a few domains stays a service.
    assert _wired(4)["app.urls"] != KERNEL
    # An import line points at it: code uses it, so it is no framework-loaded root.
    assert _wired(6, imported_by="app.g3.m4")["app.urls"] != KERNEL


def test_modules_without_any_tie_are_grouped_apart_not_forced_into_a_service() -> None:
    signals = _groups(4, 4)
    signals = Signals((*signals.modules, "app.lonely"), signals.imports)
    proposal = propose(signals)
    assert proposal.assignment["app.lonely"] == ISOLATED
    assert next(b for b in proposal.boundaries if b.id == ISOLATED).kind == "isolated"


def test_together_and_apart_constraints_are_honoured() -> None:
    signals = _groups(5, 5)
    together = propose(signals, BoundaryOptions(together=(("app.g0.m0", "app.g1.m0"),)))
    assert together.assignment["app.g0.m0"] == together.assignment["app.g1.m0"]
    joined = _groups(8)
    apart = propose(joined, BoundaryOptions(apart=(("app.g0.m0", "app.g0.m1"),)))
    assert apart.assignment["app.g0.m0"] != apart.assignment["app.g0.m1"]


def test_package_level_keeps_each_package_whole() -> None:
    signals = _groups(4, 4)
    proposal = propose(signals, BoundaryOptions(level="package", depth=2))
    assert {proposal.assignment[m] for m in signals.modules if m.startswith("app.g0.")} == {
        proposal.assignment["app.g0.m0"]}
    with pytest.raises(ValueError, match="level"):
        BoundaryOptions(level="folder")


def test_cochange_weight_pulls_modules_together_only_when_asked() -> None:
    signals = _groups(5, 5)
    # Three strong co-change ties between the groups, no import among them.
    cochange = tuple((f"app.g0.m{i}", f"app.g1.m{i}", 1.0) for i in range(5))
    imports_only = propose(Signals(signals.modules, signals.imports, cochange),
                           BoundaryOptions(cochange_weight=0.0))
    assert len({imports_only.assignment[m] for m in signals.modules}) == 2
    combined = propose(Signals(signals.modules, signals.imports, cochange),
                       BoundaryOptions(cochange_weight=5.0))
    assert all(combined.assignment[f"app.g0.m{i}"] == combined.assignment[f"app.g1.m{i}"]
               for i in range(5))


def test_crossings_list_every_crossing_import_with_file_and_line() -> None:
    assignment = {"a.x": "b01", "a.y": "b01", "b.x": "b02", "c.x": "b03"}
    edges = [ImportEdge("a.x", "b.x", (3, 9)), ImportEdge("a.x", "a.y", (1,)),
             ImportEdge("b.x", "c.x", (2,)), ImportEdge("c.x", "a.y", (5,))]
    paths = {"a.x": "a/x.py", "b.x": "b/x.py", "c.x": "c/x.py"}
    found = crossings(assignment, edges, paths, cochange=[("a.y", "b.x", 0.5)],
                      hidden=[("a.y", "b.x", 6, 0.5)])
    by_pair = {(c.source, c.target): c for c in found}
    assert set(by_pair) == {("b01", "b02"), ("b02", "b03"), ("b03", "b01")}
    assert by_pair[("b01", "b02")].imports[0].path == "a/x.py"
    assert by_pair[("b01", "b02")].imports[0].lines == (3, 9)
    assert by_pair[("b01", "b02")].cochange == 0.5
    assert by_pair[("b01", "b02")].hidden == (("a.y", "b.x", 6, 0.5),)
    # b01 -> b02 -> b03 -> b01 is a cycle: cutting the returned dependencies breaks it.
    cuts = acyclic_cuts(found, ["b01", "b02", "b03"])
    assert cuts
    graph = nx.DiGraph([(c.source, c.target) for c in found if c.imports])
    graph.remove_edges_from((c.source, c.target) for c in cuts)
    assert nx.is_directed_acyclic_graph(graph)
    plan = extraction_plan(found, ["b01", "b02", "b03"])
    assert [step.order for step in plan] == [1, 2, 3]
    assert all(plan[i].cost <= plan[i + 1].cost for i in range(2))


def test_stability_is_full_when_reruns_agree_and_low_for_a_coin_toss_module() -> None:
    signals = _groups(5, 5)
    proposal = propose(signals)
    same = agreement_with(proposal, [proposal.assignment] * 3)
    assert set(same.confidence.values()) == {1.0}
    assert set(same.boundaries.values()) == {1.0}
    flipped = dict(proposal.assignment)
    other = proposal.assignment["app.g1.m0"]
    flipped["app.g0.m0"] = other
    mixed = agreement_with(proposal, [proposal.assignment, flipped])
    assert mixed.confidence["app.g0.m0"] == 0.5
    assert mixed.confidence["app.g0.m1"] == 1.0
    assert assess(proposal, signals, BoundaryOptions(), seeds=2).runs == 2


def test_whatif_move_merge_split_recompute_the_metrics() -> None:
    signals = _groups(5, 5)
    proposal = propose(signals)
    scenario = Scenario(signals, BoundaryOptions(), (), proposal.assignment)
    before = rescore(scenario, proposal.assignment)
    assert before["crossing_imports"] == 0
    target = proposal.assignment["app.g1.m0"]
    moved = move(proposal.assignment, ["app.g0.m0"], target)
    after = rescore(scenario, moved)
    assert after["crossing_imports"] == 4  # its four imports inside g0 now cross
    delta = compare(before, after)
    assert delta["crossing_imports"] == 4
    assert delta["modularity"] < 0
    merged = merge(proposal.assignment, target, proposal.assignment["app.g0.m0"])
    assert len(set(merged.values())) == 1
    parted = split(proposal.assignment, target, ["app.g1.m0", "app.g1.m1"])
    assert len(set(parted.values())) == 3
    with pytest.raises(ValueError):
        split(proposal.assignment, target, ["app.g0.m0"])
    with pytest.raises(KeyError):
        move(proposal.assignment, ["nope"], target)


def test_a_module_kept_with_its_package_but_tied_to_another_service_is_reported() -> None:
    assignment = {f"app.catalogue.m{i}": "b1" for i in range(4)}
    assignment |= {"app.catalogue.pricing": "b1", "app.payments.a": "b2", "app.payments.b": "b2"}
    imports = [("app.catalogue.pricing", "app.payments.a"), ("app.payments.b",
                                                             "app.catalogue.pricing")]
    cochange = [("app.catalogue.pricing", "app.payments.a", 0.5),
                ("app.catalogue.pricing", "app.catalogue.m0", 0.3)]
    # Ties: 2.5 toward b2 against 0.3 at home (1.5 times and more): it leans away.
    assert apart_from_package(assignment, imports, cochange) == ({
        "module": "app.catalogue.pricing", "package": "app.catalogue",
        "package_boundary": "b1", "boundary": "b1", "imports_toward": "b2"},)
    # One import is not enough evidence, nor are ties that do not outweigh home.
    assert apart_from_package(assignment, imports[:1]) == ()
    assert apart_from_package(assignment, imports, [*cochange, (
        "app.catalogue.pricing", "app.catalogue.m1", 2.0)]) == ()


def test_omnipresent_modules_are_found_by_imports_not_by_a_package_s_ties_to_its_own() -> None:
    from analyzer.boundaries.cut import Plan

    signals = _groups(*[6] * 12)
    util, app = "app.util", "app"
    imports = [*signals.imports, *((m, util) for m in signals.modules)]
    # The app package tied to every module below it (containment, app membership): 72 ties.
    links = tuple((m, app, 2.0) for m in signals.modules)
    plan = Plan(Signals(tuple(sorted({*signals.modules, util, app})), tuple(imports),
                        links=links), BoundaryOptions())
    assert util in plan.hubs  # imported from every group: omnipresent
    assert app not in plan.hubs  # what holds its modules together stays in the cut


def test_an_app_s_own_package_module_is_not_apart_from_the_project_beside_it() -> None:
    """`proj.api` (the app's __init__) sits with its app, not with the loose modules of the
    project package that holds the apps."""
    assignment = {f"proj.{loose}": "b4" for loose in ("settings", "urls", "celery", "wsgi", "asgi")}
    for number, app in enumerate(("api", "main", "conf"), start=1):
        assignment |= {f"proj.{app}": f"b{number}", f"proj.{app}.views": f"b{number}",
                       f"proj.{app}.models": f"b{number}"}
    assert apart_from_package(assignment) == ()
    assignment["proj.api"] = "b2"  # now apart from its own package's modules
    assert [item["module"] for item in apart_from_package(assignment)] == ["proj.api"]
