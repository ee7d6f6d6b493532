"""Constraint fit: does an entry fit a profile on time, budget, travel, delivery, region, audience and
admission? Each answer is `ok`, `conflict` or `unknown`, with a short Dutch explanation.

Unknown is honest: when the knowledge (or the profile) does not say, we do not guess.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from index import geo
from intake.contract import FIT_SLOT

OK, CONFLICT, UNKNOWN = "ok", "conflict", "unknown"
# A travel conflict lowers an entry without hiding it when it is in doubt: the estimate is rough (straight
# line times a road factor), so up to a quarter over the limit is "about your limit"; and when the source does
# not say whether it is given on site, its one named place may be a provider's seat, not where one follows it.
TRAVEL_MARGIN = 1.25
PARTIAL_PENALTY = 0.9  # relevance kept per partial conflict; measured with `leerwijzer eval` (README)
# Which diplomas open the doors of which admission rule. A Flemish educatieve bachelor lager also counts
# where "bachelor_lager" is asked; the Dutch pabo is an hbo bachelor.
_DIPLOMA_IMPLIES = {
    "pabo": {"pabo", "hbo_bachelor"},
    "hbo_bachelor": {"hbo_bachelor"},
    "wo_bachelor": {"wo_bachelor", "hbo_bachelor"},
    "master": {"master", "wo_bachelor", "hbo_bachelor"},
    "bachelor_kleuter": {"bachelor_kleuter"},
    "bachelor_lager": {"bachelor_lager"},
    "bachelor_secundair": {"bachelor_secundair"},
}
# Sectors that fall under a broader one (a kleuterjuf works in basisonderwijs).
_SECTOR_PARENTS = {"kleuter": {"basis"}, "lager": {"basis"}, "basis": {"kleuter", "lager"},
                   # special education teachers use offers for their pupils' age group as well
                   "speciaal": {"kleuter", "lager", "basis", "secundair", "vo"}}


@dataclass
class Fit:
    values: dict[str, str] = field(default_factory=dict)   # constraint -> ok | conflict | unknown
    notes: dict[str, str] = field(default_factory=dict)    # constraint -> Dutch explanation
    bridging: str | None = None                            # id of the route in, if admission conflicts

    @property
    def conflicts(self) -> list[str]:
        return [k for k, v in self.values.items() if v == CONFLICT]

    wishes: set = field(default_factory=set)               # fit keys said as a wish ("liefst online")
    uncertain: set = field(default_factory=set)            # conflicts the sources leave in doubt (TRAVEL_MARGIN)

    @property
    def blocking(self) -> list[str]:
        """Conflicts that rank an entry below every fitting one. A missing diploma is not one when a
        bridging route leads in: the entry is offered together with that route. Nor are the partial ones
        (see `partial`)."""
        return [k for k in self.conflicts if not (k == "admission" and self.bridging) and k not in self.partial]

    @property
    def partial(self) -> list[str]:
        """Conflicts that lower an entry without hiding it: a wish it misses ("liefst online"), and an
        audience it was not made for (a PLG for secundair, asked about by a teacher in the lager): the
        content can still be what someone needs, so a clearly better match may stay above a weak one."""
        return [k for k in self.conflicts if k in self.wishes or k in self.uncertain or k == "audience"]

    def rank_key(self, relevance: float) -> tuple:
        """Sort key: nothing blocked above anything blocked; within that, relevance lowered per partial conflict."""
        return (bool(self.blocking), -relevance * PARTIAL_PENALTY ** len(self.partial))

    def set(self, key: str, value: str, note: str | None = None) -> None:
        self.values[key] = value
        if note:
            self.notes[key] = note


def fit_entry(entry: dict, profile: dict) -> Fit:
    wished = set(profile.get("preferences") or [])
    fit = Fit(wishes={key for key, slot in FIT_SLOT.items() if slot in wished})
    _time(entry, profile, fit)
    _budget(entry, profile, fit)
    _travel(entry, profile, fit)
    _delivery(entry, profile, fit)
    _region(entry, profile, fit)
    _audience(entry, profile, fit)
    _admission(entry, profile, fit)
    return fit


# "Well above" the teacher's hours: even the light end of the estimate is more than a quarter above what the
# teacher has (an estimate is rough: 25-30 uur per studiepunt, 3-4 uur per dagdeel). Between that and the high
# end fitting, the time fit stays unknown: it may just fit, or just not.
WELL_ABOVE = 1.25
# An estimate that rests on a conversion no cited source gives (`hours_assumption`, e.g. 25-30 uur per
# studiepunt) is rougher still: a conflict only when its light end is half again above the teacher's hours.
ROUGH_ABOVE = 1.5
WEEKS_PER_YEAR = 40  # a study or school year, as in the conversion rule (knowledge/README.md)
# A programme that may be spread without a stated limit fits any weekly time; but spread beyond this many
# years, whether the provider allows it is for the teacher to ask (a product choice, not from a source).
SPREAD_YEARS_ASK = 6


def time_load(entry: dict) -> tuple[float, float] | None:
    """The weekly study load of an entry as (low, high) hours: the estimated range, else the single value.
    For a programme with a `pace`, this is the full-time load."""
    hours = entry.get("hours_per_week")
    if hours is None:
        return None
    low, high = entry.get("hours_per_week_range") or (hours, hours)
    return float(low), float(high)


def _load_words(entry: dict) -> str:
    """'ongeveer 13-15 uur per week, geschat uit: <basis> (aanname: ...)' (the derivation in the knowledge's
    own words, and the conversion no source gives, named)."""
    low, high = time_load(entry)
    amount = _num(low) if low == high else f"{_num(low)}-{_num(high)}"
    basis = (entry.get("hours_basis") or "").strip().rstrip(".")
    assumption = (entry.get("hours_assumption") or "").strip().rstrip(".")
    if not basis:
        return f"ongeveer {amount} uur per week"
    if low == high and basis.startswith(f"{_num(low)} uur"):  # stated by the source, not estimated
        return f"{amount} uur per week volgens de bron ({basis})"
    named = f" (aanname: {assumption}; dat zeggen de bronnen niet)" if assumption else ""
    return f"ongeveer {amount} uur per week, geschat uit: {basis}{named}"


def _time(entry, profile, fit) -> None:
    have, load = profile.get("hours_per_week"), time_load(entry)
    if load is None:
        minimum = entry.get("total_hours_min")  # "minstens 100 contacturen": said as a minimum, never per week
        fit.set("time", UNKNOWN, "De bron zegt niet hoeveel uur per week dit vraagt." if minimum is None else
                f"Vraagt minstens {_num(minimum)} uur in totaal; hoeveel per week zegt de bron niet.")
        return
    if entry.get("pace") and have is not None:
        _time_at_pace(entry, have, fit)
        return
    low, high = load
    words = _load_words(entry)
    above = ROUGH_ABOVE if entry.get("hours_assumption") else WELL_ABOVE
    if have is None:
        fit.set("time", UNKNOWN, f"Vraagt voltijds {words}; {pace_words(entry)}" if entry.get("pace")
                else f"Vraagt {words}.")
    elif high <= have:
        fit.set("time", OK, f"Vraagt {words}; jij hebt er {_num(have)}.")
    elif low > have * above:
        fit.set("time", CONFLICT, f"Vraagt {words}; jij hebt er {_num(have)}.")
    else:
        fit.set("time", UNKNOWN, f"Vraagt {words}; jij hebt er {_num(have)}: dat kan net passen of net niet.")


def pace_words(entry: dict) -> str:
    """'gespreid of deeltijds studeren kan (000_cba12d1bb9043b98.txt r. 189-193).'"""
    source = entry["pace"]["source"]
    return f"gespreid of deeltijds studeren kan ({source['file']} r. {source['lines']})."


def _years(value: float, up: bool) -> str:
    """Years to the nearest half, rounded outwards: 3,75 -> '3,5' (low end), 4,2 -> '4,5' (high end)."""
    halves = math.ceil(value * 2) if up else max(1, math.floor(value * 2))
    return _num(halves / 2)


def _time_at_pace(entry, have: float, fit) -> None:
    """A programme that may be spread: it fits at the teacher's hours unless even its slowest allowed pace
    asks more; the note says how long it then takes ("bij 10 uur per week duurt het ongeveer 3,5-4,5 jaar")."""
    low, high = time_load(entry)
    full_years = (entry.get("duration_months") or 12) / 12  # the full-time load runs one year unless stated
    slowest = entry["pace"].get("slowest_hours_per_week")
    above = ROUGH_ABOVE if entry.get("hours_assumption") else WELL_ABOVE
    full = f"Voltijds: {_load_words(entry)}."
    if high <= have:
        fit.set("time", OK, f"Jij hebt er {_num(have)} uur per week: dat volstaat zelfs voltijds. {full}")
        return
    if slowest is not None and slowest > have * above:
        fit.set("time", CONFLICT, f"Ook het traagste tempo dat de bron toelaat vraagt ongeveer {_num(slowest)} "
                                  f"uur per week; jij hebt er {_num(have)}. {full}")
        return
    short, long = low / have * full_years, high / have * full_years
    span = _years(short, up=False) if _years(short, False) == _years(long, True) else \
        f"{_years(short, False)} tot {_years(long, True)}"
    fit.notes["pace"] = f"Bij {_num(have)} uur per week duurt het ongeveer {span} jaar; {pace_words(entry)}"
    said = f"{fit.notes['pace']} {full}"
    if slowest is not None and slowest > have:
        fit.set("time", UNKNOWN, f"{said} Het traagste tempo vraagt ongeveer {_num(slowest)} uur per week: "
                                 "dat kan net passen of net niet.")
    elif long > SPREAD_YEARS_ASK:
        fit.set("time", UNKNOWN, f"{said} Zo lang spreiden: vraag na of dat kan.")
    else:
        fit.set("time", OK, said)


def _budget(entry, profile, fit) -> None:
    budget, cost = profile.get("budget_eur"), entry.get("cost_eur")
    year = f" (cijfer uit {entry['data_year']})" if entry.get("data_year") else ""
    payer = f" {entry['cost_note']}" if entry.get("cost_note") else ""
    if cost is None:
        fit.set("budget", UNKNOWN, "De bron noemt geen prijs." + payer)
    elif budget is None:
        fit.set("budget", UNKNOWN, f"Kost € {_num(cost)}{year}.{payer}")
    elif cost <= budget:
        fit.set("budget", OK, f"Kost € {_num(cost)}{year}, binnen je budget van € {_num(budget)}.{payer}")
    else:
        fit.set("budget", CONFLICT, f"Kost € {_num(cost)}{year}, meer dan je budget van € {_num(budget)}.{payer}")


def _travel(entry, profile, fit) -> None:
    if entry.get("delivery") == "online":
        fit.set("travel", OK, "Volledig online: geen verplaatsing.")
        return
    locations = entry.get("locations") or []
    home = geo.find_place(profile.get("home_town"))
    if not locations:
        fit.set("travel", UNKNOWN, "De bron noemt geen plaats.")
        return
    if home is None:
        fit.set("travel", UNKNOWN, f"Gaat door in {', '.join(locations[:4])}.")
        return
    times = [(geo.travel_minutes(home, place), name) for name in locations
             if (place := geo.find_place(name)) is not None]
    if not times:
        fit.set("travel", UNKNOWN, f"Gaat door in {', '.join(locations[:4])}.")
        return
    minutes, nearest = min(times)
    limit = profile.get("max_travel_minutes")
    note = f"Dichtstbij: {nearest}, ongeveer {minutes} minuten reizen (schatting)."
    if limit is None:
        fit.set("travel", UNKNOWN, note)
    else:
        fit.set("travel", OK if minutes <= limit else CONFLICT, note)
        if minutes > limit and (entry.get("delivery") in (None, "unknown") or minutes <= limit * TRAVEL_MARGIN):
            fit.uncertain.add("travel")


def _delivery(entry, profile, fit) -> None:
    wanted, offered = profile.get("delivery") or "any", entry.get("delivery") or "unknown"
    if offered == "unknown":
        fit.set("delivery", UNKNOWN, "De bron zegt niet of dit online of ter plaatse is.")
    elif wanted == "any" or wanted == offered:
        fit.set("delivery", OK, _DELIVERY_WORDS[offered])
    else:
        fit.set("delivery", CONFLICT, f"{_DELIVERY_WORDS[offered]} Jij zoekt {_DELIVERY_WORDS[wanted].lower()}")


_DELIVERY_WORDS = {"online": "Online.", "blended": "Deels online, deels ter plaatse.",
                   "on_site": "Ter plaatse.", "any": "Om het even.", "unknown": "Onbekend."}


def _region(entry, profile, fit) -> None:
    region = profile.get("region")
    if not region or entry.get("region") == "both":
        fit.set("region", OK)
    elif entry.get("region") == region:
        fit.set("region", OK)
    else:
        names = {"VL": "Vlaanderen", "NL": "Nederland"}
        fit.set("region", CONFLICT, f"Hoort bij het onderwijs in {names.get(entry.get('region'), '?')}.")


def _audience(entry, profile, fit) -> None:
    audience = entry.get("audience") or {}
    role, sector = profile.get("role"), profile.get("sector")
    roles, sectors = set(audience.get("roles") or []), set(audience.get("sectors") or [])
    # A counsellor looks on behalf of a teacher: judge the entry for teachers then.
    role_ok = not role or not roles or role in roles or (role == "counsellor" and "teacher" in roles)
    sector_ok = (not sector or not sectors or sector in sectors
                 or bool(_SECTOR_PARENTS.get(sector, set()) & sectors))
    fit.set("audience", OK if role_ok and sector_ok else CONFLICT,
            None if role_ok and sector_ok else "Bedoeld voor een ander publiek.")


def _admission(entry, profile, fit) -> None:
    admission = entry.get("admission") or {}
    diplomas = set(admission.get("diplomas") or [])
    have = profile.get("diploma")
    bridging = admission.get("bridging")
    if not diplomas:
        fit.set("admission", UNKNOWN if admission.get("text") else OK, admission.get("text"))
        return
    if not have:
        fit.set("admission", UNKNOWN, admission.get("text"))
        return
    if _DIPLOMA_IMPLIES.get(have, {have}) & diplomas:
        fit.set("admission", OK, admission.get("text"))
    else:
        fit.bridging = bridging
        route = " Er is een schakelroute." if bridging else ""
        fit.set("admission", CONFLICT, f"{admission.get('text') or 'Vraagt een ander diploma.'}{route}")


def _num(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")
