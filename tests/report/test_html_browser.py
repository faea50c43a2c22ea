"""The HTML report in a real headless Chromium: what an analyst sees first, and a claim's trail to its
sentence.

Uses the system's Chromium (Debian's ``chromium`` package) through Playwright; Playwright's own browser
downloads are never used, so the test runs offline.
"""

from __future__ import annotations

import shutil

import pytest

from heuer.report import write_report
from tests.report import report_input


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
    )
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


def test_report_in_browser_shows_call_matrix_and_claim_trail(browser, tmp_path):
    inp = report_input()
    path = tmp_path / "report.html"
    write_report(inp, "html", path)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(path.as_uri())

    call = page.locator("#call")
    assert call.is_visible()
    assert page.locator("#call .figure.number .value").inner_text() == "58%"
    assert page.locator("#call .figure.word .value").inner_text() == "likely"
    assert page.locator("#call .figure.confidence .value").inner_text().lower() == "low"
    assert page.locator("#summary").is_visible() and page.locator("#confidence-statement").is_visible()

    heatmap = page.locator("#matrix-chart")
    heatmap.scroll_into_view_if_needed()
    assert heatmap.is_visible()
    assert heatmap.evaluate("img => img.complete && img.naturalWidth") > 0
    for chart in ("#waterfall-chart", "#timeline-chart"):
        assert page.locator(chart).evaluate("img => img.naturalWidth") > 0
    table = page.locator("#matrix-table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == len(inp.assessment.evidence)
    assert "0.80" in table.locator("tfoot").inner_text()

    link = page.locator('#claims-table a.claim-link[href="#c-3"]')
    link.click()
    mark = page.locator("mark#c-3")
    mark.wait_for(state="visible")
    assert page.evaluate("location.hash") == "#c-3"
    assert mark.inner_text() == "The union said its members would stay out until pay is settled."
    # the page may scroll smoothly: wait until the sentence has arrived on screen
    page.wait_for_function(
        "() => { const r = document.getElementById('c-3').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }",
        timeout=5000,
    )

    page.evaluate("window.scrollTo(0, 0)")
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.close()
