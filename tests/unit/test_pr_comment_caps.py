"""The pull-request comment on big ranges: the modules of a boundary are capped like the other
lists, and the fixed groups (the shared kernel, the isolated modules) are named once."""

from __future__ import annotations

import json

from analyzer.review.comment import to_markdown, to_sarif

CONTEXT = {"base": "a" * 40, "head": "b" * 40}


def _findings(modules: list[tuple[str, str]], names: dict[str, str]) -> dict:
    """Findings of a change touching `modules` ((module, boundary) pairs) and nothing else."""
    return {
        "touched_files": [f"{m.replace('.', '/')}.py" for m, _ in modules],
        "touched_modules": [{"module": m, "path": f"{m.replace('.', '/')}.py", "boundary": b,
                             "state": "changed"} for m, b in sorted(modules)],
        "boundaries": names, "new_imports": [], "removed_imports": [], "unassigned": [],
        "new_cycles": [], "metrics": {}, "hotspots": [], "cochange": [], "adrs": [],
    }


def _section(markdown: str, title: str) -> list[str]:
    """The bullets of one section, with the Markdown escapes taken out again."""
    lines = [line.replace("\\", "") for line in markdown.splitlines()]
    start = lines.index(f"### {title}") + 2
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("- ")),
               len(lines))
    return lines[start:end]


def test_the_modules_of_one_boundary_are_capped() -> None:
    modules = [(f"shop.m{n:02d}", "b01") for n in range(43)] + [("shop.core.clock", "kernel")]
    markdown = to_markdown(_findings(modules, {"b01": "order-cart", "kernel": "shared kernel"}),
                           CONTEXT)
    [bullet, kernel] = _section(markdown, "Boundaries touched")

    assert bullet == ("- **b01 order-cart**: " + ", ".join(f"shop.m{n:02d}" for n in range(10))
                      + " and 33 more (see the JSON output)")
    assert kernel == "- **shared kernel**: shop.core.clock"
    assert max(len(line) for line in markdown.splitlines()) < 300


def test_a_small_change_lists_every_module_as_before() -> None:
    modules = [(f"shop.m{n}", "b01") for n in range(10)]
    findings = _findings(modules, {"b01": "order-cart"})
    findings["touched_modules"][0]["state"] = "added"
    markdown = to_markdown(findings, CONTEXT)

    assert _section(markdown, "Boundaries touched") == [
        "- **b01 order-cart**: shop.m0 (added), " + ", ".join(f"shop.m{n}" for n in range(1, 10))]
    assert "more" not in markdown


def test_the_kernel_and_the_isolated_group_are_named_once_everywhere() -> None:
    names = {"b01": "order-cart", "kernel": "shared kernel", "isolated": "no ties"}
    findings = _findings([("shop.a", "b01"), ("shop.core.clock", "kernel"),
                          ("shop.lonely", "isolated")], names)
    item = {"importer": "shop.core.clock", "imported": "shop.a", "path": "shop/core/clock.py",
            "lines": [3], "source": "kernel", "target": "b01"}
    findings["new_imports"] = [item]
    findings["new_cycles"] = [{"boundaries": ["b01", "kernel"],
                               "new_dependencies": [["kernel", "b01"]]}]
    findings["cochange"] = [{"touched": "shop/a.py", "other": "shop/core/clock.py", "shared": 4,
                             "revisions": 5, "share": 0.8, "boundary": "kernel"}]
    markdown = to_markdown(findings, CONTEXT).replace("\\", "")
    sarif = to_sarif(findings)

    assert "**shared kernel**: shop.core.clock" in markdown
    assert "**isolated (no ties)**: shop.lonely" in markdown
    assert "(**shared kernel**) imports shop.a (**b01 order-cart**)" in markdown
    assert "- b01 order-cart, shared kernel (new: kernel -> b01)" in markdown
    assert "- in shared kernel:" in markdown
    assert "kernel shared kernel" not in markdown and "isolated no ties" not in markdown
    texts = [r["message"]["text"] for r in json.loads(sarif)["runs"][0]["results"]]
    assert "shop.core.clock (shared kernel) now imports shop.a (b01 order-cart)" in texts[0]
    assert not any("kernel shared kernel" in text for text in texts)


def test_the_comment_says_whose_boundaries_it_names() -> None:
    markdown = to_markdown(_findings([("shop.cart", "b01")], {"b01": "order-cart"}), CONTEXT)
    first = next(line for line in markdown.splitlines() if line.startswith("Compared "))
    assert "1 file and 1 module changed" in first
    assert "Boundaries are those proposed at the merge base" in first
