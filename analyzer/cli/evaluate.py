"""`faultline evaluate`: how close are the proposed boundaries to a known answer?"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from analyzer.boundaries.evaluation import (
    MIN_APP_MODULES,
    drop_small_apps,
    module_names,
    truth_by_depth,
    truth_from_apps,
    truth_from_document,
)
from analyzer.boundaries.evaluation import evaluate as evaluate_document
from analyzer.cli.base import _Context, _run
from analyzer.errors import InputError

EPILOG = """\b
Examples:
  faultline sample shop /tmp/shop && faultline analyze /tmp/shop -o out
  faultline evaluate out/analysis.json --truth /tmp/shop.truth.json
  faultline evaluate out/analysis.json --truth-depth 2 --json
  faultline evaluate out/analysis.json --truth-apps
"""


@click.command(epilog=EPILOG)
@click.argument("analysis", type=click.Path(path_type=Path))
@click.option("--truth", "truth_path", type=click.Path(path_type=Path),
              help="Truth JSON: the sample builder's format or {module: component}.")
@click.option("--truth-depth", type=click.IntRange(min=1),
              help="Take the package tree N dotted names deep as the truth instead.")
@click.option("--truth-apps", is_flag=True,
              help="Take the Django-style apps as the truth (first package below the project "
                   f"package, layer packages skipped; apps of < {MIN_APP_MODULES} modules left "
                   "out).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def evaluate(obj: _Context, analysis: Path, truth_path: Path | None, truth_depth: int | None,
             truth_apps: bool, as_json: bool) -> None:
    """Compare the boundaries in ANALYSIS (analysis.json or its folder) with a truth.

    Prints ARI (0 = chance, 1 = identical), MoJoFM in both directions (to the truth punishes
    merging, from the truth punishes splitting) and c2c coverage at 50 %.
    """
    def run() -> None:
        given = (truth_path is not None) + (truth_depth is not None) + truth_apps
        if given != 1:
            raise InputError("Give exactly one of --truth FILE, --truth-depth N or --truth-apps.")
        from analyzer.output.document import load_analysis

        document = load_analysis(analysis)
        names = module_names(document, source=str(analysis))
        left_out = None
        if truth_path is not None:
            try:
                raw = json.loads(truth_path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as error:
                raise InputError(f"Truth file '{truth_path}' is not valid JSON "
                                 f"({error.msg}, line {error.lineno}).") from error
            if not isinstance(raw, dict):
                raise InputError(f"Truth file '{truth_path}' must hold a JSON object.")
            truth = truth_from_document(raw, source=str(truth_path))
        elif truth_depth is not None:
            truth = truth_by_depth(names, truth_depth)
        else:
            apps = truth_from_apps(names)
            truth = drop_small_apps(apps)
            left_out = len(apps) - len(truth)
        figures = evaluate_document(document, truth)
        one_app = None
        if left_out is not None:
            figures["left_out"] = left_out
            one_app = figures["one_app"] = _one_app(document, truth)
        if as_json:
            click.echo(json.dumps(figures, indent=2, sort_keys=True))
            return
        click.echo(f"modules compared  {figures['modules']}  "
                   f"({figures['found_components']} found, "
                   f"{figures['truth_components']} true components)")
        click.echo(f"true components   {_largest(truth)}")
        click.echo(f"ARI               {figures['ari']:.3f}")
        click.echo(f"MoJoFM to truth   {figures['mojofm_to_truth']:.3f}")
        click.echo(f"MoJoFM from truth {figures['mojofm_from_truth']:.3f}")
        click.echo(f"c2c at 50 %       {figures['c2c50']:.3f}")
        if left_out is not None:
            click.echo(f"left out          {left_out} modules in apps of fewer than "
                       f"{MIN_APP_MODULES} modules")
        if one_app is not None:
            click.echo(f"note: most of these modules belong to one Django app ({one_app}): the "
                       "components above are its sub-packages, which may be layers rather than "
                       "domains; `faultline backtest` measures the cut without a truth.")

    _run(obj, run)


#: The app truth of a project that is this share of one Django app is its sub-packages.
ONE_APP_SHARE = 0.8
SHOWN_COMPONENTS = 6


def _largest(truth: dict[str, str]) -> str:
    """The truth's components, largest first, as "name size, ..." (cut after a few)."""
    from analyzer.output.terminal import printable  # rich: not for `faultline --help`

    sizes = Counter(truth.values())
    ranked = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))
    shown = ", ".join(f"{printable(name)} {n}" for name, n in ranked[:SHOWN_COMPONENTS])
    more = len(ranked) - SHOWN_COMPONENTS
    return shown + (f" and {more} more" if more > 0 else "")


def _one_app(document: dict, truth: dict[str, str]) -> str | None:
    """The Django app holding ONE_APP_SHARE or more of the truth's modules, if one does."""
    app_of = {d["importer"]: d["imported"] for d in document.get("dependencies") or []
              if isinstance(d, dict) and d.get("kind") == "app-membership"}
    held = Counter(app_of.get(module) for module in truth)
    held.pop(None, None)
    if not held:
        return None
    app, count = held.most_common(1)[0]
    return str(app) if count >= ONE_APP_SHARE * len(truth) else None
