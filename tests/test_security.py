"""Closed by default: what someone who can reach the ports can and cannot do (issue 11).

Runs against the real stack (trained model, Rasa server, action server, demo page) as `make run` starts it.
"""
from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
import requests
import websocket

from bot.identity import rest, web
from tests.conftest import say

pytestmark = pytest.mark.e2e

VICTIM = "security-victim"


@pytest.fixture(scope="module")
def victim(stack):
    """A teacher's conversation that an outsider must not be able to read, change or erase."""
    say(stack, VICTIM, "ik ben juf in het derde leerjaar in Kortrijk")
    return VICTIM


# Rasa's HTTP API: each of these was open before (read a profile, write slots, erase a conversation,
# take the bot down, fetch a model from anywhere, start a training run, push messages).
API_CALLS = [
    ("get", "/conversations/{victim}/tracker", None),
    ("post", "/conversations/{victim}/tracker/events", {"event": "slot", "name": "home_town", "value": "X"}),
    ("put", "/conversations/{victim}/tracker/events", []),
    ("post", "/conversations/{victim}/execute", {"name": "action_forget_me"}),
    ("post", "/conversations/{victim}/trigger_intent", {"name": "restart"}),
    ("post", "/conversations/{victim}/messages", {"text": "hallo", "sender": "user"}),
    ("get", "/conversations/{victim}/story", None),
    ("post", "/conversations/{victim}/predict", None),
    ("delete", "/model", None),
    ("put", "/model", {"model_server": {"url": "http://127.0.0.1:9/model.tar.gz"}}),
    ("post", "/model/train", {}),
    ("post", "/model/parse", {"text": "hallo"}),
    ("get", "/status", None),
    ("get", "/domain", None),
]


@pytest.mark.parametrize("method, path, body", API_CALLS, ids=[f"{m} {p}" for m, p, _ in API_CALLS])
def test_the_api_refuses_calls_without_the_token(stack, victim, method, path, body):
    url = stack.rasa_url + path.format(victim=rest(victim))
    for token in (None, "wrong-token"):
        params = {"token": token} if token else {}
        response = requests.request(method, url, json=body, params=params, timeout=30)
        assert response.status_code in (401, 403), (method, path, token, response.status_code)
    # the victim's conversation is untouched, and the bot still has its model
    tracker = requests.get(f"{stack.rasa_url}/conversations/{rest(victim)}/tracker",
                           params={"token": stack.api_token}, timeout=30).json()
    assert tracker["slots"].get("home_town") == "Kortrijk"
    assert requests.get(f"{stack.rasa_url}/status", params={"token": stack.api_token}, timeout=30).ok


def test_a_token_that_starts_with_a_dash_is_the_token(stack):
    """One generated token in 64 starts with "-"; Rasa's argument parser took it for an option and did not start
    (a fresh clone's CI). The session stack's token starts with one (tests/conftest.py)."""
    assert stack.api_token.startswith("-")
    assert requests.get(f"{stack.rasa_url}/status", params={"token": stack.api_token}, timeout=30).ok
    assert requests.get(f"{stack.rasa_url}/status", params={"token": stack.api_token[1:]}, timeout=30).status_code == 401


def test_the_webhook_and_health_stay_open(stack):
    assert requests.get(stack.rasa_url + "/", timeout=10).ok
    assert say(stack, "security-open", "hallo")


def _listening(port: int) -> set[str]:
    """The local addresses that listen on `port`, read from the kernel's socket tables."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                if width == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:  # four little-endian 32-bit words
                    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                    found.add(socket.inet_ntop(socket.AF_INET6, words))
    return found


def test_nothing_listens_beyond_loopback(stack):
    for name, port in (("rasa", stack.rasa_port), ("actions", stack.action_port), ("page", stack.web_port)):
        addresses = _listening(port)
        assert addresses, f"{name} is not listening on {port}"
        assert addresses <= {"127.0.0.1", "::1"}, (name, addresses)


def test_the_action_server_answers_only_the_rasa_server(stack):
    call = {"next_action": "action_forget_me", "sender_id": VICTIM, "tracker": {"sender_id": VICTIM, "events": []},
            "domain": {}, "version": "3.6.21"}
    url = f"http://127.0.0.1:{stack.action_port}/webhook"
    assert requests.post(url, json=call, timeout=10).status_code == 403
    assert requests.post(url, json=call, headers={"X-Leerwijzer-Secret": "guess"}, timeout=10).status_code == 403
    assert requests.get(f"http://127.0.0.1:{stack.action_port}/health", timeout=10).ok  # for the supervisor


def test_browsers_on_other_sites_get_no_cors_permission(stack):
    evil = {"Origin": "https://evil.example"}
    response = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", headers=evil, timeout=60,
                             json={"sender": "cors-probe", "message": "hallo"})
    assert response.headers.get("Access-Control-Allow-Origin") not in ("*", "https://evil.example")
    page_origin = stack.page_url.rstrip("/")
    response = requests.options(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=10, headers={
        "Origin": page_origin, "Access-Control-Request-Method": "POST"})
    assert response.headers.get("Access-Control-Allow-Origin") == page_origin  # the demo page itself may


def test_the_page_sends_a_policy_and_serves_nothing_else(stack):
    response = requests.get(stack.page_url + "?rasa=https://evil.example", timeout=10)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "img-src 'self' data:" in policy  # no remote images
    assert "evil.example" not in response.text and stack.rasa_url in response.text
    for path in ("node_modules/", "node_modules/rasa-webchat/package.json", "package-lock.json", "package.json",
                 "../../pyproject.toml", "leerwijzer.js/../index.html%00"):
        assert requests.get(stack.page_url + path, timeout=10).status_code == 404, path
    widget = requests.get(stack.page_url + "webchat.js", timeout=10)
    assert widget.ok and "transformLinkUri:null" not in widget.text  # links are checked: https only


def test_long_sender_ids_are_refused_not_cut(stack):
    url = f"{stack.rasa_url}/webhooks/rest/webhook"
    base = "s" * 128
    assert requests.post(url, json={"sender": base, "message": "hallo"}, timeout=60).ok
    response = requests.post(url, json={"sender": base + "x", "message": "hallo"}, timeout=60)
    assert response.status_code == 400 and "te lang" in response.text


def test_stream_requests_end(stack):
    started = time.monotonic()
    response = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", params={"stream": "true"},
                             json={"sender": "stream-probe", "message": "hallo"}, timeout=30)
    assert response.status_code == 400 and time.monotonic() - started < 10


def test_a_socket_cannot_take_over_another_session(stack):
    import socketio

    def client():
        received, confirmed = [], []
        sio = socketio.Client(reconnection=False)
        sio.on("bot_uttered", lambda data: received.append(data))
        sio.on("session_confirm", lambda data: confirmed.append(data))
        sio.connect(stack.rasa_url, socketio_path="/socket.io/", transports=["websocket"], wait_timeout=10)
        return sio, received, confirmed

    def wait_for(items, seconds=60):
        deadline = time.monotonic() + seconds
        while not items and time.monotonic() < deadline:
            time.sleep(0.1)
        return items

    teacher, teacher_heard, teacher_session = client()
    outsider, outsider_heard, outsider_session = client()
    try:
        teacher.emit("session_request", {"session_id": None})
        session = wait_for(teacher_session)[0]
        teacher.emit("user_uttered", {"message": "ik ben leraar in Brugge", "session_id": session})
        assert wait_for(teacher_heard)

        # claiming the teacher's id without its signature, or a made-up one, gives a fresh session
        outsider.emit("session_request", {"session_id": session.split(".")[0] + ".0000"})
        assert wait_for(outsider_session)[0] != session
        # a message that names the teacher's session goes to the outsider's own session
        teacher_heard.clear()
        outsider.emit("user_uttered", {"message": "vergeet mij", "session_id": session})
        assert wait_for(outsider_heard)
        time.sleep(1)
        assert not teacher_heard
        tracker = requests.get(f"{stack.rasa_url}/conversations/{web(session)}/tracker",
                               params={"token": stack.api_token}, timeout=30).json()
        said = [e.get("text") for e in tracker["events"] if e["event"] == "user"]
        assert said == ["ik ben leraar in Brugge"]
    finally:
        teacher.disconnect()
        outsider.disconnect()


# --- issue 19: closed to strangers on the same machine and in the same browser ----------------------------
def _process_group(pid: int) -> list[int]:
    """Every live process in the process group that `pid` leads (a server and whatever it forked)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pid:  # the 5th field of /proc/<pid>/stat: the process group
            found.append(int(stat.parent.name))
    return found


def test_no_secret_is_on_a_command_line_or_in_an_environment(stack):
    """`ps` shows every process's arguments to every local account (issue 19, item 1)."""
    secrets = {"API token": stack.api_token, "action secret": stack.action_secret}
    checked = 0
    for name, proc in stack.processes.items():
        for pid in _process_group(proc.pid):
            for what in ("cmdline", "environ"):
                data = Path(f"/proc/{pid}/{what}").read_bytes()
                checked += 1
                for kind, secret in secrets.items():
                    assert secret.encode() not in data, f"the {kind} is in /proc/<{name}>/{what}"
    assert checked >= 4
    assert requests.get(f"{stack.rasa_url}/status", params={"token": stack.api_token}, timeout=30).ok  # still set


def test_conversations_and_logs_are_the_owners_alone(stack):
    """var/ 0700 and every file in it 0600 after a real turn (issue 19, item 2)."""
    say(stack, "modes-probe", "ik ben juf in het tweede leerjaar in Gent")
    var = stack.tracker_db.parent
    paths = [var, *var.rglob("*")]
    assert stack.tracker_db in paths and stack.log_dir / "rasa.log" in paths
    loose = {str(p.relative_to(var)): oct(p.stat().st_mode & 0o777) for p in paths if p.stat().st_mode & 0o077}
    assert not loose, loose


def test_a_foreign_page_cannot_open_the_widgets_socket(stack):
    """Rasa's socket.io server checked no origin: a page the teacher merely opened could chat in her name
    (issue 19, item 3). The handshake as a browser sends it, from another site, from the demo page, and
    without an Origin but with a browser's Sec-Fetch-* headers."""
    handshake = f"{stack.rasa_url}/socket.io/?EIO=4&transport=polling"
    evil = requests.get(handshake, headers={"Origin": "https://evil.example"}, timeout=10)
    assert evil.status_code == 403 and "niet gebruiken" in evil.text and '"sid"' not in evil.text
    hidden = requests.get(handshake, headers={"Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "cross-site"}, timeout=10)
    assert hidden.status_code == 403
    page = requests.get(handshake, headers={"Origin": stack.page_url.rstrip("/")}, timeout=10)
    assert page.ok and '"sid"' in page.text
    socket_url = stack.rasa_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:  # the websocket upgrade too
        websocket.create_connection(socket_url, origin="https://evil.example", timeout=10)
    assert refused.value.status_code == 403
    websocket.create_connection(socket_url, origin=stack.page_url.rstrip("/"), timeout=10).close()


def _widget_session(stack) -> tuple[object, str]:
    """A widget conversation over socket.io, as the demo page opens it: (client, session id)."""
    import socketio

    confirmed = []
    sio = socketio.Client(reconnection=False)
    sio.on("session_confirm", lambda data: confirmed.append(data))
    sio.connect(stack.rasa_url, socketio_path="/socket.io/", transports=["websocket"], wait_timeout=10,
                headers={"Origin": stack.page_url.rstrip("/")})
    sio.emit("session_request", {"session_id": None})
    deadline = time.monotonic() + 30
    while not confirmed and time.monotonic() < deadline:
        time.sleep(0.1)
    return sio, confirmed[0]


def test_rest_cannot_name_another_channels_conversation(stack):
    """Each channel has its own namespace; REST refuses ids shaped like a Teams user or a widget session
    (issue 19, item 4)."""
    url = f"{stack.rasa_url}/webhooks/rest/webhook"
    sio, session = _widget_session(stack)
    heard = []
    sio.on("bot_uttered", lambda data: heard.append(data))
    try:
        sio.emit("user_uttered", {"message": "ik ben juf in Kortrijk", "session_id": session})
        deadline = time.monotonic() + 60
        while not heard and time.monotonic() < deadline:
            time.sleep(0.1)
        for sender in (session, web(session), "29:1a2b3c-teams-user", "teams:tenant:29:x", "rest:someone"):
            response = requests.post(url, json={"sender": sender, "message": "vergeet mij"}, timeout=60)
            assert response.status_code == 400 and "ander kanaal" in response.text, sender
        tracker = requests.get(f"{stack.rasa_url}/conversations/{web(session)}/tracker",
                               params={"token": stack.api_token}, timeout=30).json()
        assert tracker["slots"].get("home_town") == "Kortrijk"  # the widget conversation is untouched
    finally:
        sio.disconnect()


def test_rest_metadata_beyond_the_limit_is_refused_and_not_stored(stack):
    url = f"{stack.rasa_url}/webhooks/rest/webhook"
    big = {"sender": "metadata-probe", "message": "ik ben juf in Gent", "metadata": {"x": "a" * 1_500_000}}
    response = requests.post(url, json=big, timeout=60)
    assert response.status_code == 400 and "te groot" in response.text
    tracker = requests.get(f"{stack.rasa_url}/conversations/{rest('metadata-probe')}/tracker",
                           params={"token": stack.api_token}, timeout=30).json()
    assert not [e for e in tracker.get("events") or [] if e["event"] == "user"]  # nothing kept, not even cut
    small = {"sender": "metadata-probe", "message": "hallo", "metadata": {"school": "De Linde"}}
    assert requests.post(url, json=small, timeout=60).ok


def test_rest_beyond_loopback_needs_a_client_token(tmp_path, monkeypatch):
    """The stack makes a REST token whenever it listens beyond loopback (issue 19, item 4); the channel's
    refusal without it is checked on a real stack in test_rest_with_a_token_refuses_calls_without_it."""
    from bot import stack as stack_module

    monkeypatch.setattr(stack_module, "VAR", tmp_path)
    monkeypatch.delenv("LEERWIJZER_REST_TOKEN", raising=False)
    assert stack_module.rest_token("127.0.0.1") == "" and stack_module.rest_token("::1") == ""
    made = stack_module.rest_token("0.0.0.0")
    assert len(made) >= 32 and stack_module.rest_token("192.168.1.20") == made
    assert (tmp_path / "rest_token").stat().st_mode & 0o777 == 0o600


@pytest.fixture(scope="module")
def token_stack(tmp_path_factory):
    """The stack as it runs beyond loopback: with a REST client token (on loopback here, as every test)."""
    from bot import stack as stack_module

    patch = pytest.MonkeyPatch()
    patch.setenv("LEERWIJZER_REST_TOKEN", "rest-client-token-" + "x" * 20)
    base = tmp_path_factory.mktemp("token-stack")
    try:
        running = stack_module.start(with_web=False, tracker_db=base / "tracker.db", log_dir=base / "logs")
    finally:
        patch.undo()
    yield running
    running.stop()


def test_rest_with_a_token_refuses_calls_without_it(token_stack):
    url = f"{token_stack.rasa_url}/webhooks/rest/webhook"
    body = {"sender": "token-probe", "message": "hallo"}
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        response = requests.post(url, json=body, headers=headers, timeout=60)
        assert response.status_code == 401 and "token" in response.text
    ok = requests.post(url, json=body, headers={"Authorization": "Bearer rest-client-token-" + "x" * 20}, timeout=60)
    assert ok.ok and ok.json()


def _files_with(folder: Path, needle: bytes) -> list[str]:
    return [str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_forget_me_erases_the_overview_and_leaves_the_sentence_nowhere_on_disk(stack):
    """"Vergeet mij" in the widget: the saved overview is gone, and the sentence is in no file of var/ (the
    tracker database, its WAL, the logs); the reply says what stays out of reach (issue 19, item 7)."""
    # a town no other conversation of the session stack names (the blind corpus's sample runs on the same tracker
    # database, and one of its teachers lives in Zonhoven)
    sentence = "ik wil graag origami leren geven aan mijn kleuters in Zutendaal"
    sio, session = _widget_session(stack)
    heard = []
    sio.on("bot_uttered", lambda data: heard.append(data))

    def turn(text: str) -> list[dict]:
        heard.clear()
        sio.emit("user_uttered", {"message": text, "session_id": session})
        deadline, last = time.monotonic() + 120, 0
        while time.monotonic() < deadline:  # until the replies stop coming for a second
            time.sleep(1)
            if heard and len(heard) == last:
                return list(heard)
            last = len(heard)
        raise AssertionError("no reply")

    try:
        turn(sentence)
        payload = {"session_id": session, "recommendations": [{"id": "x", "title": "Origami in de klas"}],
                   "profile": {"ambition": sentence, "home_town": "Zutendaal"}}
        made = requests.post(stack.page_url + "overzicht", json=payload, timeout=10)
        assert made.ok, made.text
        overview_url = stack.page_url + made.json()["url"]
        assert "origami" in requests.get(overview_url, timeout=10).text
        var = stack.tracker_db.parent
        deadline = time.monotonic() + 30  # the turn is saved after its last reply went out
        while not _files_with(var, b"origami leren geven") and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _files_with(var, b"origami leren geven"), "the sentence was never stored: the check proves nothing"

        replies = turn("vergeet mij")
        assert requests.get(overview_url, timeout=10).status_code == 404
        time.sleep(1)
        assert _files_with(var, b"origami leren geven") == []
        assert _files_with(var, b"Zutendaal") == []
        said = " ".join(r.get("text") or "" for r in replies)
        assert "gewist" in said and "Teams" in said and "studiebegeleider" in said  # what stays out of reach
        assert any((r.get("custom") or {}).get("forgotten") for r in replies)  # the widget clears its tab
    finally:
        sio.disconnect()


# --- the page server cannot be starved (issue 19, item 5) -------------------------------------------------
def test_a_half_sent_request_is_dropped_within_seconds(stack):
    """Slow loris: one thread per connection, in the process that supervises the stack."""
    port = int(stack.page_url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # and then nothing more
        started = time.monotonic()
        try:
            closed = conn.recv(1024) == b""
        except ConnectionResetError:
            closed = True
        except socket.timeout:
            closed = False
    assert closed and time.monotonic() - started < 15
    assert requests.get(stack.page_url, timeout=10).ok  # the page still answers


def _raw(port: int, request: bytes, wait: float = 10) -> bytes:
    """What the server answers to `request`, sent as is; b"" when it answers nothing within `wait` s."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as conn:
        conn.sendall(request)
        try:
            return conn.recv(4096)
        except socket.timeout:
            return b""


def test_a_negative_content_length_is_refused_at_once(insights_server, monkeypatch):
    monkeypatch.setenv("LEERWIJZER_INSIGHTS_TOKEN", "insights-" + "t" * 24)
    port = int(insights_server.rsplit(":", 1)[1])
    for path in ("/insights", "/overzicht"):
        started = time.monotonic()
        answer = _raw(port, f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            "Content-Length: -1\r\n\r\ntoken=abc".encode())
        assert answer.startswith(b"HTTP/1.0 400") and time.monotonic() - started < 5, (path, answer[:40])
    answer = _raw(port, b"POST /insights HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 413")


def test_a_flood_of_overviews_cannot_evict_a_teachers_list():
    """2,000 anonymous POSTs, and 2,000 from one made-up conversation, used to evict every saved overview."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from bot import identity
    from bot.page_limits import PageServer
    from bot.web_page import page_handler

    key = b"session-key-for-this-test"
    server = PageServer(("127.0.0.1", 0), page_handler("http://127.0.0.1:1", key, None))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/overzicht"
    try:
        teacher = {"session_id": identity.new_session_id(key), "profile": {"home_town": "Mol"},
                   "recommendations": [{"id": "x", "title": "Lezen in de eerste graad"}]}
        made = requests.post(url, json=teacher, timeout=10)
        assert made.ok, made.text
        kept = url.rsplit("/", 1)[0] + "/" + made.json()["url"]
        flood = {"recommendations": [{"id": "y", "title": "spam"}]}
        other = {**flood, "session_id": identity.new_session_id(key)}
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(lambda i: requests.post(url, json=other if i % 2 else flood, timeout=30).status_code,
                                     range(4000)))
        assert statuses.count(200) <= 30 and set(statuses) <= {200, 400, 429}, sorted(set(statuses))
        answer = requests.get(kept, timeout=10)
        assert answer.ok and "Lezen in de eerste graad" in answer.text
    finally:
        server.shutdown()
        server.server_close()


# --- the first message says it is a machine (issue 19, item 10) ------------------------------------------
def _discloses(texts: list[str]) -> bool:
    first = texts[0] if texts else ""
    return "geautomatiseerde assistent" in first and "geen mens" in first and "met iemand praten" in first


def test_the_first_reply_says_it_is_a_machine_and_how_to_reach_a_person(stack):
    # over REST, whatever the first message is (not only a greeting)
    for sender, first in (("disclosure-hallo", "hallo"), ("disclosure-facts", "ik ben juf in Gent")):
        texts = [m.get("text") or "" for m in say(stack, sender, first)]
        assert _discloses(texts), texts
        later = [m.get("text") or "" for m in say(stack, sender, "ik wil leren over lezen")]
        assert not any("geautomatiseerde assistent" in t for t in later)  # once, not on every turn
    # in the widget (socket.io), as the demo page opens it
    sio, session = _widget_session(stack)
    heard = []
    sio.on("bot_uttered", lambda data: heard.append(data.get("text") or ""))
    try:
        sio.emit("user_uttered", {"message": "/greet", "session_id": session})
        deadline = time.monotonic() + 60
        while len(heard) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _discloses(heard), heard
    finally:
        sio.disconnect()


# --- the action server beyond loopback (issue 19, item 9) -------------------------------------------------
def test_the_action_server_will_not_listen_beyond_loopback_without_its_secret():
    """It used to run any action for anyone when LEERWIJZER_ACTION_SECRET was unset. 192.0.2.1 (TEST-NET) is
    beyond loopback and on no interface here, so no version of the server can expose anything in this test."""
    import os
    import subprocess

    from bot import stack as stack_module

    env = {k: v for k, v in os.environ.items() if k != "LEERWIJZER_ACTION_SECRET"}
    env["LEERWIJZER_ACTION_HOST"] = "192.0.2.1"
    started = time.monotonic()
    done = subprocess.run([str(stack_module.ACTIONS_PYTHON), "-m", "actions.server", "--port",
                           str(stack_module.free_port())], cwd=stack_module.REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode != 0 and "LEERWIJZER_ACTION_SECRET" in done.stderr, done.stderr[-500:]
    assert time.monotonic() - started < 20  # refused before loading anything
