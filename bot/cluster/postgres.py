"""A throwaway PostgreSQL cluster for the tracker store: Debian's binaries, run as the postgres user.

The data folder lives under the cluster's folder (var/cluster/pg); the server listens on 127.0.0.1 only
(TCP, password) and on a Unix socket in its own folder (peer: the postgres user sets up role and database).
Rasa connects as the role `leerwijzer`, owner of the database `leerwijzer` and nothing more, as it would to
a managed PostgreSQL.
"""
from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ROLE = "leerwijzer"
DATABASE = "leerwijzer"
OS_USER = "postgres"


def bin_dir() -> Path:
    """Debian installs PostgreSQL's server programs outside PATH, one folder per major version."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (make cluster installs Debian's postgresql)")
    return found[-1].parent


def as_postgres(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    # PostgreSQL refuses to run as root; runuser needs no password when root calls it
    return subprocess.run(["runuser", "-u", OS_USER, "--", *cmd], check=True, capture_output=True, **kwargs)


def secret(path: Path) -> str:
    """A password generated once into an owner-only file, so a restarted cluster keeps its data."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(24))  # URL-safe: no quoting issues in SQL or a connection URL
    return path.read_text().strip()


@dataclass
class Postgres:
    base: Path  # pg/ (data), pg-run/ (socket) and pg.log go here
    port: int
    guard: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def data(self) -> Path:
        return self.base / "pg"

    @property
    def socket_dir(self) -> Path:
        return self.base / "pg-run"

    @property
    def log(self) -> Path:
        return self.base / "logs" / "postgres.log"

    @property
    def password(self) -> str:
        return secret(self.base / "pg-password")

    def _owned_by_postgres(self, path: Path, directory: bool = True) -> None:
        user = pwd.getpwnam(OS_USER)
        if directory:
            path.mkdir(parents=True, exist_ok=True)
            path.chmod(0o700)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
        os.chown(path, user.pw_uid, user.pw_gid)

    def init(self) -> None:
        """initdb once; a later start reuses the data (conversations survive a restart, as with SQLite)."""
        probe = subprocess.run(["runuser", "-u", OS_USER, "--", "test", "-x", str(self.base)], check=False)
        if probe.returncode != 0:
            raise RuntimeError(f"the postgres user cannot reach {self.base}; set LEERWIJZER_VAR to a folder it "
                               "can traverse")
        self._owned_by_postgres(self.socket_dir)
        self._owned_by_postgres(self.log, directory=False)
        if (self.data / "PG_VERSION").exists():
            return
        self._owned_by_postgres(self.data)
        as_postgres([str(bin_dir() / "initdb"), "-D", str(self.data), "-E", "UTF8", "--no-locale",
                     "--auth-local=peer", "--auth-host=scram-sha-256", "-U", OS_USER])

    def start(self) -> None:
        self.stop()  # a server left behind by a killed run holds the data folder
        options = " ".join([
            "-c listen_addresses=127.0.0.1", f"-p {self.port}", f"-c unix_socket_directories={self.socket_dir}",
            # A failing statement is not logged with its text: SQL carries the teachers' messages inline.
            "-c log_min_error_statement=panic",
            # Throwaway and test speed: a crash may lose the last commits, never corrupts the cluster.
            "-c synchronous_commit=off",
        ])
        as_postgres([str(bin_dir() / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                     "-o", options, "start"], stdin=subprocess.DEVNULL)
        # pg_ctl leaves the server running as a daemon of the postgres user, which no parent-death signal
        # reaches (bot/lifeline.py; a change of user clears it anyway). A guard waits for the end of a pipe
        # that only this process holds: the kernel closes it when this process ends, by `kill -9` too, and the
        # guard then stops the server ("fast": it never gets SIGKILL). Its own session: Ctrl-C passes it by.
        guard = ["sh", "-c", 'cat >/dev/null; exec "$@"', "postgres-guard", *self._stop_command()]
        self.guard = subprocess.Popen(guard, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, start_new_session=True)
        self._ensure_role_and_database()

    def _stop_command(self) -> list[str]:
        return ["runuser", "-u", OS_USER, "--", str(bin_dir() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                "-t", "30", "stop"]

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(self._stop_command(), check=False, capture_output=True)
        if self.guard is not None:  # nothing left to guard: it ends (its pg_ctl finds no server)
            self.guard.stdin.close()
            self.guard.wait(timeout=60)
            self.guard = None

    def _ensure_role_and_database(self) -> None:
        # The password goes in on stdin, never on a command line (ps shows those to everyone).
        self.psql(f"""
            SELECT 'CREATE ROLE {ROLE} LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}')
            \\gexec
            ALTER ROLE {ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{self.password}';
            SELECT 'CREATE DATABASE {DATABASE} OWNER {ROLE}'
             WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '{DATABASE}')
            \\gexec
            REVOKE ALL ON DATABASE {DATABASE} FROM PUBLIC;
            """, database="postgres")

    def psql(self, script: str, database: str = DATABASE, variables: dict[str, str] | None = None) -> str:
        """Run SQL as the postgres user over the Unix socket; returns psql's unaligned output."""
        cmd = [str(bin_dir() / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", str(self.socket_dir),
               "-p", str(self.port), "-d", database]
        for name, value in (variables or {}).items():
            cmd += ["-v", f"{name}={value}"]
        return as_postgres(cmd, input=script, text=True).stdout

    def json(self, query: str, **variables: str):
        """One JSON value from a query (`:'name'` quotes a variable), for the tests and the operator."""
        out = self.psql(f"SELECT coalesce(to_json(({query})), 'null'::json);", variables=variables).strip()
        return json.loads(out)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.data, ignore_errors=True)
