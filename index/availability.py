"""What can still be acted on today: the date (`LEERWIJZER_TODAY`), the dated moments an entry's `start`
gives, and from those the entry's state now.

The knowledge's `status` says what a thing was at its `data_year` ("pilot" for 2021-2023). Whether that is
still so depends on the day someone asks, so it is worked out here, once, for the engine, the answers and the
evaluation alike:
- `upcoming`: a dated moment lies ahead ("25/03/2026" asked in January 2026);
- `past_event`: a one-off (an open lesson, an info session) whose dates all passed: not recommended;
- `past_intake`: a programme whose only known intake passed ("11 februari 2026" asked in December 2026):
  still recommended, with the last known intake and where to ask for the next (`ask_at`);
- `ended_pilot`: a pilot whose period ended ("2021-2023" asked in 2026): offered only for what remains usable
  (its `step`: materials, or a way of working to copy), never as something to join;
- `past_plan`: a plan whose expected date lies more than a year back ("september 2016 (verwacht)"): history,
  neither recommended nor named as "in development";
- `open`: nothing dated says otherwise.
Pure standard library: both environments import it.
"""
from __future__ import annotations

import calendar
import re
from datetime import date

import settings

STATES = ("open", "upcoming", "past_event", "past_intake", "ended_pilot", "past_plan")
# Steps that enrol in something that comes back (a programme has a next intake); a one-off's moment is gone.
RECURRING_STEPS = {"enrol"}
# A plan is history when its expected date lies at least this many years back: a plan from 2015 expected in
# September 2016 says nothing about 2026, but one expected last spring may just be late.
PLAN_HISTORY_YEARS = 1
MONTHS = {name: n for n, name in enumerate(
    ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
     "november", "december"), 1)}


def today() -> date:
    """`LEERWIJZER_TODAY` when set (read on every call, so a test can fix the date), else the real date."""
    return settings.TODAY.get()


def moments(entry: dict) -> list[tuple[date, date, str]]:
    """The dated moments of an entry's `start`, as (first day, last day, the text): "25/03/2026" is one day,
    "september 2016 (verwacht)" a month, "2021-2022 (jaar 1)" a school year (1 September to 31 August).
    A moment without a year ("aanvraag voor 1 mei") is not dated and left out."""
    found = []
    for text in entry.get("start") or []:
        span = _span(str(text).lower())
        if span:
            found.append((*span, str(text)))
    return found


def _span(text: str) -> tuple[date, date] | None:
    if m := re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", text):
        day = date(int(m[3]), int(m[2]), int(m[1]))
        return day, day
    months = "|".join(MONTHS)
    if m := re.search(rf"\b(\d{{1,2}}) ({months}) (\d{{4}})\b", text):
        day = date(int(m[3]), MONTHS[m[2]], int(m[1]))
        return day, day
    if m := re.search(rf"\b({months}) (\d{{4}})\b", text):
        year, month = int(m[2]), MONTHS[m[1]]
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if m := re.search(r"\b(\d{4})-(\d{4})\b", text):
        return date(int(m[1]), 9, 1), date(int(m[2]), 8, 31)
    return None


def period_end(entry: dict) -> date | None:
    """The last day `data_year` covers: "2021-2023" runs to 31 August 2023 (school years), "2022" to 31
    December 2022."""
    year = str(entry.get("data_year") or "")
    if m := re.fullmatch(r"(\d{4})-(\d{4})", year):
        return date(int(m[2]), 8, 31)
    if re.fullmatch(r"\d{4}", year):
        return date(int(year), 12, 31)
    return None


def state(entry: dict, on: date | None = None) -> str:
    """The entry's state on a day (default: `today()`): one of STATES."""
    on = on or today()
    dated = moments(entry)
    status = entry.get("status")
    if status == "planned":
        expected = max((last for _, last, _ in dated), default=None)
        if expected is not None and expected.year <= on.year - PLAN_HISTORY_YEARS and expected < on:
            return "past_plan"
        return "open"
    if status == "pilot":
        end = period_end(entry)
        return "ended_pilot" if end is not None and end < on else "open"
    if not dated:
        return "open"
    if any(last >= on for _, last, _ in dated):
        return "upcoming"
    return "past_intake" if entry.get("step") in RECURRING_STEPS else "past_event"


def last_moment(entry: dict) -> tuple[date, str] | None:
    """The latest dated moment of an entry (its day, and the source's words), for "de laatst bekende instap"."""
    dated = moments(entry)
    if not dated:
        return None
    first, _, text = max(dated, key=lambda m: m[1])
    return first, text


def recommendable(entry: dict, on: date | None = None) -> bool:
    """May the engine still recommend it as something to do now? Not a one-off that is over, nor a plan
    that is history (ended pilots stay, for what remains usable)."""
    return state(entry, on) not in ("past_event", "past_plan")


def data_years_ago(entry: dict, on: date | None = None) -> int | None:
    """How many years before `on` the entry's data end ("2015" asked in 2026: 11)."""
    years = re.findall(r"\d{4}", str(entry.get("data_year") or ""))
    return (on or today()).year - int(years[-1]) if years else None
