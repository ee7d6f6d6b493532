"""Scale-out on real parts, on one machine: the parts of a real deployment, each a separate process.

    PostgreSQL (tracker store) ── Redis (lock store) ── 2 action servers ── 2 Rasa servers ── nginx

nginx is the one address (REST round-robin, socket.io sticky by client address) and also balances the
Rasa servers' action calls over both action servers. Rasa and the action servers start exactly as in
bot/stack.py (same programs, model, token, loopback, shared secret), with bot/cluster/endpoints.yml.
`make cluster` runs it (python -m bot.cluster); tests/test_cluster.py drives it. Every process has its own
process group; stop() ends them all, also after a failed start. A cluster killed hard (`kill -9`) leaves
nothing running either: its parts get the parent-death signal (bot/lifeline.py), and PostgreSQL, a daemon of
another user, is stopped by a guard (bot/cluster/postgres.py).
"""
from __future__ import annotations

import os
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

import settings
from bot import lifeline, stack
from bot.cluster import nginx
from bot.cluster.postgres import DATABASE, ROLE, Postgres, secret
from bot.identity import allowed_origins
from bot.launch import secrets_in_environment, spawn

ENDPOINTS = Path(__file__).with_name("endpoints.yml")
MAX_BACKOFF = 30.0


@dataclass
class Part:
    name: str
    cmd: list[str] = field(repr=False)  # for Rasa and the action servers: a module and its arguments
    env: dict[str, str] = field(repr=False)
    secrets: dict[str, str] = field(default_factory=dict, repr=False)  # on a pipe, never in argv (bot/launch.py)
    python: str | None = None  # set for our Python servers: started through bot/launch.py
    proc: subprocess.Popen | None = None
    started: float = 0.0
    backoff: float = 1.0
    restarts: int = 0


@dataclass
class Cluster:
    base: Path
    size: int = 2
    port: int = 0  # nginx, the one address
    host: str = "127.0.0.1"  # where nginx listens; the parts behind it always listen on loopback
    # repr=False: pytest prints a failing test's fixtures, and secrets must not reach the CI log
    api_token: str = field(default="", repr=False)
    action_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    parts: dict[str, Part] = field(default_factory=dict, repr=False)
    stopping: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.port = self.port or stack.free_port()
        self.actions_lb_port = stack.free_port()
        self.rasa_ports = [stack.free_port() for _ in range(self.size)]
        self.action_ports = [stack.free_port() for _ in range(self.size)]
        self.redis_port = stack.free_port()
        self.postgres = Postgres(self.base, stack.free_port())
        self.log_dir = self.base / "logs"

    @property
    def processes(self) -> dict[str, subprocess.Popen]:
        """The running server processes by name, as bot.stack.Stack has them (bench/load.py reads both)."""
        return {name: part.proc for name, part in self.parts.items() if part.proc is not None}

    @property
    def restarts(self) -> dict[str, int]:
        return {name: part.restarts for name, part in self.parts.items()}

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host  # a wildcard: reach it on loopback
        return f"http://{_listen(host, self.port)}"

    def rasa_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.rasa_ports[i]}"

    # --- the parts ---------------------------------------------------------------------------------------
    def start(self) -> None:
        stack.private_dir(self.base)  # owner-only files; PostgreSQL's own folder is left to it
        self.base.chmod(0o711)  # the postgres user must reach pg/ inside; nothing here is listable
        if self.base.parent.stat().st_mode & 0o011 != 0o011 and self.base.parent == stack.VAR:
            stack.VAR.chmod(0o711)  # var/ 0700 (bot/stack.py): let it through to pg/, still not listable
        stack.private_dir(self.log_dir)  # the parts' logs 0600
        self.log_dir.chmod(0o711)  # PostgreSQL (its own user) writes postgres.log in here
        self.postgres.init()
        self.postgres.start()
        self._start_redis()
        for i, port in enumerate(self.action_ports, 1):
            self._add(f"actions-{i}", ["actions.server", "--port", str(port)],
                      {settings.ACTION_HOST.name: "127.0.0.1"}, {settings.ACTION_SECRET.name: self.action_secret},
                      str(stack.ACTIONS_PYTHON))
        for i, port in enumerate(self.rasa_ports, 1):
            self._add(f"rasa-{i}", self._rasa_command(port), self._rasa_env(), self._rasa_secrets(),
                      str(stack.RASA_PYTHON))
        # nginx listens where LEERWIJZER_HOST says (loopback by default), as the single stack does
        nginx.write_config(self.base / "nginx", _listen(self.host, self.port),
                           _listen("127.0.0.1", self.actions_lb_port), self.rasa_ports, self.action_ports)
        self._add("nginx", nginx.command(self.base / "nginx"), {})

    def _start_redis(self) -> None:
        # A config file, not arguments: the password must not show in `ps`. No persistence: locks are
        # only worth something while the servers that hold them run.
        conf = self.base / "redis.conf"
        fd = os.open(conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(f"bind 127.0.0.1\nport {self.redis_port}\nprotected-mode yes\nsave \"\"\nappendonly no\n"
                     f"dir {self.base}\ndaemonize no\nrequirepass {self.redis_password}\n")
        self._add("redis", ["redis-server", str(conf)], {})

    @property
    def redis_password(self) -> str:
        return secret(self.base / "redis-password")

    def _rasa_command(self, port: int) -> list[str]:
        # As bot/stack.py starts Rasa, with the cluster's endpoints and always on loopback (behind nginx).
        cors = allowed_origins() or ["http://127.0.0.1"]
        return ["rasa", "run", "--model", str(stack.MODEL), "--endpoints", str(ENDPOINTS),
                "--credentials", "credentials.yml", "--interface", "127.0.0.1", "--port", str(port),
                "--enable-api", f"--auth-token=@secret:{settings.API_TOKEN.name}", "--cors", *cors]

    def _rasa_env(self) -> dict[str, str]:
        return {"ACTION_SERVER_URL": f"http://127.0.0.1:{self.actions_lb_port}/webhook",
                settings.PG_HOST.name: "127.0.0.1", settings.PG_PORT.name: str(self.postgres.port),
                settings.PG_DB.name: DATABASE, settings.PG_USER.name: ROLE,
                settings.REDIS_HOST.name: "127.0.0.1", settings.REDIS_PORT.name: str(self.redis_port)}

    def _rasa_secrets(self) -> dict[str, str]:
        return {settings.API_TOKEN.name: self.api_token, settings.ACTION_SECRET.name: self.action_secret,
                settings.SESSION_SECRET.name: stack.session_secret(self.api_token),
                settings.PG_PASSWORD.name: self.postgres.password, settings.REDIS_PASSWORD.name: self.redis_password,
                settings.REST_TOKEN.name: stack.rest_token(self.host)}  # nginx beyond loopback: REST needs it

    def _add(self, name: str, cmd: list[str], env: dict[str, str], secrets: dict[str, str] | None = None,
             python: str | None = None) -> None:
        self.parts[name] = Part(name, cmd, env, secrets or {}, python)
        self._spawn(self.parts[name])

    def _spawn(self, part: Part) -> None:
        env = stack.child_env(part.env)
        # no orphans after kill -9 of the cluster; nginx gets SIGTERM, on which its master also stops its worker
        death_signal = signal.SIGTERM if part.name == "nginx" else lifeline.DEATH_SIGNAL
        with stack.private_append(self.log_dir / f"{part.name}.log") as log:
            options = dict(cwd=stack.REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           start_new_session=True, preexec_fn=lifeline.die_with_parent(death_signal))
            if part.python:  # Rasa, action servers: secrets on a pipe, umask 077 (bot/launch.py)
                part.proc = spawn(part.cmd, part.python, {**secrets_in_environment(), **part.secrets}, env, **options)
            else:  # nginx, Redis: their own users and file modes; no secret on their command lines
                part.proc = subprocess.Popen(part.cmd, env=env, **options)
        part.started = time.time()

    # --- readiness, supervision, stop --------------------------------------------------------------------
    def ready(self, name: str) -> bool:
        if name.startswith("actions-"):
            return _get(f"http://127.0.0.1:{self.action_ports[int(name[8:]) - 1]}/health") is not None
        if name.startswith("rasa-"):  # /status answers once the model is loaded
            body = _get(f"{self.rasa_url(int(name[5:]) - 1)}/status?token={self.api_token}")
            return body is not None and '"model_file"' in body
        if name == "nginx":
            return _get(f"{self.url}/health") is not None
        if name == "redis":
            return self._redis_ping()
        return True

    def _redis_ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.redis_port), timeout=2) as conn:
                conn.sendall(f"AUTH {self.redis_password}\r\nPING\r\n".encode())
                reply = b""
                while b"PONG" not in reply and b"-" not in reply[:1]:
                    chunk = conn.recv(64)
                    if not chunk:
                        break
                    reply += chunk
                return reply.startswith(b"+OK") and b"+PONG" in reply
        except OSError:
            return False

    def wait_ready(self, timeout: float = 300, names: list[str] | None = None) -> None:
        stack.wait_for_parts(list(names or self.parts), lambda name: self.parts[name].proc.poll() is not None,
                             self.ready, self.log_dir, timeout)

    def supervise(self, interval: float = 1.0) -> threading.Thread:
        """Restart a part that stopped, with backoff; the others keep serving (nginx routes around it)."""

        def watch() -> None:
            try:
                restart_until_stopped()
            finally:  # parts it restarted die with this thread (bot/lifeline.py): outlive them, as bot/stack.py
                for part in list(self.parts.values()):
                    part.proc.wait()

        def restart_until_stopped() -> None:
            while not self.stopping.wait(interval):
                for part in list(self.parts.values()):
                    if part.proc.poll() is None:
                        if time.time() - part.started > 60:
                            part.backoff = 1.0  # up for a minute: a next failure restarts at once
                        continue
                    if self.stopping.wait(part.backoff):
                        return
                    print(f"{time.strftime('%H:%M:%S')} {part.name} stopped; restarting it", file=sys.stderr)
                    self._spawn(part)
                    part.restarts += 1
                    part.backoff = min(part.backoff * 2, MAX_BACKOFF)

        thread = threading.Thread(target=watch, name="cluster-supervisor", daemon=True)
        thread.start()
        return thread

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """End one part's process group at once, as a crash would (for fault tests)."""
        os.killpg(self.parts[name].proc.pid, sig)
        self.parts[name].proc.wait(timeout=30)

    def stop(self) -> None:
        self.stopping.set()
        # the front door first, so no new turn starts; then the servers, then what they store into
        order = sorted(self.parts.values(), key=lambda p: ("nginx", "rasa", "actions", "redis").index(
            p.name.split("-")[0]))
        for part in order:
            if part.proc and part.proc.poll() is None:
                try:
                    os.killpg(part.proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for part in order:
            if part.proc:
                try:
                    part.proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(part.proc.pid, signal.SIGKILL)
                    part.proc.wait()
        self.postgres.stop()


def _listen(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=stack.HEALTH_TIMEOUT) as response:
            return response.read().decode() if response.status == 200 else None
    except (OSError, ValueError):
        return None


def start(base: Path | None = None, port: int | None = None, size: int = 2, supervised: bool = True,
          timeout: float = 300) -> Cluster:
    cluster = Cluster(base or stack.VAR / "cluster", size=size, port=port or 0, host=stack.HOST,
                      api_token=stack.api_token())
    try:
        cluster.start()
        cluster.wait_ready(timeout)
    except BaseException:
        cluster.stop()
        raise
    if supervised:
        cluster.supervise()
    return cluster
