"""`faultline pr` on branches of the shop sample: findings, formats, exit codes, safety."""

from __future__ import annotations

import html
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from markdown_it import MarkdownIt
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import sample_repos
from analyzer.cli.main import cli
from analyzer.output.document import to_document
from analyzer.pipeline import analyze
from analyzer.review.comment import MARKER
from tests.conftest import git
from tests.unit.test_sarif import validate_sarif

ROOT = Path(__file__).resolve().parents[2]


def _append(repo: Path, path: str, line: str) -> int:
    """Append a line to a file; returns its line number."""
    file = repo / path
    text = file.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    text += line + "\n"
    file.write_text(text, encoding="utf-8")
    return text.count("\n")


def _commit_branch(repo: Path, name: str, edits: dict[str, str], day: int) -> dict[str, int]:
    """A branch off main with one commit appending lines; returns path -> line number."""
    git(repo, "checkout", "-q", "-b", name, "main")
    lines = {}
    for path, line in edits.items():
        target = repo / path
        if target.exists():
            lines[path] = _append(repo, path, line)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(line + "\n", encoding="utf-8")
    date = f"2024-06-{day:02d}T10:00:00+00:00"
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"Change on {name}",
        GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    git(repo, "checkout", "-q", "main")
    return lines


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The shop sample with three branches, and the two modules chosen from its boundaries."""
    repo = tmp_path_factory.mktemp("pr") / "shop"
    sample_repos.build("shop", repo, seed=0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FAULTLINE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        document = to_document(analyze(repo))
    services = sorted((b for b in document["boundaries"] if b["kind"] == "service"),
                      key=lambda b: b["id"])
    first, second = services[0], services[1]
    by_name = {m["name"]: m for m in document["modules"]}
    imported_by = {}
    for edge in document["imports"]:
        imported_by.setdefault(edge["importer"], set()).add(edge["imported"])
    hot = {h["path"] for h in document["hotspots"] if h["rank"] <= 10}  # the PR's top ten
    importer = next(m for m in first["modules"] if not by_name[m]["is_package"]
                    and by_name[m]["path"] not in hot)
    target = next(m for m in second["modules"] if not by_name[m]["is_package"]
                  and m not in imported_by.get(importer, set()))
    inside = next(m for m in first["modules"] if m != importer and not by_name[m]["is_package"]
                  and m not in imported_by.get(importer, set()))
    path = by_name[importer]["path"]
    adr = f"docs/adr/0001-extract-{first['name']}.md"
    cross = _commit_branch(repo, "cross", {
        path: f"import {target}  # new dependency",
        adr: f"# Extract {first['name']}\n\nThe service holds {importer}.",
        "docs/adr/0002-use-postgres.md": "# Use Postgres\n\nNothing about modules.",
    }, day=1)
    inner = _commit_branch(repo, "inside", {path: f"import {inside}  # same boundary"}, day=2)
    top = min(document["hotspots"], key=lambda h: h["rank"])
    pair = max(document["coupling"], key=lambda p: p["shared"] / p["revisions_a"])
    _commit_branch(repo, "touchy", {top["path"]: "# touched", pair["a"]: "# touched"}, day=3)
    return {"repo": repo, "document": document, "first": first, "second": second,
            "importer": importer, "target": target, "path": path, "line": cross[path],
            "inside_line": inner[path], "adr": adr, "hotspot": top, "pair": pair}


def _pr(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-q", "pr", *args])
    return result.exit_code, result.stdout, result.stderr


def _text(markdown: str) -> str:
    """What a reader sees: the rendered HTML without tags."""
    rendered = MarkdownIt("commonmark").render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def test_cross_boundary_import_is_named_with_file_line_and_both_boundaries(shop) -> None:
    code, out, err = _pr(str(shop["repo"]), "--base", "main", "--head", "cross")

    assert code == 0, err
    assert out.splitlines()[0] == MARKER
    seen = _text(out)
    first, second = shop["first"], shop["second"]
    assert (f"{shop['path']} line {shop['line']}: {shop['importer']} "
            f"({first['id']} {first['name']}) imports {shop['target']} "
            f"({second['id']} {second['name']})") in seen
    assert "ADR draft" in out and "<details>" in out
    # the draft is rendered Markdown: its title a heading, the names unescaped to the reader
    assert f"\n# {first['name'].replace('-', chr(92) + '-')} depends on " in out
    assert f"{first['name']} depends on {second['name']}" in seen
    assert "- Status: proposed\n- Date: " in out and "```markdown" not in out


def test_sarif_beside_the_comment_from_one_run(shop, tmp_path: Path) -> None:
    sarif_file = tmp_path / "out.sarif"
    code, out, err = _pr(str(shop["repo"]), "--base", "main", "--head", "cross",
                         "--sarif", str(sarif_file), "--fail-on", "new-cross-boundary-import")

    assert code == 1, err
    assert out.splitlines()[0] == MARKER
    sarif = json.loads(sarif_file.read_text())
    validate_sarif(sarif)
    run = sarif["runs"][0]
    assert run["invocations"][0]["exitCode"] == 1
    assert {r["ruleId"]: r["level"] for r in run["results"]}["new-cross-boundary-import"] \
        == "error"


def test_fail_on_new_cross_boundary_import(shop) -> None:
    repo = str(shop["repo"])
    crossing = _pr(repo, "--base", "main", "--head", "cross",
                   "--fail-on", "new-cross-boundary-import")
    inside = _pr(repo, "--base", "main", "--head", "inside",
                 "--fail-on", "new-cross-boundary-import,new-cycle")

    assert crossing[0] == 1
    assert "new-cross-boundary-import: 1" in crossing[2]
    assert inside[0] == 0, inside[2]
    assert "No new dependency across a boundary." in inside[1]
    assert shop["importer"] in inside[1].replace("\\", "")  # the touched module is still known


def test_the_governing_adr_is_linked_and_an_unrelated_one_is_not(shop) -> None:
    _, out, _ = _pr(str(shop["repo"]), "--base", "main", "--head", "cross")

    tokens = MarkdownIt("commonmark").parse(out)
    links = [t.attrs["href"] for tok in tokens for t in tok.children or []
             if t.type == "link_open"]
    assert links == [shop["adr"]]
    assert "0002-use-postgres" not in out


def test_hotspots_and_files_that_usually_change_together(shop) -> None:
    code, out, _ = _pr(str(shop["repo"]), "--base", "main", "--head", "touchy",
                       "--fail-on", "hotspot-touched")
    seen = _text(out)
    pair = shop["pair"]
    share = round(pair["shared"] / pair["revisions_a"] * 100)

    assert code == 1
    assert f"{shop['hotspot']['path']}: hotspot #1" in seen
    assert (f"{pair['b']} changed in {share} % of the changes to {pair['a']} "
            f"({pair['shared']} of {pair['revisions_a']})") in seen
    section = seen.split("Files that usually change with these", 1)[1]
    assert section.lstrip().startswith("in b")  # grouped under the boundary they lie in


def test_json_and_sarif(shop, tmp_path: Path) -> None:
    repo = str(shop["repo"])
    code, out, _ = _pr(repo, "--base", "main", "--head", "cross", "--format", "json")
    sarif_file = tmp_path / "out.sarif"
    sarif_code, _, _ = _pr(repo, "--base", "main", "--head", "cross", "--format", "sarif",
                           "-o", str(sarif_file))

    assert code == 0 and sarif_code == 0
    found = json.loads(out)["findings"]
    assert [(i["importer"], i["imported"], i["lines"]) for i in found["new_imports"]] == [
        (shop["importer"], shop["target"], [shop["line"]])]
    sarif = json.loads(sarif_file.read_text())
    assert sarif["version"] == "2.1.0"
    validate_sarif(sarif)
    [result] = [r for r in sarif["runs"][0]["results"]
                if r["ruleId"] == "new-cross-boundary-import"]
    location = result["locations"][0]["physicalLocation"]
    assert result["ruleId"] == "new-cross-boundary-import"
    assert location["artifactLocation"]["uri"] == shop["path"]
    assert location["region"]["startLine"] == shop["line"]


def test_work_tree_index_and_head_are_untouched(shop) -> None:
    repo = shop["repo"]
    (repo / "scratch.txt").write_text("not committed\n")
    _append(repo, shop["path"], "# edited, not staged")
    staged = shop["document"]["modules"][-1]["path"]
    _append(repo, staged, "# staged")
    git(repo, "add", staged)
    before = (git(repo, "status", "--porcelain"), git(repo, "rev-parse", "HEAD"),
              git(repo, "symbolic-ref", "HEAD"), git(repo, "diff", "--cached"),
              (repo / ".git" / "index").read_bytes())
    try:
        code, _, err = _pr(str(repo), "--base", "main", "--head", "cross")
        after = (git(repo, "status", "--porcelain"), git(repo, "rev-parse", "HEAD"),
                 git(repo, "symbolic-ref", "HEAD"), git(repo, "diff", "--cached"),
                 (repo / ".git" / "index").read_bytes())
    finally:
        git(repo, "reset", "-q", "--hard", "main")
        (repo / "scratch.txt").unlink()
    assert code == 0, err
    assert after == before


@pytest.mark.parametrize("option", ["--base", "--head"])
def test_a_ref_that_looks_like_an_option_is_refused(shop, option, monkeypatch,
                                                    tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["--base", "main", "--head", "cross"]
    args[args.index(option) + 1] = "--output=pwned.txt"
    code, _, err = _pr(str(shop["repo"]), *args)

    assert code == 2
    assert "'--output=pwned.txt' is not a git ref" in err
    assert not (tmp_path / "pwned.txt").exists()
    assert not (shop["repo"] / "pwned.txt").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--base", "no-such-branch"], "--base 'no-such-branch' is not a commit in this repository"),
    (["--base", "main", "--head", "0000000000000000000000000000000000000000"],
     "is not a commit in this repository"),
    (["--base", "main..cross"], "is a range; give one branch, tag or commit"),
    (["--base", ""], "is not a git ref"),
])
def test_bad_refs_give_a_clear_error(shop, args, message) -> None:
    code, out, err = _pr(str(shop["repo"]), *args)

    assert code == 2
    assert message in err
    assert err.startswith("Error: ") and "Traceback" not in err
    assert out == ""


def test_unknown_fail_on_rule_and_bad_link_base(shop) -> None:
    repo = str(shop["repo"])
    unknown = _pr(repo, "--base", "main", "--fail-on", "new-cycle,no-such-rule")
    link = _pr(repo, "--base", "main", "--link-base", "javascript:alert(1)//")

    assert unknown[0] == 2
    assert "unknown rule 'no-such-rule'" in unknown[2]
    assert "new-cross-boundary-import" in unknown[2]  # the known ones are listed
    assert link[0] == 2 and "--link-base must start with https://" in link[2]


def test_a_folder_outside_git_is_an_input_error(tmp_path: Path) -> None:
    code, _, err = _pr(str(tmp_path), "--base", "main")

    assert code == 2
    assert "not inside a git work tree" in err


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def _step(name: str) -> dict:
    return next(s for s in _action()["runs"]["steps"] if s.get("name", "").startswith(name))


def test_the_action_runs_pr_on_the_pull_request_and_updates_one_comment() -> None:
    action = (ROOT / "action.yml").read_text(encoding="utf-8")
    parsed = _action()

    assert parsed["runs"]["using"] == "composite"
    install = _step("Install Faultline")
    assert install["env"]["PIP_CONSTRAINT"] == "${{ github.action_path }}/action-constraints.txt"
    assert 'pip install --quiet --disable-pip-version-check "$ACTION_PATH"' in install["run"]
    assert "BASE_SHA: ${{ github.event.pull_request.base.sha }}" in action
    assert "HEAD_SHA: ${{ github.event.pull_request.head.sha }}" in action
    assert 'pr "$INPUT_PATH" --base "$BASE_SHA" --head "$HEAD_SHA"' in action
    assert f'startswith("{MARKER}")' in action
    assert ".user.type" not in action  # a personal token's comments are a User's
    assert "--method PATCH" in action and "--method POST" in action
    assert '>> "$GITHUB_STEP_SUMMARY"' in _step("Write the job summary")["run"]
    upload = _step("Upload SARIF")
    assert upload["if"] == "inputs.upload-sarif == 'true'"
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert parsed["inputs"]["upload-sarif"]["default"] == "false"
    # inputs reach the shell through the environment, never pasted into the script
    assert all("${{" not in step.get("run", "") for step in parsed["runs"]["steps"])


def _pinned() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "action-constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"not pinned: {line}"
            pins[canonicalize_name(name)] = version
    return pins


def test_the_action_pins_every_runtime_dependency_and_the_build_backend() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = _pinned()
    needed: set[str] = set()
    todo = [Requirement(r) for r in project["project"]["dependencies"]]
    while todo:  # the runtime dependencies and theirs, as installed here
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in needed or (requirement.marker and not requirement.marker.evaluate(
                {"extra": ""})):
            continue
        needed.add(name)
        todo += [Requirement(r) for r in importlib.metadata.requires(name) or []]

    assert needed <= set(pins), sorted(needed - set(pins))
    assert "setuptools" in pins  # the build backend pyproject.toml asks for
    for requirement in project["project"]["dependencies"]:
        parsed = Requirement(requirement)
        assert parsed.specifier.contains(pins[canonicalize_name(parsed.name)]), requirement


def _run_step(name: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """One `run:` step of the action, as the runner runs it (bash -e, its env)."""
    step = _step(name)
    step_env = {k: v for k, v in (step.get("env") or {}).items() if "${{" not in str(v)}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                          cwd=cwd, env={**os.environ, **step_env, **env}, capture_output=True,
                          text=True, timeout=300, check=False)


_GH_STUB = """#!/usr/bin/env bash
# A stand-in for the GitHub CLI: answers the comment listing from $STUB_COMMENTS (with jq,
# as gh --jq does) and logs PATCH/POST with the body they would send.
echo "gh $*" >> "$STUB_LOG"
if [ "$1" = api ] && [ "$2" = --paginate ]; then
  filter=""; while [ $# -gt 0 ]; do [ "$1" = --jq ] && filter="$2"; shift; done
  jq -r "$filter" < "$STUB_COMMENTS"
  exit 0
fi
for arg in "$@"; do case "$arg" in body=@*) cat "${arg#body=@}" >> "$STUB_LOG";; esac; done
"""


@pytest.mark.skipif(shutil.which("jq") is None, reason="the gh stand-in needs jq")
@pytest.mark.parametrize(("comments", "expected"), [
    ([{"id": 7, "user": {"type": "Bot"}, "body": "Looks good"},
      {"id": 11, "user": {"type": "User"}, "body": MARKER + "\nold report"}],
     "gh api --method PATCH repos/o/r/issues/comments/11"),
    ([{"id": 7, "user": {"type": "Bot"}, "body": "Looks good, <!-- faultline-pr -->"}],
     "gh api --method POST repos/o/r/issues/5/comments"),
])
def test_the_action_steps_run_with_a_stub_gh(shop, tmp_path: Path, comments: list,
                                             expected: str) -> None:
    repo = shop["repo"]
    base = git(repo, "rev-parse", "main").strip()
    head = git(repo, "rev-parse", "cross").strip()
    runner = tmp_path / "runner"
    (runner / "bin").mkdir(parents=True)
    (runner / "bin" / "gh").write_text(_GH_STUB)
    (runner / "bin" / "gh").chmod(0o755)
    (runner / "comments.json").write_text(json.dumps(comments))
    env = {"RUNNER_TEMP": str(runner), "GITHUB_OUTPUT": str(runner / "output"),
           "GITHUB_STEP_SUMMARY": str(runner / "summary.md"), "STUB_LOG": str(runner / "gh.log"),
           "STUB_COMMENTS": str(runner / "comments.json"),
           "PATH": f"{runner / 'bin'}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}"
                   f"{os.environ['PATH']}",
           "INPUT_PATH": str(repo), "FAIL_ON": "new-cross-boundary-import", "BASE_SHA": base,
           "HEAD_SHA": head, "LINK_BASE": f"https://github.com/o/r/blob/{head}/",
           "GH_TOKEN": "not-a-token", "REPO": "o/r", "PR_NUMBER": "5"}

    compared = _run_step("Compare base and head", env, tmp_path)
    summary = _run_step("Write the job summary", env, tmp_path)
    commented = _run_step("Create or update the pull-request comment", env, tmp_path)

    assert compared.returncode == 0, compared.stderr  # the rule's failure is the last step's
    outputs = dict(line.split("=", 1) for line in (runner / "output").read_text().splitlines())
    assert outputs["status"] == "1"
    sarif = json.loads(Path(outputs["sarif"]).read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["new-cross-boundary-import"]
    assert sarif["runs"][0]["results"][0]["level"] == "error"
    comment = (runner / "faultline-pr.md").read_text()
    assert summary.returncode == 0 and (runner / "summary.md").read_text() == comment
    assert commented.returncode == 0, commented.stderr
    log = (runner / "gh.log").read_text()
    assert expected in log
    assert log.count("--method") == 1
    assert comment in log  # the body sent is the comment the run wrote
    failed = _run_step("Fail when a --fail-on rule was broken", {"STATUS": "1"}, tmp_path)
    assert failed.returncode == 1
