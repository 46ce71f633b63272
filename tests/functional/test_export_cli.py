"""`faultline export` on the analysed shop sample: each file read back by the tool that
consumes it (networkx, Graphviz, tach, import-linter, jsonschema, csv) where it is installed."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner, Result

import sample_repos
from analyzer.cli.base import _Context
from analyzer.cli.export import export
from analyzer.cli.main import cli
from analyzer.output.export.common import cover_entry, package_cover
from analyzer.review.ratchet import make_baseline


def _tool(name: str) -> str | None:
    """An executable of this venv, else of the PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else shutil.which(name)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    base = tmp_path_factory.mktemp("export")
    repo = base / "shop"
    sample_repos.build("shop", repo, seed=0)
    result = CliRunner().invoke(cli, ["-q", "analyze", str(repo), "-o", str(base / "out")])
    assert result.exit_code == 0, result.output
    analysis = base / "out" / "analysis.json"
    return repo, analysis, json.loads(analysis.read_text())


def run(*args: str) -> Result:
    return CliRunner().invoke(export, list(args), obj=_Context(debug=False, quiet=True))


def exported(shop: tuple[Path, Path, dict], fmt: str) -> str:
    result = run(str(shop[1]), "--format", fmt)
    assert result.exit_code == 0, result.output
    return result.output


def plan_imports(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {(i["importer"], i["imported"]) for step in document["extraction_plan"]
            for i in step["incoming"] + step["outgoing"]}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_open_in_networkx(shop, fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"shop.{fmt}"
    assert run(str(shop[1]), "-f", fmt, "-o", str(target)).exit_code == 0
    ET.parse(target)
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(target)
    document = shop[2]
    assert graph.number_of_nodes() == len(document["modules"])
    assert {n: d["boundary"] for n, d in graph.nodes(data=True)} == {
        m["name"]: m["boundary"] for m in document["modules"]}
    imports = {(e["importer"], e["imported"]) for e in document["imports"]}
    assert imports <= set(graph.edges)
    assert sum(d["kernel"] for _n, d in graph.nodes(data=True)) == len(
        next(b for b in document["boundaries"] if b["kind"] == "kernel")["modules"])


def test_dot_renders_with_graphviz(shop, tmp_path: Path) -> None:
    text = exported(shop, "dot")
    assert text.count("subgraph cluster_") == len(shop[2]["boundaries"])
    dot = shutil.which("dot")
    if dot is None:
        pytest.skip("Graphviz (dot) is not installed")
    svg = subprocess.run([dot, "-Tsvg"], input=text, capture_output=True, text=True,
                         check=True, timeout=120).stdout
    root = ET.fromstring(svg)
    titles = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {m["name"] for m in shop[2]["modules"]} <= titles


def test_mermaid_has_a_node_per_boundary_and_an_arrow_per_crossing(shop) -> None:
    lines = exported(shop, "mermaid").splitlines()
    document = shop[2]
    assert lines[0] == "flowchart LR"
    assert sum(1 for line in lines if re.fullmatch(r'    b\d+\["[^"]*"\]', line)) == len(
        document["boundaries"])
    arrows = [line for line in lines if re.fullmatch(r"    b\d+ -\.?->\|\d+\| b\d+", line)]
    assert len(arrows) == sum(1 for c in document["cross_boundary"] if c["imports"])


def test_html_report_names_every_boundary_and_loads_nothing(shop) -> None:
    text = exported(shop, "html")
    assert "<script" not in text.lower()
    assert not re.search(r"(src|href)\s*=|url\(|@import", text, re.I)
    for boundary in shop[2]["boundaries"]:
        assert f"<td>{boundary['name']}</td>" in text


def test_tach_check_warns_on_exactly_the_baseline_crossings(shop, tmp_path: Path) -> None:
    repo, _analysis, document = shop
    config = exported(shop, "tach")
    parsed = tomllib.loads(config)
    assert len(parsed["modules"]) == len(document["boundaries"])
    tach = _tool("tach")
    if tach is None:
        pytest.skip("tach is not installed")
    copy = tmp_path / "repo"
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns(".git"))
    (copy / "tach.toml").write_text(config, encoding="utf-8")
    result = subprocess.run([tach, "check"], cwd=copy, capture_output=True, text=True,
                            timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "[FAIL]" not in output
    reported = set(re.findall(r"Module '([^']+)' should not depend on '([^']+)'", output))
    entry = cover_entry(package_cover(document), (m["name"] for m in document["modules"]))
    crossing = {(entry[c["importer"]], entry[c["imported"]])
                for c in make_baseline(document)["crossing"]}
    assert reported == crossing and crossing
    # A new import between two services, into a module not imported across today, fails.
    services = [b for b in document["boundaries"] if b["kind"] == "service"]
    path = {m["name"]: m["path"] for m in document["modules"] if not m["is_package"]}
    importer = next(m for m in services[0]["modules"] if m in path)
    imported = next(m for m in services[1]["modules"]
                    if m in path and entry[m] not in {b for _a, b in crossing})
    with (copy / path[importer]).open("a", encoding="utf-8") as handle:
        handle.write(f"\nimport {imported}\n")
    result = subprocess.run([tach, "check"], cwd=copy, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1
    assert (f"Module '{entry[importer]}' cannot depend on '{entry[imported]}'"
            in result.stdout + result.stderr)


def test_lint_imports_fails_on_exactly_the_extraction_plan(shop, tmp_path: Path) -> None:
    repo, _analysis, document = shop
    target = tmp_path / "contracts.toml"
    assert run(str(shop[1]), "-f", "importlinter", "-o", str(target)).exit_code == 0
    contracts = tomllib.loads(target.read_text())["tool"]["importlinter"]["contracts"]
    assert len(contracts) == sum(1 for b in document["boundaries"] if b["kind"] != "kernel")
    lint = _tool("lint-imports")
    if lint is None:
        pytest.skip("import-linter is not installed")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(document["source_roots"])}
    result = subprocess.run([lint, "--config", str(target), "--no-cache"], cwd=repo, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    listed = set(re.findall(r"^-\s+(\S+) -> (\S+) \(l\.", result.stdout, re.M))
    assert listed == plan_imports(document) and listed


def test_schema_validates_the_analyses_faultline_writes(shop, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(exported(shop, "schema"))
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(shop[2])
    out = tmp_path / "bare"
    result = CliRunner().invoke(cli, ["-q", "analyze", str(shop[0]), "-o", str(out),
                                      "--no-history", "--no-boundaries"])
    assert result.exit_code == 0, result.output
    validator.validate(json.loads((out / "analysis.json").read_text()))


def test_assignment_csv_has_a_row_per_module(shop) -> None:
    rows = list(csv.DictReader(io.StringIO(exported(shop, "assignment-csv"))))
    assert {r["module"]: r["boundary"] for r in rows} == {
        m["name"]: m["boundary"] for m in shop[2]["modules"]}


def test_output_file_and_folder_argument(shop, tmp_path: Path) -> None:
    target = tmp_path / "sub" / "report.html"
    result = run(str(shop[1].parent), "-f", "html", "-o", str(target))
    assert result.exit_code == 0 and result.output == ""
    assert target.read_text(encoding="utf-8") == exported(shop, "html")


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p / "missing.json", "does not exist"),
    (lambda p: (p / "bad.json").write_text("{not json") and p / "bad.json", "not valid JSON"),
    (lambda p: (p / "other.json").write_text("[1]") and p / "other.json",
     "not a Faultline analysis"),
])
def test_bad_analysis_is_one_line_and_exit_2(make, message: str, tmp_path: Path) -> None:
    result = run(str(make(tmp_path)), "-f", "dot")
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_no_boundaries_and_folder_output_are_one_line_errors(shop, tmp_path: Path) -> None:
    document = {**shop[2], "boundaries": []}
    bare = tmp_path / "analysis.json"
    bare.write_text(json.dumps(document))
    result = run(str(bare), "-f", "tach")
    assert result.exit_code == 2 and "no boundaries" in result.output
    result = run(str(shop[1]), "-f", "dot", "-o", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_hostile_names_stay_text_in_every_format(shop, tmp_path: Path) -> None:
    hostile = '<img src=x onerror=alert(1)>"]; evil'
    text = json.dumps(shop[2]).replace("shop.api.cart_views", "shop.api." + json.dumps(
        hostile)[1:-1]).replace('"order-cart"', json.dumps(hostile + " `%% -->"))
    analysis = tmp_path / "analysis.json"
    analysis.write_text(text)
    for fmt in ("graphml", "gexf", "dot", "mermaid", "html", "tach", "importlinter",
                "assignment-csv"):
        output = run(str(analysis), "-f", fmt).output
        if fmt in ("graphml", "gexf", "html", "mermaid"):  # formats where `<` is markup
            assert "<img" not in output, fmt
        if fmt == "dot":  # outside quoted strings: generated ids and syntax only
            assert "evil" not in re.sub(r'"(?:[^"\\]|\\.)*"', '""', output)
            if shutil.which("dot"):
                svg = subprocess.run(["dot", "-Tsvg"], input=output, capture_output=True,
                                     text=True, check=True, timeout=120).stdout
                texts = {t.text for t in ET.fromstring(svg).iter(
                    "{http://www.w3.org/2000/svg}text")}
                assert "shop.api." + hostile in texts
        if fmt in ("tach", "importlinter"):
            assert any(hostile in s for s in _strings(tomllib.loads(output))), fmt
        if fmt in ("graphml", "gexf"):
            root = ET.fromstring(output.encode())
            assert any(hostile in (e.get("id") or "") for e in root.iter()), fmt
        if fmt == "mermaid":
            assert '"]' not in output.replace('"]\n', "\n") and "%%" not in output


def _strings(value: Any) -> list[str]:
    """Every string inside parsed TOML."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for item in value for s in _strings(item)] if isinstance(value, list) else []
