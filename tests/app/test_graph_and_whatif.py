"""The app (issue 15): a readable boundary graph (a force layout weighted by the ties, the
strongest ties drawn and a slider for more, arrows from importer to imported as wide as the
imports are many), What-if figures whose labels fit, and Streamlit's own settings for a plain
`streamlit run app.py` (loopback only, no usage statistics, a minimal toolbar)."""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("streamlit", reason="the app tests need the `app` extra (streamlit)")

from analyzer.ui.page_boundaries import (
    TIES_PER_BOUNDARY,
    boundary_graph,
    boundary_layout,
    boundary_ties,
)
from analyzer.ui.widgets import METRICS, SHORT_TITLES, TILES_PER_ROW
from tests.app.conftest import ROOT
from tests.app.test_pages import open_app

SMALL = {
    "boundaries": [{"id": i, "name": i, "modules": [], "size": 3} for i in "abcd"],
    "boundary_options": {"import_weight": 2.0, "cochange_weight": 10.0, "seed": 0},
    "cross_boundary": [
        {"source": "a", "target": "b", "imports": 3, "cochange": 0.5},
        {"source": "b", "target": "a", "imports": 1, "cochange": 0.0},
        {"source": "a", "target": "c", "imports": 0, "cochange": 0.2},
        {"source": "c", "target": "d", "imports": 1, "cochange": float("nan")},
        {"source": "a", "target": "a", "imports": 9, "cochange": 9.0},  # inside: not a tie
        {"source": "a", "target": "gone", "imports": 9, "cochange": 9.0},  # unknown boundary
    ],
}


def shop_document(shop_analysis: Path) -> dict:
    return json.loads(shop_analysis.read_text(encoding="utf-8"))


def figure_of(at) -> dict:
    [chart] = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def boundary_page(monkeypatch, shop_analysis):
    at = open_app(monkeypatch, shop_analysis, "page_boundaries.py")
    at.radio(key="graph_level").set_value("One node per boundary").run()
    assert not at.exception
    return at


def test_a_tie_is_a_pair_of_boundaries_weighed_as_the_cut_weighs_it():
    ties = boundary_ties(SMALL)

    assert [(t["a"], t["b"], t["a_to_b"], t["b_to_a"], t["cochange"], t["strength"])
            for t in ties] == [("a", "b", 3, 1, 0.5, 2 * 4 + 10 * 0.5),
                               ("a", "c", 0, 0, 0.2, 10 * 0.2),
                               ("c", "d", 1, 0, 0.0, 2 * 1)]
    imports_only = boundary_ties(SMALL, show_cochange=False)
    assert [(t["a"], t["b"], t["strength"]) for t in imports_only] == [("a", "b", 8),
                                                                        ("c", "d", 2)]


def spearman(xs: list[float], ys: list[float]) -> float:
    def ranks(values: list[float]) -> list[float]:
        order = sorted(range(len(values)), key=values.__getitem__)
        result = [0.0] * len(values)
        for rank, index in enumerate(order):
            result[index] = rank
        return result

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    return cov / math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))


def test_the_layout_is_the_same_every_time_and_puts_tied_boundaries_close(shop_analysis):
    document = shop_document(shop_analysis)

    where = boundary_layout(document)

    assert where == boundary_layout(shop_document(shop_analysis))
    assert set(where) == {b["id"] for b in document["boundaries"]}
    strength = {(t["a"], t["b"]): t["strength"] for t in boundary_ties(document)}
    services = sorted(b["id"] for b in document["boundaries"] if b.get("kind") != "kernel")
    pairs = list(itertools.combinations(services, 2))
    closeness = [-math.dist(where[a], where[b]) for a, b in pairs]
    assert spearman([strength.get(p, 0.0) for p in pairs], closeness) > 0.6
    kernel = next(b["id"] for b in document["boundaries"] if b.get("kind") == "kernel")
    centre = (sum(x for x, _ in where.values()) / len(where),
              sum(y for _, y in where.values()) / len(where))
    distance = {b: math.dist(point, centre) for b, point in where.items()}
    assert distance[kernel] == min(distance.values())  # imported by all: in the middle


def test_a_boundary_without_ties_does_not_squeeze_the_others(shop_analysis):
    document = shop_document(shop_analysis)
    document["boundaries"].append({"id": "lonely", "name": "lonely", "modules": [], "size": 2})

    where = boundary_layout(document)

    others = [p for b, p in where.items() if b != "lonely"]
    spread = max(math.dist(p, q) for p, q in itertools.combinations(others, 2))
    assert spread > 0.4 * max(math.dist(p, q) for p, q in itertools.combinations(
        where.values(), 2))


def test_the_graph_draws_the_strongest_ties_and_the_slider_draws_more_or_fewer(
        monkeypatch, shop_analysis):
    document = shop_document(shop_analysis)
    ties = boundary_ties(document)
    default = min(len(ties), TIES_PER_BOUNDARY * len(document["boundaries"]))

    at = boundary_page(monkeypatch, shop_analysis)

    slider = at.slider(key="ties_shown")
    assert (slider.value, slider.min, slider.max) == (default, 1, len(ties))
    figure = figure_of(at)
    drawn = ties[:default]
    arrows = figure["layout"]["annotations"]
    assert len(arrows) == sum(bool(t["a_to_b"]) + bool(t["b_to_a"]) for t in drawn)
    dotted = [t for t in figure["data"] if t.get("line", {}).get("dash") == "dot"]
    segments = sum(trace["x"].count(None) for trace in dotted)  # one line per tie, None after
    assert segments == sum(bool(t["cochange"]) for t in drawn)
    assert f"Drawing the {default} strongest of {len(ties)} ties" in at.caption[0].value
    listed = next(t.value for t in at.dataframe if "strength" in t.value.columns)
    assert len(listed) == len(ties) and listed["drawn"].sum() == default  # the rest, on demand

    slider.set_value(3).run()

    assert not at.exception
    assert len(figure_of(at)["layout"]["annotations"]) == sum(
        bool(t["a_to_b"]) + bool(t["b_to_a"]) for t in ties[:3])


def test_arrows_point_from_importer_to_imported_and_widen_with_the_imports(shop_analysis):
    document = shop_document(shop_analysis)
    where = boundary_layout(document)
    ties = boundary_ties(document)

    figure = boundary_graph(document, {}, True, True, len(ties)).to_plotly_json()

    arrows = figure["layout"]["annotations"]
    one_way = [t for t in ties if bool(t["a_to_b"]) != bool(t["b_to_a"])]
    for tie in one_way:
        source, target = (tie["a"], tie["b"]) if tie["a_to_b"] else (tie["b"], tie["a"])
        assert any(math.dist((a["x"], a["y"]), where[target]) < 1e-6
                   and math.dist((a["ax"], a["ay"]), where[source]) < 1e-6 for a in arrows)
    counts = sorted(n for t in ties for n in (t["a_to_b"], t["b_to_a"]) if n)
    widths = sorted(a["arrowwidth"] for a in arrows)
    assert len(widths) == len(counts)
    assert widths == [round(1 + 7 * n / counts[-1], 2) for n in counts]  # 1 px + imports
    assert widths[-1] == 8 and widths[0] < 2


def test_without_co_change_only_import_ties_are_drawn(monkeypatch, shop_analysis):
    at = boundary_page(monkeypatch, shop_analysis)

    at.checkbox(key="edges_cochange").uncheck().run()

    assert not at.exception
    figure = figure_of(at)
    assert not [t for t in figure["data"] if t.get("line", {}).get("dash") == "dot"]
    assert figure["layout"]["annotations"]

    at.checkbox(key="edges_imports").uncheck().run()

    assert not at.exception
    assert not figure_of(at)["layout"].get("annotations")


def test_odd_documents_give_a_graph_not_an_exception():
    graph = boundary_graph(SMALL, {}, True, True, None).to_plotly_json()
    assert len(graph["layout"]["annotations"]) == 3  # a -> b, b -> a, c -> d

    for boundaries in ([], [SMALL["boundaries"][0]], SMALL["boundaries"][:2]):
        document = {**SMALL, "boundaries": boundaries}
        assert set(boundary_layout(document)) == {b["id"] for b in boundaries}
        boundary_graph(document, {}, True, True, 5)
    untied = {"boundaries": SMALL["boundaries"], "cross_boundary": None,
              "boundary_options": {"import_weight": 0, "cochange_weight": 0, "seed": -5}}
    assert len(boundary_layout(untied)) == 4


def test_whatif_tiles_have_labels_that_fit_and_the_table_has_every_figure(
        monkeypatch, shop_analysis):
    document = shop_document(shop_analysis)
    first, second = document["boundaries"][0], document["boundaries"][1]
    at = open_app(monkeypatch, shop_analysis, "page_whatif.py")

    labels = [m.label for m in at.metric]
    assert labels == ["Modularity Q", "Crossing share", "Crossing imports", "Boundaries"]
    assert len(labels) <= TILES_PER_ROW
    assert max(len(label) for label in [*labels, *SHORT_TITLES.values()]) <= 16
    figures = next(t.value for t in at.dataframe if "proposal" in t.value.columns)
    assert list(figures["metric"]) == [title for title, *_ in METRICS.values()]
    assert (figures["change"] == 0).all()

    at.multiselect(key="move_modules").set_value(first["modules"][:3])
    at.selectbox(key="move_target").set_value(second["id"])
    at.run()
    at.button(key="move_apply").click().run()

    assert not at.exception
    figures = next(t.value for t in at.dataframe if "proposal" in t.value.columns)
    row = figures.set_index("metric").loc["Modularity Q"]
    assert row["change"] == pytest.approx(row["now"] - row["proposal"], abs=1e-4)
    assert row["change"] != 0
    tiles = {m.label: m for m in at.metric}
    assert tiles["Modularity Q"].value == f"{row['now']:.3f}"
    assert tiles["Modularity Q"].delta


def test_the_project_s_streamlit_settings():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))

    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "minimal"
    shown = subprocess.run([sys.executable, "-m", "streamlit", "config", "show"], cwd=ROOT,
                           capture_output=True, text=True, timeout=120, env=_streamlit_env())
    for line in ('address = "127.0.0.1"', "gatherUsageStats = false",
                 'toolbarMode = "minimal"'):
        assert f"set in {ROOT / '.streamlit' / 'config.toml'}\n{line}" in shown.stdout


def _streamlit_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}


def _listening(port: int) -> list[str]:
    """The local addresses of the sockets listening on `port` (Linux's /proc/net/tcp*)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table, encoding="ascii") as rows:
            for row in list(rows)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, hex_port = local.rsplit(":", 1)
                if state == "0A" and int(hex_port, 16) == port:
                    found.append(address)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table")
def test_a_plain_streamlit_run_listens_on_loopback_only(shop_analysis):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**_streamlit_env(), "FAULTLINE_ANALYSIS": str(shop_analysis)}
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py",
                               "--server.port", str(port), "--server.headless", "true"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                            timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "no server"
            time.sleep(0.3)
        addresses = _listening(port)
        assert addresses
        assert set(addresses) <= {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
