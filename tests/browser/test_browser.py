"""The app in a real browser: every page opens without an exception box, charts are drawn."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.appserver import chromium, running_app

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytest.importorskip("streamlit", reason="the app needs the `app` extra (streamlit)")
BROWSER = chromium()
if BROWSER is None:
    pytest.skip("no chromium on this machine (apt-get install chromium)", allow_module_level=True)

from analyzer.ui.shell import PAGES  # noqa: E402
from tests.app.conftest import ROOT, shop_analysis  # noqa: E402, F401

SCREENSHOTS = ROOT / "bench" / "screenshots"
WITH_CHARTS = {"boundaries", "matrix", "hotspots", "coupling"}


@pytest.fixture(scope="module")
def app_url(shop_analysis: Path):  # noqa: F811
    with running_app(shop_analysis.parent) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=BROWSER, headless=True)
        yield launched
        launched.close()


# The first page is the default one: its URL is the app's root.
URLS = [("" if n == 0 else url, title) for n, (_f, title, url, _i) in enumerate(PAGES)]


@pytest.mark.parametrize(("url_path", "title"), URLS)
def test_every_page_opens_in_a_browser_without_an_exception(browser, app_url, url_path, title):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{app_url}/{url_path}")
        page.get_by_role("heading", name=title, level=1).wait_for(timeout=60_000)
        if url_path in WITH_CHARTS:
            page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
        page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached",
                               timeout=60_000)
        if page.locator('[data-testid="stDataFrame"]').count():
            page.locator('[data-testid="stDataFrame"] canvas').first.wait_for(timeout=30_000)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{url_path or 'overview'}.png"))
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        if url_path in WITH_CHARTS:
            assert page.locator(".js-plotly-plot .main-svg").count() >= 1
    finally:
        page.close()


def test_a_shared_page_url_opens_that_page(browser, app_url):
    page = browser.new_page()
    try:
        page.goto(f"{app_url}/hotspots")
        page.get_by_role("heading", name="Hotspots", level=1).wait_for(timeout=60_000)
        assert page.url.endswith("/hotspots")
        assert page.get_by_role("heading", name="Overview", level=1).count() == 0
    finally:
        page.close()


def test_the_toolbar_offers_no_deploy_button(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(app_url)
        page.get_by_role("heading", name="Overview", level=1).wait_for(timeout=60_000)
        page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached",
                               timeout=60_000)
        assert page.locator('[data-testid="stHeader"]').count() == 1  # the header is drawn
        # Streamlit's developer toolbar would hold stAppDeployButton, labelled "Deploy".
        assert page.locator('[data-testid="stAppDeployButton"]').count() == 0
        assert "Deploy" not in page.content()
    finally:
        page.close()


def test_the_html_report_opens_offline_and_requests_nothing(browser, shop_analysis: Path,  # noqa: F811
                                                            tmp_path: Path):
    from analyzer.output.document import load_analysis
    from analyzer.output.export import render

    document = load_analysis(shop_analysis)
    report = tmp_path / "report.html"
    report.write_text(render(document, "html"), encoding="utf-8")
    context = browser.new_context(offline=True)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    try:
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        text = page.inner_text("body")
        for boundary in document["boundaries"]:
            assert boundary["name"] in text
        assert requested == [report.as_uri()]  # the file itself, nothing else
    finally:
        context.close()
