"""The recommendation cards in the browser: their buttons, the printable overview, and the pacing figure."""
from __future__ import annotations

import statistics
import time

import pytest
import requests

from tests.test_browser import (EVERYTHING, SHOTS, WAIT, axe_violations, chromium, open_page,  # noqa: F401
                                open_widget, send, serious, wait_for_cards)  # chromium: the browser fixture

pytestmark = pytest.mark.browser
PACING_TURNS = 20


def test_card_buttons_send_ordinary_text(stack, chromium):
    from playwright.sync_api import expect

    page = open_page(chromium, stack)
    open_widget(page)
    send(page, EVERYTHING)
    block = wait_for_cards(page)
    second = block.locator(".lw-card").nth(1)
    second_title = second.locator(".lw-title").inner_text().split(". ", 1)[1].strip()
    second.get_by_role("button", name="Meer hierover").click()
    # The teacher's side shows the text the button sent; the answer is about that programme, with its source.
    expect(page.locator(".rw-client").last).to_have_text("vertel meer over de tweede", timeout=10_000)
    answer = page.locator(".rw-from-response").last
    expect(answer).to_contain_text(second_title[:30], timeout=WAIT)
    expect(answer).to_contain_text("Bron", timeout=WAIT)
    # "Vergelijk met…" opens a list of the other shown programmes; choosing one sends the comparison.
    first = block.locator(".lw-card").first
    compare = first.get_by_role("button", name="Vergelijk met…")
    compare.click()
    assert compare.get_attribute("aria-expanded") == "true"
    first.locator(".lw-compare-menu button").nth(1).click()  # the third programme
    expect(page.locator(".rw-client").last).to_have_text("vergelijk de eerste en de derde", timeout=10_000)
    expect(page.locator(".rw-from-response").last).to_contain_text("Vergelijking van 1 en 3", timeout=WAIT)
    page.context.close()


def test_the_printable_overview(stack, chromium):
    from playwright.sync_api import expect

    page = open_page(chromium, stack)
    open_widget(page)
    send(page, EVERYTHING)
    block = wait_for_cards(page)
    titles = [t.split(". ", 1)[1].strip() for t in block.locator(".lw-title").all_inner_texts()]
    block.get_by_role("button", name="Overzicht om te bewaren").click()
    link = block.get_by_role("link", name="Open je overzicht", exact=False)
    expect(link).to_be_visible(timeout=10_000)
    href = link.get_attribute("href")
    token = href.rsplit("/", 1)[1]
    assert len(token) == 32  # 192 random bits
    with page.context.expect_page() as opened:
        link.click()
    overview = opened.value
    overview.wait_for_load_state()
    expect(overview.get_by_role("heading", name="Mijn overzicht uit Leerwijzer")).to_be_visible()
    assert overview.evaluate("() => document.documentElement.lang") == "nl"
    text = overview.locator("main").inner_text()
    for title in titles:  # every programme shown, with the profile, reasons and sources
        assert title in text
    assert "Wat je vertelde" in text and "Tilburg" in text and "Waarom" in text and "Bronnen" in text
    assert "regels" in text
    report = axe_violations(overview)
    assert not serious(report), report
    overview.screenshot(path=str(SHOTS / "leerwijzer-overview.png"), full_page=True)
    # The same as plain text to download; unknown or guessed links find nothing; the page is not cached.
    url = overview.url
    as_text = requests.get(url + ".txt", timeout=10)
    assert as_text.ok and titles[0] in as_text.text
    response = requests.get(url, timeout=10)
    assert response.headers["Cache-Control"] == "no-store" and "noindex" in response.headers["X-Robots-Tag"]
    assert "session" not in response.text.lower()
    assert requests.get(url[:-1] + ("A" if url[-1] != "A" else "B"), timeout=10).status_code == 404
    assert requests.get(stack.page_url + "overzicht/", timeout=10).status_code == 404
    page.context.close()


def test_an_overview_expires_and_keeps_only_what_a_card_shows(monkeypatch):
    from bot import overview

    payload = {"recommendations": [{"id": "x", "title": "Cursus <script>alert(1)</script>", "type": "course",
                                    "fit": {"time": "ok", "budget": "evil"}, "reasons": ["past"],
                                    "sources": [{"file": "001.txt", "lines": "3-4"}], "secret": "weg"}],
               "profile": {"role": "teacher", "home_town": "Gent", "sender_id": "abc", "email": "a@b.c"},
               "session_id": "abc"}
    token, until = overview.keep(payload)
    _, kept = overview.get(token)
    assert "secret" not in kept["recommendations"][0] and kept["recommendations"][0]["fit"] == {"time": "ok"}
    assert set(kept["profile"]) == {"role", "home_town"} and "session_id" not in kept
    assert "<script>" not in overview.render_html(kept, until, token)
    monkeypatch.setattr(overview.time, "time", lambda: until + 1)
    assert overview.get(token) is None
    assert overview.keep({"recommendations": []}) is None and overview.get("../../etc/passwd") is None
    assert overview.quote("../pyproject.toml", "1-2") is None and overview.quote("x.txt", "1-500") is None


def test_pacing_of_a_recommendation_turn(stack, chromium):
    """From pressing Enter to the last card visible, over 20 recommendation turns (each changes the hours,
    so each is a new list). A figure, printed; not a pass/fail timing."""
    page = open_page(chromium, stack)
    open_widget(page)
    send(page, EVERYTHING)
    wait_for_cards(page)  # the first turn also waits for the index to load: not counted
    box = page.get_by_role("textbox", name="Je bericht aan Leerwijzer")
    timings, server = [], []
    frames = []  # when the recommendation payload arrived over the socket (seen from Python)
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(time.perf_counter())
                                          if '"recommendations"' in str(f) else None))
    page.reload()  # so the socket is watched from its start (the conversation stays: session storage)
    wait_for_cards(page)
    for n in range(PACING_TURNS):
        before = page.locator(".lw-recs").count()
        box.fill(f"en als ik {n + 5} uur heb?")
        # Measured in the page: Enter pressed (keydown) until the last card of the new block is in the DOM
        # and laid out (has a size), seen on the next animation frame.
        page.evaluate("""(before) => {
            window.__turn = new Promise((resolve) => {
              const box = document.querySelector('.rw-new-message');
              box.addEventListener('keydown', function start(e) {
                if (e.key !== 'Enter') return;
                box.removeEventListener('keydown', start);
                const t0 = performance.now();
                const check = () => {
                  const blocks = document.querySelectorAll('.lw-recs');
                  if (blocks.length > before) {
                    const cards = blocks[blocks.length - 1].querySelectorAll('.lw-card');
                    const last = cards[cards.length - 1];
                    if (last && last.getBoundingClientRect().height > 0) { resolve(performance.now() - t0); return; }
                  }
                  requestAnimationFrame(check);
                };
                requestAnimationFrame(check);
              });
            });
        }""", before)
        frames.clear()
        pressed = time.perf_counter()
        box.press("Enter")
        timings.append(page.evaluate("() => window.__turn"))
        if frames:
            server.append((frames[0] - pressed) * 1000)
        time.sleep(0.2)
    p50 = statistics.median(timings)
    p90 = sorted(timings)[int(0.9 * len(timings)) - 1]
    print(f"\npacing: Enter -> last card visible, {len(timings)} turns: p50 {p50:.0f} ms, p90 {p90:.0f} ms, "
          f"min {min(timings):.0f} ms, max {max(timings):.0f} ms; of which until the payload arrived over the "
          f"socket: p50 {statistics.median(server) if server else float('nan'):.0f} ms")
    assert len(timings) == PACING_TURNS


def test_vergeet_mij_clears_the_tab_too(stack, chromium):
    """After "vergeet mij" the widget's session storage holds no session id and no earlier message, and only the
    confirmation is shown (issue 19, item 7)."""
    from playwright.sync_api import expect

    page = open_page(chromium, stack)
    open_widget(page)
    send(page, "ik ben juf in Zonhoven en wil origami leren geven")
    expect(page.locator(".rw-from-response").last).to_be_visible(timeout=WAIT)
    stored = page.evaluate("() => sessionStorage.getItem('chat_session') || ''")
    assert "Zonhoven" in stored and "session_id" in stored
    send(page, "vergeet mij")
    expect(page.locator(".rw-from-response").last).to_contain_text("gewist", timeout=WAIT)
    page.wait_for_timeout(1000)
    stored = page.evaluate("() => sessionStorage.getItem('chat_session') || ''")
    assert "Zonhoven" not in stored and '"session_id"' not in stored
    shown = page.locator(".rw-messages-container").inner_text()
    assert "Zonhoven" not in shown and "gewist" in shown
    page.reload()  # a reload starts afresh: nothing of the old conversation comes back
    open_widget(page)
    page.wait_for_timeout(2000)
    assert "Zonhoven" not in page.locator("body").inner_text()
    page.context.close()
