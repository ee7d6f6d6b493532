"""The counsellors' /insights page in a real browser (Debian's Chromium driven by Playwright): off without
the token, a token form, and the plots rendered once the token is given."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.test_browser import CHROMIUM, FLAGS

pytestmark = pytest.mark.browser
SCREENSHOT = Path(tempfile.gettempdir()) / "leerwijzer-insights.png"  # kept for a look after the run
SECRET = "begeleiders-4242-geheim"


@pytest.fixture()
def page_url(insights_server):
    return f"{insights_server}/insights"


def test_the_insights_page_in_chromium(page_url, monkeypatch):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1150, "height": 900})
            monkeypatch.delenv("LEERWIJZER_INSIGHTS_TOKEN", raising=False)
            assert page.goto(page_url).status == 404  # off without a configured token

            monkeypatch.setenv("LEERWIJZER_INSIGHTS_TOKEN", SECRET)
            assert page.goto(page_url).status == 401
            expect(page.get_by_role("heading", name="Inzichten voor begeleiders")).to_be_visible()
            assert page.locator("img.plot").count() == 0
            page.get_by_label("Toegangscode").fill("fout")
            page.get_by_role("button", name="Open").click()
            expect(page.get_by_text("Die code klopt niet.")).to_be_visible()

            page.get_by_label("Toegangscode").fill(SECRET)
            page.get_by_role("button", name="Open").click()
            expect(page.get_by_role("heading", name="Leerwijzer: vraag en aanbod")).to_be_visible(timeout=60_000)
            plots = page.locator("img.plot")
            assert plots.count() == 5
            for i in range(5):  # each SVG decoded and drawn, not a broken image
                expect(plots.nth(i)).to_be_visible()
                width = plots.nth(i).evaluate("img => img.complete ? img.naturalWidth : 0")
                assert width > 200
            assert SECRET not in page.content()
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
