"""Understand a teacher's constraints in Dutch: hours, money, travel, town, role, sector, region,
experience, delivery and diploma, normalised to the profile's units (hours per week, euros, minutes).

spaCy does the language work: a blank Dutch pipeline tokenises, the lookup lemmatiser gives lemmas
('kleuters' -> 'kleuter'), and Matcher patterns find number + unit phrases. Number words ('vier',
'anderhalf', 'een halve dag') are read as numbers. Used by the Rasa NLU component (bot.nlu.component) and
by form validation in the action server, so both read a message the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

NUMBER_WORDS = {
    "nul": 0, "geen": 0, "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5,
    "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
    "veertien": 14, "vijftien": 15, "zestien": 16, "twintig": 20, "vijfentwintig": 25, "dertig": 30,
    "veertig": 40, "vijftig": 50, "zestig": 60, "negentig": 90, "honderd": 100, "duizend": 1000,
    "anderhalf": 1.5, "anderhalve": 1.5, "half": 0.5, "halve": 0.5, "kwart": 0.25, "paar": 2,
    "enkele": 2, "tweeënhalf": 2.5,
}
# Parts of a week a teacher can free, in hours.
DAY_PARTS = {"dag": 8, "dagen": 8, "voormiddag": 4, "namiddag": 4, "middag": 4, "ochtend": 4,
             "avond": 3, "avonden": 3}
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

ROLE_WORDS = {
    "teacher": {"leraar", "lerares", "leerkracht", "juf", "juffrouw", "meester", "meester", "onderwijzer",
                "onderwijzeres", "docent", "kleuterjuf", "kleuterleidster", "kleuterleider", "klasleraar",
                "klastitularis", "groepsleerkracht", "kleuteronderwijzer", "kleuteronderwijzeres",
                "zorgleerkracht", "leerkrachten", "ambulant", "zorgjuf", "zorgmeester", "kleuterleerkracht",
                "kleuterjuffrouw", "vakleerkracht"},
    "student_teacher": {"student", "studente", "stagiair", "stagiaire", "lio", "pabostudent",
                        "lerarenopleiding", "studeer", "student-leraar", "studentleraar"},
    "counsellor": {"counsellor", "begeleider", "studiebegeleider", "loopbaanbegeleider", "loopbaancoach", "adviseur",
                   "schoolbegeleider", "pedagogisch", "begeleidingsdienst", "consulent", "trajectbegeleider",
                   "hr-adviseur", "coach", "intern", "zorgcoördinator", "zorgco", "ib'er", "iber",
                   "leerlingbegeleider", "cllb", "clb-medewerker", "mentorcoach", "opleidingscoördinator"},
    "school_leader": {"directeur", "directrice", "schoolleider", "directie", "adjunct", "adjunct-directeur",
                      "schoolhoofd", "bestuurder", "teamleider", "locatieleider", "coördinator"},
}
SECTOR_WORDS = {
    "kleuter": {"kleuter", "kleuters", "kleuterjuf", "kleuterleidster", "kleuteronderwijs", "kleuterklas",
                "kleuterschool", "peuter", "peuters", "kleuteronderwijzer", "onderbouw", "jonge"},
    "lager": {"lager", "lagere", "eerste", "tweede", "derde", "vierde", "vijfde", "zesde"},
    "basis": {"basisschool", "basisonderwijs", "po", "primair", "basis", "pabo", "groep"},
    "secundair": {"secundair", "secundaire", "middelbaar", "middelbare", "aso", "tso", "bso", "kso"},
    "vo": {"vo", "voortgezet", "havo", "vwo", "vmbo"},
    "mbo": {"mbo", "roc"},
    "hoger": {"universiteit", "hbo", "hoger"},  # not "hogeschool": students study there
}
REGION_WORDS = {"VL": {"vlaanderen", "vlaams", "vlaamse", "belgië", "belgie", "belgisch", "belg"},
                "NL": {"nederland", "holland", "nederlandse", "nl"}}
DELIVERY_PHRASES = [  # first match wins; longer phrases first
    # "mag ook online": online is allowed as well, so any form will do
    ("any", r"\b(ook|evengoed|eventueel) (online|op afstand|digitaal)\b|\bonline (mag|kan|is) ook\b"),
    ("blended", r"\b(blended|gemengd|deels online|half online|hybride)\b"),
    ("online", r"\b(alleen|enkel|liefst|graag|volledig|helemaal)? ?(online|digitaal|op afstand|van thuis uit|vanuit huis)\b"),
    ("on_site", r"\b(ter plaatse|fysiek|op locatie|face to face|in het echt|op de campus|in persoon|live)\b"),
    ("any", r"\b(maakt (mij |me )?niet uit|om het even|allebei|beide|maakt niet veel uit|geen voorkeur)\b"),
]
DIPLOMA_PHRASES = [
    ("master", r"\b(master|masterdiploma|licentiaat|universitair diploma)\b"),
    ("bachelor_kleuter", r"\b(bachelor|diploma|opleiding)\b.{0,30}\bkleuter|\bkleuteronderwijzer(es)?s?diploma\b|\bregent kleuter"),
    ("bachelor_lager", r"\b(bachelor|diploma|opleiding)\b.{0,30}\blager onderwijs|\bonderwijzersdiploma\b"),
    ("bachelor_secundair", r"\b(bachelor|diploma|opleiding)\b.{0,30}\bsecundair|\bregentaat\b"),
    ("pabo", r"\bpabo\b"),
    ("wo_bachelor", r"\b(wo-bachelor|wo bachelor|universitaire bachelor|academische bachelor)\b"),
    ("hbo_bachelor", r"\b(hbo-bachelor|hbo bachelor|hbo-diploma|hbo diploma|professionele bachelor|bachelor)\b"),
]
DONT_KNOW = re.compile(r"\b(weet (ik )?(het )?niet|geen idee|geen flauw idee|weet nog niet|nog niet zeker|"
                       r"maakt (mij |me )?niet uit|om het even|geen voorkeur|sla over|overslaan|liever niet)\b")
# "ik zoek iets voor een collega": the user looks on behalf of someone else (a counsellor, a mentor)
FOR_A_COLLEAGUE = re.compile(r"\bvoor (een|mijn|m'n|onze|ne|nen|de) (collega|leerkracht|leraar|lerares|juf|meester|"
                             r"teamlid|docent|starter|beginnende)")
# Common misspellings of role words are caught by a close match on words this long or longer.
FUZZY_MIN_LENGTH, FUZZY_CUTOFF = 7, 0.88
KM_TO_MINUTES = 1.2  # ~50 km/h door to door


@dataclass
class Found:
    entity: str
    value: object
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def nlp():
    import spacy
    from spacy.matcher import Matcher

    pipeline = spacy.blank("nl")
    try:
        pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
        pipeline.initialize()
    except Exception:  # lookups missing: tokens still work, lemmas fall back to the lower-cased text
        pipeline = spacy.blank("nl")
    number = {"LOWER": {"IN": [w for w in NUMBER_WORDS if w not in ("geen", "paar", "enkele")]}}
    num = [{"LIKE_NUM": True}]
    matcher = Matcher(pipeline.vocab)
    per_week = [{"LOWER": {"IN": ["per", "/", "in", "elke", "iedere", "a", "p", "op"]}},
                {"LOWER": {"IN": ["de", "een"]}, "OP": "?"}, {"LOWER": {"IN": ["week", "w", "weekje"]}}]
    hour = {"LOWER": {"IN": ["uur", "u", "uren", "uurtjes", "uurtje", "h"]}}
    for n in (num, [number], [number, {"LOWER": {"IN": ["à", "a", "tot", "-", "of"]}}, {"LIKE_NUM": True}]):
        matcher.add("HOURS", [n + [hour] + per_week, n + [hour]])
    matcher.add("HOURS", [[{"LOWER": {"IN": ["een", "één", "twee", "drie", "halve", "anderhalve", "1", "2"]}, "OP": "?"},
                           {"LOWER": {"IN": ["halve", "hele"]}, "OP": "?"},
                           {"LOWER": {"IN": list(DAY_PARTS)}}] + per_week,
                          [{"LOWER": {"REGEX": r"^(" + "|".join(WEEKDAYS) + r")(voormiddag|namiddag|middag|ochtend|avond)?$"}}]])
    matcher.add("HOURS", [[{"LOWER": {"IN": ["halve", "hele"]}},
                           {"LOWER": {"IN": ["dag", "voormiddag", "namiddag", "middag", "ochtend"]}}]])
    euro = {"LOWER": {"IN": ["euro", "eur", "€", "euros", "euro's", "eu"]}}
    matcher.add("MONEY", [[euro, {"LIKE_NUM": True}], [{"LIKE_NUM": True}, euro],
                          [{"LOWER": {"REGEX": r"^€\d"}}], [{"LOWER": {"REGEX": r"^\d+(?:[.,]\d+)?€$"}}],
                          [number, {"LOWER": {"IN": ["honderd", "duizend"]}, "OP": "?"}, euro],
                          [{"LOWER": {"IN": ["budget", "budgetje"]}}, {"LOWER": {"IN": ["is", "van", ":", "="]}, "OP": "?"},
                           {"LIKE_NUM": True}]])
    minutes = {"LOWER": {"IN": ["min", "minuten", "minuutjes", "minuut", "min."]}}
    matcher.add("TRAVEL", [num + [minutes], [number, minutes],
                           [{"LOWER": {"IN": ["een", "één", "1", "drie", "3"]}}, {"LOWER": {"IN": ["kwartier", "kwartiertje"]}}],
                           [{"LOWER": {"IN": ["half", "een", "één", "anderhalf", "1", "2", "twee"]}}, {"LOWER": {"IN": ["uur", "uurtje", "u"]}},
                            {"LOWER": {"IN": ["rijden", "reizen", "reistijd", "met", "weg", "van", "onderweg", "sporen", "fietsen"]}}],
                           [{"LOWER": {"IN": ["half", "halfuur", "halfuurtje"]}}, {"LOWER": {"IN": ["uur", "uurtje"]}, "OP": "?"}],
                           num + [{"LOWER": {"IN": ["km", "kilometer", "kilometers", "kms"]}}],
                           [number, {"LOWER": {"IN": ["km", "kilometer", "kilometers"]}}]])
    matcher.add("YEARS", [num + [{"LOWER": {"IN": ["jaar", "jaren", "jr"]}}], [number, {"LOWER": {"IN": ["jaar", "jaren"]}}]])
    # a negative number is read, so validation can question it ("-300 euro" is not silently dropped)
    negative = {"TEXT": {"REGEX": r"^[-−]\d+([.,]\d+)?$"}}
    matcher.add("MONEY", [[negative, euro], [euro, negative]])
    matcher.add("HOURS", [[negative, hour] + per_week, [negative, hour]])
    matcher.add("TRAVEL", [[negative, minutes]])
    return pipeline, matcher


def to_number(text: str) -> float | None:
    """'4', '4,5', 'vier', 'anderhalf', '€500', '1.500' -> a number; None if it is no number."""
    t = text.lower().strip().strip("€").replace("euro", "").strip()
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", t):
        return float(t.replace(".", ""))
    if re.fullmatch(r"[-−]?\d+([.,]\d+)?", t):  # a sign is kept: "-300 euro" must be questioned, not dropped
        return float(t.replace(",", ".").replace("−", "-"))
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    parts = re.fullmatch(r"(\w+)(honderd|duizend)", t)  # 'vijfhonderd'
    if parts and parts.group(1) in NUMBER_WORDS:
        return float(NUMBER_WORDS[parts.group(1)] * NUMBER_WORDS[parts.group(2)])
    return None


def first_number(tokens) -> float | None:
    values = [v for v in (to_number(t.text) for t in tokens) if v is not None]
    if not values:
        return None
    # "vier à vijf uur" -> the upper bound is what the teacher can manage at most; "een halve" -> 0.5
    if len(values) >= 2 and values[0] in (1, 0.5) and tokens[0].lower_ in ("een", "één"):
        return values[1]
    return max(values) if any(t.lower_ in ("à", "tot", "-", "of") for t in tokens) else values[0]


def parse(text: str, requested_slot: str | None = None) -> list[Found]:
    """All constraint values in a message. `requested_slot` lets a bare answer ('4', 'Genk') fill the
    slot the assistant just asked for."""
    pipeline, matcher = nlp()
    doc = pipeline(text)
    found: list[Found] = []
    taken: set[int] = set()

    def add(entity, value, start, end):
        if value is None or any(i in taken for i in range(start, end)):
            return
        taken.update(range(start, end))
        span = doc[start:end]
        found.append(Found(entity, value, span.start_char, span.end_char, span.text))

    matches = sorted(matcher(doc), key=lambda m: (-(m[2] - m[1]), m[1]))  # longest first
    for match_id, start, end in matches:
        label = pipeline.vocab.strings[match_id]
        span = doc[start:end]
        if label == "HOURS":
            add("hours_per_week", _hours(span), start, end)
        elif label == "MONEY":
            add("budget_eur", _money(span), start, end)
        elif label == "TRAVEL":
            add("max_travel_minutes", _minutes(span), start, end)
        elif label == "YEARS" and _is_experience(doc, end):
            add("experience_years", first_number(span), start, end)
    lower = text.lower()
    if re.search(r"\bgeen (opleidings)?budget\b|\bgeen geld\b|\bgratis\b|\bniks\b.{0,10}\bbetalen", lower):
        found.append(Found("budget_eur", 0.0, 0, len(text), text))
    if re.search(r"\b(school|werkgever|bestuur|directie) (betaalt|draagt|vergoedt)|\bop kosten van (de )?school", lower):
        found.append(Found("budget_payer", "school", 0, len(text), text))
    _words_and_phrases(doc, lower, found, taken)
    _town(doc, found, taken, requested_slot)
    if requested_slot and not any(f.entity == requested_slot for f in found):
        _bare_answer(doc, lower, requested_slot, found, taken)
    return found


def _hours(span) -> float | None:
    words = [t.lower_ for t in span]
    for w in words:
        m = re.fullmatch(r"(" + "|".join(WEEKDAYS) + r")(voormiddag|namiddag|middag|ochtend|avond)?", w)
        if m:
            return float(DAY_PARTS.get(m.group(2), 8)) if m.group(2) else 8.0
    part = next((w for w in words if w in DAY_PARTS), None)
    if part:
        count = next((to_number(w) for w in words if to_number(w) is not None and w not in ("halve", "half")), 1.0)
        half = 0.5 if "halve" in words or "half" in words else 1.0
        return float(count * DAY_PARTS[part] * half)
    return first_number([t for t in span if t.lower_ not in ("per", "a", "p", "op", "in", "de", "een", "week")]
                        or list(span))


def _money(span) -> float | None:
    text = span.text.lower().replace("€", " ").replace("euro's", " ").replace("euros", " ")
    text = re.sub(r"\b(euro|eur|eu)\b", " ", text)
    words = text.split()
    numbers = [to_number(w) for w in words if to_number(w) is not None]
    if not numbers:
        return None
    if len(numbers) == 2 and words[-1] in ("honderd", "duizend"):  # "vijf honderd euro"
        return numbers[0] * numbers[1]
    return numbers[-1]


def _minutes(span) -> float | None:
    words = [t.lower_ for t in span]
    if any(w in ("km", "kilometer", "kilometers", "kms") for w in words):
        km = first_number(span)
        return round(km * KM_TO_MINUTES) if km is not None else None
    if any(w.startswith("kwartier") for w in words):
        n = to_number(words[0]) or 1
        return 15 * n
    if any(w.startswith("half") for w in words) and not any(w.isdigit() for w in words):
        return 30.0
    if any(w in ("uur", "uurtje", "u") for w in words):
        n = to_number(words[0])
        return 60 * n if n is not None else None
    return first_number(span)


def _is_experience(doc, end: int) -> bool:
    """'6 jaar ervaring', '12 jaar voor de klas', 'sinds 3 jaar juf' - not '2 jaar deeltijds'."""
    window = {t.lower_ for t in doc[max(0, end - 6):end + 5]}
    return bool(window & {"ervaring", "onderwijs", "klas", "les", "lesgeven", "juf", "leraar", "leerkracht",
                          "werkzaam", "werk", "sinds", "al", "dienst", "job", "beroep", "kleuterjuf", "ervaren"})


def _words_and_phrases(doc, lower: str, found: list[Found], taken: set[int]) -> None:
    lemmas = [(t.lemma_ or t.lower_).lower() for t in doc]
    words = [t.lower_ for t in doc]
    colleague = FOR_A_COLLEAGUE.search(lower)
    if colleague:  # the colleague's own role words ("die kleuterjuf is") describe them, not the user
        found.append(Found("role", "counsellor", colleague.start(), colleague.end(), text_of(lower, colleague)))
    for role in ("school_leader", "counsellor", "student_teacher", "teacher"):
        if colleague:
            break
        hit = next((i for i, (w, l) in enumerate(zip(words, lemmas)) if w in ROLE_WORDS[role] or l in ROLE_WORDS[role]), None)
        if hit is None:
            hit = next((i for i, w in enumerate(words) if _close_to(w, ROLE_WORDS[role])), None)
        if hit is not None and not _negated(doc, hit):
            if role == "counsellor" and words[hit] in ("intern", "pedagogisch") and not re.search(
                    r"intern begeleider|pedagogisch (adviseur|begeleider)", lower):
                continue
            found.append(Found("role", role, doc[hit].idx, doc[hit].idx + len(doc[hit]), doc[hit].text))
            break
    for sector in ("kleuter", "mbo", "vo", "secundair", "hoger", "lager", "basis"):
        for i, (w, l) in enumerate(zip(words, lemmas)):
            if (w in SECTOR_WORDS[sector] or l in SECTOR_WORDS[sector]
                    or (sector == "kleuter" and w.startswith("kleuter"))):
                if sector == "lager" and not re.search(r"\blager(e)? (onderwijs|school)|\b(eerste|tweede|derde|vierde|vijfde|zesde) leerjaar", lower):
                    continue
                if sector == "basis" and w == "groep" and not re.search(r"\bgroep \d", lower):
                    continue
                if sector == "hoger" and w in ("hbo",):
                    continue
                if sector == "basis" and w == "basis" and "basisonderwijs" not in lower and "basisschool" not in lower:
                    continue
                found.append(Found("sector", sector, doc[i].idx, doc[i].idx + len(doc[i]), doc[i].text))
                break
        if any(f.entity == "sector" for f in found):
            break
    for region, words_ in REGION_WORDS.items():
        hit = next((t for t in doc if t.lower_ in words_), None)
        if hit is not None:
            found.append(Found("region", region, hit.idx, hit.idx + len(hit), hit.text))
            break
    for value, pattern in DELIVERY_PHRASES:
        m = re.search(pattern, lower)
        if m and not (value == "online" and re.search(r"\bniet (alleen |enkel )?online\b", lower)):
            if value == "any" and not re.search(r"online|plaats|locatie|fysiek|afstand|vorm", lower):
                continue  # "maakt niet uit" alone is answered by the slot that was asked
            found.append(Found("delivery", value, m.start(), m.end(), text_of(lower, m)))
            break
    if re.search(r"\bniet (alleen |enkel )?online\b|\bgeen online\b", lower):
        found.append(Found("delivery", "on_site", 0, len(lower), lower))
    for value, pattern in DIPLOMA_PHRASES:
        m = re.search(pattern, lower)
        if m and re.search(r"\b(heb|diploma|afgestudeerd|gestudeerd|behaald|gehaald|opleiding|bachelor|master|gedaan|pabo)\b", lower):
            if value == "master" and not re.search(r"\b(heb|behaald|gehaald|afgestudeerd|al)\b.{0,25}\bmaster|master(diploma)?\b.{0,15}\b(behaald|gehaald|op zak)", lower):
                continue  # "ik wil een master" is an ambition, not a diploma
            if value == "pabo" and not re.search(r"\b(heb|behaald|gehaald|afgestudeerd|gedaan|diploma|na)\b.{0,20}\bpabo|pabo.{0,20}\b(diploma|gedaan|afgerond|afgestudeerd|gehaald)", lower):
                continue
            found.append(Found("diploma", value, m.start(), m.end(), text_of(lower, m)))
            break
    if re.search(r"\b(diploma|master|bachelor)\b", lower) and re.search(r"\b(wil|graag|zoek|ambieer)\b.{0,20}\b(diploma|master|graad)", lower):
        found.append(Found("wants_degree", True, 0, len(lower), lower))
    elif re.search(r"\bgeen (diploma|graad|master) nodig\b|\bhoeft geen (diploma|master)\b|\bgeen diploma\b", lower):
        found.append(Found("wants_degree", False, 0, len(lower), lower))


def _close_to(word: str, vocabulary: set[str]) -> bool:
    """A misspelt role word ('leerkrach', 'directuer'): close to one, but not a real other word we know."""
    import difflib

    if len(word) < FUZZY_MIN_LENGTH or not word.isalpha() or word.endswith("en"):  # verbs, plurals: 'begeleiden'
        return False
    if any(word in words_ for words_ in SECTOR_WORDS.values()):  # 'kleuteronderwijs' is not 'kleuteronderwijzer'
        return False
    return bool(difflib.get_close_matches(word, [w for w in vocabulary if len(w) >= FUZZY_MIN_LENGTH], n=1,
                                          cutoff=FUZZY_CUTOFF))


def text_of(lower: str, match) -> str:
    return lower[match.start():match.end()]


def _negated(doc, i: int) -> bool:
    return any(t.lower_ in ("geen", "niet", "nooit") for t in doc[max(0, i - 2):i])


_TOWN_CUES = {"in", "uit", "te", "bij", "nabij", "rond", "omgeving", "buurt", "van", "woon", "woonachtig",
              "regio", "richting", "vanuit"}
# Town names that are also everyday words: only taken after a place cue or as a direct answer.
_AMBIGUOUS_TOWNS = {"best", "well", "lier", "ham", "hoeven", "zele", "peer", "bree", "hal", "mol", "ede",
                    "baarn", "born", "eke", "ee", "dat", "as", "heel", "boxtel", "haren", "leiden", "rijen",
                    "wit", "kaart", "meer", "son", "wijk", "elst", "huizen", "putten", "hees", "lopik",
                    "goes", "houten", "maarn", "vught", "hulst", "ter", "beek", "ophoven", "soest", "hoorn"}


def _town(doc, found: list[Found], taken: set[int], requested_slot: str | None) -> None:
    from index.geo import find_place

    tokens = list(doc)
    for i in range(len(tokens)):
        if i in taken or not re.match(r"\w", tokens[i].text) or tokens[i].like_num:
            continue
        for length in (3, 2, 1):  # "Sint-Niklaas", "Den Haag", "Bergen op Zoom"
            if i + length > len(tokens):
                continue
            span = doc[i:i + length]
            place = find_place(span.text)
            if place is None:
                continue
            cue = i > 0 and tokens[i - 1].lower_ in _TOWN_CUES
            capital = span.text[:1].isupper() and i > 0
            word = span.text.lower()
            # A direct answer: the town was asked for, or the whole message is a place name.
            direct = (requested_slot == "home_town" and len(doc) <= length + 3) or (
                len(doc) == length and span.text[:1].isupper())
            if direct or cue and (capital or word not in _AMBIGUOUS_TOWNS) or (
                    capital and word not in _AMBIGUOUS_TOWNS and len(word) > 3):
                found.append(Found("home_town", span.text, span.start_char, span.end_char, span.text))
                if place.region:
                    found.append(Found("town_region", place.region, span.start_char, span.end_char, span.text))
                return


def _bare_answer(doc, lower: str, slot: str, found: list[Found], taken: set[int]) -> None:
    """A short answer to the question just asked: '4', 'vier', '500', 'half uur'. A number that already
    has a unit ('30 minuten' while hours were asked) belongs to that unit, not to the question."""
    numbers = [to_number(t.text) for t in doc if t.i not in taken and to_number(t.text) is not None]
    if slot in ("hours_per_week", "budget_eur", "max_travel_minutes", "experience_years") and numbers:
        value = numbers[0]
        if slot == "max_travel_minutes" and re.search(r"\buur\b", lower):
            value *= 60
        found.append(Found(slot, value, 0, len(lower), lower))
    elif slot == "sector":
        value = next((sector for word in lower.replace("-", " ").split() for sector, words_ in BARE_SECTOR_WORDS
                      if word in words_ or word.startswith(words_[0])), None)
        if value:
            found.append(Found(slot, value, 0, len(lower), lower))
    elif slot == "diploma":
        value = next((value for value, pattern in DIPLOMA_PHRASES if re.search(pattern, lower)), None)
        if value:
            found.append(Found(slot, value, 0, len(lower), lower))
    elif slot == "wants_degree":
        if re.search(r"\b(ja|jawel|zeker|graag|liefst wel|dat wil ik)\b", lower):
            found.append(Found(slot, True, 0, len(lower), lower))
        elif re.search(r"\b(nee|neen|niet nodig|hoeft niet|liever niet)\b", lower):
            found.append(Found(slot, False, 0, len(lower), lower))


# A one-word answer to "in welk onderwijs werk je?" (the first word of each list is also taken as a prefix).
BARE_SECTOR_WORDS = [
    ("kleuter", ("kleuter", "peuter", "kleuters")),
    ("lager", ("lager", "lagere")),
    ("basis", ("basis", "basisonderwijs", "basisschool", "po", "primair", "pabo")),
    ("secundair", ("secundair", "middelbaar", "middelbare", "aso", "tso", "bso", "kso")),
    ("vo", ("voortgezet", "vo", "havo", "vwo", "vmbo", "middelbare")),
    ("mbo", ("mbo", "roc")),
    ("hoger", ("hoger", "hogeschool", "universiteit", "hbo")),
]

# Where an ambition starts in a message that also carries facts ("..., en ik wil beter leren omgaan met ...").
AMBITION_CUE = re.compile(r"\b(wil|wilt|willen|zou graag|zou ik graag|graag|interesse in|meer weten over|"
                          r"beter worden in|sterker worden in|ambieer|droom van)\b")
# Words that say "I want to learn something" without saying what.
GENERIC_WORDS = {
    "opleiding", "opleidingen", "nascholing", "navorming", "cursus", "cursussen", "iets", "leren", "bijleren",
    "volgen", "doen", "zoek", "zoeken", "graag", "meer", "weten", "traject", "leertraject", "professionaliseren",
    "bijscholen", "bijscholing", "starten", "beginnen", "opnieuw", "verder", "studeren", "aan", "een", "het",
    "de", "me", "mij", "mijn", "ik", "wil", "wilt", "willen", "zou", "dat", "die", "je", "jij", "jullie", "heb",
    "hebben", "over", "rond", "rond", "van", "voor", "met", "om", "te", "en", "of", "ook", "nog", "wel", "niet",
    "echt", "toch", "liefst", "eigenlijk", "interesse", "ambieer", "maar", "dan", "er", "is", "zijn", "in",
    "per", "week", "uur", "euro", "minuten", "gegevens", "jou", "iemand", "praten", "spreken", "weten",
    "wat", "welke", "kan", "kun", "kunnen", "mag", "moet", "bij", "op", "nieuw", "ander", "andere", "lesgeven",
    "later", "werken", "worden", "les", "geven", "collega", "school",
}


def ambition_in(text: str) -> str | None:
    """The part of a message that says what the user wants to learn, if it says so alongside other facts:
    'Ik ben juf in Genk en wil beter leren omgaan met diversiteit' -> 'wil beter leren omgaan met diversiteit'.
    None when the message only asks for 'een opleiding' or states facts."""
    cue = AMBITION_CUE.search(text.lower())
    if cue is None:
        return None
    clause = re.split(r"[.;!?]", text[cue.start():])[0]
    for found in parse(clause):  # hours, towns, money, role words: facts, not the ambition
        if found.entity in ("hours_per_week", "budget_eur", "max_travel_minutes", "home_town", "experience_years"):
            clause = clause.replace(found.text, " ")
    words = re.findall(r"[\wéëèïöü'-]+", clause.lower())
    content = [w for w in words if w not in GENERIC_WORDS and len(w) >= 3 and not w.isdigit()
               and not any(w in words_ for words_ in (*ROLE_WORDS.values(), *SECTOR_WORDS.values()))]
    return re.sub(r"\s+", " ", clause).strip(" ,") if content else None


def says_dont_know(text: str) -> bool:
    """'weet ik niet', 'maakt niet uit', 'geen idee': the user declines to give this constraint."""
    return bool(DONT_KNOW.search(text.lower()))


def values(text: str, requested_slot: str | None = None) -> dict[str, object]:
    """The first value per entity, as a dict: a convenient view of parse()."""
    out: dict[str, object] = {}
    for f in parse(text, requested_slot):
        out.setdefault(f.entity, f.value)
    return out
