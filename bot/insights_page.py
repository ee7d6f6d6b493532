"""/insights on the demo web server: the counsellor report (insights/) as one page, behind a token.

Off (404) unless LEERWIJZER_INSIGHTS_TOKEN is set. With it, the page needs either `Authorization: Bearer
<token>` or the session cookie that the page's own form sets after the token was typed once (so it works in a
browser and in a Teams tab). The cookie holds an HMAC derived from the token, never the token itself; every
comparison is constant-time; nothing here logs a request, a header or the token. Wrong tokens cost half a
second each. The plots are inline data: images, so the page needs no other route and no script.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
import time
import urllib.parse
from html import escape
from pathlib import Path

import settings
from bot import framing
from bot.page_limits import read_body
from insights.anonymity import K

PATH = "/insights"
COOKIE = "leerwijzer_insights"
MAX_FORM = 4096
WRONG_TOKEN_DELAY = 0.5
POLICY = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
          + framing.frame_ancestors())
_cache: dict = {}
_cache_lock = threading.Lock()


def token() -> str:
    return settings.INSIGHTS_TOKEN.get().strip()


def handles(path: str) -> bool:
    return path == PATH


def _session(secret: str) -> str:
    return hmac.new(secret.encode(), b"leerwijzer insights page session", hashlib.sha256).hexdigest()


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8", "replace"))


def authorised(headers, secret: str) -> bool:
    auth = headers.get("Authorization") or ""
    if auth.startswith("Bearer ") and _same(auth[len("Bearer "):].strip(), secret):
        return True
    for part in (headers.get("Cookie") or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE and _same(value, _session(secret)):
            return True
    return False


def report_html() -> str:
    """The published page. It is rebuilt only once at least K new conversations are in the log since the last
    publication (or the log was reset): two views a counsellor compares then differ by K or more
    conversations, never by one teacher's. The published page is kept beside the log (owner-only), so a
    restart does not publish early. Between rebuilds the log is only counted."""
    from insights import report, store

    log = store.DemandStore()
    stamp = (str(log.path), log.path.stat().st_mtime_ns if log.path.exists() else 0)
    with _cache_lock:
        if _cache.get("stamp") != stamp:
            rows = list(log.rows())
            kept = _published(log.path)
            if kept is None or len(rows) >= kept["count"] + K or len(rows) < kept["count"]:
                _, _, page, _ = report.build(rows, inline=True, source="het anonieme vraaglogboek")
                kept = {"count": len(rows), "page": page}
                _publish(log.path, kept)
            _cache.update(stamp=stamp, page=kept["page"])
        return _cache["page"]


def _published_path(log: Path) -> Path:
    return log.with_name(log.stem + "-published.json")


def _published(log: Path) -> dict | None:
    try:
        kept = json.loads(_published_path(log).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return kept if isinstance(kept, dict) and isinstance(kept.get("count"), int) and "page" in kept else None


def _publish(log: Path, kept: dict) -> None:
    path = _published_path(log)
    try:
        fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(kept, fh)
        os.replace(path.with_suffix(".tmp"), path)
    except OSError:
        pass  # not kept across a restart; this process still serves it


def _form(wrong: bool = False) -> str:
    note = "<p role=\"alert\">Die code klopt niet.</p>" if wrong else ""
    return ("<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Inzichten voor begeleiders"
            "</title></head><body style=\"font-family:system-ui,sans-serif;max-width:40em;margin:3em auto\">"
            "<h1>Inzichten voor begeleiders</h1><p>Deze pagina is alleen voor studiebegeleiders. Geef de "
            f"toegangscode.</p>{note}<form method=\"post\" action=\"{PATH}\"><label>Toegangscode "
            "<input type=\"password\" name=\"token\" autocomplete=\"off\" required></label> "
            "<button type=\"submit\">Open</button></form></body></html>")


def _send(handler, status: int, body: str = "", extra: dict | None = None) -> None:
    data = body.encode("utf-8")
    handler.send_response(status)
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(data)),
               "Content-Security-Policy": POLICY, "X-Content-Type-Options": "nosniff",
               "Referrer-Policy": "no-referrer", "Cache-Control": "no-store", **(extra or {})}
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(data)


def serve(handler) -> None:
    """GET or POST /insights (called by bot/web_page.py)."""
    secret = token()
    path = handler.path.split("?", 1)[0].split("#", 1)[0]
    if not secret or not handles(path):
        handler.send_error(404, "Niet gevonden")
        return
    if handler.command == "POST":
        raw = read_body(handler, MAX_FORM)  # a negative or missing length is a 400, not a read until close
        if raw is None:
            return
        form = urllib.parse.parse_qs(raw.decode("utf-8", "replace"))
        if _same((form.get("token") or [""])[0].strip(), secret):
            _send(handler, 303, "", {"Location": PATH, "Set-Cookie": f"{COOKIE}={_session(secret)}; Path={PATH}; "
                                                                      "HttpOnly; SameSite=Strict"})
        else:
            time.sleep(WRONG_TOKEN_DELAY)
            _send(handler, 401, _form(wrong=True))
        return
    if not authorised(handler.headers, secret):
        if handler.headers.get("Authorization"):
            time.sleep(WRONG_TOKEN_DELAY)
        _send(handler, 401, _form())
        return
    try:
        page = report_html()
    except Exception as exc:  # noqa: BLE001 - say it on the page, log nothing personal
        page = f"<!doctype html><p>Het rapport kon niet gemaakt worden ({escape(type(exc).__name__)}).</p>"
    _send(handler, 200, page)
