"""Writing an analysis and the files beside it, answered from the result cache when the
repository, the settings and the tool are unchanged; files whose text is unchanged are not
rewritten."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from analyzer.cli.base import _Context
from analyzer.errors import InputError
from analyzer.files import user_cache_dir, write_atomic
from analyzer.output import resultcache

#: The files `faultline analyze` writes, analysis.json first.
_OUTPUTS = ("analysis.json", "coupling.csv", "hotspots.csv", "ownership.csv")


def _analyze_and_write(obj: _Context, path: Path, output: Path | None,
                       overrides: dict[str, Any], as_json: bool, *, cache: bool = True,
                       backtest: bool = False) -> None:
    """Analyse (or take the result cache's answer for an unchanged repository), write the
    outputs that changed, and print the summary (or, with `as_json`, analysis.json)."""
    from analyzer.code.config import load_settings
    from analyzer.code.discover import check_repo_path

    root = check_repo_path(path)
    settings = load_settings(root).updated(**overrides).to_dict()
    extra = {"backtest": backtest}
    found = resultcache.analysis_key(root, settings, extra=extra) if cache else None
    results = resultcache.results_dir()
    keys = {name: found[0] if name == "analysis.json" else
            resultcache.companion_key(found[0], name) for name in _OUTPUTS} if found else {}
    texts: dict[str, str] = {}
    for name, key in keys.items():
        text = resultcache.load_result(results, key)
        if text is None:
            break
        texts[name] = text
    document = None
    if found and len(texts) == len(_OUTPUTS):
        obj.progress("analysis: the repository is unchanged since a run with these settings "
                     "(result cache)")
        kept = found[0]
    else:
        from analyzer.cli.backtest import run_backtest
        from analyzer.output.document import dumps, to_csv_files, to_document
        from analyzer.pipeline import analyze as run_analysis

        analysis = run_analysis(root, overrides=overrides, progress=obj.progress, cache=cache)
        document = to_document(analysis)
        if backtest:
            obj.progress("backtest")
            try:
                document["validation"] = run_backtest(path, settings_overrides=overrides,
                                                      progress=obj.progress, cache=cache)
            except InputError as error:  # too little history: the analysis is still written
                document["warnings"] = sorted(
                    [*document["warnings"], {"code": "no-backtest", "path": ".",
                                             "message": f"No backtest: {error}"}],
                    key=lambda w: (w["code"], w["path"], w["message"]))
                document["summary"]["warnings"] = len(document["warnings"])
        texts = {"analysis.json": dumps(document), **to_csv_files(document)}
        # Stored only if no file changed a moment before (racy) or while the analysis ran.
        kept = None
        if found and found[1] and resultcache.analysis_key(root, settings, extra=extra) == found:
            stored = [resultcache.save_result(results, key, texts[name], outside=(root,))
                      for name, key in keys.items()]
            kept = found[0] if all(stored) else None
    folder = _output_folder(root, output)
    target = folder / "analysis.json"
    written = {name: _write_if_changed(folder / name, text) for name, text in texts.items()}
    if as_json:  # the whole document, as analysis.json now holds it
        click.echo(written["analysis.json"], nl=False)
        return
    _print_summary(texts["analysis.json"], document, target,
                   (results, kept, (root,)) if kept else None)


def _print_summary(text: str, document: dict[str, Any] | None, target: Path,
                   store: tuple[Path, str, tuple[Path, ...]] | None) -> None:
    """Print the summary of the analysis.json `text` (`document`, once parsed).

    With `store` (the result cache folder, the key the analysis is kept under and the folders
    the cache must stay out of), the summary as printed is kept beside the analysis, under a
    key that also holds the target and everything about the terminal that shapes how rich
    lays it out (width, colours, encoding): an unchanged repository gets it back as it is,
    without parsing the analysis or laying out a table."""
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    key = _summary_key(console, store[1], target) if store else None
    if key is not None:
        assert store is not None
        kept = resultcache.load_result(store[0], key)
        if kept is not None:
            console.file.write(kept)
            console.file.flush()
            return
    from analyzer.output.summary import print_summary

    if document is None:
        document = json.loads(text)
    if key is None:
        print_summary(document, target, console)
        return
    assert store is not None
    with console.capture() as captured:
        print_summary(document, target, console)
    shown = captured.get()
    console.file.write(shown)
    console.file.flush()
    resultcache.save_result(store[0], key, shown, outside=store[2])


def _summary_key(console: Any, key: str, target: Path) -> str | None:
    """The key of the summary of the analysis under `key`, printed on `console` with `target`
    named; None where rich writes other than it captures (a legacy Windows console, Jupyter)."""
    if console.legacy_windows or console.is_jupyter:
        return None
    facts = json.dumps([str(target), console.width, console.height, console.color_system,
                        console.no_color, console.is_terminal, console.is_dumb_terminal,
                        console.encoding, console.options.ascii_only,
                        console.options.max_height], separators=(",", ":"))
    return resultcache.companion_key(key, f"summary {facts}")


def _write_if_changed(target: Path, text: str) -> str:
    """Write `target` unless it holds `text` already (analysis.json: apart from generated_at);
    the text the file holds afterwards."""
    old = None
    if target.is_file():  # a regular file; never read a FIFO or a device to compare
        try:
            data = target.read_bytes()
        except OSError:
            data = None
        if data is not None and data == text.encode("utf-8"):
            return text  # the same bytes (what the cache's answer usually finds)
        try:
            old = data.decode("utf-8") if data is not None else None
        except UnicodeDecodeError:
            old = None
    if old is not None and (resultcache.unchanged(old, text) if target.name == "analysis.json"
                            else old == text):
        return old
    write_atomic(target, text)
    return text


def _output_folder(repo: Path, output: Path | None) -> Path:
    """The given folder, or ./faultline-out unless that lies inside the analysed repo."""
    if output is not None:
        if output.exists() and not output.is_dir():
            raise InputError(f"Output '{output}' is a file; give a folder for -o.")
        return output
    default = Path("faultline-out").resolve()
    if default == repo or repo in default.parents:
        return user_cache_dir() / "out" / repo.name
    return default
