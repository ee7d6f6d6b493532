"""The demo intranet page: its few files, a Content-Security-Policy, and the Rasa address from the server.

Why not a directory listing: the page used to be served with SimpleHTTPRequestHandler, which listed
/node_modules/ and served package-lock.json. Now only the page, its script and the widget bundle exist.
The Rasa address is written into the page by the server (it used to come from `?rasa=` in the URL, so a
link could point the widget, and what teachers type, at any server).

Beside the page: /leerwijzer.css, the cited lines of a source (/bron?file=&lines=) and the printable
overview of shown recommendations (POST /overzicht, GET /overzicht/<id>, bot/overview.py), and the
counsellors' insights behind their token (/insights, bot/insights_page.py).

An overview is linked to the widget session that made it (its signed id, checked with the key the socket.io
channel signs with), so "vergeet mij" can erase it: the action server calls POST /overzicht/vergeet with
the action secret. Timeouts, bounded bodies, connection caps and per-client POST limits: bot/page_limits.py.
"""
from __future__ import annotations

import hmac
import html
import http.server
import json
import re
import urllib.parse
from functools import lru_cache
from typing import Optional

from bot import framing, identity, insights_page, overview
from bot.page_limits import TOO_MANY, Bounded, PerClient, read_body
from index.paths import REPO_ROOT

WEB_DIR = REPO_ROOT / "bot" / "web"
WIDGET = WEB_DIR / "node_modules" / "rasa-webchat" / "lib" / "index.js"
# rasa-webchat 1.0.1 renders markdown with react-markdown's link check switched off (transformLinkUri: null),
# so a `javascript:` link in a message would be clickable. Only https links, which the bot itself makes, stay.
UNSAFE_LINKS = "transformLinkUri:null"
SAFE_LINKS = "transformLinkUri:function(u){return /^https:\\/\\//i.test(u)?u:\"\"}"


@lru_cache(maxsize=1)
def widget_bundle() -> bytes:
    bundle = WIDGET.read_text(encoding="utf-8")
    if bundle.count(UNSAFE_LINKS) != 1:
        raise RuntimeError("rasa-webchat changed: check how it renders links before serving it")
    return bundle.replace(UNSAFE_LINKS, SAFE_LINKS).encode("utf-8")


def content_security_policy(rasa_url: str) -> str:
    socket = re.sub(r"^http", "ws", rasa_url)
    return ("default-src 'none'; script-src 'self'; "
            "style-src 'self' 'unsafe-inline'; "  # the widget injects its styles at run time
            f"img-src 'self' data:; font-src 'self' data:; connect-src 'self' {rasa_url} {socket}; "
            "base-uri 'none'; form-action 'none'; " + framing.frame_ancestors())


FORGET_PATH = "/overzicht/vergeet"
SECRET_HEADER = "X-Leerwijzer-Secret"  # as the action server's (actions/server.py)


def page_handler(rasa_url: str, session_key: Optional[bytes] = None,
                 internal_secret: Optional[str] = None) -> type[http.server.BaseHTTPRequestHandler]:
    """`session_key` checks widget session ids (bot/stack.py: session_secret); without it no overview is kept.
    `internal_secret` lets the action server erase a session's overviews; without it that route is 404."""
    files = {
        "/": ("text/html; charset=utf-8", lambda: (WEB_DIR / "index.html").read_text(encoding="utf-8")
              .replace("{{RASA_URL}}", html.escape(rasa_url, quote=True)).encode("utf-8")),
        "/leerwijzer.js": ("text/javascript; charset=utf-8", lambda: (WEB_DIR / "leerwijzer.js").read_bytes()),
        "/leerwijzer.css": ("text/css; charset=utf-8", lambda: (WEB_DIR / "leerwijzer.css").read_bytes()),
        "/webchat.js": ("text/javascript; charset=utf-8", widget_bundle),
    }
    policy = content_security_policy(rasa_url)
    posts = PerClient()

    class PageHandler(Bounded):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            path, _, query = self.path.split("#", 1)[0].partition("?")
            if path == "/index.html":
                path = "/"
            if path == "/bron":
                args = urllib.parse.parse_qs(query)
                text = overview.quote((args.get("file") or [""])[0], (args.get("lines") or [""])[0])
                if text is None:
                    self.send_error(404, "Niet gevonden")
                    return
                self._send("text/plain; charset=utf-8", text.encode("utf-8"))
                return
            if path.startswith("/overzicht/"):
                token = path[len("/overzicht/"):]
                as_text = token.endswith(".txt")
                kept = overview.get(token[:-4] if as_text else token)
                if kept is None:
                    self.send_error(404, "Dit overzicht bestaat niet (meer): de link is verlopen")
                    return
                until, content = kept
                if as_text:
                    self._send("text/plain; charset=utf-8", overview.render_text(content, until).encode("utf-8"),
                               private=True)
                else:
                    self._send("text/html; charset=utf-8",
                               overview.render_html(content, until, token).encode("utf-8"), private=True)
                return
            if insights_page.handles(path):  # counsellors' report, behind its token (bot/insights_page.py)
                return insights_page.serve(self)
            if path not in files:
                self.send_error(404, "Niet gevonden")
                return
            kind, body = files[path]
            self._send(kind, body())

        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            path = self.path.split("?", 1)[0]
            if path == FORGET_PATH:
                return self._forget()
            if not posts.allow(self.client_address[0]):
                self.send_error(429, TOO_MANY)
                return
            if insights_page.handles(path):  # the insights page's token form
                return insights_page.serve(self)
            if path != "/overzicht":
                self.send_error(404, "Niet gevonden")
                return
            if not self.headers.get("Content-Type", "").startswith("application/json"):
                self.send_error(400, "Verwacht een JSON-overzicht")
                return
            raw = read_body(self, overview.MAX_BODY)
            if raw is None:
                return
            payload = overview.parse_body(raw)
            session = payload.get("session_id") if isinstance(payload, dict) else None
            if session_key is None or not identity.valid_session_id(session_key, session):
                self.send_error(400, "Dit overzicht hoort bij geen gesprek: open de chat opnieuw")
                return
            try:
                kept = overview.keep(payload, session)
            except overview.Full:
                self.send_error(503, "Er worden nu te veel overzichten bewaard: probeer het later opnieuw")
                return
            if kept is None:
                self.send_error(400, "Geen voorstellen om te bewaren")
                return
            token, until = kept
            answer = {"url": f"overzicht/{token}", "expires": int(until), "expires_text": overview.expires_text(until)}
            self._send("application/json", json.dumps(answer).encode("utf-8"), private=True)

        def _forget(self) -> None:
            """The action server: erase a forgotten conversation's overviews."""
            given = self.headers.get(SECRET_HEADER) or ""
            if not internal_secret or not hmac.compare_digest(given.encode(), internal_secret.encode()):
                self.send_error(404, "Niet gevonden")
                return
            raw = read_body(self, 1024)
            body = overview.parse_body(raw) if raw is not None else None
            if not isinstance(body, dict) or not isinstance(body.get("session"), str):
                if raw is not None:
                    self.send_error(400, "Verwacht {\"session\": ...}")
                return
            erased = overview.forget(body["session"])
            self._send("application/json", json.dumps({"erased": erased}).encode("utf-8"), private=True)

        def _send(self, kind: str, data: bytes, private: bool = False) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Content-Security-Policy", policy)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Cache-Control", "no-store" if private else "no-cache")
            if private:  # an overview: not for search engines or shared caches
                self.send_header("X-Robots-Tag", "noindex, nofollow")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:  # page requests carry no personal data, but keep the console calm
            pass

    return PageHandler
