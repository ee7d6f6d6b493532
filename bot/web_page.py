"""The demo intranet page: its few files, a Content-Security-Policy, and the Rasa address from the server.

Why not a directory listing: the page used to be served with SimpleHTTPRequestHandler, which listed
/node_modules/ and served package-lock.json. Now only the page, its script and the widget bundle exist.
The Rasa address is written into the page by the server (it used to come from `?rasa=` in the URL, so a
link could point the widget, and what teachers type, at any server).

Beside the page: /leerwijzer.css, the cited lines of a source (/bron?file=&lines=) and the printable
overview of shown recommendations (POST /overzicht, GET /overzicht/<id>, bot/overview.py), and the
counsellors' insights behind their token (/insights, bot/insights_page.py).
"""
from __future__ import annotations

import html
import http.server
import json
import re
import urllib.parse
from functools import lru_cache

from bot import framing, insights_page, overview
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


def page_handler(rasa_url: str) -> type[http.server.BaseHTTPRequestHandler]:
    files = {
        "/": ("text/html; charset=utf-8", lambda: (WEB_DIR / "index.html").read_text(encoding="utf-8")
              .replace("{{RASA_URL}}", html.escape(rasa_url, quote=True)).encode("utf-8")),
        "/leerwijzer.js": ("text/javascript; charset=utf-8", lambda: (WEB_DIR / "leerwijzer.js").read_bytes()),
        "/leerwijzer.css": ("text/css; charset=utf-8", lambda: (WEB_DIR / "leerwijzer.css").read_bytes()),
        "/webchat.js": ("text/javascript; charset=utf-8", widget_bundle),
    }
    policy = content_security_policy(rasa_url)

    class PageHandler(http.server.BaseHTTPRequestHandler):
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
            if insights_page.handles(self.path.split("?", 1)[0]):  # the insights page's token form
                return insights_page.serve(self)
            if self.path.split("?", 1)[0] != "/overzicht":
                self.send_error(404, "Niet gevonden")
                return
            declared = self.headers.get("Content-Length") or "0"
            length = int(declared) if declared.isdigit() else -1  # a malformed length is refused below
            if not self.headers.get("Content-Type", "").startswith("application/json") or not 0 < length <= overview.MAX_BODY:
                self.send_error(400, "Verwacht een JSON-overzicht")
                return
            kept = overview.keep(overview.parse_body(self.rfile.read(length)))
            if kept is None:
                self.send_error(400, "Geen voorstellen om te bewaren")
                return
            token, until = kept
            answer = {"url": f"overzicht/{token}", "expires": int(until), "expires_text": overview.expires_text(until)}
            self._send("application/json", json.dumps(answer).encode("utf-8"), private=True)

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
