"""The demo page in a real browser: Debian's Chromium driven by Playwright."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
SCREENSHOT = Path(tempfile.gettempdir()) / "leerwijzer-widget.png"  # kept for a look after the run
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Headless, as root, and quiet on a machine without internet (no background connections).
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_the_widget_chats_with_the_assistant(stack, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page()
            page.goto(stack.page_url)
            expect(page.get_by_role("heading", name="Welk leertraject past bij jou?")).to_be_visible()
            page.locator(".rw-launcher").click()
            expect(page.get_by_text("Ik ben Leerwijzer", exact=False)).to_be_visible(timeout=60_000)
            expect(page.get_by_text("Wat is je rol?")).to_be_visible(timeout=30_000)
            page.get_by_text("Leraar", exact=True).click()  # a quick reply
            expect(page.get_by_text("Werk je in Vlaanderen of in Nederland?")).to_be_visible(timeout=60_000)
            box = page.locator(".rw-new-message")
            box.fill("Ik woon in Hasselt en heb 4 uur per week")
            box.press("Enter")
            expect(page.get_by_text("Wat wil je leren", exact=False)).to_be_visible(timeout=60_000)
            page.screenshot(path=str(SCREENSHOT))
        finally:
            browser.close()
