"""Load and validate the curated knowledge (knowledge/*.yml), following knowledge/SCHEMA.md.

Validation reports every problem at once as `file:line: what is wrong`, so a curator can fix a whole
file in one pass. Pure Python + PyYAML: usable from both environments.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from index import paths
from index.steps import STEPS

TYPES = {"course", "post_initial", "bridging", "master", "plg_format", "school_format", "network",
         "project", "resource"}
REGIONS = {"VL", "NL", "both"}
ROLES = {"teacher", "student_teacher", "counsellor", "school_leader"}
SECTORS = {"kleuter", "lager", "basis", "secundair", "vo", "mbo", "hoger", "lerarenopleiding"}
DIPLOMAS = {"bachelor_kleuter", "bachelor_lager", "bachelor_secundair", "pabo", "hbo_bachelor",
            "wo_bachelor", "master"}
DELIVERY = {"online", "blended", "on_site", "unknown"}
STATUSES = {"offered", "pilot", "planned", "idea", "ended"}
NUMERIC_FIELDS = ("hours_per_week", "total_hours", "total_hours_min", "duration_months", "cost_eur",
                  "study_credits")
FIELDS = {"id", "type", "title", "provider", "region", "audience", "topics", "summary", "admission",
          "delivery", "locations", "hours_per_week", "total_hours", "duration_months", "cost_eur",
          "cost_note", "start", "result", "data_year", "sources",
          "status", "study_credits", "contact", "hours_basis", "hours_per_week_range", "aliases", "related",
          "step"}
# Fields only some entries need; absent means null (SCHEMA.md).
OPTIONAL_FIELDS = {"step_note", "ask_at", "pace", "hours_assumption", "total_hours_min"}
PACE_FIELDS = {"spread", "slowest_hours_per_week", "source"}
# Words that show a cited passage allows another pace ("Spreiding is altijd mogelijk", "deeltijds").
PACE_WORDS = re.compile(r"spreid|spreiding|deeltijd|halftijd|part-?time", re.I)
# Near-duplicate check: two entries whose titles and summaries are this alike (tf-idf cosine)
# describe the same thing and must be merged or linked via `related` / `aliases`.
NEAR_DUP_TITLE = 0.7
NEAR_DUP_SUMMARY = 0.6
ADMISSION_FIELDS = {"text", "diplomas", "min_experience_years", "bridging"}
# The 2015 report: its figures must carry their year.
DATED_SOURCES = {"001_f95d3040631a1bea.txt": "2015"}
COPY_SHINGLE = 8  # this many consecutive words shared with the source = copied, not summarised


@dataclass
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Knowledge:
    entries: list[dict]
    topics: dict[str, dict]
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def by_id(self) -> dict[str, dict]:
        return {e["id"]: e for e in self.entries if isinstance(e.get("id"), str)}

    @property
    def by_alias(self) -> dict[str, dict]:
        """Every id and every alias (the id of a merged-away entry) -> the entry that now holds it."""
        found = {a: e for e in self.entries for a in (e.get("aliases") or []) if isinstance(a, str)}
        found.update(self.by_id)
        return found

    def resolve(self, eid: str) -> dict | None:
        """The entry for an id, also for the old id of an entry that was merged into another."""
        return self.by_alias.get(eid)


def load(knowledge_dir: Path | None = None, seeds_dir: Path | None = None) -> Knowledge:
    """Read every knowledge file and validate it. `problems` is empty when the knowledge is good."""
    knowledge_dir = knowledge_dir or paths.KNOWLEDGE_DIR
    seeds_dir = seeds_dir or paths.SEEDS_DIR
    problems: list[Problem] = []
    topics = _load_topics(knowledge_dir / "topics.yml", problems)
    entries: list[dict] = []
    lines_of: dict[int, tuple[str, dict[str, int]]] = {}
    for path in sorted(knowledge_dir.glob("*.yml")):
        if path.name == "topics.yml":
            continue
        for entry, key_lines in _read_entries(path, problems):
            entry["_file"] = path.name
            lines_of[id(entry)] = (path.name, key_lines)
            entries.append(entry)
    if not entries and not problems:
        problems.append(Problem(str(knowledge_dir), 0, "no knowledge entries found"))

    notices = []
    seeds = _SeedCache(seeds_dir)
    if not seeds.available:
        notices.append(f"citation checks skipped: source documents not found in {seeds_dir} "
                       "(set LEERWIJZER_SEEDS to their folder)")
    ids = [e.get("id") for e in entries]
    seen: dict[str, str] = {}
    for entry in entries:
        name, key_lines = lines_of[id(entry)]

        def report(key: str, message: str, name=name, key_lines=key_lines) -> None:
            problems.append(Problem(name, key_lines.get(key, key_lines.get("", 0)), message))

        _check_entry(entry, topics, set(ids), report)
        eid = entry.get("id")
        if isinstance(eid, str):
            if eid in seen:
                report("id", f"duplicate id '{eid}' (also in {seen[eid]})")
            seen.setdefault(eid, name)
        if seeds.available:
            _check_citations(entry, seeds, report)
    _check_links(entries, lines_of, problems)
    return Knowledge(entries=entries, topics=topics, problems=problems, notices=notices)


def _load_topics(path: Path, problems: list[Problem]) -> dict[str, dict]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        topics = data["topics"]
        assert isinstance(topics, dict)
        return topics
    except FileNotFoundError:
        problems.append(Problem(path.name, 0, "topic vocabulary missing"))
    except (yaml.YAMLError, KeyError, AssertionError) as exc:
        problems.append(Problem(path.name, _yaml_line(exc), f"topic vocabulary unreadable: {exc}"))
    return {}


def _yaml_line(exc: Exception) -> int:
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark else 1


def _read_entries(path: Path, problems: list[Problem]):
    """Yield (entry, {key: line}) for each entry, with YAML line numbers for error messages."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, _yaml_line(exc), f"not valid YAML: {exc}"))
        return
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        problems.append(Problem(path.name, 1, "expected a top-level 'entries:' list"))
        return
    seq = next(v for k, v in root.value if k.value == "entries")
    for node, entry in zip(seq.value, data["entries"]):
        line = node.start_mark.line + 1
        if not isinstance(entry, dict):
            problems.append(Problem(path.name, line, "entry is not a mapping"))
            continue
        key_lines = {"": line}
        key_lines.update({k.value: k.start_mark.line + 1 for k, _ in node.value})
        yield entry, key_lines


def _check_entry(entry: dict, topics: dict, all_ids: set, report) -> None:
    eid = entry.get("id")
    where = f"entry '{eid}'" if eid else "entry"
    for missing in sorted(FIELDS - entry.keys()):
        report("", f"{where}: missing field '{missing}'")
    for extra in sorted(entry.keys() - FIELDS - OPTIONAL_FIELDS - {"_file"}):
        report(extra, f"{where}: unknown field '{extra}'")
    if not (isinstance(eid, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", eid)):
        report("id", f"{where}: id must be a lower-case slug (letters, digits, hyphens)")
    _check_enum(entry, "type", TYPES, where, report)
    _check_enum(entry, "region", REGIONS, where, report)
    _check_enum(entry, "delivery", DELIVERY, where, report)
    _check_enum(entry, "status", STATUSES, where, report)
    _check_enum(entry, "step", set(STEPS), where, report)
    for key in ("title", "summary"):
        if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
            report(key, f"{where}: '{key}' must be a non-empty text")
    summary = entry.get("summary")
    if isinstance(summary, str) and not 1 <= len(re.findall(r"[.!?](\s|$)", summary.strip())) <= 5:
        report("summary", f"{where}: summary should be 2-4 sentences")
    for key in ("provider", "cost_note", "result", "contact", "hours_basis", "step_note", "ask_at",
                "hours_assumption"):
        if entry.get(key) is not None and not isinstance(entry.get(key), str):
            report(key, f"{where}: '{key}' must be a text or null")
    audience = entry.get("audience")
    if "audience" in entry:
        if not isinstance(audience, dict) or set(audience) != {"roles", "sectors"}:
            report("audience", f"{where}: audience needs exactly 'roles' and 'sectors'")
        else:
            _check_list(audience.get("roles"), ROLES, "audience.roles", where, report, "audience")
            _check_list(audience.get("sectors"), SECTORS, "audience.sectors", where, report, "audience")
    if "topics" in entry:
        _check_list(entry["topics"], set(topics), "topics", where, report, "topics", vocabulary="topics.yml")
        if isinstance(entry["topics"], list) and not 1 <= len(entry["topics"]) <= 6:
            report("topics", f"{where}: give 1 to 6 topics")
    admission = entry.get("admission")
    if "admission" in entry:
        if not isinstance(admission, dict) or set(admission) != ADMISSION_FIELDS:
            report("admission", f"{where}: admission needs exactly {sorted(ADMISSION_FIELDS)}")
        else:
            _check_list(admission["diplomas"], DIPLOMAS, "admission.diplomas", where, report, "admission")
            if admission["bridging"] is not None and admission["bridging"] not in all_ids:
                report("admission", f"{where}: admission.bridging '{admission['bridging']}' is no known id")
            if not _is_number_or_null(admission["min_experience_years"]):
                report("admission", f"{where}: admission.min_experience_years must be a number or null")
            if admission["text"] is not None and not isinstance(admission["text"], str):
                report("admission", f"{where}: admission.text must be a text or null")
    for key in NUMERIC_FIELDS:
        if key in entry and not _is_number_or_null(entry[key]):
            report(key, f"{where}: '{key}' must be a non-negative number or null, not {entry[key]!r}")
    _check_time_load(entry, where, report)
    for key in ("aliases", "related"):
        value = entry.get(key)
        if key in entry and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            report(key, f"{where}: '{key}' must be a list of ids (empty when none)")
        elif key == "related":
            for other in value:
                if other not in all_ids:
                    report(key, f"{where}: related '{other}' is no known id")
                elif other == eid:
                    report(key, f"{where}: related lists the entry itself")
    for key in ("locations", "start"):
        value = entry.get(key)
        if key in entry and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            report(key, f"{where}: '{key}' must be a list of texts (empty when unknown)")
    year = entry.get("data_year")
    if "data_year" in entry and not (isinstance(year, str) and re.fullmatch(r"\d{4}(-\d{4})?", year)):
        report("data_year", f"{where}: data_year must be a quoted year or range, e.g. \"2015\"")
    sources = entry.get("sources")
    if "sources" in entry:
        ok = isinstance(sources, list) and sources and all(
            isinstance(s, dict) and set(s) == {"file", "lines"} and isinstance(s["file"], str)
            and re.fullmatch(r"\d+-\d+", str(s["lines"])) for s in sources)
        if not ok:
            report("sources", f"{where}: sources must be a non-empty list of {{file, lines: \"a-b\"}}")
        else:
            for s in sources:
                dated = DATED_SOURCES.get(s["file"])
                if dated and isinstance(year, str) and not _year_covers(year, dated):
                    report("data_year", f"{where}: cites {s['file']}, so data_year must be \"{dated}\" "
                                        "(or a range that starts there, for an entry that also cites a later source)")


def _year_covers(year: str, dated: str) -> bool:
    """A dated source's facts keep their year: data_year is that year, or a range starting with it."""
    return year == dated or year.startswith(f"{dated}-")


def _check_time_load(entry: dict, where: str, report) -> None:
    """hours_per_week is either stated by the source, or an estimate with its derivation in hours_basis;
    a range [low, high] belongs to an estimate and holds the stored middle value."""
    hours, basis, span = entry.get("hours_per_week"), entry.get("hours_basis"), entry.get("hours_per_week_range")
    if basis is not None and hours is None:
        report("hours_basis", f"{where}: hours_basis without hours_per_week")
    if entry.get("hours_assumption") is not None and basis is None:
        report("hours_assumption", f"{where}: hours_assumption belongs to an estimate (hours_basis)")
    _check_pace(entry, where, report)
    if span is not None:
        ok = (isinstance(span, list) and len(span) == 2 and all(_is_number_or_null(v) and v is not None
                                                                 for v in span) and span[0] <= span[1])
        if not ok:
            report("hours_per_week_range", f"{where}: hours_per_week_range must be [low, high] or null")
        elif basis is None:
            report("hours_per_week_range", f"{where}: hours_per_week_range needs hours_basis (the derivation)")
        elif _is_number_or_null(hours) and hours is not None and not span[0] <= hours <= span[1]:
            report("hours_per_week_range", f"{where}: hours_per_week {hours} lies outside its range {span}")


def _check_pace(entry: dict, where: str, report) -> None:
    """pace: {spread: true, slowest_hours_per_week: number or null (null: the source sets no slowest pace),
    source: {file, lines}}: the passage that says the programme can be spread or followed part-time."""
    pace = entry.get("pace")
    if pace is None:
        return
    ok = (isinstance(pace, dict) and set(pace) == PACE_FIELDS and pace["spread"] is True
          and _is_number_or_null(pace["slowest_hours_per_week"]) and isinstance(pace["source"], dict)
          and set(pace["source"]) == {"file", "lines"} and re.fullmatch(r"\d+-\d+", str(pace["source"]["lines"])))
    if not ok:
        report("pace", f"{where}: pace must be {{spread: true, slowest_hours_per_week: number or null, "
                       "source: {file, lines: \"a-b\"}}")
    elif entry.get("hours_per_week") is None:
        report("pace", f"{where}: pace needs the full-time load (hours_per_week) to say what slower means")


def _check_enum(entry, key, allowed, where, report) -> None:
    if key in entry and entry[key] not in allowed:
        report(key, f"{where}: '{key}' is {entry[key]!r}, expected one of {sorted(allowed)}")


def _check_list(value, allowed, name, where, report, key, vocabulary=None) -> None:
    if not isinstance(value, list):
        report(key, f"{where}: '{name}' must be a list")
        return
    for item in value:
        if item not in allowed:
            hint = f" (not in {vocabulary})" if vocabulary else f", expected one of {sorted(allowed)}"
            report(key, f"{where}: {name} has unknown value {item!r}{hint}")


def _is_number_or_null(value) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0)


# --- citations -----------------------------------------------------------------------------------

_NUMBER_WORDS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
                 "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "anderhalf": 1.5,
                 "half": 0.5, "halve": 0.5}


def numbers_in(text: str) -> set[float]:
    """Every number a reader sees in `text`: 8.300 and 8,300 are 8300; 3,5 is 3.5; 'twee' is 2."""
    found: set[float] = set()
    pattern = r"\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:[.,\u00a0 ]\d{3})+(?![\d])|\d+(?:[.,]\d+)?"
    for match in re.finditer(pattern, text):
        token = match.group(0)
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+", token):  # 199.779,04
            found.add(float(token.replace(".", "").replace(",", ".")))
        elif re.fullmatch(r"\d{1,3}(?:[.,\u00a0 ]\d{3})+", token):
            found.add(float(re.sub(r"[.,\u00a0 ]", "", token)))
            # "3.5" style decimals are ambiguous with thousands: keep both readings
            if re.fullmatch(r"\d+[.,]\d{3}", token):
                found.add(float(token.replace(",", ".")))
        else:
            found.add(float(token.replace(",", ".")))
    for word in re.findall(r"[a-zéë]+", text.lower()):
        if word in _NUMBER_WORDS:
            found.add(float(_NUMBER_WORDS[word]))
    return found


class _SeedCache:
    def __init__(self, seeds_dir: Path):
        self.dir = seeds_dir
        self.available = seeds_dir.is_dir() and any(seeds_dir.glob("*.txt"))
        self._lines: dict[str, list[str] | None] = {}

    def lines(self, name: str) -> list[str] | None:
        if name not in self._lines:
            path = self.dir / name
            self._lines[name] = (path.read_text(encoding="utf-8").splitlines()
                                 if path.is_file() and "/" not in name else None)
        return self._lines[name]


def _check_citations(entry: dict, seeds: _SeedCache, report) -> None:
    sources = entry.get("sources")
    if not isinstance(sources, list):
        return
    where = f"entry '{entry.get('id')}'"
    cited: list[str] = []
    for s in sources:
        if not (isinstance(s, dict) and re.fullmatch(r"\d+-\d+", str(s.get("lines", "")))):
            continue
        lines = seeds.lines(str(s.get("file")))
        if lines is None:
            report("sources", f"{where}: cited file '{s.get('file')}' does not exist in {seeds.dir}")
            continue
        first, last = (int(x) for x in str(s["lines"]).split("-"))
        if not 1 <= first <= last <= len(lines):
            report("sources", f"{where}: lines {s['lines']} lie outside {s['file']} (1-{len(lines)})")
            continue
        cited.extend(lines[first - 1:last])
    if not cited:
        return
    text = "\n".join(cited)
    seen = numbers_in(text)
    for key in NUMERIC_FIELDS:
        value = entry.get(key)
        if not _is_number_or_null(value) or value is None:
            continue
        if key == "hours_per_week" and entry.get("hours_basis"):
            continue  # an estimate: hours_basis states how it follows from the cited numbers
        ok = float(value) in seen or (key == "duration_months" and float(value) / 12 in seen)
        if not ok:
            report(key, f"{where}: {key} {value} does not appear in the cited lines")
    for number in basis_problems(entry, text):
        report("hours_basis", f"{where}: hours_basis uses {number:g}, which is neither in the cited lines nor named "
                              "in hours_assumption (nor a product of such figures)")
    ask_at = entry.get("ask_at")
    if isinstance(ask_at, str) and re.sub(r"\s+", "", ask_at.lower()) not in re.sub(r"\s+", "", text.lower()):
        report("ask_at", f"{where}: ask_at '{ask_at}' does not appear in the cited lines")
    pace = entry.get("pace")
    if isinstance(pace, dict) and isinstance(pace.get("source"), dict):
        _check_pace_source(entry, pace["source"], seeds, report)
    copied = _copied_phrase(entry.get("summary"), text)
    if copied:
        report("summary", f"{where}: summary copies the source word for word: \"{copied}\"")


def basis_problems(entry: dict, cited: str) -> list[float]:
    """The figures of an estimate's `hours_basis` that have no basis: neither in the cited lines, nor in the
    named `hours_assumption`, nor a product or quotient of such figures ("4 x 3 x 5 = 60")."""
    basis = entry.get("hours_basis")
    if not isinstance(basis, str) or not cited:
        return []
    known = numbers_in(cited) | numbers_in(str(entry.get("hours_assumption") or ""))
    stated = numbers_in(basis)
    based = {n for n in stated if n in known}
    derived = set(based)
    for a in based:
        for b in based:
            derived |= {a * b, a / b if b else a}
            derived |= {x for c in based if c for x in (a * b * c, a * b / c)}
    # a result may be rounded to two decimals in the text ("0,08 uur per week" for 0.075)
    return sorted(n for n in stated if not any(math.isclose(n, d, rel_tol=1e-6, abs_tol=0.0051) for d in derived))


def cited_text(entry: dict, seeds_dir: Path | None = None) -> str:
    """The lines an entry cites, joined (empty when the sources are not at hand)."""
    seeds = _SeedCache(seeds_dir or paths.SEEDS_DIR)
    parts = []
    for s in entry.get("sources") or []:
        lines = seeds.lines(str(s.get("file"))) if isinstance(s, dict) else None
        if lines and re.fullmatch(r"\d+-\d+", str(s.get("lines"))):
            first, last = (int(x) for x in str(s["lines"]).split("-"))
            parts.extend(lines[first - 1:last])
    return "\n".join(parts)


def _check_pace_source(entry: dict, source: dict, seeds: _SeedCache, report) -> None:
    """The pace passage is among the entry's citations and says that slower is allowed."""
    where = f"entry '{entry.get('id')}'"
    try:
        first, last = (int(x) for x in str(source.get("lines")).split("-"))
    except ValueError:
        return
    cited = any(s.get("file") == source.get("file") and _within(str(s.get("lines")), first, last)
                for s in entry.get("sources") or [] if isinstance(s, dict))
    lines = seeds.lines(str(source.get("file")))
    if not cited or lines is None:
        report("pace", f"{where}: pace.source must lie inside one of the entry's cited ranges")
    elif not PACE_WORDS.search(" ".join(lines[first - 1:last])):
        report("pace", f"{where}: pace.source lines do not say the programme can be spread or followed part-time")


def _within(lines: str, first: int, last: int) -> bool:
    try:
        a, b = (int(x) for x in lines.split("-"))
    except ValueError:
        return False
    return a <= first <= last <= b


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _copied_phrase(summary, source: str) -> str | None:
    if not isinstance(summary, str):
        return None
    original = re.findall(r"\w+", summary)
    words = [w.lower() for w in original]
    source_text = " " + " ".join(_words(source)) + " "
    for i in range(len(words) - COPY_SHINGLE + 1):
        phrase = " ".join(words[i:i + COPY_SHINGLE])
        # A run of names (towns, providers) is a fact, not copied prose.
        names = sum(1 for w in original[i:i + COPY_SHINGLE] if w[:1].isupper())
        if names < 3 and f" {phrase} " in source_text:
            return phrase
    return None


# --- links between entries ----------------------------------------------------------------------

_STOPWORDS = set("""de het een en of van voor in op met aan als dat die dit door om te tot bij uit over naar
zijn is zij ze je wie wat hoe ook nog niet geen wel maar dan meer zo er kan kunnen worden wordt werd
the and""".split())


def _tokens(text) -> list[str]:
    return [w for w in re.findall(r"[a-zà-ÿ]+", str(text or "").lower()) if w not in _STOPWORDS and len(w) > 2]


def near_duplicates(entries: list[dict]) -> list[tuple[dict, dict, float, float]]:
    """Pairs of entries whose titles and summaries are nearly the same (tf-idf cosine over the words of
    all entries, so wording every entry of a kind shares counts little), and that are not linked by
    `related` (either way) or `aliases`. Paraphrases from two sources are not caught: curators merge those."""
    docs = [(_tokens(e.get("title")), _tokens(e.get("summary"))) for e in entries]
    df: dict[str, int] = {}
    for title, summary in docs:
        for w in set(title + summary):
            df[w] = df.get(w, 0) + 1
    n = len(entries)
    idf = {w: math.log((n + 1) / (d + 1)) + 1 for w, d in df.items()}

    def vector(words):
        v: dict[str, float] = {}
        for w in words:
            v[w] = v.get(w, 0.0) + idf[w]
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}

    def cosine(a, b):
        return sum(x * b.get(w, 0.0) for w, x in a.items())

    vectors = [(vector(t), vector(s)) for t, s in docs]
    pairs = []
    for i, a in enumerate(entries):
        for j in range(i + 1, n):
            b = entries[j]
            title = cosine(vectors[i][0], vectors[j][0])
            if title < NEAR_DUP_TITLE:
                continue
            summary = cosine(vectors[i][1], vectors[j][1])
            if summary >= NEAR_DUP_SUMMARY and not _linked(a, b):
                pairs.append((a, b, title, summary))
    return pairs


def _linked(a: dict, b: dict) -> bool:
    def ids(e):
        return {e.get("id"), *(e.get("aliases") or []), *(e.get("related") or [])}
    return b.get("id") in ids(a) or a.get("id") in ids(b)


def _check_links(entries: list[dict], lines_of: dict, problems: list[Problem]) -> None:
    """Aliases are unique across all ids and aliases; near-identical entries must be linked."""
    def report(entry, key, message):
        name, key_lines = lines_of[id(entry)]
        problems.append(Problem(name, key_lines.get(key, key_lines.get("", 0)), message))

    ids = {e.get("id") for e in entries if isinstance(e.get("id"), str)}
    owner: dict[str, str] = {}
    for entry in entries:
        aliases = entry.get("aliases")
        if not isinstance(aliases, list):
            continue
        for alias in aliases:
            if not isinstance(alias, str):
                continue
            if alias in ids:
                report(entry, "aliases", f"entry '{entry.get('id')}': alias '{alias}' is also the id of an entry")
            elif alias in owner:
                report(entry, "aliases", f"entry '{entry.get('id')}': alias '{alias}' is also an alias of "
                                         f"'{owner[alias]}'")
            owner.setdefault(alias, str(entry.get("id")))
    for a, b, title, summary in near_duplicates(entries):
        report(b, "title", f"entry '{b.get('id')}' nearly duplicates '{a.get('id')}' (title {title:.2f}, "
                           f"summary {summary:.2f} alike): merge them (old id in aliases) or link them in related")
