"""Start, supervise and stop the whole assistant: action server (py3.11), Rasa server (py3.10), demo page.

Used by `make run` (python -m bot.stack) and by the end-to-end tests and benchmarks, so they all run
the product the same way. Each process gets its own process group; stopping ends all of them.

Closed by default: everything binds to 127.0.0.1 (LEERWIJZER_HOST to change it); Rasa's HTTP API needs a
token (LEERWIJZER_API_TOKEN, else one generated into var/api_token), only the channels' webhooks and `/`
stay open; the action server answers only the Rasa server (loopback and a per-start shared secret); the
demo page sends a Content-Security-Policy and serves three files, nothing else.

Supervised: a part that stops, or an action server that no longer answers its health check, is restarted
with backoff; the other parts keep running (a turn meanwhile gets the channel guard's friendly message).
"""
from __future__ import annotations

import hashlib
import hmac
import http.server
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot import lifeline
from bot.identity import allowed_origins, is_loopback
from bot.launch import secrets_in_environment, spawn
import settings
from index.paths import REPO_ROOT

RASA = REPO_ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = REPO_ROOT / ".venv-rasa" / "bin" / "python"
ACTIONS_PYTHON = REPO_ROOT / ".venv" / "bin" / "python"
MODEL = REPO_ROOT / "models" / "leerwijzer.tar.gz"
VAR = settings.VAR.get()  # tracker database, logs, generated token
HOST = settings.HOST.get()
HEALTH_TIMEOUT = 2.0  # seconds an action server may take to answer /health
UNHEALTHY_AFTER = 5  # failed health checks in a row (about 15 s) before the action server is restarted
MAX_BACKOFF = 30.0
STARTUP_GRACE = 120.0  # seconds a restarted action server may take to answer at all


def api_token() -> str:
    """Rasa's API token: $LEERWIJZER_API_TOKEN, else the one generated into var/ on first run (owner-only)."""
    return stored_secret(settings.API_TOKEN, "api_token")


def rest_token(host: str) -> str:
    """The REST client token: needed when Rasa (or the cluster's nginx) listens beyond loopback, where anyone on
    the network could otherwise name a REST conversation and read or erase it. $LEERWIJZER_REST_TOKEN, else
    generated into var/rest_token. On loopback only when $LEERWIJZER_REST_TOKEN is set."""
    if is_loopback(host):
        return settings.REST_TOKEN.get()
    return stored_secret(settings.REST_TOKEN, "rest_token")


def stored_secret(setting: settings.Secret, file_name: str) -> str:
    """$setting, else a random secret generated into var/<file_name> on first use (owner-only)."""
    token = setting.get()
    if token:
        return token
    path = VAR / file_name
    if not path.exists():
        private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


def private_dir(path: Path) -> None:
    """A folder for conversations, logs or secrets: made if missing, owner-only (0700), and every file in it
    owner-only too (an older var/ was 0755 with 0644 files). Owner bits are kept (PostgreSQL wants 0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    me = os.getuid()
    for folder, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if os.lstat(os.path.join(folder, d)).st_uid == me]  # not PostgreSQL's own
        for name in [folder, *(os.path.join(folder, f) for f in files)]:
            info = os.lstat(name)
            if not os.path.islink(name) and info.st_uid == me and info.st_mode & 0o077:
                os.chmod(name, info.st_mode & ~0o077)


def private_append(path: Path):
    """A log file opened for appending, created 0600."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab")


def session_secret(token: str) -> str:
    """The key that signs socket.io session ids: derived from the API token, so it survives a restart of Rasa
    and is the same on every Rasa server that shares the token."""
    return hmac.new(token.encode(), b"leerwijzer socket.io sessions", hashlib.sha256).hexdigest()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    rasa_port: int
    action_port: int
    web_port: int | None
    tracker_db: Path
    log_dir: Path
    host: str = HOST
    api_token: str = field(default="", repr=False)  # never printed (pytest shows fixtures on failure)
    rest_token: str = field(default="", repr=False)  # REST clients' token; "" on loopback (bot/channels/rest.py)
    action_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    restarts: dict[str, int] = field(default_factory=dict)
    web_server: http.server.ThreadingHTTPServer | None = None
    stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def rasa_url(self) -> str:
        return f"http://{_url_host(self.host)}:{self.rasa_port}"

    @property
    def page_url(self) -> str | None:
        return f"http://{_url_host(self.host)}:{self.web_port}/" if self.web_port else None

    @property
    def page_origins(self) -> list[str]:
        """Origins allowed to call Rasa from a browser (CORS and the widget's socket.io): the demo page, plus
        $LEERWIJZER_ALLOWED_ORIGINS (bot/identity.py)."""
        extra = allowed_origins()
        if self.web_port is None:
            return extra
        return [f"http://{h}:{self.web_port}" for h in dict.fromkeys([_url_host(self.host), "localhost", "127.0.0.1"])] + extra

    def start_actions(self) -> None:
        page = {settings.PAGE_URL.name: self.page_url} if self.page_url else {}  # "vergeet mij" erases overviews there
        self._spawn("actions", ACTIONS_PYTHON, ["actions.server", "--port", str(self.action_port)],
                    {settings.ACTION_HOST.name: "127.0.0.1", **page}, {settings.ACTION_SECRET.name: self.action_secret})

    def start_rasa(self) -> None:
        env = {"ACTION_SERVER_URL": f"http://127.0.0.1:{self.action_port}/webhook",
               settings.TRACKER_DB.name: str(self.tracker_db),
               settings.ALLOWED_ORIGINS.name: " ".join(self.page_origins)}  # the socket.io channel checks them
        secrets = {settings.API_TOKEN.name: self.api_token, settings.ACTION_SECRET.name: self.action_secret,
                   settings.SESSION_SECRET.name: session_secret(self.api_token), settings.REST_TOKEN.name: self.rest_token}
        cors = self.page_origins or ["http://127.0.0.1"]  # Rasa's --cors needs a value; this one admits no page
        self._spawn("rasa", RASA_PYTHON, ["rasa", "run", "--model", str(MODEL), "--endpoints", "endpoints.yml",
                                          "--credentials", str(teams_credentials(self.log_dir.parent)),
                                          "--interface", self.host, "--port", str(self.rasa_port), "--enable-api",
                                          f"--auth-token=@secret:{settings.API_TOKEN.name}", "--cors", *cors],
                    env, secrets)

    def start_web(self) -> None:
        if self.web_port is None:
            return
        from bot.page_limits import PageServer
        from bot.web_page import page_handler

        handler = page_handler(self.rasa_url, session_secret(self.api_token).encode(), self.action_secret)
        self.web_server = PageServer((self.host, self.web_port), handler)  # bounded: bot/page_limits.py
        threading.Thread(target=self.web_server.serve_forever, daemon=True).start()

    def _spawn(self, name: str, python: Path, module_and_args: list[str], extra_env: dict, secrets: dict) -> None:
        """Secrets on a pipe (never in `ps` or the environment), files owner-only (bot/launch.py)."""
        private_dir(self.log_dir)
        with private_append(self.log_dir / f"{name}.log") as log:
            self.processes[name] = spawn(module_and_args, str(python), {**secrets_in_environment(), **secrets},
                                         child_env(extra_env), cwd=REPO_ROOT, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True,
                                         preexec_fn=lifeline.die_with_parent())  # no orphans after kill -9

    def ready(self, name: str) -> bool:
        urls = {"actions": f"http://127.0.0.1:{self.action_port}/health",
                "rasa": f"{self.rasa_url}/status?token={self.api_token}"}  # /status: the model is loaded
        return _ok(urls[name], name)

    def wait_ready(self, timeout: float = 300, names: tuple[str, ...] = ("actions", "rasa")) -> None:
        """Until the action server answers its health check and Rasa has its model loaded (the action
        server loads the index in the background; a first recommendation waits for it)."""
        wait_for_parts([name for name in names if name in self.processes],
                       lambda name: self.processes[name].poll() is not None, self.ready, self.log_dir, timeout)

    def supervise(self, interval: float = 1.0) -> threading.Thread:
        """Restart a part that stopped, or an action server that stopped answering, with backoff."""
        starters = {"actions": self.start_actions, "rasa": self.start_rasa}
        state = {name: {"started": time.time(), "up": True, "failures": 0, "backoff": 1.0} for name in starters}

        def needs_restart(name: str, proc: subprocess.Popen) -> bool:
            if proc.poll() is not None:
                return True
            if name != "actions":  # a busy Rasa answers slowly but is not broken: only its exit counts
                return False
            part = state[name]
            if not part["up"]:  # starting: give it time to load before judging it
                part["up"] = self.ready(name)
                return not part["up"] and time.time() - part["started"] > STARTUP_GRACE
            part["failures"] = 0 if self.ready(name) else part["failures"] + 1
            if part["failures"] == 0 and time.time() - part["started"] > 60:
                part["backoff"] = 1.0  # up for a minute: a next failure restarts at once
            return part["failures"] >= UNHEALTHY_AFTER

        def watch() -> None:
            try:
                restart_until_stopped()
            finally:  # servers it restarted die with this thread (bot/lifeline.py): outlive them
                for proc in list(self.processes.values()):
                    proc.wait()

        def restart_until_stopped() -> None:
            while not self.stopping.wait(interval):
                for name, start in starters.items():
                    proc, part = self.processes.get(name), state[name]
                    if proc is None or not needs_restart(name, proc):
                        continue
                    _kill(proc)
                    if self.stopping.wait(part["backoff"]):
                        return
                    print(f"{time.strftime('%H:%M:%S')} the {name} server stopped answering; restarting it",
                          file=sys.stderr)
                    start()
                    self.restarts[name] = self.restarts.get(name, 0) + 1
                    part.update(started=time.time(), up=False, failures=0, backoff=min(part["backoff"] * 2, MAX_BACKOFF))

        thread = threading.Thread(target=watch, name="supervisor", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.stopping.set()
        for proc in self.processes.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.processes.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if self.web_server:
            self.web_server.shutdown()
            self.web_server.server_close()


def wait_for_parts(pending: list[str], stopped, ready, log_dir: Path, timeout: float) -> None:
    """Until every named part is ready; a part that stops meanwhile, or the timeout, is an error."""
    deadline = time.time() + timeout
    pending = list(pending)
    while pending:
        for name in list(pending):
            if stopped(name):
                log = log_dir / (name + ".log")
                raise RuntimeError(f"{name} stopped while starting; see {log}, which ends:\n{last_lines(log)}")
            if ready(name):
                pending.remove(name)
        if time.time() > deadline:
            raise TimeoutError(f"not ready after {timeout:.0f} s: {', '.join(pending)}")
        time.sleep(0.5)


def last_lines(path: Path, count: int = 8) -> str:
    """The end of a server's log, for the error that says it stopped (CI shows the error, not the file).
    The logs hold no conversations (no personal data), so quoting them is safe."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-count:])
    except OSError as error:
        return f"(unreadable: {error})"


def run_until_signalled(stop) -> None:
    """Serve until Ctrl-C or SIGTERM, then call `stop` (make run, make cluster)."""
    signalled = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: signalled.set())
    while not signalled.wait(1):
        pass
    print("\nStopping...")
    stop()
    print("Stopped.")


def _ok(url: str, name: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=HEALTH_TIMEOUT) as response:
            body = response.read().decode()
        return response.status == 200 and ('"model_file"' in body if name == "rasa" else True)
    except (OSError, ValueError):
        return False


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


# One math thread per server process unless the environment says otherwise: a server's parallelism is its
# concurrent conversations, and BLAS/TensorFlow thread pools on 2 shared cores only spin (the NLU's e5
# encoder under load: 143 -> 58 ms per message).
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                                     "TF_INTRA_OP_PARALLELISM_THREADS", "TF_INTER_OP_PARALLELISM_THREADS")}
# Always: no telemetry or error reports leave the machine (conversations are personal data). onnxruntime 1.31
# (the action environment's e5) records usage events (device id, executable path, OS) in
# ~/.cache/Microsoft/DeveloperTools/.onnxruntime/onnxruntime.db, held open by the serving process, and sends
# them to Microsoft; ORT_DISABLE_TELEMETRY, read when onnxruntime starts, keeps it from opening the file at all
# (its Python switch, disable_telemetry_events(), comes too late: the file is already open).
ALWAYS = {"TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONUNBUFFERED": "1", "RASA_TELEMETRY_ENABLED": "false",
          "ORT_DISABLE_TELEMETRY": "1"}


def child_env(extra: dict | None = None) -> dict[str, str]:
    """The environment of every server process the stack or the cluster starts."""
    return {**ONE_THREAD, **os.environ, **ALWAYS, **(extra or {})}


def _url_host(host: str) -> str:
    # a wildcard bind is reached on loopback from this machine
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else (f"[{host}]" if re.fullmatch(r"[0-9a-fA-F:]+", host) else host)


# --- Microsoft Teams (bot/channels/teams.py): on only when LEERWIJZER_TEAMS_APP_ID is set ----------------
def teams_enabled() -> bool:
    return bool(settings.TEAMS_APP_ID.get().strip())


def teams_credentials(folder: Path) -> Path:
    """The credentials file Rasa gets. Rasa reads its channels from one static file, so with a Teams app id
    set the stack writes credentials.yml plus the Teams channel into `folder` (var/ for `make run`). The
    copy holds no secrets: the channel reads its settings from the environment. Without an app id:
    credentials.yml itself, as before."""
    base = REPO_ROOT / "credentials.yml"
    if not teams_enabled():
        return base
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "credentials.yml"
    path.write_text(base.read_text() + "\n# Added by bot/stack.py because LEERWIJZER_TEAMS_APP_ID is set.\n"
                    "bot.channels.teams.TeamsInput:\n")
    return path


def start(rasa_port: int | None = None, action_port: int | None = None, web_port: int | None = None,
          with_web: bool = True, tracker_db: Path | None = None, log_dir: Path | None = None,
          supervised: bool = True, token: str | None = None) -> Stack:
    stack = Stack(rasa_port or free_port(), action_port or free_port(),
                  (web_port or free_port()) if with_web else None,
                  tracker_db or VAR / "tracker.db", log_dir or VAR / "logs", api_token=token or api_token(),
                  rest_token=rest_token(HOST))
    private_dir(stack.tracker_db.parent)  # conversations: var/ 0700, its files 0600 (children run with umask 077)
    try:
        stack.start_actions()
        stack.start_rasa()
        stack.start_web()
        stack.wait_ready()
    except BaseException:
        stack.stop()
        raise
    if supervised:
        stack.supervise()
    return stack


def main() -> int:
    ports = {k: setting.get() for k, setting in (("rasa_port", settings.RASA_PORT),
             ("action_port", settings.ACTION_PORT), ("web_port", settings.WEB_PORT)) if setting.is_set()}
    ports.setdefault("rasa_port", 5005)
    ports.setdefault("action_port", 5055)
    ports.setdefault("web_port", 8080)
    return launch("Leerwijzer starts: action server, Rasa server and the demo page (first start loads the models)...",
                  lambda: start(**ports), lambda stack: (
                      f"  Demo page (chat widget): {stack.page_url}\n"
                      f"  REST:   POST {stack.rasa_url}/webhooks/rest/webhook  {{\"sender\": \"me\", \"message\": \"hallo\"}}\n"
                      + (f"          with 'Authorization: Bearer <token>': $LEERWIJZER_REST_TOKEN or {VAR / 'rest_token'}\n"
                         if stack.rest_token else "")
                      + f"  API:    token in $LEERWIJZER_API_TOKEN or {VAR / 'api_token'} (?token=...)\n"
                      + (f"  Teams:  POST {stack.rasa_url}/webhooks/botframework/webhook (messaging endpoint, "
                         "behind HTTPS)\n" if teams_enabled() else "")
                      + f"  Logs:   {stack.log_dir}/\n"))


def launch(announce: str, start_parts, addresses) -> int:
    """`make run` and `make cluster`: start the parts, say where to reach them, run until Ctrl-C."""
    print(announce)
    started = time.time()
    try:
        running = start_parts()
    except (RuntimeError, TimeoutError, OSError) as exc:
        print(f"Could not start: {exc}", file=sys.stderr)
        return 1
    print(f"\nReady in {time.time() - started:.0f} s.\n{addresses(running)}"
          "A part that stops is restarted. Press Ctrl-C to stop.")
    run_until_signalled(running.stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
