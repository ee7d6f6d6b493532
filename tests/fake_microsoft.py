"""A local stand-in for Microsoft's side of a Teams bot, on 127.0.0.1 only (tests/test_teams.py).

It serves what the Teams channel and the handoff talk to, and records every request:
- GET  /openid                                     Bot Framework's OpenID metadata (points at /keys)
- GET  /keys                                       the JWKS: public halves of the RSA keys the test made
- POST /{tenant}/oauth2/v2.0/token                 the single-tenant token endpoint (client credentials)
- POST /teams/v3/conversations/{id}/activities     the Bot Connector (serviceUrl = base + "/teams/")

It also plays the Bot Connector's sending side: `signed(claims, ...)` makes the JWT Teams would put in the
Authorization header of an activity. RS256 is written out here with `cryptography` (no JWT library).
"""
from __future__ import annotations

import base64
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Optional

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ISSUER = "https://api.botframework.com"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int(value: int) -> str:
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@dataclass
class Key:
    kid: str
    private: rsa.RSAPrivateKey = field(repr=False)

    @classmethod
    def new(cls, kid: Optional[str] = None) -> "Key":
        return cls(kid or secrets.token_hex(8), rsa.generate_private_key(public_exponent=65537, key_size=2048))

    # As Microsoft's: one key is endorsed for every channel of the bot, so it pins no channel by itself.
    def jwk(self, endorsements=("msteams", "webchat", "directline", "emulator")) -> dict:
        numbers = self.private.public_key().public_numbers()
        return {"kty": "RSA", "use": "sig", "kid": self.kid, "n": _int(numbers.n), "e": _int(numbers.e),
                "endorsements": list(endorsements)}


def sign(claims: dict, key: Key, kid: Optional[str] = None) -> str:
    """An RS256 JWT over `claims`, signed by `key`, naming `kid` (default: the key's own)."""
    header = {"alg": "RS256", "typ": "JWT", "kid": kid or key.kid}
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    signature = key.private.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url(signature)}"


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes
    status: int = 0

    def json(self):
        return json.loads(self.body or b"null")

    def form(self) -> dict:
        return dict(urllib.parse.parse_qsl(self.body.decode()))


class FakeMicrosoft:
    def __init__(self, app_id: str, app_password: str, tenant: str) -> None:
        self.app_id, self.app_password, self.tenant = app_id, app_password, tenant
        self.keys = [Key.new()]  # published in the JWKS
        self.received: list[Received] = []
        self.issued: list[str] = []  # bot tokens handed out by the token endpoint
        self.connector_failures: dict[str, list[int]] = {}  # conversation id -> statuses it answers first
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- addresses the product is pointed at ------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def openid_url(self) -> str:
        return f"{self.base}/openid"

    @property
    def login_url(self) -> str:
        return f"{self.base}/{self.tenant}/oauth2/v2.0/token"

    @property
    def service_url(self) -> str:
        return f"{self.base}/teams/"

    def start(self) -> "FakeMicrosoft":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- the sending side: tokens Teams would attach to activities --------------------------------------
    def token(self, key: Optional[Key] = None, kid: Optional[str] = None, **overrides) -> str:
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": self.app_id, "serviceurl": self.service_url, "nbf": now - 10,
                  "iat": now - 10, "exp": now + 3600}
        claims.update(overrides)
        return sign({k: v for k, v in claims.items() if v is not None}, key or self.keys[0], kid)

    # --- what arrived -----------------------------------------------------------------------------------
    def requests(self, path_prefix: str = "") -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.path.startswith(path_prefix)]

    def activities(self, conversation: Optional[str] = None, delivered: bool = True) -> list[Received]:
        """Activities posted to the connector (for one conversation), those answered 2xx by default."""
        prefix = "/teams/v3/conversations/" + (conversation or "")
        with self.lock:  # a client may send the id's ":" as it is or as %3A: compare the unquoted path
            return [r for r in self.received if urllib.parse.unquote(r.path).startswith(prefix)
                    and r.method == "POST" and (not delivered or r.status < 300)]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _reply(self, status: int, body: Optional[dict] = None) -> None:
                data = json.dumps(body or {}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _record(self) -> Received:
                length = int(self.headers.get("Content-Length") or 0)
                received = Received(self.command, self.path, dict(self.headers), self.rfile.read(length))
                with fake.lock:
                    fake.received.append(received)
                return received

            def do_GET(self):
                received = self._record()
                if self.path == "/openid":
                    received.status = 200
                    self._reply(200, {"issuer": ISSUER, "jwks_uri": f"{fake.base}/keys",
                                      "id_token_signing_alg_values_supported": ["RS256"],
                                      "token_endpoint_auth_methods_supported": ["private_key_jwt"]})
                elif self.path == "/keys":
                    received.status = 200
                    self._reply(200, {"keys": [k.jwk() for k in fake.keys]})
                else:
                    received.status = 404
                    self._reply(404)

            def do_POST(self):
                received = self._record()
                if self.path == f"/{fake.tenant}/oauth2/v2.0/token":
                    form = received.form()
                    if (form.get("grant_type") != "client_credentials" or form.get("client_id") != fake.app_id
                            or form.get("client_secret") != fake.app_password
                            or form.get("scope") != "https://api.botframework.com/.default"):
                        received.status = 401
                        return self._reply(401, {"error": "invalid_client"})
                    token = "fake-bot-token-" + secrets.token_hex(12)
                    fake.issued.append(token)
                    received.status = 200
                    return self._reply(200, {"token_type": "Bearer", "expires_in": 3599, "access_token": token})
                if self.path.startswith("/teams/v3/conversations/") and self.path.endswith("/activities"):
                    conversation = urllib.parse.unquote(self.path.split("/")[4])
                    with fake.lock:
                        queue = fake.connector_failures.get(conversation) or []
                        failure = queue.pop(0) if queue else None
                    auth = self.headers.get("Authorization", "")
                    if failure:
                        received.status = failure
                        return self._reply(failure, {"error": {"code": "ServiceError"}})
                    if auth.removeprefix("Bearer ") not in fake.issued:
                        received.status = 401
                        return self._reply(401, {"error": {"code": "Unauthorized"}})
                    received.status = 200
                    return self._reply(200, {"id": secrets.token_hex(6)})
                received.status = 404
                self._reply(404)

        return Handler
