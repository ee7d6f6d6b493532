"""The demo intranet page: three files, a Content-Security-Policy, and the Rasa address from the server.

Why not a directory listing: the page used to be served with SimpleHTTPRequestHandler, which listed
/node_modules/ and served package-lock.json. Now only the page, its script and the widget bundle exist.
The Rasa address is written into the page by the server (it used to come from `?rasa=` in the URL, so a
link could point the widget, and what teachers type, at any server).
"""
from __future__ import annotations

import html
import http.server
import re
from functools import lru_cache

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
            "base-uri 'none'; form-action 'none'; frame-ancestors 'self'")


def page_handler(rasa_url: str) -> type[http.server.BaseHTTPRequestHandler]:
    files = {
        "/": ("text/html; charset=utf-8", lambda: (WEB_DIR / "index.html").read_text(encoding="utf-8")
              .replace("{{RASA_URL}}", html.escape(rasa_url, quote=True)).encode("utf-8")),
        "/leerwijzer.js": ("text/javascript; charset=utf-8", lambda: (WEB_DIR / "leerwijzer.js").read_bytes()),
        "/webchat.js": ("text/javascript; charset=utf-8", widget_bundle),
    }
    policy = content_security_policy(rasa_url)

    class PageHandler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path == "/index.html":
                path = "/"
            if path not in files:
                self.send_error(404, "Niet gevonden")
                return
            kind, body = files[path]
            data = body()
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Content-Security-Policy", policy)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:  # page requests carry no personal data, but keep the console calm
            pass

    return PageHandler
