"""Partition quality and agreement metrics on small partitions; figures worked out by hand."""

from __future__ import annotations

import itertools
import random
from collections import deque
from collections.abc import Iterator

import networkx as nx
import pytest

from analyzer.boundaries.metrics import (
    agreement,
    ari,
    c2c,
    icp,
    ifn,
    modularity,
    mojo,
    mojofm,
    mojofm_both,
    ned,
    per_boundary,
    quality,
    rei,
    structural_modularity,
)

approx = pytest.approx

# Shared fixture: N = 6, K = 3; A = {a, b, c}, B = {d, e}, C = {f}.
PART = {"a": "A", "b": "A", "c": "A", "d": "B", "e": "B", "f": "C"}
# Distinct imports kept: ab ba bc (in A), cd da (A-B), ed (in B); (a, a) is a self-loop,
# "ghost" is not in the partition, the second (b, c) is a duplicate.
IMPORTS = [("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("e", "d"), ("d", "a"),
           ("a", "a"), ("a", "ghost"), ("b", "c")]
# Co-change: inside A ab 4 + bc 2 = 6; inside B de 3; A-B ad 1; A-C cf 2; B-C ef 1. Total 13.
COCHANGE = [("a", "b", 4.0), ("b", "c", 2.0), ("a", "d", 1.0), ("d", "e", 3.0),
            ("c", "f", 2.0), ("e", "f", 1.0)]


def labels(*clusters: str) -> dict[str, str]:
    """labels("ab", "cd") -> {"a": "0", "b": "0", "c": "1", "d": "1"}."""
    return {m: str(i) for i, cluster in enumerate(clusters) for m in cluster}


# --- modularity ----------------------------------------------------------------------------

TWO_TRIANGLES = [("a1", "a2", 1.0), ("a2", "a3", 1.0), ("a1", "a3", 1.0),
                 ("b1", "b2", 1.0), ("b2", "b3", 1.0), ("b1", "b3", 1.0)]


def test_modularity_of_two_disconnected_cliques() -> None:
    part = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "b3": "B"}
    # m = 6; each clique: L = 3, d = 6 -> 3/6 - (6/12)^2 = 0.25; two of them: 0.5
    assert modularity(part, TWO_TRIANGLES) == approx(0.5)


def test_modularity_of_all_in_one_partition_is_zero() -> None:
    part = dict.fromkeys(["a1", "a2", "a3", "b1", "b2", "b3"], "X")
    # L = m = 6, d = 12 -> 6/6 - (12/12)^2 = 0
    assert modularity(part, TWO_TRIANGLES) == approx(0.0)


def test_modularity_merges_directions_and_ignores_loops_and_strangers() -> None:
    part = {"a": "A", "b": "A", "c": "A", "d": "B", "e": "B"}
    edges = [("a", "b", 2.0), ("b", "a", 1.0), ("b", "c", 1.0), ("c", "d", 1.0),
             ("d", "e", 2.0), ("a", "a", 5.0), ("a", "zz", 4.0)]
    # ab = 2 + 1 = 3, bc 1, cd 1, de 2 -> m = 7; L_A = 4, L_B = 2; d_A = 2*4 + 1 = 9, d_B = 5
    # Q = 4/7 - (9/14)^2 + 2/7 - (5/14)^2 = 168/196 - 106/196 = 62/196 = 31/98
    assert modularity(part, edges) == approx(31 / 98)
    merged = [("a", "b", 3.0), ("b", "c", 1.0), ("c", "d", 1.0), ("d", "e", 2.0)]
    assert modularity(part, merged) == approx(31 / 98)


def test_modularity_without_weight_is_zero() -> None:
    assert modularity(PART, []) == 0.0
    assert modularity(PART, [("a", "a", 3.0), ("x", "y", 1.0)]) == 0.0


def test_modularity_agrees_with_networkx_on_random_graphs() -> None:
    rng = random.Random(11)
    for _ in range(20):
        nodes = [f"n{i}" for i in range(rng.randint(4, 25))]
        part = {n: f"c{rng.randrange(4)}" for n in nodes}
        edges = [(rng.choice(nodes), rng.choice(nodes), float(rng.randint(1, 5)))
                 for _ in range(rng.randint(1, 60))]
        graph = nx.Graph()
        for a, b, w in edges:
            if a != b:
                old = graph.edges[a, b]["weight"] if graph.has_edge(a, b) else 0.0
                graph.add_edge(a, b, weight=old + w)
        if graph.number_of_edges() == 0:
            continue
        groups: dict[str, set[str]] = {}
        for n in graph.nodes:
            groups.setdefault(part[n], set()).add(n)
        expected = nx.community.modularity(graph, list(groups.values()), weight="weight")
        assert modularity(part, edges) == approx(expected)


# --- SM, ICP, IFN, NED ---------------------------------------------------------------------


def test_structural_modularity_by_hand() -> None:
    # Undirected binary edges: ab, bc (A), de (B), cd, ad (A-B). mu_A = 2, mu_B = 1, mu_C = 0,
    # sigma_AB = 2. (1/3)(2/9 + 1/4 + 0) = 17/108; (2/(3*2)) * 2/(3*2) = 1/9 = 12/108
    assert structural_modularity(PART, IMPORTS) == approx(5 / 108)


def test_structural_modularity_with_an_isolated_middle_boundary() -> None:
    part = {"a": "A", "b": "A", "c": "B", "d": "C", "e": "C"}
    imports = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")]
    # intra = (1/3)(1/4 + 0 + 1/4) = 1/6; inter = 1/(2*1) + 1/(1*2) = 1, times 2/(3*2) -> 1/3
    assert structural_modularity(part, imports) == approx(1 / 6 - 1 / 3)


def test_structural_modularity_with_one_boundary_has_no_inter_term() -> None:
    part = dict.fromkeys("abcde", "X")
    imports = [("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("d", "e")]
    # edges ab, bc, cd, de -> mu = 4, n = 5 -> 4/25
    assert structural_modularity(part, imports) == approx(0.16)


def test_icp_by_hand() -> None:
    # Co-change: crossing ad 1 + cf 2 + ef 1 = 4 of 13
    assert icp(PART, COCHANGE) == approx(4 / 13)
    assert icp(PART, []) == 0.0
    assert icp(dict.fromkeys(PART, "X"), COCHANGE) == 0.0


def test_ifn_counts_modules_imported_from_outside_once() -> None:
    # Crossing imports: c -> d and d -> a; e -> d is inside B. Exposed {d, a} -> 2 / K=3
    assert ifn(PART, IMPORTS) == approx(2 / 3)
    # a imported from outside by d and by e: still one interface; K = 2
    part = {"a": "A", "b": "A", "d": "B", "e": "B"}
    assert ifn(part, [("d", "a"), ("e", "a"), ("a", "b")]) == approx(1 / 2)


def test_ned_band_is_inclusive() -> None:
    sizes = {"p": 4, "q": 5, "r": 20, "s": 21}  # N = 50
    part = {f"{b}{i}": b for b, n in sizes.items() for i in range(n)}
    # in band [5, 20]: q (5) and r (20) -> 25 of 50
    assert ned(part) == approx(0.5)
    # band [4, 4]: p only -> 1 - 4/50
    assert ned(part, (4, 4)) == approx(0.92)
    # band [21, 100]: s -> 1 - 21/50
    assert ned(part, (21, 100)) == approx(0.58)


# --- REI -----------------------------------------------------------------------------------


def test_rei_by_hand_skips_boundaries_without_internal_co_change() -> None:
    # A: icf = (4 + 2)/3^2 = 2/3; ecf = (ad 1 + cf 2)/(3 * 3) = 1/3 -> 1/2
    # B: icf = 3/2^2 = 3/4;       ecf = (ad 1 + ef 1)/(2 * 4) = 1/4 -> 1/3
    # C: singleton, icf = 0 -> skipped. REI = (1/2 + 1/3)/2 = 5/12
    assert rei(PART, COCHANGE) == approx(5 / 12)


def test_rei_counts_each_internal_pair_once() -> None:
    part = {"a": "A", "b": "A", "c": "B", "d": "B"}
    # A: icf = 2/4 (pair ab once), ecf = bc 1/(2*2) = 1/4 -> 1/2; B: icf = 1/4, ecf = 1/4 -> 1
    # (counting ordered pairs would give 1/4 and 1/2 instead)
    assert rei(part, [("a", "b", 2.0), ("b", "c", 1.0), ("c", "d", 1.0)]) == approx(0.75)


def test_rei_is_none_when_no_boundary_has_internal_co_change() -> None:
    assert rei(PART, [("a", "d", 3.0), ("c", "f", 1.0)]) is None
    assert rei({m: m for m in PART}, COCHANGE) is None
    assert rei(PART, []) is None


def test_rei_of_one_boundary_is_zero() -> None:
    # icf > 0 and nothing outside: ecf = 0 by definition
    assert rei(dict.fromkeys(PART, "X"), COCHANGE) == 0.0


# --- per boundary and quality --------------------------------------------------------------

WEIGHTED = [("a", "b", 2.0), ("b", "a", 1.0), ("c", "d", 3.0), ("d", "e", 1.0), ("e", "f", 5.0)]


def test_per_boundary_by_hand() -> None:
    table = per_boundary(PART, IMPORTS, WEIGHTED, COCHANGE)
    assert list(table) == ["A", "B", "C"]
    # Weighted imports: inside A 3, A-B 3, inside B 1, B-C 5.
    assert table["A"] == approx({
        "size": 3, "internal_imports": 2, "external_imports": 2,  # ab bc; cd ad
        "icp_imports": 0.5,  # 3 / (3 + 3)
        "icp_cochange": 1 / 3,  # (ad 1 + cf 2) / (6 + 3)
        "cohesion": 2 / 9,
        "rei": 0.5,
    })
    assert table["B"] == approx({
        "size": 2, "internal_imports": 1, "external_imports": 2,  # de; cd ad
        "icp_imports": 8 / 9,  # (3 + 5) / (1 + 8)
        "icp_cochange": 0.4,  # (ad 1 + ef 1) / (3 + 2)
        "cohesion": 0.25,
        "rei": 1 / 3,
    })
    assert table["C"]["rei"] is None
    assert table["C"] == approx({
        "size": 1, "internal_imports": 0, "external_imports": 0,
        "icp_imports": 1.0, "icp_cochange": 1.0, "cohesion": 0.0, "rei": None,
    })


def test_quality_by_hand() -> None:
    result = quality(PART, iter(IMPORTS), iter(COCHANGE), import_weight=1.0,
                     cochange_weight=0.5, band=(2, 3))
    # Combined graph: imports (weight 1 each) inside A 3, inside B 1, A-B 2; co-change * 0.5:
    # inside A 3, inside B 1.5, A-B 0.5, A-C 1, B-C 0.5. -> L_A = 6, L_B = 2.5, m = 12.5;
    # d_A = 12 + 2.5 + 1 = 15.5, d_B = 5 + 2.5 + 0.5 = 8, d_C = 1.5.
    # Q = 6/12.5 - (15.5/25)^2 + 2.5/12.5 - (8/25)^2 - (1.5/25)^2 = 0.68 - 0.4904 = 0.1896
    assert result == approx({
        "modularity": 0.1896,
        "sm": 5 / 108,
        "icp_imports": 1 / 3,  # cd, da of 6 distinct imports
        "icp_imports_services": 1 / 3,  # nothing set aside: the same
        "icp_cochange": 4 / 13,
        "ifn": 2 / 3,
        "ned": 1 / 6,  # A (3) and B (2) within [2, 3]: 1 - 5/6
        "rei": 5 / 12,
        "boundaries": 3,
    })


def test_crossing_imports_between_services_leave_the_set_aside_groups_out() -> None:
    # B set aside: the imports left are ab ba bc, all inside A.
    assert quality(PART, IMPORTS, COCHANGE, set_aside=("B",))["icp_imports_services"] == 0.0
    # C set aside: f imports nothing and nothing imports f, so all six stay: 2 of 6 cross.
    assert quality(PART, IMPORTS, COCHANGE, set_aside=("C",))["icp_imports_services"] == approx(
        1 / 3)
    # Everything set aside: no import is left, and the share is 0, not a division error.
    assert quality(PART, IMPORTS, COCHANGE, set_aside=("A", "B", "C"))[
        "icp_imports_services"] == 0.0


def test_quality_agrees_with_the_single_metrics() -> None:
    rng = random.Random(5)
    mods = [f"m{i}" for i in range(40)]
    part = {m: f"b{rng.randrange(5)}" for m in mods}
    imports = [(rng.choice(mods), rng.choice(mods)) for _ in range(120)]
    co = [(rng.choice(mods), rng.choice(mods), float(rng.randint(1, 4))) for _ in range(80)]
    result = quality(part, imports, co, import_weight=1.0, cochange_weight=0.0)
    distinct = sorted(set(imports))
    assert result["modularity"] == approx(modularity(part, [(a, b, 1.0) for a, b in distinct]))
    assert result["sm"] == approx(structural_modularity(part, imports))
    assert result["icp_imports"] == approx(icp(part, [(a, b, 1.0) for a, b in distinct]))
    assert result["icp_cochange"] == approx(icp(part, co))
    assert result["ifn"] == approx(ifn(part, imports))
    assert result["ned"] == approx(ned(part))
    assert result["rei"] == approx(rei(part, co))
    assert result["boundaries"] == len(set(part.values()))


# --- ARI -----------------------------------------------------------------------------------


def brute_ari(found: dict[str, str], truth: dict[str, str]) -> float:
    """Pair counting: a = together in both, b = only in found, c = only in truth, d = neither;
    ARI = 2(ad - bc) / ((a + b)(b + d) + (a + c)(c + d)); 1.0 when that denominator is 0."""
    a = b = c = d = 0
    for x, y in itertools.combinations([m for m in found if m in truth], 2):
        same_found, same_truth = found[x] == found[y], truth[x] == truth[y]
        a += same_found and same_truth
        b += same_found and not same_truth
        c += same_truth and not same_found
        d += not same_found and not same_truth
    denominator = (a + b) * (b + d) + (a + c) * (c + d)
    return 1.0 if denominator == 0 else 2 * (a * d - b * c) / denominator


def test_ari_anchors() -> None:
    found = {"w": "0", "x": "0", "y": "1", "z": "2"}
    truth = {"w": "0", "x": "0", "y": "1", "z": "1"}
    # pairs: a = 1 (wx), b = 0, c = 1 (yz), d = 4 -> 2*4 / (1*4 + 2*5) = 4/7
    assert ari(found, truth) == approx(0.5714285714)
    assert ari(truth, truth) == 1.0
    assert ari(labels("abc", "de"), labels("de", "cba")) == 1.0  # same clusters, other labels
    # {123}{456} vs {12}{34}{56}: index 2, rows 6, cols 3, C(6,2) = 15, E = 18/15 = 1.2,
    # max = 4.5 -> (2 - 1.2)/(4.5 - 1.2) = 8/33
    assert ari(labels("123", "456"), labels("12", "34", "56")) == approx(8 / 33)
    # one cluster vs all singletons: index 0, E = 0 -> 0
    assert ari(labels("abcd"), labels("a", "b", "c", "d")) == 0.0


def test_ari_degenerate_cases() -> None:
    assert ari(labels("abcd"), labels("abcd")) == 1.0  # both one cluster
    assert ari(labels("a", "b", "c"), labels("c", "b", "a")) == 1.0  # both all singletons
    assert ari({"a": "x"}, {"a": "y"}) == 1.0  # a single common module
    with pytest.raises(ValueError):
        ari({"a": "x"}, {"b": "x"})


def test_ari_ignores_modules_outside_the_overlap() -> None:
    found = {"w": "0", "x": "0", "y": "1", "z": "2", "extra": "9", "more": "0"}
    truth = {"w": "0", "x": "0", "y": "1", "z": "1", "only_truth": "1"}
    assert ari(found, truth) == approx(4 / 7)


def test_ari_matches_pair_counting_on_random_partitions() -> None:
    rng = random.Random(2024)
    for _ in range(50):
        n = rng.randint(2, 30)
        found = {f"m{i}": str(rng.randrange(rng.randint(1, 6))) for i in range(n)}
        truth = {f"m{i}": str(rng.randrange(rng.randint(1, 6))) for i in range(n)}
        assert ari(found, truth) == approx(brute_ari(found, truth), abs=1e-12)


# --- MoJo / MoJoFM -------------------------------------------------------------------------

State = frozenset[frozenset[str]]


def all_partitions(items: list[str]) -> Iterator[list[list[str]]]:
    if not items:
        yield []
        return
    for rest in all_partitions(items[1:]):
        for i in range(len(rest)):
            yield [*rest[:i], [items[0], *rest[i]], *rest[i + 1:]]
        yield [[items[0]], *rest]


def state(clusters: list[list[str]] | list[frozenset[str]]) -> State:
    return frozenset(frozenset(c) for c in clusters if c)


def one_step(current: State) -> Iterator[State]:
    """Every partition one Join (merge two clusters) or one Move (one module to another or a
    new cluster) away."""
    clusters = list(current)
    for i, j in itertools.combinations(range(len(clusters)), 2):
        rest = [c for k, c in enumerate(clusters) if k not in (i, j)]
        yield state([*rest, clusters[i] | clusters[j]])
    for i, source in enumerate(clusters):
        for module in source:
            if len(source) > 1:
                rest = [c for k, c in enumerate(clusters) if k != i]
                yield state([*rest, source - {module}, frozenset([module])])
            for k, target in enumerate(clusters):
                if k != i:
                    rest = [c for x, c in enumerate(clusters) if x not in (i, k)]
                    yield state([*rest, source - {module}, target | {module}])


def brute_mojo(source: list[list[str]], target: list[list[str]]) -> int:
    """Fewest Moves and Joins from source to target, by breadth-first search over partitions."""
    start, goal = state(source), state(target)
    seen, queue = {start: 0}, deque([start])
    while queue:
        current = queue.popleft()
        if current == goal:
            return seen[current]
        for following in one_step(current):
            if following not in seen:
                seen[following] = seen[current] + 1
                queue.append(following)
    raise AssertionError("unreachable")


def as_map(clusters: list[list[str]]) -> dict[str, str]:
    return {m: f"c{i}" for i, cluster in enumerate(clusters) for m in cluster}


def test_mojo_by_hand() -> None:
    a, b = labels("abc", "de", "f"), labels("ab", "cdef")
    # A->B: {abc}: tags B0 B0 B1 -> 1 move; {de}: B1 B1; {f}: B1. Matching gives g = 2 groups,
    # 3 clusters -> 1 join: mno = 2 (move c to {de}, join {cde} with {f}).
    # max: B sizes [2, 4] -> g' = 2 -> 6 - 2 = 4; MoJoFM = 1 - 2/4
    assert mojo(a, b) == 2
    assert mojofm(a, b) == approx(0.5)
    # B->A: {ab}: A0 A0; {cdef}: A0 A1 A1 A2 -> 2 moves; g = 2 = l -> no join: mno = 2.
    # max: A sizes [1, 2, 3] -> g' = 3 -> 6 - 3 = 3; MoJoFM = 1 - 2/3
    assert mojo(b, a) == 2
    assert mojofm(b, a) == approx(1 / 3)
    assert mojofm_both(a, b) == approx((0.5, 1 / 3))


def test_mojo_uses_a_maximum_matching_among_tied_tags() -> None:
    # {ab}{cd} -> {ac}{bd}: both clusters tie between the two groups; matching them to different
    # groups costs 2 moves and no join (assigning both to one group would cost 3).
    # max: sizes [2, 2] -> g' = 2 -> 4 - 2 = 2, so MoJoFM = 0: as far as it can get.
    assert mojo(labels("ab", "cd"), labels("ac", "bd")) == 2
    assert mojofm(labels("ab", "cd"), labels("ac", "bd")) == 0.0
    # {pq} ties X/Y and comes first, {rs} can only take X: an augmenting path moves {pq} to Y.
    # mno = 1 (move p to {rs}); max: sizes [1, 3] -> g' = 2 -> 4 - 2 = 2; MoJoFM = 0.5
    source = {"p": "1", "q": "1", "r": "2", "s": "2"}
    target = {"p": "X", "q": "Y", "r": "X", "s": "X"}
    assert mojo(source, target) == 1
    assert mojofm(source, target) == approx(0.5)


def test_mojofm_identical_and_degenerate() -> None:
    a = labels("abc", "de", "f")
    assert mojofm(a, labels("f", "ed", "cab")) == 1.0
    assert mojofm_both(a, a) == (1.0, 1.0)
    assert mojofm({"a": "x"}, {"a": "y", "b": "y"}) == 1.0  # one common module
    with pytest.raises(ValueError):
        mojofm({"a": "x"}, {"b": "x"})


def test_mojo_matches_breadth_first_search_on_tiny_partitions() -> None:
    everything = list(all_partitions(list("abcde")))  # Bell(5) = 52
    rng = random.Random(3)
    for _ in range(60):
        source, target = rng.choice(everything), rng.choice(everything)
        assert mojo(as_map(source), as_map(target)) == brute_mojo(source, target)


def test_mojofm_normalises_by_the_worst_distance_over_all_partitions() -> None:
    everything = list(all_partitions(list("abcde")))
    rng = random.Random(4)
    for target in [[["a", "b", "c", "d", "e"]], [["a"], ["b"], ["c"], ["d"], ["e"]],
                   *rng.sample(everything, 3)]:
        distances = [brute_mojo(source, target) for source in everything]
        worst = max(distances)
        for source, distance in zip(everything, distances, strict=True):
            assert mojofm(as_map(source), as_map(target)) == approx(1 - distance / worst)


def test_mojofm_barely_punishes_over_splitting_but_the_other_direction_does() -> None:
    # 9 true clusters of 120 modules (N = 1080); 3 cut into 4 parts of 30, 6 into 3 parts of 40.
    truth, found = {}, {}
    for t in range(9):
        size = 30 if t < 3 else 40  # 4 parts of 30 or 3 parts of 40
        for i in range(120):
            truth[f"t{t}m{i}"] = f"T{t}"
            found[f"t{t}m{i}"] = f"F{t}.{i // size}"
    assert len(set(found.values())) == 30
    # found -> truth: 0 moves, 30 - 9 = 21 joins; max: nine 120s -> g' = 9 -> 1071.
    # 1 - 21/1071 = 50/51 ~ 0.98 (QUALITY.md's "about 0.98")
    # truth -> found: moves 3*(120 - 30) + 6*(120 - 40) = 750, g = 9 = l -> no join;
    # max: thirty sizes >= 30 -> g' = 30 -> 1050. 1 - 750/1050 = 2/7
    assert mojofm_both(found, truth) == approx((50 / 51, 2 / 7))


# --- c2c and agreement ---------------------------------------------------------------------


def test_c2c_by_hand() -> None:
    found = labels("abcd", "ef", "gh")
    truth = labels("abc", "defg", "h")
    # {abc}: {abcd} 3/max(4,3) = 0.75 > 0.5 -> matched; {defg}: {ef} 2/4 = 0.5, not > 0.5;
    # {h}: {gh} 1/2 = 0.5, not > 0.5. -> 1/3
    assert c2c(found, truth) == approx(1 / 3)
    assert c2c(found, truth, threshold=0.4) == 1.0  # 0.75, 0.5, 0.5 all > 0.4
    assert c2c(found, truth, threshold=0.75) == 0.0  # strict: 0.75 is not > 0.75
    assert c2c(truth, truth) == 1.0


def test_agreement_reports_every_figure_in_both_directions() -> None:
    found, truth = labels("abc", "de", "f"), labels("ab", "cdef")
    # ARI: contingency abc/ab 2, abc/cdef 1, de 2, f 1 -> index 2; rows 3 + 1 = 4;
    # cols 1 + 6 = 7; E = 28/15; max = 5.5 -> (2 - 28/15)/(5.5 - 28/15) = 4/109
    # c2c: {ab}: {abc} 2/3 > 0.5; {cdef}: {de} 2/4 -> 1/2
    assert agreement(found, truth) == approx({
        "ari": 4 / 109, "mojofm_to_truth": 0.5, "mojofm_from_truth": 1 / 3, "c2c50": 0.5,
    })
