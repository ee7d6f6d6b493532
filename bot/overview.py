"""The printable overview of shown recommendations, and the cited source lines, for the demo page.

The widget POSTs the recommendation payload it shows ({"recommendations": [...], "profile": {...}}) to
/overzicht. The page server keeps a cleaned copy in memory (never on disk) under a random 32-character id
for LEERWIJZER_OVERVIEW_HOURS hours (default 24) and answers with its link /overzicht/<id>. The copy holds only
what the card shows: title, type, provider, status, year, what it asks, time at pace, fit, reasons and sources
per programme, and the profile fields the assistant used. No messages, no IP address. Unknown fields are
dropped and text is cut to a sane length.

Each overview is linked to the widget session that made it (its signed id, checked by the page server), so
"vergeet mij" erases it with the conversation (`forget`). A flood cannot empty the store of other people's
lists: a session keeps at most PER_SESSION (its own oldest goes first), and when MAX_OVERVIEWS are kept a
new one is refused (`Full`) instead of evicting someone else's before it expires.

/bron?file=<seed>&lines=<a-b> returns the cited lines of a source document (../shared/seeds), so a card
can show the passage it refers to; only a plain file name in that folder, and at most MAX_QUOTE_LINES.
"""
from __future__ import annotations

import html
import json
import re
import secrets
import threading
import time
from collections import OrderedDict
from datetime import datetime
from typing import Any, Optional

import settings
from index import paths

HOURS = settings.OVERVIEW_HOURS.get()
MAX_OVERVIEWS = 2000
PER_SESSION = 20  # a teacher makes a few; more from one session only replace its own
MAX_BODY = 64 * 1024
MAX_ITEMS = 20
MAX_QUOTE_LINES = 60
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
SEED_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}\.txt$")

TYPE_WORDS = {"course": "cursus", "post_initial": "post-initiële opleiding", "bridging": "schakelroute",
              "master": "master", "plg_format": "professionele leergemeenschap", "school_format":
              "werkvorm in de school", "network": "netwerk", "project": "project", "resource": "hulpmiddel"}
FIT_WORDS = {"time": "tijd", "budget": "budget", "travel": "reistijd", "delivery": "vorm"}
FIT_MARK = {"ok": "✓ past", "conflict": "✗ past niet", "unknown": "? onbekend"}
STATUS_WORDS = {"offered": "aanbod in {year}", "pilot": "pilootproject {year}",
                "planned": "gepland in {year}, nog niet te volgen", "idea": "idee uit {year}, niet aangeboden",
                "ended": "gestopt (gegevens uit {year})"}
PROFILE_WORDS = {"role": "rol", "region": "onderwijssysteem", "sector": "sector", "experience_years": "jaren ervaring",
                 "diploma": "diploma", "ambition": "wat je wilt leren", "hours_per_week": "uur per week",
                 "budget_eur": "budget (euro)", "home_town": "woonplaats", "max_travel_minutes": "reistijd (minuten)",
                 "delivery": "vorm", "wants_degree": "wil een diploma"}
VALUE_WORDS = {"teacher": "leraar", "student_teacher": "student-leraar", "counsellor": "begeleider",
               "school_leader": "schoolleider", "VL": "Vlaanderen", "NL": "Nederland", "online": "online",
               "blended": "deels online, deels ter plaatse", "on_site": "ter plaatse", "any": "maakt niet uit",
               True: "ja", False: "nee"}

_store: "OrderedDict[str, tuple[float, dict, Optional[str]]]" = OrderedDict()  # token -> (until, overview, session)
_lock = threading.Lock()


def _text(value: Any, limit: int = 300) -> Optional[str]:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", str(value)).strip()
    return text[:limit] if text else None


def _item(raw: Any) -> Optional[dict]:
    if not isinstance(raw, dict):
        return None
    item = {key: _text(raw.get(key)) for key in ("id", "title", "type", "provider", "status", "data_year",
                                                  "availability", "step_words", "pace")}
    if not item["title"]:
        return None
    fit = raw.get("fit") if isinstance(raw.get("fit"), dict) else {}
    item["fit"] = {k: fit[k] for k in FIT_WORDS if fit.get(k) in FIT_MARK}
    notes = raw.get("fit_notes") or raw.get("notes")
    item["notes"] = {k: _text(v, 200) for k, v in notes.items() if k in FIT_WORDS and _text(v, 200)} \
        if isinstance(notes, dict) else {}
    item["reasons"] = [t for t in (_text(r) for r in (raw.get("reasons") or [])[:5]) if t] \
        if isinstance(raw.get("reasons"), list) else []
    sources = raw.get("sources") if isinstance(raw.get("sources"), list) else []
    item["sources"] = [{"file": _text(s.get("file"), 100), "lines": _text(s.get("lines"), 40)}
                       for s in sources[:20] if isinstance(s, dict) and _text(s.get("file"), 100)]
    return item


def clean(payload: Any) -> Optional[dict]:
    """Only the fields a card shows; None when there is nothing to keep."""
    if not isinstance(payload, dict) or not isinstance(payload.get("recommendations"), list):
        return None
    items = [i for i in (_item(r) for r in payload["recommendations"][:MAX_ITEMS]) if i]
    if not items:
        return None
    raw_profile = payload.get("profile") if isinstance(payload.get("profile"), dict) else {}
    profile = {}
    for key in PROFILE_WORDS:
        value = raw_profile.get(key)
        if isinstance(value, bool) or isinstance(value, (int, float)):
            profile[key] = value
        elif _text(value, 200):
            profile[key] = _text(value, 200)
    return {"recommendations": items, "profile": profile}


class Full(Exception):
    """MAX_OVERVIEWS are kept: a new one waits until some expire (no one else's list is evicted for it)."""


def _expire(now: float) -> None:
    for token in [t for t, (until, _, _) in _store.items() if until <= now]:
        del _store[token]


def keep(payload: Any, session: Optional[str] = None) -> Optional[tuple[str, float]]:
    """Store a cleaned copy for `session`; (token, expiry as a Unix time), or None when the payload holds
    nothing. Raises Full when the store is full."""
    cleaned = clean(payload)
    if cleaned is None:
        return None
    token = secrets.token_urlsafe(24)  # 32 characters, 192 bits
    now = time.time()
    until = now + HOURS * 3600
    with _lock:
        _expire(now)
        own = [t for t, (_, _, owner) in _store.items() if session is not None and owner == session]
        for old in own[:max(0, len(own) - PER_SESSION + 1)]:
            del _store[old]
        if len(_store) >= MAX_OVERVIEWS:
            raise Full()
        _store[token] = (until, cleaned, session)
    return token, until


def forget(session: str) -> int:
    """Erase every overview of this session ("vergeet mij"); how many there were."""
    with _lock:
        tokens = [t for t, (_, _, owner) in _store.items() if owner == session]
        for token in tokens:
            del _store[token]
    return len(tokens)


def get(token: str) -> Optional[tuple[float, dict]]:
    if not TOKEN.match(token or ""):
        return None
    with _lock:
        _expire(time.time())
        kept = _store.get(token)
    return kept[:2] if kept else None


def expires_text(until: float) -> str:
    return datetime.fromtimestamp(until).strftime("%d-%m-%Y %H:%M")


def _availability(item: dict) -> str:
    if item.get("availability"):
        return item["availability"]
    year = item.get("data_year") or "onbekend jaar"
    words = STATUS_WORDS.get(item.get("status") or "")
    return words.format(year=year) if words else (f"gegevens uit {year}" if item.get("data_year") else "")


def _profile_value(value: Any) -> str:
    return str(VALUE_WORDS.get(value, value)) if isinstance(value, (bool, str)) else str(value)


def _source_line(source: dict) -> str:
    return f"{source['file']}, regels {source.get('lines') or '?'}"


def render_text(overview: dict, until: float) -> str:
    lines = ["Leerwijzer: mijn overzicht", f"(deze link werkt tot {expires_text(until)})", "", "Wat ik vertelde:"]
    profile = overview["profile"]
    lines += [f"- {PROFILE_WORDS[k]}: {_profile_value(v)}" for k, v in profile.items()] or ["- (niets)"]
    for n, item in enumerate(overview["recommendations"], 1):
        kind = TYPE_WORDS.get(item.get("type") or "", item.get("type") or "soort onbekend")
        lines += ["", f"{n}. {item['title']}", f"   {kind} · {item.get('provider') or 'aanbieder onbekend'}"]
        if _availability(item):
            lines.append(f"   {_availability(item)}")
        if item.get("step_words"):
            lines.append(f"   Wat je doet: {item['step_words']}")
        if item.get("pace"):
            lines.append(f"   {item['pace']}")
        fit = [f"{FIT_WORDS[k]}: {FIT_MARK[v]}" + (f" ({item['notes'][k]})" if item["notes"].get(k) else "")
               for k, v in item["fit"].items()]
        if fit:
            lines.append("   " + " · ".join(fit))
        lines += [f"   Waarom: {r}" for r in item["reasons"]]
        lines += [f"   Bron: {_source_line(s)}" for s in item["sources"]]
    return "\n".join(lines) + "\n"


def render_html(overview: dict, until: float, token: str) -> str:
    e = lambda s: html.escape(str(s), quote=True)  # noqa: E731
    profile = overview["profile"]
    rows = "".join(f"<tr><th scope=\"row\">{e(PROFILE_WORDS[k])}</th><td>{e(_profile_value(v))}</td></tr>"
                   for k, v in profile.items()) or "<tr><td>nog niets bekend</td></tr>"
    cards = []
    for n, item in enumerate(overview["recommendations"], 1):
        kind = TYPE_WORDS.get(item.get("type") or "", item.get("type") or "soort onbekend")
        fit = "".join(f"<li class=\"{e(v)}\">{e(FIT_WORDS[k])}: {e(FIT_MARK[v])}"
                      + (f" ({e(item['notes'][k])})" if item["notes"].get(k) else "") + "</li>"
                      for k, v in item["fit"].items())
        reasons = "".join(f"<li>{e(r)}</li>" for r in item["reasons"])
        sources = "".join(f"<li>{e(_source_line(s))}</li>" for s in item["sources"]) or "<li>niet vermeld</li>"
        cards.append(f"""<article aria-labelledby="p{n}"><h2 id="p{n}">{n}. {e(item['title'])}</h2>
<p class="meta">{e(kind)} · {e(item.get('provider') or 'aanbieder onbekend')}{(' · ' + e(_availability(item))) if _availability(item) else ''}</p>
{f'<p>Wat je doet: {e(item["step_words"])}</p>' if item.get("step_words") else ''}
{f'<p>{e(item["pace"])}</p>' if item.get("pace") else ''}
{f'<ul class="fit" aria-label="Past het bij je voorwaarden?">{fit}</ul>' if fit else ''}
{f'<h3>Waarom</h3><ul>{reasons}</ul>' if reasons else ''}
<h3>Bronnen</h3><ul class="sources">{sources}</ul></article>""")
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Mijn overzicht · Leerwijzer</title>
<style>
body {{ font-family: system-ui, "Segoe UI", Arial, sans-serif; color: #1d2a36; max-width: 760px; margin: 24px auto; padding: 0 16px; line-height: 1.45; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.15rem; margin: 0 0 4px; }} h3 {{ font-size: .95rem; margin: 10px 0 2px; }}
article {{ border: 1px solid #c9d3de; border-radius: 8px; padding: 12px 16px; margin: 14px 0; break-inside: avoid; }}
.meta, .note {{ color: #44515e; }} table {{ border-collapse: collapse; }} th, td {{ text-align: left; padding: 2px 12px 2px 0; vertical-align: top; }}
ul.fit {{ list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }}
ul.fit li {{ border: 1px solid #9aa9b8; border-radius: 12px; padding: 1px 10px; font-size: .9rem; }}
ul.fit li.ok {{ border-color: #1e6b35; color: #1e6b35; }} ul.fit li.conflict {{ border-color: #9b1c1c; color: #9b1c1c; }}
a {{ color: #1f4e79; }}
@media print {{ .noprint {{ display: none; }} body {{ margin: 0; }} }}
</style></head>
<body><main>
<h1>Mijn overzicht uit Leerwijzer</h1>
<p class="note">De voorstellen zoals je ze in de chat zag, met wat je vertelde, de redenen en de bronnen. Deze pagina
bestaat tot {e(expires_text(until))} en staat alleen in het geheugen van de server; wie de link heeft, kan hem lezen.</p>
<p class="noprint">Afdrukken of als pdf bewaren: Ctrl+P (Cmd+P op een Mac). <a href="{e(token)}.txt" download="leerwijzer-overzicht.txt">Download als tekst</a>.</p>
<h2>Wat je vertelde</h2>
<table><tbody>{rows}</tbody></table>
{''.join(cards)}
<p class="note">Bronnen: regels in de brondocumenten van Leerwijzer. Gegevens kunnen verouderd zijn: controleer ze bij de aanbieder.</p>
</main></body></html>
"""


def quote(file: str, lines: str) -> Optional[str]:
    """The cited lines 'a-b' (or 'a', or 'a-b,c-d') of a seed document, None when the citation is not valid."""
    if not SEED_NAME.match(file or ""):
        return None
    folder = paths.SEEDS_DIR.resolve()
    path = (folder / file).resolve()
    if path.parent != folder or not path.is_file():
        return None
    ranges = []
    for part in (lines or "").replace(" ", "").split(","):
        match = re.fullmatch(r"(\d{1,6})(?:-(\d{1,6}))?", part)
        if not match:
            return None
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first < 1 or last < first:
            return None
        ranges.append((first, last))
    if not ranges or sum(last - first + 1 for first, last in ranges) > MAX_QUOTE_LINES:
        return None
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    out = []
    for first, last in ranges:
        out += [f"{n}: {text[n - 1]}" for n in range(first, min(last, len(text)) + 1)]
    return "\n".join(out) if out else None


def parse_body(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
