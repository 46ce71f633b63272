"""The pull-request comment: text from the analysed repository stays plain text."""

from __future__ import annotations

import json

import pytest
from markdown_it import MarkdownIt

from analyzer.decisions.draft import draft_title, render_draft
from analyzer.decisions.prose import record_head
from analyzer.output.markdown import escape_md
from analyzer.review.comment import MARKER, to_markdown, to_sarif
from analyzer.review.crossing import UNASSIGNED, extend_assignment
from analyzer.review.diff import parse_rules, violations

EVIL = [
    "shop/`tick`.py",
    "shop/[click](https://evil.example).py",
    "shop/<script>alert(1)</script>.py",
    "shop/x](javascript:alert(1)).py",
    "shop/**bold** _em_ # h | t.py",
    "shop/www.evil.example/a@b.example.py",
    "shop/line\nbreak <img src=x onerror=alert(1)>.py",
]


def _findings(name: str) -> dict:
    item = {"importer": name, "imported": name, "path": name, "lines": [3],
            "source": "b01", "target": "b02"}
    return {
        "touched_files": [name],
        "touched_modules": [{"module": name, "path": name, "boundary": "b01",
                             "state": "changed"}],
        "boundaries": {"b01": name, "b02": f"{name}2"},
        "new_imports": [item],
        "removed_imports": [item],
        "unassigned": [name],
        "new_cycles": [{"boundaries": ["b01", "b02"], "new_dependencies": [[name, name]]}],
        "metrics": {},
        "hotspots": [{"path": name, "module": name, "rank": 1, "revisions": 9,
                      "complexity": 12.0, "score": 0.5}],
        "cochange": [{"touched": name, "other": name, "shared": 4, "revisions": 5,
                      "share": 0.8}],
        "adrs": [{"path": name, "title": name, "mentions": [name]}],
    }


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(token.children or [])


@pytest.mark.parametrize("name", EVIL)
def test_names_from_the_repository_render_as_plain_text(name: str) -> None:
    findings = _findings(name)
    markdown = to_markdown(findings, {"base": "a" * 40, "head": "b" * 40},
                           draft=render_draft(findings, "2025-01-02"))
    tokens = list(_walk(MarkdownIt("commonmark").parse(markdown)))

    assert markdown.splitlines()[0] == MARKER
    html = [t.content for t in tokens if t.type in ("html_inline", "html_block")]
    assert all(t.startswith((MARKER, "<details>", "</details>")) for t in html), html
    assert not any("script" in t or "img" in t for t in html)
    links = [t.attrs["href"] for t in tokens if t.type == "link_open"]
    assert len(links) == 1  # only the ADR link, and it points at the percent-encoded path
    assert not links[0].lower().startswith(("javascript:", "http", "//"))
    assert ":" not in links[0] and "(" not in links[0] and ")" not in links[0]
    text = "".join(t.content for t in tokens if t.type == "text")
    assert name.replace("\n", " ") in text
    assert not any(t.type in ("em_open", "image") for t in tokens)


def test_link_base_is_put_before_the_encoded_path() -> None:
    findings = _findings("shop/a.py")
    findings["adrs"] = [{"path": "docs/adr/0001 extract (x).md", "title": "Extract",
                         "mentions": ["shop.a"]}]
    markdown = to_markdown(findings, {"base": "a" * 40, "head": "b" * 40},
                           link_base="https://github.com/o/r/blob/abc/")

    assert "(https://github.com/o/r/blob/abc/docs/adr/0001%20extract%20%28x%29.md)" in markdown


def test_sarif_carries_file_and_line_and_prefix() -> None:
    sarif = json.loads(to_sarif(_findings("shop/a.py"), prefix="svc/"))

    assert sarif["version"] == "2.1.0"
    [result] = [r for r in sarif["runs"][0]["results"]
                if r["ruleId"] == "new-cross-boundary-import"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "svc/shop/a.py"
    assert location["region"]["startLine"] == 3


def test_rules_parse_and_count() -> None:
    findings = _findings("shop/a.py")

    assert parse_rules(" new-cycle, new-cross-boundary-import ") == (
        "new-cross-boundary-import", "new-cycle")
    assert parse_rules(None) == ()
    assert violations(findings, ["new-cycle"]) == {"new-cycle": 1}
    with pytest.raises(ValueError, match="unknown rule 'nope'"):
        parse_rules("new-cycle,nope")


def test_new_modules_join_the_boundary_they_import_most() -> None:
    assignment = {"a1": "b01", "a2": "b01", "c1": "b02", "k": "kernel"}
    modules = ["a1", "a2", "c1", "k", "new", "newer", "lonely", "kernel_user"]
    imports = [("new", "a1"), ("new", "a2"), ("new", "c1"), ("newer", "new"),
               ("kernel_user", "k")]

    result = extend_assignment(assignment, modules, imports)

    assert result["new"] == "b01"
    assert result["newer"] == "b01"  # placed through the new module it imports
    assert result["lonely"] == UNASSIGNED
    assert result["kernel_user"] == UNASSIGNED  # the kernel does not attract modules


def test_the_draft_is_shown_rendered_and_begins_like_the_adr_records() -> None:
    findings = _findings("shop/carrier_shipment/views.py")
    findings["boundaries"] = {"b01": "carrier-shipment", "b02": "payment-ledger"}
    draft = render_draft(findings, "2025-01-02")
    markdown = to_markdown(findings, {"base": "a" * 40, "head": "b" * 40}, draft=draft)
    tokens = list(_walk(MarkdownIt("commonmark").parse(markdown)))

    assert not any(t.type in ("fence", "code_block") for t in tokens)  # rendered, not code
    headings = ["".join(c.content for c in tokens[i + 1].children if c.type == "text")
                for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"]
    assert headings == ["carrier-shipment depends on payment-ledger"]  # no backslash shows
    assert draft.splitlines()[:5] == record_head(
        escape_md(draft_title(findings)), "2025-01-02", front_matter=False)[:5]
    assert "- Status: proposed\n- Date: 2025-01-02\n" in draft  # as `faultline adr` writes
    assert markdown.index("<details>") < markdown.index(draft.splitlines()[0])
    assert "## Context and Problem Statement" in draft and "### Consequences" in draft
    assert render_draft({**findings, "new_imports": []}, "2025-01-02") == ""
    plain = to_markdown(findings, {"base": "a" * 40, "head": "b" * 40})
    assert "<details>" not in plain  # no draft given, none shown
