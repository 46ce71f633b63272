"""The app on a large analysis, in a real browser: time to the first page, to each page, and
from a what-if change to its new metrics.

Targets: the first page ready within 2 s of the browser opening it; a what-if move showing its
metrics within 0.3 s. "Ready" = the page's heading is drawn and Streamlit's running indicator is
gone (its charts drawn, for pages with charts). Starts `faultline app` on a free port (file
watcher off) and drives headless Chromium through Playwright.

    faultline sample scale /tmp/scale1500 --modules 1500 --commits 15000
    faultline analyze /tmp/scale1500 -o /tmp/scale1500-out
    python bench/bench_app.py /tmp/scale1500-out [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.appserver import chromium, running_app  # noqa: E402

PAGES = [("", "Overview", False), ("boundaries", "Boundaries", True),
         ("matrix", "Dependency matrix", True), ("hotspots", "Hotspots", True),
         ("coupling", "Coupling", True), ("what-if", "What-if", False),
         ("decisions", "Decisions", False)]
IDLE = '[data-testid="stStatusWidget"]'


def ready(page, title: str, charts: bool, timeout: float = 120_000) -> None:
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=timeout)
    if charts:
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=timeout)
    page.wait_for_selector(IDLE, state="detached", timeout=timeout)
    if page.locator('[data-testid="stException"]').count():
        raise RuntimeError(f"page {title!r} shows an exception")


def open_page(browser, url: str, path: str, title: str, charts: bool) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    started = time.perf_counter()
    page.goto(f"{url}/{path}")
    ready(page, title, charts)
    seconds = time.perf_counter() - started
    page.close()
    return seconds


#: In the page: the time of the last click (capture phase, before Streamlit sees it) and of
#: each change of the list of moves, by the page's own clock.
_PAGE_CLOCK = """() => {
  window.__clicked = null; window.__shown = [];
  document.addEventListener('click', () => { window.__clicked = performance.now(); }, true);
  new MutationObserver(() => {
    const n = [...document.querySelectorAll('[data-testid="stText"]')]
      .filter(e => e.textContent.includes('moved 1 module(s) into')).length;
    if (n > window.__shown.length) window.__shown.push(performance.now());
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


def whatif_moves(browser, url: str, modules: list[str], rounds: int
                 ) -> tuple[list[float], list[float]]:
    """For each move: seconds from the click landing in the page to the new metrics drawn
    (the page's own clock: what the user waits), and from Playwright's click call to them
    (Playwright's own checks before it clicks included)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{url}/what-if")
    ready(page, "What-if", False)
    page.evaluate(_PAGE_CLOCK)
    times, in_page = [], []
    for number, module in enumerate(modules[:rounds], start=1):
        box = page.locator('[data-testid="stMultiSelect"]').first
        box.locator("input").fill(module)
        page.get_by_role("option", name=module, exact=True).first.click()
        box.locator(f'[data-tag][aria-label="{module}"]').wait_for(timeout=60_000)
        page.keyboard.press("Escape")
        move = page.locator('[data-testid="stButton"] button:not([disabled])',
                            has_text="Move").first
        move.wait_for(timeout=60_000)
        page.wait_for_selector(IDLE, state="detached", timeout=60_000)
        started = time.perf_counter()
        move.click()
        page.locator('[data-testid="stText"]', has_text="moved 1 module(s) into").nth(
            number - 1).wait_for(timeout=60_000)
        page.wait_for_selector(IDLE, state="detached", timeout=60_000)
        times.append(time.perf_counter() - started)
        clicked, shown = page.evaluate("() => [window.__clicked, window.__shown]")
        in_page.append((shown[number - 1] - clicked) / 1000)
        if page.locator('[data-testid="stException"]').count():
            raise RuntimeError("the what-if page shows an exception")
        box.locator('button[aria-label="Clear all"]').click()
        box.locator("[data-tag]").first.wait_for(state="detached", timeout=60_000)
        page.wait_for_selector(IDLE, state="detached", timeout=60_000)
    page.close()
    return in_page, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("analysis", type=Path, help="analysis.json or the folder holding it")
    parser.add_argument("--chromium", default=None, help="Chromium executable")
    parser.add_argument("--moves", type=int, default=3, help="what-if moves to time")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    target = args.analysis / "analysis.json" if args.analysis.is_dir() else args.analysis
    document = json.loads(target.read_text(encoding="utf-8"))
    first = document["boundaries"][0]["id"]
    movable = [m["name"] for m in document["modules"] if m.get("boundary") != first]
    print(f"analysis: {target} ({len(document['modules'])} modules, "
          f"{len(document['boundaries'])} boundaries, {target.stat().st_size / 1e6:.1f} MB)")
    browser_path = args.chromium or chromium()
    if browser_path is None:
        sys.exit("no chromium found; give --chromium")
    started = time.perf_counter()
    with running_app(args.analysis) as url, sync_playwright() as playwright:
        print(f"server up:                      {time.perf_counter() - started:6.2f} s")
        browser = playwright.chromium.launch(executable_path=browser_path, headless=True)
        cold = open_page(browser, url, "", "Overview", False)
        warm = open_page(browser, url, "", "Overview", False)
        print(f"first page, first open (cold):  {cold:6.2f} s   target < 2 s")
        print(f"first page, opened again:       {warm:6.2f} s")
        for path, title, charts in PAGES[1:]:
            seconds = open_page(browser, url, path, title, charts)
            print(f"page {title + ':':26}{seconds:6.2f} s")
        moves, driven = whatif_moves(browser, url, movable, args.moves)
        print(f"what-if move -> new metrics:    {statistics.median(moves):6.2f} s median, "
              f"{max(moves):.2f} s max of {len(moves)}   target < 0.3 s (click in the page "
              "to the metrics drawn)")
        print(f"  the same from Playwright's click call: {statistics.median(driven):6.2f} s "
              f"median, {max(driven):.2f} s max")
        browser.close()


if __name__ == "__main__":
    main()
