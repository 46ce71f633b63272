"""`faultline pr` on branches of the Django sample: new modules keep to their app or package,
and the decision record is drafted only for boundaries the change newly joins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import sample_repos
from analyzer.cli.main import cli
from analyzer.output.document import to_document
from analyzer.pipeline import analyze
from tests.conftest import git, write_files

#: A new app: `access` uses the reviews app twice, `query` the catalogue once, `validation`
#: and the package itself import nothing of the project.
NEW_APP = {
    "src/retrieval/__init__.py": '"""Retrieval app."""\n',
    "src/retrieval/access.py": (
        "import retrieval.query\nimport retrieval.validation\nimport reviews.models\n"
        "import reviews.services\n"),
    "src/retrieval/query.py": "import catalogue.search\n",
    "src/retrieval/validation.py": "LIMIT = 3\n",
}
#: A new module of the reviews app that imports only the catalogue.
NEW_IN_APP = {"src/reviews/similar.py": "import catalogue.models\nimport catalogue.search\n"}


def _branch(repo: Path, name: str, files: dict[str, str], appended: dict[str, str],
            day: int) -> None:
    """A branch off main with one commit: `files` written, `appended` lines added at the end."""
    git(repo, "checkout", "-q", "-b", name, "main")
    write_files(repo, files)
    for path, line in appended.items():
        with (repo / path).open("a", encoding="utf-8") as handle:
            handle.write(f"\n{line}\n")
    date = f"2027-02-{day:02d}T10:00:00+00:00"
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"Change on {name}",
        GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    git(repo, "checkout", "-q", "main")


@pytest.fixture(scope="module")
def django(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The Django sample with its base analysis and three branches."""
    repo = tmp_path_factory.mktemp("prdj") / "dj"
    sample_repos.build("django", repo, seed=0)
    document = to_document(analyze(repo))
    _branch(repo, "new-app", {**NEW_APP, **NEW_IN_APP}, {}, day=1)
    # orders.views already imports the catalogue: one more such import joins nothing new
    _branch(repo, "along", {}, {"src/orders/views.py": "import catalogue.pricing"}, day=2)
    _branch(repo, "both", {}, {"src/orders/views.py": "import catalogue.pricing",
                               "src/core/views.py": "import reviews.models"}, day=3)
    return {"repo": repo, "document": document,
            "where": {m["name"]: m["boundary"] for m in document["modules"]},
            "names": {b["id"]: b["name"] for b in document["boundaries"]},
            "depends": {(c["source"], c["target"]) for c in document["cross_boundary"]
                        if c["imports"]}}


def _pr(repo: Path, head: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-q", "pr", str(repo), "--base", "main", "--head", head,
                                      *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_sample_is_as_the_branches_assume(django) -> None:
    where, depends = django["where"], django["depends"]
    reviews, catalogue = where["reviews.models"], where["catalogue.search"]
    assert {where[m] for m in where if m.split(".")[0] == "reviews"} == {reviews}
    assert reviews != catalogue and where["catalogue.models"] == catalogue
    assert (where["orders.views"], where["catalogue.pricing"]) in depends
    assert (where["core.views"], reviews) not in depends


def test_a_new_app_is_one_boundary_and_a_new_module_stays_in_its_app(django) -> None:
    code, out, err = _pr(django["repo"], "new-app", "--format", "json")
    found = json.loads(out)["findings"]
    where = django["where"]
    reviews, catalogue = where["reviews.models"], where["catalogue.search"]

    assert code == 0, err
    placed = {m["module"]: m["boundary"] for m in found["touched_modules"]}
    assert placed == {"retrieval": reviews, "retrieval.access": reviews,
                      "retrieval.query": reviews, "retrieval.validation": reviews,
                      "reviews.similar": reviews}
    assert found["unassigned"] == []
    # no import between two modules of the new app crosses; the ones into the catalogue do
    assert sorted((i["importer"], i["imported"], i["source"], i["target"])
                  for i in found["new_imports"]) == [
        ("retrieval.query", "catalogue.search", reviews, catalogue),
        ("reviews.similar", "catalogue.models", reviews, catalogue),
        ("reviews.similar", "catalogue.search", reviews, catalogue)]


def test_an_import_along_a_dependency_the_base_has_gets_no_draft(django) -> None:
    code, out, err = _pr(django["repo"], "along", "--fail-on", "new-cross-boundary-import")
    names, where = django["names"], django["where"]
    source, target = where["orders.views"], where["catalogue.pricing"]

    assert code == 1, err  # the import is still reported and still breaks the rule
    assert (f"orders.views (**{source} {names[source]}**) imports catalogue.pricing "
            f"(**{target} {names[target]}**)") in out.replace("\\", "")
    assert "ADR draft" not in out and "depends on" not in out
    assert "can no longer be extracted" not in out


def test_the_draft_names_only_the_boundaries_newly_joined(django) -> None:
    code, out, err = _pr(django["repo"], "both")
    names, where = django["names"], django["where"]
    new = f"{names[where['core.views']]} depends on {names[where['reviews.models']]}"
    old = f"{names[where['orders.views']]} depends on {names[where['catalogue.pricing']]}"
    draft = out.split("ADR draft", 1)[1].replace("\\", "")

    assert code == 0, err
    assert f"\n# {new}\n" in draft and old not in draft
    assert "`core.views` imports `reviews.models`" in draft
    assert "catalogue.pricing" not in draft  # listed with the new imports, not in the draft
