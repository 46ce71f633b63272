"""The pull-request comment's co-change partners: analysed code only, capped, by boundary."""

from __future__ import annotations

from analyzer.review.comment import _cochange as render
from analyzer.review.diff import PARTNERS_PER_FILE, _cochange


def _base() -> dict:
    modules = [{"path": f"shop/m{i}.py", "boundary": "b01" if i < 4 else "b02"}
               for i in range(8)]
    coupling = [{"a": "shop/m0.py", "b": f"shop/m{i}.py", "shared": 10 - i,
                 "revisions_a": 10, "revisions_b": 10} for i in range(1, 8)]
    coupling += [{"a": "locale/de/LC_MESSAGES/django.po", "b": "shop/m0.py", "shared": 10,
                  "revisions_a": 10, "revisions_b": 10}]
    return {"modules": modules, "coupling": coupling}


def test_partners_are_analysed_files_capped_per_touched_file() -> None:
    found = _cochange(_base(), ["shop/m0.py"], min_share=0.3)

    assert [f["other"] for f in found] == ["shop/m1.py", "shop/m2.py", "shop/m3.py"]
    assert len(found) == PARTNERS_PER_FILE
    assert {f["boundary"] for f in found} == {"b01"}


def test_a_translation_catalog_is_never_a_partner() -> None:
    found = _cochange(_base(), ["shop/m0.py"], min_share=0.0)
    assert all(f["other"].endswith(".py") for f in found)


def test_partners_are_grouped_by_boundary() -> None:
    items = [{"touched": "a.py", "other": "b.py", "share": 0.9, "shared": 9, "revisions": 10,
              "boundary": "b02"},
             {"touched": "a.py", "other": "c.py", "share": 0.5, "shared": 5, "revisions": 10,
              "boundary": "b01"}]
    lines = render(items, "", {"b01": "orders", "b02": "billing"})
    assert lines[2] == "- in b02 billing:"
    assert lines[3].startswith(r"  - b\.py changed in 90 %")
    assert lines[4] == "- in b01 orders:"
