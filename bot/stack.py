"""Start and stop the whole assistant: action server (py3.11), Rasa server (py3.10) and the demo page.

Used by `make run` (python -m bot.stack) and by the end-to-end tests and benchmarks, so they all run
the product the same way. Each process gets its own process group; stopping ends all of them.
"""
from __future__ import annotations

import functools
import http.server
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from index.paths import REPO_ROOT

RASA = REPO_ROOT / ".venv-rasa" / "bin" / "rasa"
ACTIONS_PYTHON = REPO_ROOT / ".venv" / "bin" / "python"
MODEL = REPO_ROOT / "models" / "leerwijzer.tar.gz"
WEB_DIR = REPO_ROOT / "bot" / "web"
VAR = Path(os.environ.get("LEERWIJZER_VAR", REPO_ROOT / "var"))  # tracker database and logs


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
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    web_server: http.server.ThreadingHTTPServer | None = None

    @property
    def rasa_url(self) -> str:
        return f"http://localhost:{self.rasa_port}"

    @property
    def page_url(self) -> str | None:
        return f"http://localhost:{self.web_port}/?rasa={self.rasa_url}" if self.web_port else None

    def start_actions(self) -> None:
        self._spawn("actions", [str(ACTIONS_PYTHON), "-m", "rasa_sdk", "--actions", "actions",
                                "--port", str(self.action_port)])

    def start_rasa(self) -> None:
        env = {"ACTION_SERVER_URL": f"http://localhost:{self.action_port}/webhook",
               "LEERWIJZER_TRACKER_DB": str(self.tracker_db)}
        self._spawn("rasa", [str(RASA), "run", "--model", str(MODEL), "--endpoints", "endpoints.yml",
                             "--credentials", "credentials.yml", "--port", str(self.rasa_port),
                             "--cors", "*", "--enable-api"], env)

    def start_web(self) -> None:
        if self.web_port is None:
            return
        handler = functools.partial(_QuietHandler, directory=str(WEB_DIR))
        self.web_server = http.server.ThreadingHTTPServer(("127.0.0.1", self.web_port), handler)
        threading.Thread(target=self.web_server.serve_forever, daemon=True).start()

    def _spawn(self, name: str, cmd: list[str], extra_env: dict | None = None) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        # No telemetry or error reports leave the machine: conversations are personal data.
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONUNBUFFERED": "1",
               "RASA_TELEMETRY_ENABLED": "false", **(extra_env or {})}
        log = open(self.log_dir / f"{name}.log", "ab")
        self.processes[name] = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=log,
                                                stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float = 300) -> None:
        """Until the action server answers its health check and Rasa has its model loaded (the action
        server loads the index in the background; a first recommendation waits for it)."""
        deadline = time.time() + timeout
        checks = {"actions": f"http://localhost:{self.action_port}/health",
                  "rasa": f"{self.rasa_url}/status"}
        pending = {k: v for k, v in checks.items() if k in self.processes}
        while pending:
            for name, url in list(pending.items()):
                if self.processes[name].poll() is not None:
                    raise RuntimeError(f"{name} server stopped; see {self.log_dir / (name + '.log')}")
                if _ok(url, name):
                    del pending[name]
            if time.time() > deadline:
                raise TimeoutError(f"not ready after {timeout:.0f} s: {', '.join(pending)}")
            time.sleep(0.5)

    def stop(self) -> None:
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


def _ok(url: str, name: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            body = response.read().decode()
        return response.status == 200 and ('"model_file"' in body if name == "rasa" else True)
    except OSError:
        return False


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # page requests carry no personal data, but keep the console calm
        pass


def start(rasa_port: int | None = None, action_port: int | None = None, web_port: int | None = None,
          with_web: bool = True, tracker_db: Path | None = None, log_dir: Path | None = None) -> Stack:
    stack = Stack(rasa_port or free_port(), action_port or free_port(),
                  (web_port or free_port()) if with_web else None,
                  tracker_db or VAR / "tracker.db", log_dir or VAR / "logs")
    stack.tracker_db.parent.mkdir(parents=True, exist_ok=True)
    try:
        stack.start_actions()
        stack.start_rasa()
        stack.start_web()
        stack.wait_ready()
    except BaseException:
        stack.stop()
        raise
    return stack


def main() -> int:
    ports = {k: int(os.environ[v]) for k, v in (("rasa_port", "LEERWIJZER_RASA_PORT"),
             ("action_port", "LEERWIJZER_ACTION_PORT"), ("web_port", "LEERWIJZER_WEB_PORT")) if os.environ.get(v)}
    ports.setdefault("rasa_port", 5005)
    ports.setdefault("action_port", 5055)
    ports.setdefault("web_port", 8080)
    print("Leerwijzer starts: action server, Rasa server and the demo page (first start loads the models)...")
    started = time.time()
    try:
        stack = start(**ports)
    except (RuntimeError, TimeoutError, OSError) as exc:
        print(f"Could not start: {exc}", file=sys.stderr)
        return 1
    print(f"\nReady in {time.time() - started:.0f} s.\n"
          f"  Demo page (chat widget): {stack.page_url}\n"
          f"  REST:   POST {stack.rasa_url}/webhooks/rest/webhook  {{\"sender\": \"me\", \"message\": \"hallo\"}}\n"
          f"  Logs:   {stack.log_dir}/\n"
          "Press Ctrl-C to stop.")
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.is_set():
        for name, proc in stack.processes.items():
            if proc.poll() is not None:
                print(f"The {name} server stopped unexpectedly; see {stack.log_dir / (name + '.log')}",
                      file=sys.stderr)
                stop.set()
        stop.wait(1)
    print("\nStopping...")
    stack.stop()
    print("Stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
