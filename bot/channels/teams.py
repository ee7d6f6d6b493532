"""Microsoft Teams: Rasa's Bot Framework channel, made usable. Webhook: /webhooks/botframework/webhook.

Configured only from the environment (bot/stack.py adds the channel when LEERWIJZER_TEAMS_APP_ID is set):
LEERWIJZER_TEAMS_APP_ID, LEERWIJZER_TEAMS_APP_PASSWORD, LEERWIJZER_TEAMS_TENANT_ID, and optionally
LEERWIJZER_TEAMS_OPENID_URL (default: Bot Framework's OpenID metadata) and LEERWIJZER_TEAMS_LOGIN_URL
(default: the tenant's token endpoint, single tenant).

What differs from rasa.core.channels.botframework (Rasa 3.6):
- Nothing is fetched in the constructor: `rasa run` starts without network. The signing keys are fetched on
  the first request, cached, refreshed daily and when a token names an unknown `kid` (at most once per
  LEERWIJZER_TEAMS_KEY_REFRESH_SECONDS, default 60, so forged kids cannot make us hammer Microsoft).
- A token must pass signature (RS256, a key from the JWKS, endorsed for the activity's channel when the key
  lists endorsements), expiry (5 minutes clock skew), audience (our app id), issuer
  (https://api.botframework.com) and `serviceurl` (equal to the activity's serviceUrl, where the reply goes).
  Any failure is a bare 401, logged by kind, never with the token; nothing reaches the tracker.
- The bot's own token comes from the single-tenant endpoint (login.microsoftonline.com/{tenant}), not the
  retired multi-tenant botframework.com one; it is cached until shortly before it expires.
- Tenant and channel are pinned: an activity must come from `channelId` msteams and, when
  LEERWIJZER_TEAMS_TENANT_ID is set, from that tenant (`channelData.tenant.id`); otherwise 401. Its
  conversation is `teams:<tenant>:<from.id>` (bot/identity.py): Web Chat or Direct Line on the same Azure
  bot, another tenant, or another channel of ours cannot act as a Teams user.
- Calls are aiohttp (non-blocking) with a timeout, retried on 429 (Retry-After honoured, capped) and 5xx;
  a reply that still fails is logged with its status, never dropped silently.
- Buttons and the recommendation / comparison payloads go out as Adaptive Cards (bot/cards.py); a button is
  Action.Submit + imBack, so a click comes back as an ordinary text message through the same NLU.
- The activity is acknowledged at once (200) and the turn runs in the background: the Bot Connector waits
  15 s at most, a first recommendation may take longer. The guard (bot/channels/guard.py) answers when the
  action server is down, and logs carry counts and timings, never message text.
"""
from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm
from rasa.core.channels.botframework import BotFramework, BotFrameworkInput
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

import settings
from bot import botframework, cards, identity
from bot.channels.guard import guarded

log = logging.getLogger(__name__)

ISSUER = "https://api.botframework.com"
CLOCK_SKEW = 300  # seconds, as Microsoft's SDKs allow
KEYS_MAX_AGE = 24 * 3600
TIMEOUT = 10  # seconds per outgoing call
ATTEMPTS = 3  # an outgoing call is tried this often on 429 / 5xx / connection errors
MAX_RETRY_AFTER = 5.0
BEARER = re.compile(r"Bearer\s+(\S+)\s*$")
MENTION = re.compile(r"<at>.*?</at>", re.S)


@dataclass(frozen=True)
class Settings:
    app_id: str
    app_password: str
    tenant_id: str
    openid_url: str
    login_url: str
    key_refresh_seconds: float

    @classmethod
    def from_env(cls) -> Optional["Settings"]:
        """The channel's settings, or None when no app id is set (the channel is then off)."""
        app_id = settings.TEAMS_APP_ID.get()
        if not app_id:
            return None
        login = botframework.login_url()
        if not login:
            log.warning("Teams: neither LEERWIJZER_TEAMS_TENANT_ID nor LEERWIJZER_TEAMS_LOGIN_URL is set; "
                        "incoming messages are checked, but replies cannot be sent")
        if not settings.TEAMS_APP_PASSWORD.get():
            log.warning("Teams: LEERWIJZER_TEAMS_APP_PASSWORD is not set; replies cannot be sent")
        return cls(app_id, settings.TEAMS_APP_PASSWORD.get(), settings.TEAMS_TENANT_ID.get(),
                   settings.TEAMS_OPENID_URL.get(), login, settings.TEAMS_KEY_REFRESH_SECONDS.get())


class Refused(Exception):
    """A request that fails the token check; the message is a kind for the log, never token content."""


class Http:
    """One aiohttp session per Rasa process, opened on first use (inside the server's event loop)."""

    def __init__(self) -> None:
        self._session: Optional[aiohttp.ClientSession] = None

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT))
        return self._session

    async def request(self, method: str, url: str, what: str, **kwargs: Any) -> Optional[aiohttp.ClientResponse]:
        """The response (body read) of the first attempt that is not 429/5xx, or None after ATTEMPTS tries.
        `what` names the call in logs (never the URL's secrets or the body)."""
        delay = 0.5
        for attempt in range(1, ATTEMPTS + 1):
            try:
                async with self.session().request(method, url, **kwargs) as resp:
                    await resp.read()
                    if resp.status != 429 and resp.status < 500:
                        return resp
                    wait = botframework.retry_after(resp.headers.get("Retry-After"), delay, MAX_RETRY_AFTER)
                    log.warning("Teams: %s answered HTTP %d (attempt %d of %d)", what, resp.status, attempt, ATTEMPTS)
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                wait = delay
                log.warning("Teams: %s failed: %s (attempt %d of %d)", what, type(exc).__name__, attempt, ATTEMPTS)
            if attempt < ATTEMPTS:
                await asyncio.sleep(wait)
                delay *= 2
        log.error("Teams: %s failed after %d attempts", what, ATTEMPTS)
        return None

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


class Keys:
    """Bot Framework's signing keys: fetched lazily, cached, refreshed daily and on an unknown `kid`."""

    def __init__(self, settings: Settings, http: Http) -> None:
        self.settings, self.http = settings, http
        self.keys: Dict[str, dict] = {}
        self.fetched_at = 0.0  # monotonic time of the last successful fetch
        self.tried_at = -1e9  # of the last attempt, successful or not
        self.fetches = 0
        self._lock = asyncio.Lock()

    async def get(self, kid: str) -> Optional[dict]:
        now = time.monotonic()
        wanted = kid not in self.keys or now - self.fetched_at > KEYS_MAX_AGE
        if wanted and now - self.tried_at >= self.settings.key_refresh_seconds:
            await self.refresh(since=self.tried_at)
        return self.keys.get(kid)

    async def refresh(self, since: float) -> None:
        async with self._lock:
            if self.tried_at != since:  # another request refreshed while this one waited
                return
            self.tried_at = time.monotonic()
            self.fetches += 1
            meta = await self.http.request("GET", self.settings.openid_url, "OpenID metadata")
            try:
                jwks_uri = (await meta.json(content_type=None))["jwks_uri"] if meta and meta.status == 200 else None
                found = await self.http.request("GET", jwks_uri, "signing keys") if jwks_uri else None
                keys = (await found.json(content_type=None))["keys"] if found and found.status == 200 else None
            except (ValueError, KeyError, TypeError, aiohttp.ContentTypeError):
                keys = None
            if not isinstance(keys, list):
                log.error("Teams: could not load the signing keys; keeping the %d cached", len(self.keys))
                return
            self.keys = {k["kid"]: k for k in keys if isinstance(k, dict) and isinstance(k.get("kid"), str)}
            self.fetched_at = time.monotonic()
            log.info("Teams: %d signing keys loaded", len(self.keys))


class Auth:
    def __init__(self, settings: Settings, keys: Keys) -> None:
        self.settings, self.keys = settings, keys

    async def check(self, header: Optional[str], activity: Any) -> None:
        """Raises Refused unless the request carries a valid Bot Framework token for this activity."""
        match = BEARER.match(header or "")
        if not match:
            raise Refused("no bearer token")
        token = match.group(1)
        if not isinstance(activity, dict):
            raise Refused("no activity")
        try:
            head = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Refused("malformed token") from None
        if head.get("alg") != "RS256" or not isinstance(head.get("kid"), str):
            raise Refused("unexpected algorithm or no key id")
        jwk = await self.keys.get(head["kid"])
        if jwk is None:
            raise Refused("unknown key id")
        endorsements = jwk.get("endorsements")
        if isinstance(endorsements, list) and activity.get("channelId") not in endorsements:
            raise Refused("key not endorsed for this channel")
        try:
            key = RSAAlgorithm.from_jwk(jwk)
            claims = jwt.decode(token, key=key, algorithms=["RS256"], audience=self.settings.app_id,
                                issuer=ISSUER, leeway=CLOCK_SKEW, options={"require": ["exp", "iss", "aud"]})
        except jwt.ExpiredSignatureError:
            raise Refused("expired") from None
        except jwt.InvalidAudienceError:
            raise Refused("wrong audience") from None
        except jwt.InvalidIssuerError:
            raise Refused("wrong issuer") from None
        except jwt.InvalidSignatureError:
            raise Refused("bad signature") from None
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise Refused(f"invalid token ({type(exc).__name__})") from None
        service_url = activity.get("serviceUrl")
        if not isinstance(service_url, str) or claims.get("serviceurl") != service_url:
            raise Refused("serviceurl does not match the activity")


class Connector:
    """The Bot Connector REST API: the bot's own token (cached) and posting activities."""

    def __init__(self, settings: Settings, http: Http) -> None:
        self.settings, self.http = settings, http
        self.tokens = botframework.TokenCache()
        self._lock = asyncio.Lock()

    async def token(self) -> Optional[str]:
        async with self._lock:
            cached = self.tokens.get()
            if cached:
                return cached
            if not (self.settings.login_url and self.settings.app_password):
                log.error("Teams: no login settings; cannot get a token to reply")
                return None
            data = botframework.token_request(self.settings.app_id, self.settings.app_password)
            resp = await self.http.request("POST", self.settings.login_url, "token endpoint", data=data)
            try:
                body = await resp.json(content_type=None) if resp is not None and resp.status == 200 else None
                return self.tokens.keep(body)
            except (ValueError, KeyError, TypeError, aiohttp.ContentTypeError):
                log.error("Teams: the token endpoint gave no token (HTTP %s)", getattr(resp, "status", "-"))
                return None

    async def post(self, service_url: str, conversation_id: str, activity: dict) -> bool:
        url = botframework.activities_url(service_url, conversation_id)
        for _ in range(2):  # a 401 means our cached token was revoked or expired early: fetch one, once
            token = await self.token()
            if token is None:
                return False
            resp = await self.http.request("POST", url, "connector", json=activity,
                                           headers={"Authorization": f"Bearer {token}"})
            if resp is not None and resp.status == 401:
                self.tokens.forget()
                continue
            if resp is not None and resp.status < 300:
                return True
            if resp is not None:
                log.error("Teams: the connector refused a reply: HTTP %d", resp.status)
            return False
        log.error("Teams: the connector refused our token twice")
        return False


class TeamsOutput(BotFramework):
    """Replies to one activity: text as messages, buttons and known payloads as Adaptive Cards."""

    @classmethod
    def name(cls) -> Text:
        return "botframework"

    def __init__(self, connector: Connector, activity: dict) -> None:
        conversation = activity.get("conversation") or {}
        super().__init__(connector.settings.app_id, "", conversation, activity.get("recipient") or {},
                         activity["serviceUrl"])
        self.connector = connector
        self.service_url = activity["serviceUrl"]
        self.reply_to = activity.get("id")
        self.user = {"id": (activity.get("from") or {}).get("id")}  # the Teams user (our sender id is namespaced)
        self.sent = 0  # activities we tried to send (the guard's count)
        self.failed = 0
        self.cards = 0
        self.send_seconds = 0.0
        self.card_seconds = 0.0
        self.pending_elements: List[dict] = []
        self.recommendation_card_sent = False

    async def _get_headers(self) -> Optional[Dict[Text, Any]]:  # Rasa's blocking multi-tenant login: unused
        token = await self.connector.token()
        return {"Authorization": f"Bearer {token}"} if token else None

    def prepare_message(self, recipient_id: Text, message_data: Dict[Text, Any]) -> Dict[Text, Any]:
        data = {"type": "message", "from": self.bot, "recipient": self.user,
                "conversation": {"id": self.conversation.get("id")}}
        if self.reply_to:
            data["replyToId"] = self.reply_to
        data.update(message_data)
        return data

    async def send(self, message_data: Dict[Text, Any]) -> None:
        self.sent += 1
        started = time.perf_counter()
        ok = await self.connector.post(self.service_url, str(self.conversation.get("id")), message_data)
        self.send_seconds += time.perf_counter() - started
        if not ok:
            self.failed += 1

    async def send_card(self, recipient_id: Text, build: Callable[..., Optional[dict]], *args: Any) -> None:
        started = time.perf_counter()
        content = build(*args)
        self.card_seconds += time.perf_counter() - started
        if content is None:
            log.warning("Teams: a custom payload of an unknown kind was not sent")
            return
        self.cards += 1
        await self.send(self.prepare_message(recipient_id, {"attachments": [cards.attachment(content)]}))

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        await self.send_card(recipient_id, cards.text_card, text, buttons)

    async def send_elements(self, recipient_id: Text, elements: Iterable[Dict[Text, Any]], **kwargs: Any) -> None:
        # Recommendation turns send these small cards and then the full payload, which becomes the richer
        # card: keep them back, and send them at the end of the turn only if no such card came.
        self.pending_elements.extend(elements)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        if isinstance(json_message, dict) and "handoff" in json_message:
            return  # for the counsellors (actions/handoff.py posts it there); the teacher got the text
        if isinstance(json_message, dict) and "forgotten" in json_message:
            return  # for the widget (it clears its tab); Teams keeps its own chat history
        if isinstance(json_message, dict) and "recommendations" in json_message:
            self.recommendation_card_sent = True  # cards.card_for builds the recommendations card for it
        await self.send_card(recipient_id, cards.card_for, json_message)

    async def end_of_turn(self, recipient_id: Text) -> None:
        if self.pending_elements and not self.recommendation_card_sent:
            await self.send_card(recipient_id, cards.elements_card, self.pending_elements)
        self.pending_elements = []


class TeamsInput(BotFrameworkInput):
    """Teams' Bot Framework webhook. Rasa's constructor fetched keys over the network; this one does not."""

    @classmethod
    def name(cls) -> Text:
        return "botframework"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        config = Settings.from_env()
        if config is None:
            raise ValueError("The Teams channel needs LEERWIJZER_TEAMS_APP_ID (bot/stack.py adds it only then)")
        return cls(config)

    def __init__(self, settings: Settings) -> None:  # super().__init__ fetches keys: not called
        self.settings = settings
        self.app_id, self.app_password = settings.app_id, settings.app_password
        self.http = Http()
        self.keys = Keys(settings, self.http)
        self.auth = Auth(settings, self.keys)
        self.connector = Connector(settings, self.http)
        self.tasks: set = set()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guarded(on_new_message, lambda out: getattr(out, "sent", 0))
        webhook_bp = Blueprint("teams_webhook", __name__)

        @webhook_bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook_bp.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            started = time.perf_counter()
            try:
                activity = request.json
            except Exception:  # noqa: BLE001 - Sanic raises on unparsable JSON
                activity = None
            try:
                await self.auth.check(request.headers.get("Authorization"), activity)
            except Refused as refused:
                log.warning("Teams: refused a request: %s", refused)
                return response.text("", status=401)
            tenant = _tenant_of(activity)
            if activity.get("channelId") != "msteams" or (self.settings.tenant_id and tenant != self.settings.tenant_id):
                log.warning("Teams: refused an activity from another channel or tenant")
                return response.text("", status=401)
            checked = time.perf_counter() - started
            kind = (activity.get("conversation") or {}).get("conversationType")
            if activity.get("type") == "conversationUpdate" and kind in ("channel", "groupChat"):
                # installed where counsellors meet: what actions/handoff.py needs to post there (no personal data)
                log.info("Teams: the bot is in a %s; for the handoff set LEERWIJZER_TEAMS_HANDOFF_CONVERSATION=%s "
                         "and LEERWIJZER_TEAMS_SERVICE_URL=%s", kind, (activity.get("conversation") or {}).get("id"),
                         activity.get("serviceUrl"))
                return response.text("", status=200)
            if activity.get("type") != "message":
                log.info("Teams: %s activity acknowledged", str(activity.get("type"))[:40])
                return response.text("", status=200)
            if kind not in (None, "personal"):
                # a teacher's intake is personal: never answered where colleagues read along
                log.info("Teams: a message in a %s was not answered (personal chats only)", str(kind)[:20])
                return response.text("", status=200)
            text = _text_of(activity)
            sender = (activity.get("from") or {}).get("id")
            if not text or not isinstance(sender, str) or not (activity.get("conversation") or {}).get("id"):
                log.info("Teams: a message without text, sender or conversation was ignored")
                return response.text("", status=200)
            output = TeamsOutput(self.connector, activity)
            message = UserMessage(text, output, identity.teams(tenant or "-", sender), input_channel=self.name())
            task = asyncio.ensure_future(self._turn(handle, message, output, checked))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
            return response.text("", status=200)

        @webhook_bp.listener("after_server_stop")
        async def close(*_: Any) -> None:
            await self.http.close()

        return webhook_bp

    async def _turn(self, handle, message: UserMessage, output: TeamsOutput, checked: float) -> None:
        started = time.perf_counter()
        await handle(message)
        await output.end_of_turn(message.sender_id)
        # Counts and timings only: what the channel adds to a turn (token check, cards, outgoing calls).
        log.info("Teams turn: token check %.1f ms, %d activities out (%d cards built in %.2f ms) in %.1f ms, "
                 "%d failed; whole turn %.0f ms", checked * 1000, output.sent, output.cards,
                 output.card_seconds * 1000, output.send_seconds * 1000, output.failed,
                 (time.perf_counter() - started) * 1000)


def _tenant_of(activity: dict) -> Optional[str]:
    data = activity.get("channelData")
    tenant = data.get("tenant") if isinstance(data, dict) else None
    value = tenant.get("id") if isinstance(tenant, dict) else None
    return value if isinstance(value, str) and value else None


def _text_of(activity: dict) -> str:
    text = activity.get("text")
    if not isinstance(text, str) or not text.strip():
        value = activity.get("value")  # a messageBack / Action.Submit without imBack
        text = value.get("text") if isinstance(value, dict) and isinstance(value.get("text"), str) else ""
    return MENTION.sub(" ", text).strip()
