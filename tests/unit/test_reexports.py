"""Names a package passes on, traced to the module that defines them (pure functions)."""

from __future__ import annotations

from analyzer.code.reexports import exported_names, reexport_dependencies, reexport_uses

KNOWN = {"shop", "shop.models", "shop.models.book", "shop.models.user", "shop.models.base",
         "shop.views", "shop.views.books", "shop.forms", "shop.utils"}

MODELS_INIT = """\"\"\"All the models.\"\"\"
from .book import Book, Edition as Printing
from .user import (
    User,
    KeyPair,
)
from shop.models.base import BaseModel
from . import base
from django.db import models as dj
from .missing import Ghost
KeyPair = None  # bound again below the import: no longer the user module's
"""


def test_a_package_init_names_the_module_each_of_its_names_comes_from() -> None:
    assert exported_names("shop.models", MODELS_INIT, KNOWN) == {
        "Book": "shop.models.book", "Printing": "shop.models.book",
        "User": "shop.models.user", "BaseModel": "shop.models.base"}


def test_an_init_that_does_not_parse_passes_nothing_on() -> None:
    assert exported_names("shop.models", "from .book import (Book\n", KNOWN) == {}


EXPORTS = exported_names("shop.models", MODELS_INIT, KNOWN)


def test_names_imported_from_the_package_and_used_through_it_are_traced() -> None:
    source = ("from shop import forms, models\n"          # line 1: the package as a name
              "from shop.models import User\n"            # line 2: a name from it
              "\n"
              "def show(pk):\n"
              "    return models.Book.objects.get(pk=pk), User, forms.x, not_models.BaseModel\n")
    found = reexport_uses("shop.views.books", False, source, [1, 2], "shop.models", EXPORTS)
    assert found == {"shop.models.book": {1}, "shop.models.user": {2}}


def test_relative_and_aliased_imports_of_the_package_are_traced() -> None:
    relative = "from .. import models as m\n\nx = m.Printing\n"
    assert reexport_uses("shop.views.books", False, relative, [1], "shop.models", EXPORTS) == {
        "shop.models.book": {1}}
    dotted = "import shop.models\n\nx = shop.models.BaseModel\n"
    assert reexport_uses("shop.forms", False, dotted, [1], "shop.models", EXPORTS) == {
        "shop.models.base": {1}}
    multiline = "from shop.models import (\n    Book,\n    User,\n)\n"
    assert reexport_uses("shop.forms", False, multiline, [1], "shop.models", EXPORTS) == {
        "shop.models.book": {1}, "shop.models.user": {1}}


def test_an_import_line_that_is_not_there_or_not_an_import_is_passed_over() -> None:
    assert reexport_uses("shop.forms", False, "x = 1\n", [1, 7], "shop.models", EXPORTS) == {}


def test_dependencies_go_from_each_importer_to_the_defining_modules() -> None:
    texts = {name: "" for name in KNOWN}
    texts["shop.models"] = MODELS_INIT
    texts["shop.views.books"] = "from shop import models\nmodels.Book\nmodels.User\n"
    texts["shop.models.user"] = "from shop.models import BaseModel\n"  # a module of its own
    imports = [("shop.views.books", "shop.models", (1,)),
               ("shop.models.user", "shop.models", (1,)),
               ("shop.forms", "shop.utils", (1,))]  # not a package: nothing to trace
    found = reexport_dependencies(texts, {"shop", "shop.models", "shop.views"}, imports)
    assert found == {("shop.views.books", "shop.models.book"): {1},
                     ("shop.views.books", "shop.models.user"): {1},
                     ("shop.models.user", "shop.models.base"): {1}}
