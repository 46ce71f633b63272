"""The pull-request comment's decision record: drafted only for boundaries that did not depend
on each other, in that direction, in the base analysis."""

from __future__ import annotations

from analyzer.decisions.draft import base_dependencies, draft_title, render_draft


def _import(importer: str, imported: str, source: str, target: str) -> dict:
    return {"importer": importer, "imported": imported, "path": importer.replace(".", "/") + ".py",
            "lines": [7], "source": source, "target": target}


def _crossing(source: str, target: str, imports: int, cochange: float = 0.0) -> dict:
    """A `cross_boundary` entry as `to_document` writes it."""
    listed = [{"importer": f"{source}.m{i}", "imported": f"{target}.m{i}",
               "path": f"{source}/m{i}.py", "lines": [1]} for i in range(imports)]
    return {"source": source, "target": target, "imports": imports, "import_list": listed,
            "cochange": cochange, "hidden": []}


#: The base: b05 imports b02 fourteen times, b02 only changes with b01, b01 imports the kernel.
BASE = {"cross_boundary": [_crossing("b05", "b02", 14), _crossing("b02", "b01", 0, 2.5),
                           _crossing("b01", "kernel", 3)]}
NAMES = {"b01": "shuup-core", "b02": "shuup-core2", "b05": "notify"}


def _findings(*items: dict) -> dict:
    return {"boundaries": NAMES, "new_imports": list(items)}


def test_the_base_dependencies_are_the_pairs_with_imports() -> None:
    assert base_dependencies(BASE) == {("b05", "b02"), ("b01", "kernel")}
    assert base_dependencies({}) == set()


def test_an_import_along_a_dependency_of_the_base_gets_no_draft() -> None:
    findings = _findings(_import("notify.admin", "core.models", "b05", "b02"))

    assert render_draft(findings, "2025-01-02", base_dependencies(BASE)) == ""
    assert draft_title(findings, base_dependencies(BASE)) == ""


def test_the_draft_and_its_claim_are_for_the_newly_joined_pairs_only() -> None:
    findings = _findings(_import("notify.admin", "core.models", "b05", "b02"),
                         _import("core.views", "core2.models", "b02", "b01"),
                         _import("core2.api", "notify.sender", "b02", "b05"))
    draft = render_draft(findings, "2025-01-02", base_dependencies(BASE))

    # b02 -> b01 only changed together (no import), b02 -> b05 is the other direction
    assert draft.splitlines()[0] == r"# shuup\-core2 depends on shuup\-core; shuup\-core2 " \
                                    r"depends on notify"
    assert "`core.views` imports `core2.models`" in draft
    assert "`core2.api` imports `notify.sender`" in draft
    assert "notify.admin" not in draft
    assert "can no longer be extracted without this dependency" in draft
