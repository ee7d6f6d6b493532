"""nginx in front of the cluster: its configuration, from the template beside this file."""
from __future__ import annotations

import re
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf")


def upstream_lines(ports: list[int]) -> str:
    # max_fails=2: a killed server is out of rotation after two refused connections (each request is retried
    # on the other server at once), while one stray error does not take a healthy one out for 10 s
    return "\n".join(f"        server 127.0.0.1:{port} max_fails=2 fail_timeout=10s;" for port in ports)


def write_config(prefix: Path, listen: str, actions_listen: str, rasa_ports: list[int],
                 action_ports: list[int]) -> Path:
    """Write prefix/nginx.conf; nginx then runs as `nginx -p prefix -c nginx.conf -e stderr`."""
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / temp).mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.read_text()
    for key, value in {"@PREFIX@": str(prefix), "@LISTEN@": listen, "@ACTIONS_LISTEN@": actions_listen,
                       "@RASA_SERVERS@": upstream_lines(rasa_ports),
                       "@ACTION_SERVERS@": upstream_lines(action_ports)}.items():
        text = text.replace(key, value)
    assert not re.search(r"@[A-Z_]+@", text), "a placeholder in nginx.conf was not filled in"
    path = prefix / "nginx.conf"
    path.write_text(text)
    return path


def command(prefix: Path) -> list[str]:
    # -e stderr: no attempt to open the system's /var/log/nginx before our config is read
    return ["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr"]
