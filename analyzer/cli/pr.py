"""`faultline pr`, `faultline baseline` and `faultline check`: boundaries in review and CI."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from analyzer.cli.base import LazyEpilog, _Context, _run
from analyzer.errors import InputError
from analyzer.files import write_atomic

if TYPE_CHECKING:
    from analyzer.history import tree as gittree

# The pipeline, the review and git's adapters are imported where they are used: `faultline
# --help` and the other commands do without them.

BASELINE = "faultline-baseline.json"
_ADR_DIRS = ("doc/adr", "docs/adr", "docs/decisions", "adr")
_ADR_MAX_BYTES = 256_000
#: The base gives boundaries, hotspots and co-change (one stability re-run: it does not change
#: the proposal); the head gives only its modules and imports, classified with the base's cut.
_BASE = {"stability_runs": 1}
_HEAD = {"history": False, "boundaries": False}


def _epilog_pr() -> str:
    from analyzer.review.diff import RULES

    return """\b
Examples:
  faultline pr --base main                      # HEAD against main, Markdown on stdout
  faultline pr . --base origin/main --head feature -o comment.md
  faultline pr --base main --format sarif -o faultline.sarif
  faultline pr --base main --fail-on new-cross-boundary-import,new-cycle
  faultline pr --base main -o comment.md --sarif faultline.sarif   # both, one analysis

\b
Rules for --fail-on:
""" + "\n".join(f"  {rule:26} {text}" for rule, text in sorted(RULES.items()))


EPILOG_BASELINE = """\b
Examples:
  faultline baseline                     # writes ./faultline-baseline.json; commit it
  faultline baseline ~/src/shop -o ci/boundaries.json
"""

EPILOG_CHECK = """\b
Examples:
  faultline check                        # against ./faultline-baseline.json
  faultline check . --baseline ci/boundaries.json --json
  faultline check --format github        # ::error annotations (the default on GitHub Actions)
"""


@click.command(cls=LazyEpilog, epilog=_epilog_pr)
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--base", required=True, metavar="REF",
              help="Branch, tag or commit the change is compared with (its merge base with "
                   "--head is used).")
@click.option("--head", default="HEAD", show_default=True, metavar="REF",
              help="Branch, tag or commit holding the change.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to this file instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json", "sarif"]),
              default="markdown", show_default=True, help="Comment, script or code scanning.")
@click.option("--sarif", "sarif_path", type=click.Path(path_type=Path),
              help="Also write the findings as SARIF to this file (for code scanning).")
@click.option("--fail-on", metavar="RULE,...",
              help="Exit with status 1 when a finding breaks one of these rules.")
@click.option("--link-base", metavar="URL",
              help="Put this before repository paths in links, e.g. "
                   "https://github.com/OWNER/REPO/blob/SHA/ [default: relative links].")
@click.pass_obj
def pr(obj: _Context, path: Path, base: str, head: str, output: Path | None, fmt: str,
       sarif_path: Path | None, fail_on: str | None, link_base: str | None) -> None:
    """Compare the architecture at two commits, for a pull request.

    Both commits are read from git objects in a temporary folder: the work tree, the index
    and HEAD stay as they are. The base's proposed boundaries classify the imports of both.
    Exit status: 0, or 1 when --fail-on finds something; 2 for bad input.
    """
    from analyzer.review import diff as prdiff

    try:
        rules = prdiff.parse_rules(fail_on)
    except ValueError as error:
        raise click.UsageError(f"--fail-on: {error}.") from error
    if link_base and not link_base.startswith(("https://", "http://")):
        raise click.UsageError("--link-base must start with https:// or http://.")
    broken: dict[str, int] = {}

    def run() -> None:
        from analyzer.decisions.draft import base_dependencies, render_draft
        from analyzer.history import tree as gittree
        from analyzer.review import comment as prrender

        checkout = gittree.locate(path)
        base_sha = gittree.resolve(checkout.top, base, role="base")
        head_sha = gittree.resolve(checkout.top, head, role="head")
        start = gittree.merge_base(checkout.top, base_sha, head_sha)
        if start == head_sha != base_sha:  # the change would be empty whatever it holds
            raise InputError(f"--head '{head}' is an ancestor of --base '{base}': the arguments "
                             "look swapped, and nothing was compared; give the older commit "
                             "as --base.")
        touched = _inside(gittree.changed_files(checkout.top, start, head_sha), checkout.prefix)
        obj.progress(f"analysing the base {start[:12]}")
        base_doc, _ = _analyse_commit(obj, checkout, start, _BASE)
        obj.progress(f"analysing the head {head_sha[:12]}")
        head_doc, adrs = _analyse_commit(obj, checkout, head_sha, _HEAD)
        findings = prdiff.diff(base_doc, head_doc, touched, adrs)
        context = {"base": start, "head": head_sha, "base_ref": base, "head_ref": head,
                   "path": checkout.prefix}
        sarif = prrender.to_sarif(findings, checkout.prefix, fail_on=rules, context=context)
        if sarif_path is not None:
            write_atomic(sarif_path, sarif)
        if fmt == "json":
            text = prrender.to_json(findings, context)
        elif fmt == "sarif":
            text = sarif
        else:
            draft = render_draft(findings, str(head_doc.get("generated_at") or "")[:10],
                                 base_dependencies(base_doc))
            text = prrender.to_markdown(findings, context, prefix=checkout.prefix,
                                        link_base=link_base or "", draft=draft)
        _emit(text, output)
        broken.update(prdiff.violations(findings, rules))

    _run(obj, run)
    if broken:
        listed = ", ".join(f"{rule}: {count}" for rule, count in broken.items())
        click.echo(f"faultline pr: findings break --fail-on ({listed}).", err=True)
        sys.exit(1)


@click.command(epilog=EPILOG_BASELINE)
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help=f"Where to write the baseline [default: PATH/{BASELINE}].")
@click.pass_obj
def baseline(obj: _Context, path: Path, output: Path | None) -> None:
    """Record today's boundaries and the imports that cross them.

    Commit the file; `faultline check` then fails only when crossing imports grow beyond it.
    """
    def run() -> None:
        from analyzer.output.document import to_document
        from analyzer.pipeline import analyze as run_analysis
        from analyzer.review import ratchet

        document = to_document(run_analysis(path, progress=obj.progress))
        recorded = ratchet.make_baseline(document)
        target = output or path / BASELINE
        write_atomic(target, json.dumps(recorded, indent=2) + "\n")
        click.echo(f"Recorded {len(recorded['crossing'])} crossing imports between "
                   f"{len(recorded['boundaries'])} boundaries in {target}")

    _run(obj, run)


@click.command(epilog=EPILOG_CHECK)
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--baseline", "baseline_path", type=click.Path(path_type=Path),
              help=f"The baseline to hold the code to [default: PATH/{BASELINE}].")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]),
              help="text; json; or github: the text and an `::error` annotation per new "
                   "crossing import, shown on the pull request's lines [default: github when "
                   "GITHUB_ACTIONS=true, else text].")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (--format json).")
@click.pass_obj
def check(obj: _Context, path: Path, baseline_path: Path | None, fmt: str | None,
          as_json: bool) -> None:
    """Fail (exit 1) when imports cross boundaries beyond the recorded baseline.

    The code is classified with the baseline's own assignment, not a fresh cut; modules new
    since then join the boundary of their package (a new package goes together), else the
    one they import most, or are reported as unassigned. A failure
    says how to accept a deliberate import: record it in the baseline.
    """
    if as_json and fmt not in (None, "json"):
        raise click.UsageError("--json and --format github/text contradict each other.")
    fmt = "json" if as_json else fmt or (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    result: dict[str, Any] = {}

    def run() -> None:
        from analyzer.output.document import to_document
        from analyzer.pipeline import analyze as run_analysis
        from analyzer.review import ratchet

        source = baseline_path or path / BASELINE
        recorded = ratchet.read_baseline(_read_json(source), str(source))
        document = to_document(run_analysis(
            path, overrides={"history": False, "boundaries": False}, progress=obj.progress))
        result.update(ratchet.check(recorded, document))
        if fmt == "json":
            click.echo(json.dumps(result, indent=2))
            return
        if fmt == "github":
            for line in _annotations(result, path, source):
                click.echo(line)
        click.echo(_check_text(result, source))

    _run(obj, run)
    if not result.get("passed", True):
        sys.exit(1)


def _analyse_commit(obj: _Context, checkout: gittree.Checkout, sha: str,
                    overrides: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The analysis document of commit `sha` and the decision records in its tree.

    History, when the overrides read it, is read from the real repository up to `sha`.
    """
    from analyzer.history import tree as gittree
    from analyzer.output.document import to_document
    from analyzer.pipeline import analyze as run_analysis

    with gittree.exported(checkout.top, sha, checkout.prefix, progress=obj.progress) as tree:
        folder = tree / checkout.prefix
        if not folder.is_dir():
            raise InputError(f"'{checkout.prefix}' does not exist at commit {sha[:12]}.")
        analysis = run_analysis(folder, overrides={**overrides, "rev": sha},
                                progress=obj.progress, history_from=checkout.top)
        document = to_document(analysis)
        document["repo"] = {"path": str(checkout.top / checkout.prefix), "head": sha,
                            "branch": None}
        return document, _adr_records(tree, checkout.prefix)


def _adr_records(tree: Path, prefix: str) -> list[tuple[str, str]]:
    """(repo-relative path, text) of the Markdown records in the ADR folder of the tree."""
    folder = find_adr_dir(tree / prefix) or find_adr_dir(tree)
    if folder is None:
        return []
    records = []
    for file in sorted(folder.glob("*.md")):
        if file.is_symlink() or not file.is_file() or file.stat().st_size > _ADR_MAX_BYTES:
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        records.append((file.relative_to(tree).as_posix(), text))
    return records


def find_adr_dir(repo: Path) -> Path | None:
    """The ADR folder: the `faultline adr` helper's finder when present, else the usual places."""
    try:
        from analyzer.decisions.writer import find_adr_dir as theirs  # written alongside; optional
    except ImportError:
        theirs = None
    if theirs is not None:
        try:
            found = theirs(repo)
        except InputError:  # a broken .adr-dir in the change: no records, not a failed run
            return None
        return _inside_tree(repo, found) if found is not None else None
    marker = repo / ".adr-dir"
    if marker.is_file() and not marker.is_symlink():
        named = marker.read_text(encoding="utf-8", errors="replace").strip()
        found = _inside_tree(repo, repo / named) if named else None
        if found is not None:
            return found
    for name in _ADR_DIRS:
        found = _inside_tree(repo, repo / name)
        if found is not None:
            return found
    return None


def _inside_tree(root: Path, candidate: Path) -> Path | None:
    """`candidate` when it is a folder that really lies inside `root` (no symlink escape)."""
    try:
        resolved = candidate.resolve()
    except OSError:
        return None
    base = root.resolve()
    if resolved.is_dir() and (resolved == base or base in resolved.parents):
        return resolved if resolved != base else None
    return None


def _inside(paths: tuple[str, ...], prefix: str) -> list[str]:
    """Repo-relative paths below `prefix`, relative to it."""
    return [p[len(prefix):] for p in paths if p.startswith(prefix)]


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise InputError(f"Baseline '{path}' does not exist; write one with "
                         "`faultline baseline`.") from error
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise InputError(f"Baseline '{path}' cannot be read as JSON: {error}.") from error


def _check_text(result: dict[str, Any], source: Path) -> str:
    names = result["boundaries"]
    lines = []
    for item in result["new"]:
        where = f"{item['path']}:{item['lines'][0]}" if item["lines"] else str(item["path"])
        lines.append(f"NEW  {where}: {item['importer']} ({names.get(item['source'], '?')}) "
                     f"imports {item['imported']} ({names.get(item['target'], '?')})")
    for module in result["unassigned"]:
        lines.append(f"UNASSIGNED  {module}: imports no module of a recorded boundary")
    if result["removed"]:
        lines.append(f"{len(result['removed'])} crossing imports of the baseline are gone; "
                     "you can tighten the baseline (run `faultline baseline` again):")
        lines += [f"  {r['importer']} -> {r['imported']}" for r in result["removed"]]
    verdict = ("passed" if result["passed"] else
               f"FAILED: {len(result['new'])} new crossing imports")
    lines.append(f"check {verdict} ({result['crossing']} crossing now, "
                 f"{result['baseline']} in {source})")
    if not result["passed"]:
        lines.append(_accept_hint(result, source))
    return "\n".join(lines)


def _accept_hint(result: dict[str, Any], source: Path) -> str:
    first = result["new"][0]
    entry = json.dumps({"importer": first["importer"], "imported": first["imported"]})
    return (f"To remove an import, move the code into one boundary or go through the target's "
            f"interface. To accept a deliberate one, record it in the baseline: run "
            f"`faultline baseline` again and commit {source.name}, or add its entry to the "
            f"baseline's \"crossing\" list, e.g. {entry}.")


def _annotations(result: dict[str, Any], path: Path, source: Path) -> list[str]:
    """GitHub Actions workflow commands: one `::error` per new crossing import, at its line
    (the file relative to the current folder, as the workflow's workspace is)."""
    names = result["boundaries"]
    lines = []
    for item in result["new"]:
        where = os.path.relpath(path / str(item["path"])) if item.get("path") else ""
        props = [f"file={_gh_property(Path(where).as_posix())}"] if where else []
        if item.get("lines"):
            props.append(f"line={int(item['lines'][0])}")
        props.append("title=" + _gh_property("New import across a boundary"))
        message = (f"{item['importer']} ({names.get(item['source'], '?')}) imports "
                   f"{item['imported']} ({names.get(item['target'], '?')}), beyond the "
                   f"baseline {source.name}. Accept it: run `faultline baseline` again; or move "
                   "the code / use the target's interface.")
        lines.append(f"::error {','.join(props)}::{_gh_data(message)}")
    return lines


def _gh_data(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped as GitHub reads them."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    """A workflow command's property value: also ':' and ',' escaped."""
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")
