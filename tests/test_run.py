"""`make run`'s launcher (python -m bot.stack): says where to talk to it, and Ctrl-C stops every process
it started."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot.stack import free_port
from index.paths import REPO_ROOT

pytestmark = pytest.mark.e2e


def processes_mentioning(text: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if text in (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="ignore"):
                    found.append(int(proc.name))
            except OSError:
                pass
    return found


def test_run_prints_the_addresses_and_ctrl_c_leaves_nothing_behind(tmp_path):
    ports = {"LEERWIJZER_RASA_PORT": free_port(), "LEERWIJZER_ACTION_PORT": free_port(),
             "LEERWIJZER_WEB_PORT": free_port()}
    env = {**os.environ, **{k: str(v) for k, v in ports.items()}, "LEERWIJZER_VAR": str(tmp_path)}
    launcher = subprocess.Popen([sys.executable, "-m", "bot.stack"], cwd=REPO_ROOT, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = []
    deadline = time.time() + 400
    while time.time() < deadline:
        line = launcher.stdout.readline()
        output.append(line)
        if "Press Ctrl-C" in line or launcher.poll() is not None:
            break
    text = "".join(output)
    assert "Demo page (chat widget): http://127.0.0.1:%d" % ports["LEERWIJZER_WEB_PORT"] in text, text
    assert "/webhooks/rest/webhook" in text
    page = urllib.request.urlopen(f"http://127.0.0.1:{ports['LEERWIJZER_WEB_PORT']}/", timeout=10).read().decode()
    assert "rasa-webchat" in page
    assert processes_mentioning(f"--port {ports['LEERWIJZER_RASA_PORT']}")

    launcher.send_signal(signal.SIGINT)  # what Ctrl-C sends
    assert launcher.wait(timeout=60) == 0
    assert "Stopped." in launcher.stdout.read()
    for port in ("LEERWIJZER_RASA_PORT", "LEERWIJZER_ACTION_PORT"):
        assert not processes_mentioning(f"--port {ports[port]}"), f"a server on {port} is still running"
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{ports['LEERWIJZER_WEB_PORT']}/", timeout=3)
