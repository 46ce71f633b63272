"""The scan cache: unchanged files are not scanned again, and the graph never differs."""

from __future__ import annotations

from pathlib import Path

import pytest

import analyzer.code.imports as imports
from analyzer.code.discover import discover
from analyzer.code.imports import build_import_graph
from analyzer.settings import Settings
from tests.conftest import MakeRepo

FILES = {
    "shop/__init__.py": "",
    "shop/models.py": "from shop import utils\n\nclass Order:\n    pass\n",
    "shop/utils.py": "import os\n\nPATH = 'shop.models.Order'\n",
    "shop/views.py": "from shop.models import Order\nfrom . import utils\n",
    "shop/urls.py": "from django.urls import include\n\nurls = [include('shop.views')]\n",
    "billing/__init__.py": "",
    "billing/invoice.py": "from shop.models import Order\n",
}


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many files grimp scanned and how many had their string references sought."""
    seen = {"scanned": 0, "referenced": 0}
    scan, refer = imports._scan, imports.find_references

    def counting_scan(module_files, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen["scanned"] += len(module_files)
        return scan(module_files, *args, **kwargs)

    def counting_refer(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen["referenced"] += 1
        return refer(*args, **kwargs)

    monkeypatch.setattr(imports, "_scan", counting_scan)
    monkeypatch.setattr(imports, "find_references", counting_refer)
    return seen


def _graph(root: Path, cache: bool = True):  # type: ignore[no-untyped-def]
    return build_import_graph(discover(root, Settings()), cache=cache)


def test_a_second_analysis_scans_nothing_and_finds_the_same(
        make_repo: MakeRepo, counted: dict[str, int], faultline_cache_dir: Path) -> None:
    root = make_repo(FILES)
    fresh = _graph(root, cache=False)
    assert counted == {"scanned": 7, "referenced": 7}
    assert not (faultline_cache_dir / "scan").exists()  # cache=False writes nothing
    assert _graph(root) == fresh
    assert _graph(root) == fresh
    assert counted == {"scanned": 14, "referenced": 14}  # the first cached run scanned all
    assert list((faultline_cache_dir / "scan").iterdir())
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file()) == sorted(FILES)  # nothing written into the repository


def test_an_edited_file_is_scanned_again_alone(
        make_repo: MakeRepo, counted: dict[str, int]) -> None:
    root = make_repo(FILES)
    _graph(root)
    (root / "billing/invoice.py").write_text(
        "from shop.models import Order\nfrom shop import utils\nX = 'shop.urls'\n")
    before = dict(counted)
    graph = _graph(root)
    assert counted["scanned"] - before["scanned"] == 1
    assert counted["referenced"] - before["referenced"] == 1
    assert graph == _graph(root, cache=False)
    assert ("billing.invoice", "shop.utils") in {(e.importer, e.imported) for e in graph.imports}
    assert ("billing.invoice", "shop.urls") in {(d.importer, d.imported)
                                                for d in graph.dependencies}


def test_a_new_module_means_a_full_scan(make_repo: MakeRepo, counted: dict[str, int]) -> None:
    root = make_repo(FILES)
    _graph(root)
    # `from shop import api` named an attribute of shop; now it names a module
    (root / "billing/invoice.py").write_text("from shop import api\n")
    _graph(root)
    (root / "shop/api.py").write_text("")
    before = counted["scanned"]
    graph = _graph(root)
    assert counted["scanned"] - before == 8
    assert graph == _graph(root, cache=False)
    assert ("billing.invoice", "shop.api") in {(e.importer, e.imported) for e in graph.imports}


def test_a_syntax_error_elsewhere_is_not_answered_from_stored_rows(
        make_repo: MakeRepo, counted: dict[str, int]) -> None:
    root = make_repo(FILES)
    _graph(root)
    (root / "shop/utils.py").write_text("def broken(:\n")
    graph = _graph(root)
    assert graph == _graph(root, cache=False)
    assert [w.code for w in graph.warnings] == ["syntax-error"]
    assert "shop.utils" not in {m.name for m in graph.modules}


def test_a_damaged_cache_is_a_miss(make_repo: MakeRepo, counted: dict[str, int],
                                   faultline_cache_dir: Path) -> None:
    root = make_repo(FILES)
    fresh = _graph(root)
    for entry in (faultline_cache_dir / "scan").iterdir():
        entry.write_bytes(entry.read_bytes()[:-7] + b"garbage")
    before = counted["scanned"]
    assert _graph(root) == fresh
    assert counted["scanned"] - before == 7


def test_a_cache_folder_inside_the_repository_is_not_used(
        make_repo: MakeRepo, counted: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(FILES)
    monkeypatch.setenv("FAULTLINE_CACHE_DIR", str(root / ".cache"))
    _graph(root)
    assert not (root / ".cache").exists()


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose lines of code were counted (not taken from the cache)."""
    import analyzer.code.reading as reading

    seen: list[str] = []
    count = reading.count_loc

    def counting(data: bytes) -> int:
        seen.append(data.decode())
        return count(data)

    monkeypatch.setattr(reading, "count_loc", counting)
    return seen


def test_measures_of_unchanged_files_come_from_the_cache_and_an_edit_is_measured_again(
        make_repo: MakeRepo, measured: list[str]) -> None:
    root = make_repo(FILES)
    first = _graph(root)
    assert len(measured) == 7
    assert _graph(root) == first and len(measured) == 7  # nothing counted again
    edited = "from shop.models import Order\n\n\ndef total():\n    if Order:\n        return 1\n"
    (root / "billing/invoice.py").write_text(edited)
    graph = _graph(root)
    assert measured[7:] == [edited]
    invoice = next(m for m in graph.modules if m.name == "billing.invoice")
    assert (invoice.loc, invoice.complexity) == (4, 3.0)
    assert graph == _graph(root, cache=False)


def test_a_damaged_measures_entry_is_a_miss(
        make_repo: MakeRepo, measured: list[str], faultline_cache_dir: Path) -> None:
    root = make_repo(FILES)
    first = _graph(root)
    for entry in (faultline_cache_dir / "scan").iterdir():
        entry.write_bytes(entry.read_bytes()[:-3] + b"xyz")
    assert _graph(root) == first
    assert len(measured) == 14


def test_import_counts_for_the_layout_are_read_again_only_for_changed_files(
        make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    import analyzer.code.layout as layout

    read: list[str] = []
    heads_of = layout._heads_of

    def counting(data: bytes) -> tuple[tuple[str, int], ...]:
        read.append(data.decode())
        return heads_of(data)

    monkeypatch.setattr(layout, "_heads_of", counting)
    root = make_repo(FILES)
    fresh = layout.import_heads(root, Settings())
    assert len(read) == 7
    assert layout.import_heads(root, Settings(), cache=True) == fresh  # fills the cache
    assert layout.import_heads(root, Settings(), cache=True) == fresh
    assert len(read) == 14
    (root / "billing/invoice.py").write_text("import shop\nfrom billing import invoice\n")
    again = layout.import_heads(root, Settings(), cache=True)
    assert len(read) == 15
    assert again == layout.import_heads(root, Settings())
    assert again["billing"] == 1 and again["shop"] == fresh["shop"]
