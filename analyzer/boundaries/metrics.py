"""How good is a proposed set of service boundaries? Quality and agreement figures (pure).

Implements the definitions fixed in QUALITY.md ("Partition quality without ground truth" and
"Agreement with a ground truth"); where a paper's variant differs, QUALITY.md wins and the
function's docstring says how. A partition maps module name -> boundary id.

Conventions for the quality figures: K = number of distinct boundary ids, N = number of modules
in the partition, n_i = size of boundary S_i. Modules missing from the partition, and every edge
that touches one, are ignored; self-loops (a, a) are ignored; weighted edges given as (a, b) and
(b, a) become one undirected edge carrying the sum of their weights. Weights should be >= 0.
Agreement figures are computed on the modules present in both partitions (ValueError if none).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

Partition = Mapping[str, str]


@dataclass
class _Tally:
    """Undirected edge weight inside each boundary, and across boundaries."""

    inside: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    across: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    out: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    total: float = 0.0

    @property
    def crossing(self) -> float:
        return sum(self.across.values())


def _tally(partition: Partition, edges: Iterable[tuple[str, str, float]]) -> _Tally:
    tally = _Tally()
    inside, across, out, get = tally.inside, tally.across, tally.out, partition.get
    total = 0.0
    for a, b, weight in edges:
        if a == b:
            continue
        ba, bb = get(a), get(b)
        if ba is None or bb is None:
            continue
        total += weight
        if ba == bb:
            inside[ba] += weight
        else:
            across[(ba, bb) if ba < bb else (bb, ba)] += weight
            out[ba] += weight
            out[bb] += weight
    tally.total = total
    return tally


def _ordered_imports(
    partition: Partition, imports: Iterable[tuple[str, str]]
) -> set[tuple[str, str]]:
    """Distinct imports (a imports b) between two different modules of the partition."""
    return {(a, b) for a, b in imports if a != b and a in partition and b in partition}


def _binary(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str, float]]:
    """The undirected binary graph: each unordered pair once, weight 1."""
    return [(a, b, 1.0) for a, b in {(a, b) if a < b else (b, a) for a, b in pairs}]


def _modularity(*parts: tuple[_Tally, float]) -> float:
    m = sum(scale * tally.total for tally, scale in parts)
    if m <= 0:
        return 0.0
    inside: defaultdict[str, float] = defaultdict(float)
    degree: defaultdict[str, float] = defaultdict(float)
    for tally, scale in parts:
        for c, w in tally.inside.items():
            inside[c] += scale * w
            degree[c] += 2 * scale * w
        for c, w in tally.out.items():
            degree[c] += scale * w
    return sum(inside[c] / m - (d / (2 * m)) ** 2 for c, d in degree.items())


def _sm(binary: _Tally, sizes: Mapping[str, int]) -> float:
    k = len(sizes)
    if k == 0:
        return 0.0
    intra = sum(binary.inside.get(c, 0.0) / (n * n) for c, n in sizes.items()) / k
    if k == 1:
        return intra
    inter = sum(w / (sizes[a] * sizes[b]) for (a, b), w in binary.across.items())
    return intra - 2.0 * inter / (k * (k - 1))


def _share(part: float, whole: float) -> float:
    return part / whole if whole > 0 else 0.0


def _ifn(partition: Partition, ordered: Iterable[tuple[str, str]], k: int) -> float:
    exposed = {b for a, b in ordered if partition[a] != partition[b]}
    return len(exposed) / k if k else 0.0


def _rei_parts(cochange: _Tally, sizes: Mapping[str, int]) -> dict[str, float | None]:
    n_all = sum(sizes.values())
    parts: dict[str, float | None] = {}
    for c, n in sizes.items():
        icf = cochange.inside.get(c, 0.0) / (n * n)
        if icf <= 0:
            parts[c] = None
            continue
        ecf = cochange.out.get(c, 0.0) / (n * (n_all - n)) if n_all > n else 0.0
        parts[c] = ecf / icf
    return parts


def _mean_or_none(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def modularity(partition: Partition, edges: Iterable[tuple[str, str, float]]) -> float:
    """Newman's weighted, undirected modularity (Newman 2004, Phys. Rev. E 70, 056131).

    Q = Σ_c [L_c/m - (d_c/2m)²], m = total weight, L_c = weight inside c, d_c = summed weighted
    degree of c's modules. (a, b) and (b, a) are summed into one undirected edge. 0.0 if m = 0.
    """
    return _modularity((_tally(partition, edges), 1.0))


def structural_modularity(partition: Partition, imports: Iterable[tuple[str, str]]) -> float:
    """SM, Bunch's BasicMQ (Mancoridis et al., IWPC 1998); higher is better.

    SM = (1/K) Σ_i μ_i/n_i² - (2/(K(K-1))) Σ_{i<j} sigma_ij/(n_i n_j), second term 0 for K = 1.
    Unlike Bunch (directed graph, μ_i up to n_i²), QUALITY.md counts μ_i and sigma_ij on the
    undirected binary graph without self-loops: a pair importing each other is one edge.
    """
    binary = _tally(partition, _binary(_ordered_imports(partition, imports)))
    return _sm(binary, Counter(partition.values()))


def icp(partition: Partition, edges: Iterable[tuple[str, str, float]]) -> float:
    """ICP, inter-partition coupling percentage (after Jin et al., IEEE TSE 2019), in 0..1.

    ICP = weight of edges between boundaries / total weight; 0.0 if there is no weight.
    """
    tally = _tally(partition, edges)
    return _share(tally.crossing, tally.total)


def ifn(partition: Partition, imports: Iterable[tuple[str, str]]) -> float:
    """IFN, interface number (after Jin et al., IEEE TSE 2019); lower is better.

    IFN = (1/K) * |{b : some a outside b's boundary imports b}|; (a, b) means a imports b. A
    module counts once however many outsiders import it (IBM's scripts count pairs instead).
    """
    k = len(set(partition.values()))
    return _ifn(partition, _ordered_imports(partition, imports), k)


def ned(partition: Partition, band: tuple[int, int] = (5, 20)) -> float:
    """NED, non-extreme distribution (after Wu, Hassan & Holt, ICSM 2005); lower is better.

    NED = 1 - (modules in boundaries with band[0] <= n_i <= band[1]) / N; 0.0 for N = 0.
    """
    low, high = band
    sizes = Counter(partition.values())
    within = sum(n for n in sizes.values() if low <= n <= high)
    return 1.0 - within / len(partition) if partition else 0.0


def rei(partition: Partition, cochange: Iterable[tuple[str, str, float]]) -> float | None:
    """REI, co-change evolvability ecf/icf (after Jin et al., IEEE TSE 2019); lower is better.

    f(u,v) = commits changing both; each unordered pair is given once (repeats are summed).
    icf_i = Σ_{u,v∈S_i} f / n_i², the sum counting each unordered pair ONCE (u < v);
    ecf_i = Σ_{u∈S_i, v∉S_i} f / (n_i (N - n_i)), and 0 when S_i holds every module;
    (Counting ordered pairs, i.e. each pair twice, would halve every REI.)
    REI = mean of ecf_i/icf_i over the boundaries with icf_i > 0 (the others, e.g. singletons,
    have no defined ratio and are skipped; `per_boundary` shows them as None); None when no
    boundary has icf_i > 0.
    """
    parts = _rei_parts(_tally(partition, cochange), Counter(partition.values()))
    return _mean_or_none(parts.values())


def per_boundary(
    partition: Partition,
    imports: Iterable[tuple[str, str]],
    import_edges_weighted: Iterable[tuple[str, str, float]],
    cochange: Iterable[tuple[str, str, float]],
) -> dict[str, dict[str, float | None]]:
    """Figures per boundary, sorted by boundary id.

    size; internal_imports = μ_i and external_imports = distinct undirected import pairs with one
    end in S_i (binary graph, as SM); icp_imports / icp_cochange = share of the weight incident
    to S_i that crosses its border (0.0 without weight); cohesion = μ_i/n_i²; rei = ecf_i/icf_i,
    None when icf_i = 0 (see `rei`).
    """
    sizes = Counter(partition.values())
    binary = _tally(partition, _binary(_ordered_imports(partition, imports)))
    weighted = _tally(partition, import_edges_weighted)
    co = _tally(partition, cochange)
    rei_parts = _rei_parts(co, sizes)
    result: dict[str, dict[str, float | None]] = {}
    for c in sorted(sizes):
        n = sizes[c]
        mu = binary.inside.get(c, 0.0)
        result[c] = {
            "size": n,
            "internal_imports": int(mu),
            "external_imports": int(binary.out.get(c, 0.0)),
            "icp_imports": _share(weighted.out.get(c, 0.0),
                                  weighted.inside.get(c, 0.0) + weighted.out.get(c, 0.0)),
            "icp_cochange": _share(co.out.get(c, 0.0), co.inside.get(c, 0.0) + co.out.get(c, 0.0)),
            "cohesion": mu / (n * n),
            "rei": rei_parts[c],
        }
    return result


def quality(
    partition: Partition,
    imports: Iterable[tuple[str, str]],
    cochange: Iterable[tuple[str, str, float]],
    import_weight: float = 1.0,
    cochange_weight: float = 1.0,
    band: tuple[int, int] = (5, 20),
    set_aside: Collection[str] = (),
) -> dict[str, float | None]:
    """All quality figures in one pass over each input, fast enough for interactive use.

    modularity is on the combined graph: each distinct import (a, b) adds import_weight (so
    a <-> b adds it twice), each co-change pair adds cochange_weight * f. icp_imports weighs
    each distinct import 1; icp_imports_services is the same over the imports whose two ends
    lie outside the `set_aside` groups (the shared kernel, which every service may import).
    Other figures as in their functions; boundaries = K.
    """
    sizes = Counter(partition.values())
    ordered = _ordered_imports(partition, imports)
    imp = _tally(partition, [(a, b, 1.0) for a, b in ordered])
    services = _tally(partition, [(a, b, 1.0) for a, b in ordered
                                  if partition[a] not in set_aside
                                  and partition[b] not in set_aside])
    binary = _tally(partition, _binary(ordered))
    co = _tally(partition, cochange)
    return {
        "modularity": _modularity((imp, import_weight), (co, cochange_weight)),
        "sm": _sm(binary, sizes),
        "icp_imports": _share(imp.crossing, imp.total),
        "icp_imports_services": _share(services.crossing, services.total),
        "icp_cochange": _share(co.crossing, co.total),
        "ifn": _ifn(partition, ordered, len(sizes)),
        "ned": ned(partition, band),
        "rei": _mean_or_none(_rei_parts(co, sizes).values()),
        "boundaries": len(sizes),
    }


# --- Agreement with a ground truth ---------------------------------------------------------


def _common(a: Partition, b: Partition) -> list[str]:
    common = [m for m in a if m in b]
    if not common:
        raise ValueError("the two partitions share no module")
    return common


def _pairs(x: int) -> int:
    return x * (x - 1) // 2


def ari(found: Partition, truth: Partition) -> float:
    """Adjusted Rand index (Hubert & Arabie, J. Classification 2, 1985), on common modules.

    ARI = (Σ_ij C(n_ij,2) - E) / (½[Σ_i C(a_i,2) + Σ_j C(b_j,2)] - E),
    E = Σ_i C(a_i,2) Σ_j C(b_j,2) / C(n,2). 1 = identical, about 0 = chance. Degenerate case:
    the denominator is 0 only when both partitions are one cluster, or both all singletons
    (including n = 1): they are then identical and ARI = 1.0.
    """
    common = _common(found, truth)
    table = Counter((found[m], truth[m]) for m in common)
    rows = sum(_pairs(x) for x in Counter(found[m] for m in common).values())
    cols = sum(_pairs(x) for x in Counter(truth[m] for m in common).values())
    total = _pairs(len(common))
    if total == 0 or (rows + cols) * total == 2 * rows * cols:
        return 1.0
    index = sum(_pairs(x) for x in table.values())
    expected = rows * cols / total
    return (index - expected) / ((rows + cols) / 2 - expected)


def _max_matching(adjacency: list[list[str]]) -> int:
    """Size of a maximum bipartite matching (augmenting paths found by BFS)."""
    owner: dict[str, int] = {}  # right vertex -> left vertex
    partner: dict[int, str] = {}  # left vertex -> right vertex
    for root in range(len(adjacency)):
        via: dict[str, int] = {}
        queue, end = [root], None
        for left in queue:
            for right in adjacency[left]:
                if right in via:
                    continue
                via[right] = left
                if right not in owner:
                    end = right
                    break
                queue.append(owner[right])
            if end is not None:
                break
        while end is not None:
            left = via[end]
            previous = partner.get(left)
            owner[end], partner[left] = left, end
            end = None if left == root else previous
    return len(partner)


def _mno(source: Partition, target: Partition, common: list[str]) -> int:
    tags: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for m in common:
        tags[source[m]][target[m]] += 1
    moves, adjacency = 0, []
    for counts in tags.values():
        best = max(counts.values())
        moves += sum(counts.values()) - best
        adjacency.append([t for t, v in counts.items() if v == best])
    return moves + len(adjacency) - _max_matching(adjacency)


def mojo(source: Partition, target: Partition) -> int:
    """MoJo distance mno(A, B): fewest Move and Join operations turning A into B.

    Wen & Tzerpos, "An optimal algorithm for MoJo distance" (IWPC 2003): tag each module of A
    with its cluster in B; each A cluster goes to a group of B it shares most modules with,
    choosing among ties by a maximum bipartite matching so that g, the number of non-empty
    groups, is largest. mno = (N - Σ_i max_j v_ij) moves + (l - g) joins, l = |A|.
    """
    return _mno(source, target, _common(source, target))


def mojofm(source: Partition, target: Partition) -> float:
    """MoJoFM(A → B) = 1 - mno(A, B) / max_{A'} mno(A', B), in 0..1 (Wen & Tzerpos, IWPC 2004).

    The maximum is N - g': walk B's cluster sizes in ascending order, adding 1 to g' whenever a
    size exceeds the current g' (Wen & Tzerpos 2004). Asymmetric: over-splitting A barely costs
    mojofm(A, B) (joins only) but costs mojofm(B, A) a lot (moves). 1.0 when N = 1.
    """
    common = _common(source, target)
    g = 0
    for size in sorted(Counter(target[m] for m in common).values()):
        if size > g:
            g += 1
    worst = len(common) - g
    return 1.0 - _mno(source, target, common) / worst if worst else 1.0


def mojofm_both(found: Partition, truth: Partition) -> tuple[float, float]:
    """(mojofm(found, truth), mojofm(truth, found)): QUALITY.md asks for both directions."""
    return mojofm(found, truth), mojofm(truth, found)


def c2c(found: Partition, truth: Partition, threshold: float = 0.5) -> float:
    """c2c coverage (after Garcia et al., ASE 2013): share of truth clusters matched by a found
    cluster with |a∩b| / max(|a|,|b|) > threshold, sizes counted on the common modules."""
    common = _common(found, truth)
    table = Counter((found[m], truth[m]) for m in common)
    found_sizes = Counter(found[m] for m in common)
    truth_sizes = Counter(truth[m] for m in common)
    matched = {
        t for (f, t), x in table.items() if x / max(found_sizes[f], truth_sizes[t]) > threshold
    }
    return len(matched) / len(truth_sizes)


def agreement(found: Partition, truth: Partition) -> dict[str, float]:
    """ARI, MoJoFM both ways and c2c at 50 % of `found` against `truth`."""
    to_truth, from_truth = mojofm_both(found, truth)
    return {
        "ari": ari(found, truth),
        "mojofm_to_truth": to_truth,
        "mojofm_from_truth": from_truth,
        "c2c50": c2c(found, truth, 0.5),
    }
