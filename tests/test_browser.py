"""The demo page in a real browser: Debian's Chromium driven by Playwright.

This file: an intake from the launcher to the cards (desktop, then the 390x844 phone viewport), keyboard-only
use, and axe-core on the page and the open widget. tests/test_widget_cards.py: a card button, the overview
page and the pacing figure. The helpers here are shared with it.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir())  # screenshots kept for a look after the run
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = REPO / "bot" / "web" / "node_modules" / "axe-core" / "axe.min.js"
# Headless, as root, and quiet on a machine without internet (no background connections).
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
# One message that fills the whole profile: the next answer is the recommendation turn.
EVERYTHING = ("ik ben juf in Tilburg, groep 5, ik wil beter omgaan met gedrag in de klas, 4 uur per week, "
              "max 500 euro, 30 minuten")
WAIT = 60_000  # the first recommendation may wait for the index to load


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


def open_page(chromium, stack, viewport=None, **options):
    """A fresh browser context (its own session storage, so its own conversation) on the demo page."""
    context = chromium.new_context(viewport=viewport or {"width": 1280, "height": 900}, **options)
    # every Content-Security-Policy violation the page causes, kept for blocked_by_the_policy()
    context.add_init_script("window.__blocked = []; document.addEventListener('securitypolicyviolation', "
                            "e => window.__blocked.push(e.violatedDirective + ' ' + e.blockedURI));")
    page = context.new_page()
    page.goto(stack.page_url)
    return page


def open_widget(page):
    from playwright.sync_api import expect

    page.get_by_role("button", name="Open de chat met Leerwijzer").click()
    expect(page.get_by_text("Wat is je rol?")).to_be_visible(timeout=WAIT)


def send(page, text: str) -> None:
    box = page.get_by_role("textbox", name="Je bericht aan Leerwijzer")
    box.fill(text)
    box.press("Enter")


def wait_for_cards(page, count_before: int = 0):
    """The cards of the next recommendation turn (a new .lw-recs block), visible."""
    from playwright.sync_api import expect

    block = page.locator(".lw-recs").nth(count_before)
    expect(block.locator(".lw-card").last).to_be_visible(timeout=WAIT)
    return block


def axe_violations(page, context: str = "document") -> list[dict]:
    """axe-core (WCAG 2.x A/AA and best practices) run inside the page; injected through the debugging
    protocol, so the page's Content-Security-Policy stays as strict as it is for teachers."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async (context) => {
        const r = await axe.run(context === 'document' ? document : document.querySelector(context),
            {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                        targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""", context)
    return result


# rasa-webchat's stylesheet asks Google for a font; the policy blocks it, so no teacher's address reaches Google
EXPECTED_BLOCKS = ("https://fonts.googleapis.com", "https://fonts.gstatic.com")


def blocked_by_the_policy(page) -> list[str]:
    """What the page tried and its Content-Security-Policy refused, apart from the widget's remote font."""
    return [v for v in page.evaluate("() => window.__blocked") if not v.split(" ", 1)[-1].startswith(EXPECTED_BLOCKS)]


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_an_intake_ends_in_readable_cards_in_one_form(stack, chromium):
    from playwright.sync_api import expect

    page = open_page(chromium, stack)
    expect(page.get_by_role("heading", name="Welk leertraject past bij jou?")).to_be_visible()
    assert page.evaluate("() => document.documentElement.lang") == "nl"
    open_widget(page)
    expect(page.get_by_text("Ik ben Leerwijzer", exact=False)).to_be_visible()
    page.get_by_role("button", name="Antwoord: Leraar").click()  # a quick reply, by its accessible name
    expect(page.get_by_text("Werk je in Vlaanderen of in Nederland?")).to_be_visible(timeout=WAIT)
    send(page, "Ik woon in Hasselt en heb 4 uur per week")
    expect(page.get_by_text("Wat wil je leren", exact=False)).to_be_visible(timeout=WAIT)
    send(page, "beter omgaan met diversiteit en inclusief onderwijs in mijn klas")
    for _ in range(6):  # answer what is still asked until the cards come
        if page.locator(".lw-card").count():
            break
        last = page.locator(".rw-from-response").last.inner_text()
        send(page, "max 500 euro" if "budget" in last.lower() or "euro" in last else
             "30 minuten" if "reis" in last.lower() else "maakt niet uit")
        page.wait_for_timeout(1500)
    block = wait_for_cards(page)
    cards = block.locator(".lw-card")
    assert 1 <= cards.count() <= 10
    first = cards.first
    # Full title, in a heading that names the card; type and provider; status and data year in words.
    title = first.locator(".lw-title").inner_text()
    assert not title.endswith("…") and len(title) > 5
    expect(first.get_by_role("article", name=title.strip())).to_be_visible()
    assert " · " in first.locator(".lw-meta").inner_text()
    assert first.locator(".lw-status").inner_text().strip()
    # Fit: badges for what is known, the unknowns folded into one line, never four "onbekend"s.
    for card in cards.all():
        text = card.inner_text()
        assert "onbekend · budget: onbekend" not in text
        assert card.locator(".lw-unknown").count() <= 1
        assert card.locator(".lw-reason").count() == 1
        assert card.get_by_role("button", name="Meer hierover").count() == 1
    # One form per turn: no carousel, no empty image box, no numbered text list beside the cards.
    assert page.locator(".rw-carousel-card-image:visible").count() == 0
    assert page.locator(".rw-carousel-container:visible").count() == 0
    visible_text = page.locator(".rw-messages-container").inner_text()
    assert visible_text.count(title.strip()) == 1, "the first title is shown once, on its card"
    # The source: the cited lines open under the card.
    first.locator(".lw-source summary").click()
    source = first.locator(".lw-source-list button").first
    source.click()
    expect(first.locator(".lw-quote").first).to_contain_text(":", timeout=10_000)
    assert source.get_attribute("aria-expanded") == "true"
    page.screenshot(path=str(SHOTS / "leerwijzer-widget.png"))
    page.context.close()


def tab_to(page, check_js: str, key: str = "Tab", limit: int = 60) -> str:
    """Press `key` until the focused element passes `check_js` (a function of it); its accessible name."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(f"() => ({check_js})(document.activeElement)"):
            return page.evaluate("() => document.activeElement.getAttribute('aria-label') || "
                                 "document.activeElement.textContent")
    pytest.fail(f"{key} never reached {check_js}")


IS_BOX = "e => e.classList.contains('rw-new-message')"


def test_keyboard_only(stack, chromium):
    """Tab to the launcher, Enter, type, Tab to a quick reply and Enter; then a card button by keyboard.
    No clicks and no programmatic focus."""
    from playwright.sync_api import expect

    page = open_page(chromium, stack)
    tab_to(page, "e => e.classList.contains('rw-launcher')", limit=15)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Wat is je rol?")).to_be_visible(timeout=WAIT)
    name = tab_to(page, "e => (e.getAttribute('aria-label') || '').startsWith('Antwoord: Leraar')", "Shift+Tab")
    assert name == "Antwoord: Leraar"
    page.keyboard.press("Enter")
    expect(page.get_by_text("Werk je in Vlaanderen of in Nederland?")).to_be_visible(timeout=WAIT)
    tab_to(page, IS_BOX)
    page.keyboard.type(EVERYTHING)
    page.keyboard.press("Enter")
    wait_for_cards(page)
    tab_to(page, IS_BOX)
    name = tab_to(page, "e => (e.getAttribute('aria-label') || '').startsWith('Meer hierover')", "Shift+Tab")
    assert name.startswith("Meer hierover: ")
    page.keyboard.press("Enter")
    expect(page.locator(".rw-client").last).to_contain_text("vertel meer over de", timeout=10_000)
    page.context.close()


def test_the_page_and_the_open_widget_pass_axe(stack, chromium):
    page = open_page(chromium, stack)
    closed = axe_violations(page)
    assert not serious(closed), closed
    open_widget(page)
    send(page, EVERYTHING)
    wait_for_cards(page)
    page.locator(".lw-source summary").first.click()
    opened = axe_violations(page)
    assert not serious(opened), opened
    # the page, the widget, the cards and an opened source all work within the policy (axe is injected
    # through the debugging protocol, not the page)
    assert blocked_by_the_policy(page) == []
    print(f"\naxe (desktop): closed page {len(closed)} violations "
          f"{[(v['id'], v['impact']) for v in closed]}; open widget with cards {len(opened)} "
          f"{[(v['id'], v['impact']) for v in opened]}")
    page.context.close()


def test_a_phone_sized_viewport(stack, chromium):
    page = open_page(chromium, stack, viewport=PHONE, is_mobile=True, has_touch=True,
                     user_agent="Mozilla/5.0 (Linux; Android 14) Mobile")
    open_widget(page)
    send(page, EVERYTHING)
    block = wait_for_cards(page)
    width = page.evaluate("() => document.documentElement.clientWidth")
    for card in block.locator(".lw-card").all()[:3]:
        box = card.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, "a card sticks out of the screen"
    button = block.get_by_role("button", name="Meer hierover").first
    assert button.bounding_box()["height"] >= 32  # big enough to tap
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1  # no sideways scrolling
    phone = axe_violations(page)
    assert not serious(phone), phone
    print(f"\naxe (390x844): {len(phone)} violations {[(v['id'], v['impact']) for v in phone]}")
    page.screenshot(path=str(SHOTS / "leerwijzer-widget-mobile.png"))
    page.context.close()
