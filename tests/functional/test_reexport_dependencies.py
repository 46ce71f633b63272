"""A package that passes its modules' names on: the code that uses them depends on the
modules that define them, so a single-app project is cut by what it is about, not by layer."""

from __future__ import annotations

import json

from analyzer import analyze
from analyzer.boundaries.decomposition import signals_of
from analyzer.output.document import to_document
from analyzer.pipeline import boundary_options
from analyzer.settings import Settings
from tests.conftest import MakeRepo

# One app laid out by layer, as many Django projects are: models/ and views/ packages whose
# modules are about books or about members, and an __init__ that gathers the models.
FILES = {
    "app/__init__.py": "",
    "app/models/__init__.py": ("from .base import Base\nfrom .book import Book, Shelf\n"
                               "from .member import Member, Card\n"),
    "app/models/base.py": "class Base:\n    pass\n",
    "app/models/book.py": "from .base import Base\n\nclass Book(Base): ...\nclass Shelf: ...\n",
    "app/models/member.py": "from .base import Base\n\nclass Member(Base): ...\nclass Card: ...\n",
    "app/views/__init__.py": "",
    "app/views/books.py": ("from app import models\n\ndef show():\n"
                           "    return models.Book, models.Shelf\n"),
    "app/views/shelves.py": "from app.models import Shelf\n",
    "app/views/members.py": "from .. import models as m\n\n\ndef show():\n    return m.Card\n",
}


def test_names_taken_through_the_package_are_dependencies_on_their_modules(
        make_repo: MakeRepo) -> None:
    document = to_document(analyze(make_repo(FILES), overrides={"history": False}))
    found = {(d["importer"], d["imported"]): d["lines"] for d in document["dependencies"]
             if d["kind"] == "re-export"}
    assert found == {("app.views.books", "app.models.book"): [1],
                     ("app.views.shelves", "app.models.book"): [1],
                     ("app.views.members", "app.models.member"): [1]}
    assert document["summary"]["dependencies"]["re-export"] == 3
    # the import graph itself is what the import lines say
    assert {(e["importer"], e["imported"]) for e in document["imports"]
            if e["importer"] == "app.views.books"} == {("app.views.books", "app.models")}


def test_their_weight_is_a_setting(make_repo: MakeRepo) -> None:
    repo = make_repo({**FILES, "pyproject.toml": "[tool.faultline]\nreexport-weight = 0\n"})
    analysis = analyze(repo, overrides={"history": False})
    document = json.loads(json.dumps(to_document(analysis)))
    assert document["settings"]["reexport_weight"] == 0
    off = signals_of(analysis.graph, None, boundary_options(
        Settings().updated(reexport_weight=0.0)))
    assert not [(a, b) for a, b, _w in off.links if a.startswith("app.views")
                and b.startswith("app.models.")]
    weighted = signals_of(analysis.graph, None, boundary_options(Settings()))
    assert ("app.views.books", "app.models.book", 1.0) in weighted.links
