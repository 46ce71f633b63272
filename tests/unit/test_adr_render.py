"""The pure ADR renderer: MADR 4.0 layout, determinism, and no markup from repository text."""

from __future__ import annotations

import copy
import html
import re
import tomllib
from typing import Any

import pytest
from markdown_it import MarkdownIt

from analyzer.decisions import extract
from analyzer.decisions.contracts import boundary_contracts, toml_string
from analyzer.decisions.prose import record_head
from analyzer.decisions.records import (
    OVERVIEW_SLUG,
    escape_md,
    render_contracts,
    render_records,
    slugify,
)
from analyzer.output.markdown import code_block, code_span

EVIL = [
    "`rm -rf`",
    "a``b```c",
    "[click](javascript:alert(1))",
    "x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**bold** _it_ ~~gone~~ # head",
    "https://evil.example/x",
    "www.evil.example",
    "me@evil.example",
    "| cell | break |",
    "line\n# injected heading\n---",
    "&amp; &lt;b&gt; \\[x\\]",
    "![img](http://x/y.png)",
]

SECTIONS = [
    "## Context and Problem Statement",
    "## Decision Drivers",
    "## Considered Options",
    "## Decision Outcome",
    "### Consequences",
    "### Confirmation",
    "## Pros and Cons of the Options",
    "## More Information",
]


def _document(module: str = "app.orders.views", path: str = "app/orders/views.py",
              author: str = "Ada Example", name: str = "orders") -> dict[str, Any]:
    """A small analysis document: two services, a kernel and one import to cut each way."""
    services = {
        "b01": (name, [module, "app.orders.model"]),
        "b02": ("billing", ["app.billing.api", "app.billing.model"]),
    }
    boundaries = [
        {"id": bid, "name": bname, "kind": "service", "size": len(mods), "loc": 100,
         "modules": mods, "interface": mods[:1], "stability": 0.9,
         "extraction_order": order,
         "metrics": {"size": 2, "internal_imports": 1, "external_imports": 1,
                     "icp_imports": 0.5, "icp_cochange": 0.25, "cohesion": 0.5, "rei": None},
         "hotspots": [path] if bid == "b01" else [],
         "owners": [{"author": author, "share": 0.75}]}
        for order, (bid, (bname, mods)) in enumerate(services.items(), 1)
    ]
    boundaries.append({"id": "kernel", "name": "shared kernel", "kind": "kernel", "size": 1,
                       "loc": 10, "modules": ["app.core"], "interface": ["app.core"],
                       "stability": 1.0, "extraction_order": None, "metrics": {},
                       "hotspots": [], "owners": []})
    cut_in = {"importer": "app.billing.api", "imported": module, "path": "app/billing/api.py",
              "lines": [3]}
    cut_out = {"importer": module, "imported": "app.billing.model", "path": path,
               "lines": [5, 9]}
    return {
        "schema_version": "1.2", "tool": {"name": "faultline", "version": "0.1.0"},
        "generated_at": "2025-03-04T05:06:07+00:00",
        "repo": {"path": "/src/shop", "head": "0123456789abcdef", "branch": "main"},
        "packages": ["app"],
        "summary": {"modules": 5, "imports": 4},
        "history": {"read": True, "commits_used": 12, "first": "2024-01-01T00:00:00+00:00",
                    "last": "2024-02-01T00:00:00+00:00"},
        "modules": [{"name": m, "confidence": 0.5 if m == module else 1.0}
                    for b in boundaries for m in b["modules"]],
        "hotspots": [{"path": path, "module": module, "revisions": 3, "complexity": 9,
                      "score": 0.5, "rank": 1}],
        "boundaries": boundaries,
        "cross_boundary": [
            {"source": "b01", "target": "b02", "imports": 1, "import_list": [cut_out],
             "cochange": 0.4, "hidden": [{"a": module, "b": "app.billing.model", "shared": 4,
                                          "degree": 0.6}]},
            {"source": "b02", "target": "b01", "imports": 1, "import_list": [cut_in],
             "cochange": 0.0, "hidden": []},
        ],
        "metrics": {"modularity": 0.42, "icp_imports": 0.3, "icp_cochange": 0.2,
                    "stability_runs": 6},
        "extraction_plan": [
            {"boundary": "b01", "order": 1, "cost": 1.4, "incoming_imports": 1,
             "outgoing_imports": 1, "cochange": 0.4, "incoming": [cut_in],
             "outgoing": [cut_out]},
            {"boundary": "b02", "order": 2, "cost": 1.4, "incoming_imports": 1,
             "outgoing_imports": 1, "cochange": 0.4, "incoming": [cut_out],
             "outgoing": [cut_in]},
        ],
    }


def _html(markdown: str) -> str:
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)  # front matter
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)


def _visible_text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


# -- escaping ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", EVIL)
def test_escaped_text_renders_as_itself_in_a_paragraph(text: str) -> None:
    rendered = _html(f"Name: {escape_md(text)}\n")
    flat = " ".join(text.split("\n"))

    assert rendered.count("<") == 2  # only the <p> and </p> of the paragraph
    assert _visible_text(rendered).strip() == f"Name: {flat}"


@pytest.mark.parametrize("text", EVIL)
def test_escaped_text_stays_in_its_list_item_and_table_cell(text: str) -> None:
    rendered = _html(f"* {escape_md(text)}\n\n| a | b |\n|---|---|\n| {escape_md(text)} | z |\n")

    assert not re.search(r"<(a|img|script|em|strong|del|h\d|hr)\b", rendered)
    assert rendered.count("<td>") == 2
    assert rendered.count("<li>") == 1


@pytest.mark.parametrize("text", [*EVIL, "``", "` `", "ends with `"])
def test_code_span_shows_any_backticks_literally(text: str) -> None:
    rendered = _html(code_span(text) + "\n")
    flat = " ".join(text.split("\n"))

    assert re.fullmatch(r"<p><code>.*</code></p>\n", rendered, re.S)
    assert html.unescape(rendered[len("<p><code>"):-len("</code></p>\n")]) == flat


def test_code_block_fence_is_longer_than_any_backtick_run_inside() -> None:
    body = "a = 1\n```\n# not a heading\n`````\n<script>x</script>\n"

    block = code_block(body, "toml")
    rendered = _html(block)

    assert block.startswith("``````toml\n")
    assert rendered.count("<pre>") == 1
    assert html.unescape(re.sub(r"^<pre><code[^>]*>|</code></pre>\n$", "", rendered)) == body


def test_toml_string_escapes_quotes_backslashes_and_line_breaks() -> None:
    value = 'a"b\\c\nd\te\x7f'

    assert tomllib.loads(f"x = {toml_string(value)}")["x"] == value


@pytest.mark.parametrize(("name", "slug"), [
    ("order-cart", "order-cart"),
    ("Café Orders", "cafe-orders"),
    ("<script>", "script"),
    ("../../etc/passwd", "etc-passwd"),
    ("日本", "boundary"),
])
def test_slugify_gives_a_safe_file_name_part(name: str, slug: str) -> None:
    assert slugify(name) == slug


# -- records ----------------------------------------------------------------------------------


def test_records_are_the_overview_then_one_per_service_in_extraction_order() -> None:
    records = render_records(_document())

    assert [r.slug for r in records] == [OVERVIEW_SLUG, "extract-orders", "extract-billing"]
    assert [r.title for r in records] == ["Decompose shop into 2 candidate services",
                                          "Extract orders", "Extract billing"]


def test_every_record_is_madr_with_status_proposed_and_the_analysis_date() -> None:
    for record in render_records(_document()):
        text = record.text
        assert text.startswith("---\nstatus: proposed\ndate: 2025-03-04\n\n---\n\n# ")
        assert "\n\n- Status: proposed\n- Date: 2025-03-04\n\n## " in text
        positions = [text.index(f"\n{heading}\n") for heading in SECTIONS]
        assert positions == sorted(positions)


def _log4brains_metadata(markdown: str) -> dict[str, str]:
    """What log4brains reads as a record's metadata (its MarkdownBody.getHeaderMetadata):
    markdown-it's default preset, no front-matter plugin; from the first block up to the
    first <h2>, the first <ul>; each item `Key: value`."""
    tokens = MarkdownIt("js-default").parse(markdown)
    found: dict[str, str] = {}
    in_list = False
    for token in tokens:
        if token.level == 0 and token.type == "heading_open" and token.tag == "h2":
            break
        if token.level == 0 and token.type == "bullet_list_open":
            if found or in_list:
                break
            in_list = True
        elif in_list and token.level == 0 and token.type == "bullet_list_close":
            break
        elif in_list and token.type == "inline":
            key, sep, value = token.content.partition(":")
            if sep:
                found.setdefault(key.strip().lower(), value.strip())
    return found


def test_log4brains_reads_the_status_and_date_of_every_record() -> None:
    for record in render_records(_document()):
        assert _log4brains_metadata(record.text) == {"status": "proposed",
                                                     "date": "2025-03-04"}, record.slug
    # Without the blank line, `date: ...` over the closing `---` is a setext <h2> for a
    # renderer that knows no front matter, and log4brains finds no list before it.
    old = "---\nstatus: proposed\ndate: 2025-03-04\n---\n\n# T\n\n- Status: proposed\n\n## C\n"
    assert _log4brains_metadata(old) == {}


def test_the_record_head_is_one_form_for_files_and_comments() -> None:
    head = record_head("Extract x", "2025-03-04")
    assert head[:6] == ["---", "status: proposed", "date: 2025-03-04", "", "---", ""]
    assert record_head("Extract x", "2025-03-04", front_matter=False) == head[6:]
    assert record_head("T", "not a date")[2] == "date: 1970-01-01"


def test_rendering_is_deterministic() -> None:
    assert render_records(_document()) == render_records(_document())


def test_imports_to_cut_are_one_line_per_importing_file() -> None:
    document = _document()
    step = document["extraction_plan"][0]
    step["incoming"] = [*step["incoming"], {
        "importer": "app.billing.api", "imported": "app.orders.models",
        "path": "app/billing/api.py", "lines": [7]}]
    text = render_records(document)[1].text
    cuts = text.split("### Imports to cut", 1)[1].split("###", 1)[0]
    assert ("* `app/billing/api.py`: `app.billing.api` imports `app.orders.views` (line 3), "
            "`app.orders.models` (line 7)") in cuts
    assert cuts.count("`app.billing.api` imports") == 1


def test_extract_record_lists_the_evidence() -> None:
    text = render_records(_document())[1].text

    assert "* `app/billing/api.py` line 3: `app.billing.api` imports `app.orders.views`" in text
    assert "* `app/orders/views.py` line 5, 9: `app.orders.views` imports " \
           "`app.billing.model`" in text
    assert "`app.orders.views` and `app.billing.model` (billing): 4 shared commits" in text
    assert "* `app/orders/views.py`: rank 1, score 0.50" in text
    assert "* Ada Example: 75 %" in text
    assert "* `app.orders.views`: 0.50" in text  # low-confidence module
    assert "faultline check --baseline <file>" in text


def test_extract_record_carries_a_valid_import_linter_contract() -> None:
    document = _document()
    text = render_records(document)[1].text
    block = re.search(r"^```toml\n(.*?)^```$", text, re.S | re.M)

    contracts = tomllib.loads(block.group(1))["tool"]["importlinter"]["contracts"]

    assert block.group(1) == boundary_contracts(document, "b01", "extract-orders")
    assert [(c["type"], sorted(c["source_modules"]), sorted(c["forbidden_modules"]))
            for c in contracts] == [
        ("forbidden", ["app.orders.model", "app.orders.views"],
         ["app.billing.api", "app.billing.model"]),
        ("forbidden", ["app.billing.api", "app.billing.model"],
         ["app.orders.model", "app.orders.views"]),
    ]
    assert all(c["allow_indirect_imports"] is True and c["as_packages"] is False
               for c in contracts)
    assert all("app.core" not in c["source_modules"] + c["forbidden_modules"]
               for c in contracts)


def test_overview_chooses_by_the_evidence() -> None:
    strong = _document()
    weak = copy.deepcopy(strong)
    weak["metrics"]["modularity"] = 0.1
    single = copy.deepcopy(strong)
    single["boundaries"] = [b for b in single["boundaries"] if b["id"] != "b02"]

    def chosen(document: dict[str, Any]) -> str:
        return re.search(r'Chosen option: "([^"]+)"', render_records(document)[0].text)[1]

    assert chosen(strong) == "Extract services in the planned order"
    assert chosen(weak) == "Modular monolith with enforced boundaries"
    assert chosen(single) == "Keep the monolith"


def test_no_service_boundaries_gives_the_overview_only() -> None:
    document = _document()
    document["boundaries"] = [b for b in document["boundaries"] if b["kind"] != "service"]

    records = render_records(document)

    assert [r.slug for r in records] == [OVERVIEW_SLUG]
    assert "# Decompose shop into 0 candidate services" in records[0].text


def test_a_bad_date_does_not_leak_into_the_front_matter() -> None:
    document = _document()
    document["generated_at"] = "yesterday\nstatus: accepted"

    text = render_records(document)[0].text

    assert text.startswith("---\nstatus: proposed\ndate: 1970-01-01\n\n---\n")
    assert "- Date: 1970-01-01\n" in text
    assert "status: accepted" not in text


@pytest.mark.parametrize("evil", EVIL)
def test_repository_text_cannot_inject_markup_into_any_record(evil: str) -> None:
    document = _document(module=f"app.{evil}", path=f"app/{evil}.py", author=evil, name=evil)
    document["repo"]["path"] = f"/src/{evil}"

    for record in render_records(document):
        rendered = _html(record.text)
        assert not re.search(r"<(a|img|script|em|strong|del|hr)\b", rendered), record.slug
        assert not re.search(r"<h\d>injected", rendered)
        flat = " ".join(evil.split("\n"))
        assert re.findall(r"<h1>(.*?)</h1>", rendered) == [
            html.escape(record.title, quote=True)]
        assert "\n" not in record.title
        assert flat in _visible_text(rendered)
        if record.slug != OVERVIEW_SLUG:
            block = re.search(r"^(`{3,})toml\n(.*?)^\1$", record.text, re.S | re.M)
            contracts = tomllib.loads(block[2])["tool"]["importlinter"]["contracts"]
            assert f"app.{evil}" in contracts[0]["source_modules"] + contracts[1][
                "source_modules"]


def test_the_overview_reports_the_backtest_when_the_analysis_has_one() -> None:
    document = _document()
    assert "Backtest:" not in render_records(document)[0].text
    document["validation"] = {
        "cutoff": {"date": "2024-11-30T10:00:00+00:00"},
        "partitions": {"proposal": {"share": 0.14, "counted": 122, "lift": 0.57},
                       "package_tree": {"share": 0.32, "lift": -0.11},
                       "apps": {"share": 0.18, "lift": -0.33}}}

    text = render_records(document)[0].text
    assert ("Backtest: proposed from the history up to 2024-11-30, 14 % of the 122 later "
            "changes would have crossed a service") in text
    assert "the package tree: 32 %" in text and "the declared apps: 18 %" in text


# -- package wildcards, left-out files, long contracts -----------------------------------------


def _packaged() -> dict[str, Any]:
    """Orders lie wholly in the package app.orders; billing shares app.billing with nobody."""
    document = _document()
    orders = ["app.orders", "app.orders.views", "app.orders.model", "app.orders.legacy"]
    document["boundaries"][0]["modules"] = orders
    document["boundaries"][1]["modules"] = ["app.billing.api", "app.billing.ledger"]
    packages = {"app.orders", "app.orders.legacy"}
    document["modules"] = [{"name": m, "is_package": m in packages, "confidence": 1.0}
                           for b in document["boundaries"] for m in b["modules"]]
    return document


def _contracts(text: str) -> list[dict[str, Any]]:
    block = re.search(r"^(`{3,})toml\n(.*?)^\1$", text, re.S | re.M)
    return tomllib.loads(block[2])["tool"]["importlinter"]["contracts"]


def test_a_package_wholly_in_one_boundary_is_named_once() -> None:
    text = render_records(_packaged())[1].text
    out, into = _contracts(text)

    assert out["source_modules"] == ["app.orders", "app.orders.**"]
    assert out["forbidden_modules"] == ["app.billing.api", "app.billing.ledger"]
    assert into["source_modules"] == out["forbidden_modules"]
    assert into["forbidden_modules"] == out["source_modules"]
    assert out["as_packages"] is False and "ignore_imports" not in out
    assert "* `app.orders` and everything below it (4 modules)" in text
    billing = render_records(_packaged())[2].text
    assert "* `app.billing`: `api`, `ledger`" in billing  # grouped by the package holding them


def test_left_out_files_below_a_whole_package_are_ignored_both_ways() -> None:
    left_out = {"app.orders.tests", "app.orders.tests.test_views", "app.orders.test_model",
                "app.orders.legacy.model", "app.billing.tests"}  # the last: no wildcard there

    out, into = _contracts(render_records(_packaged(), left_out)[1].text)

    assert out["ignore_imports"] == into["ignore_imports"] == [
        "**.test_model -> **", "**.tests -> **", "**.tests.** -> **",
        "app.orders.legacy.model -> **",  # `model` also names a module below app.orders
        "** -> **.test_model", "** -> **.tests", "** -> **.tests.**",
        "** -> app.orders.legacy.model"]
    assert out["unmatched_ignore_imports_alerting"] == "none"


def test_contracts_too_long_for_the_record_are_printed_on_demand(monkeypatch) -> None:
    document = _packaged()
    monkeypatch.setattr(extract, "INLINE_LINES", 5)

    text = render_records(document)[1].text

    assert "```toml" not in text
    assert "`faultline adr --from <analysis.json> --contracts extract-orders` prints them" in text
    assert render_contracts(document, "extract-orders") == boundary_contracts(
        document, "b01", "extract-orders")
    with pytest.raises(KeyError, match="extract-billing"):
        render_contracts(document, "extract-nothing")
