"""What one message means for the profile, given the question that is pending.

intake.parse reads facts; this module decides what they do:
- the pending question decides an ambiguous answer (a bare '4', 'een half uur', 'Genk');
- a value that is set changes only when the user clearly says so, and the change is reported so the reply
  can acknowledge it;
- the ambition (learning goal) is set only from a message that states a goal, never from an answer about
  another slot, from junk, or from text without content words; a later goal extends or replaces it;
- wishes ("liefst online") are kept apart from requirements ("alleen online").
Pure and fast: the action server calls it on every intake turn, and tests call it directly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from intake import contract, cues, fact_filter, parse, profile_guess

# Markup, code and SQL are never a goal (and never echoed back).
MARKUP = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]{0,200}>|&[a-z]+;|\bjavascript:\S*|\bon\w+\s*=\S*|"
                    r"https?://\S+|\{\{.*?\}\}|\$\{.*?\}|\balert\(.*?\)", re.I | re.S)
PLACEHOLDER = re.compile(r"^\s*(undefined|null|nan|none|\[object object\]|test|asdf)\s*$", re.I)
SQL = re.compile(r"\b(select|insert|update|delete|drop|union|truncate|alter)\b.{0,40}\b(from|into|table|set|where|select)\b|"
                 r"--\s*$|;\s*--|'\s*or\s*'?1'?\s*=\s*'?1", re.I)
# Where a learning goal is said ("ik wil ...", "iets rond ...", "beter worden in ...").
GOAL_CUE = re.compile(r"\b(wil|wilt|willen|zou graag|graag|interesse|meer weten|beter worden|sterker worden|ambieer|"
                      r"ambitie|droom|leren|bijleren|zoek iets|iets rond|iets over|iets met|iets voor|iets rond|"
                      r"bezig met|verdiepen|specialiseren|groeien|doorgroeien|worden|bijscholen|nascholing (over|rond)|"
                      r"opleiding (over|rond|tot|in)|cursus (over|rond|in)|master|focus op|omgaan met|aanpak|"
                      r"hoe (ik|je) .{0,40}(kan|moet)|inspiratie|ideeën|tips|rond|over|zoek|manieren|moet|moeten|"
                      r"nodig|hulp bij|help|gaan voor|kies|kiezen|twijfel)\b")
# Only these replace a goal that is already known ("ik wil dus iets rond zorg", "liever iets met STEM").
NEW_GOAL = re.compile(r"\b(wil|wilt|zou graag|graag|interesse|beter worden|leren|bijleren|zoek|iets rond|iets over|"
                      r"iets met|liever|eigenlijk|toch|ambieer|verdiepen|focus|specialiseren|worden|gaan voor|kies|"
                      r"kiezen|twijfel|bedoel|bedoelde|correctie|nee wacht)\b")
# Saying more: "ook", "daarnaast" add to the goal; anything else but a vague sentence replaces it.
ADD_CUE = re.compile(r"\b(ook|daarnaast|bovendien|erbij|en verder|tevens|nog iets)\b")
# A correction: "nee, 2 uur", "toch liever", "ik bedoel".
CORRECTION = re.compile(r"\b(nee|neen|toch|eigenlijk|bedoel|bedoelde|liever|verander|aanpassen|pas aan|correctie|"
                        r"fout|niet juist|klopt niet|maak er|wijzig|en als|wat als|stel dat|inmiddels|nu)\b")
# Words that carry no goal: function words, generic "a course" words, and the vocabulary of the other slots.
GENERIC_WORDS = set("""
opleiding opleidingen nascholing navorming cursus cursussen iets leren bijleren volgen doen zoek zoeken graag meer
weten traject leertraject professionaliseren bijscholen bijscholing starten beginnen opnieuw verder studeren aan een
het de me mij mijn ik wil wilt willen zou dat die je jij jullie heb hebben over rond van voor met om te en of ook nog
wel niet echt toch liefst eigenlijk interesse ambieer maar dan er is zijn in per week uur uren euro minuten gegevens
jou iemand praten spreken wat welke kan kun kunnen mag moet bij op nieuw ander andere later werken les geven collega
school ja nee neen oké oke ok goed prima dus hm hmm eh euh allez amai zo zoiets weet idee misschien denk vind
hallo hoi dag hey goedemorgen goedemiddag goeiedag goedendag goeiemorgen goeiemiddag goedenavond beste bedankt dank merci alvast thanks hello iets ergens gewoon beetje even
reizen rijden reistijd online thuis afstand ver kost kosten budget geld betalen betaalt gratis tijd week weken
maand jaar jaren dagen dag avond namiddag voormiddag ochtend minuut kwartier half halve anderhalf anderhalve max
maximaal hoogstens liefst voorkeur alleen enkel moet plaats locatie campus fysiek ter plaatse woon wonen gemeente
stad buurt regio vlaanderen nederland belgië ben bent was werk sta staat zit heb hebt had klas groep leerjaar
onderwijs graad jaar keer vaak soms altijd nooit nu hier daar deze dit zoals heel erg veel weinig wat weer gaan
gaat kom komt vind vindt zien zie mogelijk mogelijkheden aanbod voorstellen suggestie suggesties tip
ongeveer ong zo'n zowat besteden vrijmaken heeft hebt lln geen veel via genoeg fietsen trein auto hier sorry
mens persoon persoonlijk medewerker medewerkers bellen doorspreken adviseren lijn telefoon iemand mensen
verhuisd gewend haha wacht bedoel bedoelde oeps typfout eerder oh
geef geeft werkzaam loop onderweg verplaatsen niks niets kost thuis kinderen dus nog
trouwens enzo ofzo zoiets waarschijnlijk hopelijk uurtje uurtjes dagje dagdeel dagdelen minuutjes kwartier
hebde hedde gij ge zijde zijt
kwartiertje betaalt vergoedt scholingsbudget lerarenbeurs ben bent zit zitten sinds momenteel vooral bijvoorbeeld
""".split())
CONTENT_MIN_LENGTH = 3
SELF_CORRECTED = re.compile(r"\b(nee|neen|sorry|wacht|ik bedoel|ok|oké|eh|euh|zeg|zeg maar)\b[\s,.!]*(?:wacht[\s,.!]*)?(\d+(?:[.,]\d+)?|[a-z]+)\s*(uur|u|euro|min|minuten)?"
                            r"(?:\s+(?:mag|mag ook|eigenlijk|dan|hoor|wel|ook))*\W*$")
# "ik werk in Sint-Niklaas maar ik woon in Hulst": travel starts at home, so where they live wins
LIVES_IN = re.compile(r"\b(woon|wonen|woont|woonachtig|kom uit|vanuit|verhuisd naar)\b[\w\s]{0,12}$")
# "een avond per week plus wat in het weekend, zeg 8 uur", "3 jaar regulier, dus zo'n 13 jaar in totaal": the
# later number sums up or settles the earlier one
# ... or the limit after a fact of the way ("Enschede is 20 min, max half uur", a29-060)
LATER_WINS = re.compile(r"\b(zeg|zeg maar|dus|in totaal|alles samen|samen|al bij al|max|maximaal|maximum|hooguit)\b")
# "nee wacht, 10", "sorry ik bedoel 4 uur" right after an answer: a correction of that answer, whatever is asked
# now (a bare "nee, 4" to the next question stays an answer to it)
STARTS_CORRECTING = re.compile(r"^\W*((nee|neen)\W+(wacht|sorry|ik bedoel)|sorry|oeps|oei|pardon|wacht|correctie|"
                               r"ik bedoel(de)?)\b")
# Two numbers joined as a range ("2 à 3 uur", "vier of vijf", "200 tot 300 euro")
_NUMBER = r"(\d+([.,]\d+)?|" + "|".join(sorted(contract.NUMBER_WORDS, key=len, reverse=True)) + ")"
RANGE = re.compile(rf"\b{_NUMBER}\s*(à|a|tot|-|–|of|en)\s*{_NUMBER}\b", re.I)


@dataclass
class Reading:
    """What a message changes. The caller (form validation) turns it into slot events and one reply."""
    set: dict = field(default_factory=dict)          # slot -> value, newly filled
    changed: dict = field(default_factory=dict)      # slot -> (old, new), a clear correction
    ignored: list = field(default_factory=list)      # slots whose value was said but not clearly changed
    out_of_range: dict = field(default_factory=dict) # slot -> impossible number (asked again)
    unknown_town: str | None = None                  # a cleaned word that looks like a place we don't know
    declined: str | None = None                      # the pending question was declined ("weet ik niet")
    ambition: str | None = None                      # the new goal (already combined when extended)
    ambition_extended: bool = False
    preferences: list | None = None                  # the new list of wishes, when it changed
    junk: bool = False
    ranges: dict = field(default_factory=dict)       # slot -> the range as said ("2 à 3 uur"), read as its middle

    @property
    def understood(self) -> bool:
        return bool(self.set or self.changed or self.declined or self.ambition or self.preferences is not None
                    or self.out_of_range or self.unknown_town or self.ignored)

    def filled(self) -> dict:
        return {**self.set, **{slot: new for slot, (_old, new) in self.changed.items()}}


def clean(text: str) -> str:
    """The message without markup, links and SQL; what is left is what a person wrote."""
    text = MARKUP.sub(" ", text or "")
    text = SQL.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def content_words(text: str) -> list[str]:
    return [w for w in parse.to_words(text) if len(w) >= CONTENT_MIN_LENGTH and w not in GENERIC_WORDS
            and re.search(r"[a-zà-ÿ]{3}", w) and not _mash(w)]


def _mash(word: str) -> bool:
    """'asdfghjkl', 'qwrtzp': too few vowels for a Dutch or English word."""
    letters = re.sub(r"[^a-zà-ÿ]", "", word)
    # the j of the Dutch "ij" is part of a vowel: "strijp", "schrijft" are words
    vowels = len(re.findall(r"[aeiouyàáéèëïöüê]|(?<=i)j", letters))
    return len(letters) >= 5 and vowels / len(letters) < 0.2


def is_junk(raw: str) -> bool:
    """Keyboard mash, emoji only, markup or SQL: nothing a teacher meant as an answer."""
    cleaned = clean(raw)
    if not re.search(r"[a-zA-Zà-ÿ]{2}", cleaned) and not re.search(r"\d", cleaned):
        return True
    if PLACEHOLDER.match(cleaned):
        return True
    if (MARKUP.search(raw or "") or SQL.search(raw or "")) and len(content_words(cleaned)) < 2:
        return True  # an injection attempt with a word or two around it
    words = parse.to_words(cleaned)
    mash = [w for w in words if _mash(w)]
    return bool(words) and len(mash) >= max(1, (len(words) + 1) // 2)


# "ik sta in het 4de leerjaar en wil ...": "en" before a wish starts a clause of its own, unless the wish
# points back into the first part ("ik geef Frans ... en wil dat beter leren geven").
CLAUSE = re.compile(r"[.;!?\n|]+|,\s+|\s+-\s+|\s+maar\s+|\s+want\s+|"
                    r"\s+en\s+(?=(?:ik\s+)?(?:wil|wou|zou|zoek)\b(?!\s+(?:dat|dit|het|die|daar\w*|er\w*)\b))")
# A clause about who the person is ("ik ben leerkracht groep 7 en stagebegeleider", "ben laatst verhuisd",
# "ik sta in een BuSO school") is no goal, even when a word in it names a topic; unless it also says what
# they want or are busy with ("ik ben bezig met differentiatie", "ik ben geïnteresseerd in STEM").
SELF_CLAUSE = re.compile(r"^(?:ik\s+)?(?:ben|werk|sta|geef\s+les)\b", re.I)
INTEREST = re.compile(r"\b(geïnteresseerd|geinteresseerd|benieuwd|nieuwsgierig|bezig|op zoek|van plan|aan het|"
                      r"zoekende|handelingsverlegen|worstel)")
# Names are personal data and no goal: "Juf Sanne, groep 3", "Meester Jens hier", "ik ben Bas".
NAME = re.compile(r"\b(juf|meester|ik ben|mijn naam is|naam is|groetjes|groeten)\s+[A-Z][a-zà-ÿ]+\b(\s+hier\b)?|"
                  r"^\s*[A-Z][a-zà-ÿ]+\s+hier\b")
# Facts cut out of the goal text; role and sector words stay in it ("slimme kleuters") but alone they are
# no goal ("ik ben kleuterjuf").
CUT_FACTS = ("home_town", "experience_years", "hours_per_week", "budget_eur", "max_travel_minutes", "delivery")
PERSON_FACTS = ("role", "sector", "region", "diploma")


# "hallo ik wil ...": the greeting before a goal is no part of it (a greeting alone has no content words)
GREETING = re.compile(r"^(hallo|hoi|hey|goeiedag|goedendag|goedemorgen|goeiemorgen|goedemiddag|goeiemiddag)\b[\s,!.]*",
                      re.I)


def goal_text(text: str, facts: list[parse.Found]) -> str:
    """What is left of the goal: the message without its facts (hours, money, towns, delivery), keeping only
    the clauses that say something beyond who the person is ("kleuterjuf in Herentals. Veel ouders spreken
    amper Nederlands, daar wil ik iets rond leren" -> "Veel ouders spreken amper Nederlands")."""
    marked = NAME.sub(lambda m: " " * len(m.group(0)), text)  # same length: fact offsets stay right
    for f in sorted(facts, key=lambda f: -f.start):
        if f.end - f.start >= len(text):
            continue
        if f.entity in CUT_FACTS:
            before = marked[:f.start]
            if f.entity == "home_town":  # "in Genk" goes as a whole
                before = re.sub(r"\b(in|uit|te|bij|van|nabij|vanuit|rond)\s*$", "", before, flags=re.I)
            marked = before + " " + marked[f.end:]
    person = " ".join(text[f.start:f.end].lower() for f in facts if f.entity in PERSON_FACTS and f.end - f.start < len(text))
    person_words = set(parse.to_words(person)) | _FACT_WORDS
    # a conjunction left at a clause's start once a fact before it is cut ("ik sta er nog maar 2 jaar en wil")
    clauses = [re.sub(r"^(en|maar|want|dus)\s+", "", c.strip(" ,.;-"), flags=re.I) for c in CLAUSE.split(marked) if c]
    kept = [_trim(c) for c in clauses if [w for w in content_words(c) if w not in person_words]
            and not _about_the_person(c) and not parse.offer_elsewhere(c)]
    goal = re.sub(r"\s+", " ", ", ".join(kept)).strip(" ,.;-")
    return GREETING.sub("", goal)


def _about_the_person(clause: str) -> bool:
    lower = clause.lower()
    return bool(SELF_CLAUSE.match(lower)) and not GOAL_CUE.search(lower) and not INTEREST.search(lower)


TRAILING_FILLER = set("liefst graag dus enzo ofzo hoor eigenlijk maar en of ook nog wel even want bij voorkeur".split())


def _trim(clause: str) -> str:
    """Without trailing empty words ("..., liefst" after "online" was cut out)."""
    words = clause.split()
    while words and words[-1].lower().strip(",.") in TRAILING_FILLER:
        words.pop()
    return " ".join(words)


def states_a_goal(text: str, facts: list[parse.Found]) -> bool:
    """A learning goal: content words beyond the facts, and a goal cue or a topic of the vocabulary
    ('ik wil niet reizen, het moet op school' has a cue but no content: it is about travel;
    'programmeren en computationeel denken' has no cue but names a topic)."""
    rest = goal_text(text, facts)
    return bool(rest) and bool(GOAL_CUE.search(text.lower()) or topics_in(rest))


def topics_in(text: str) -> tuple:
    from index.topics import vocabulary_matcher

    return vocabulary_matcher().topics_in(text)


# Words that only describe other slots (role, sector, delivery): not a goal on their own.
_FACT_WORDS = set("""
leraar lerares leerkracht leerkrachten juf juffrouw meester docent onderwijzer kleuterjuf student studente stagiair
directeur directrice schoolleider begeleider zorgcoördinator kleuter kleuters lager lagere secundair basisschool
basisonderwijs voortgezet havo vwo vmbo mbo hoger pabo lerarenopleiding speciaal buitengewoon ervaring sinds
blended deels gemengd
""".split())


def read(text: str, pending: str | None, profile: dict, intent: str | None = None,
         just_set: tuple = ()) -> Reading:
    """Interpret one user message against the current profile and the pending question. just_set: the
    profile slots the previous message filled, which a correction ("of nee, 750") may be about."""
    reading = Reading()
    if is_junk(text):
        reading.junk = True
        return reading
    cleaned = parse.expand_abbreviations(clean(text))
    # a span that can be a value but, by the words around it, states none ("4 leerlingen", "een half jaar
    # stage") is dropped by the learned filter
    facts = [f for f in parse.parse(cleaned, pending) if fact_filter.keep(f, cleaned, pending)]
    facts = parse.career_years(_corrected_within(cleaned, facts), cleaned.lower())
    facts.sort(key=lambda f: f.start)  # in the order they were said: the first mention counts (below)
    lower = cleaned.lower()
    correcting = bool(CORRECTION.search(lower))
    if correcting:
        facts = _corrects_what_was_just_said(cleaned, facts, pending, just_set)
    region = profile.get("region")

    for fact in facts:
        slot = fact.entity
        if slot == "town_region":
            if not region and "region" not in reading.set:
                reading.set["region"] = fact.value
            continue
        if slot not in contract.SLOTS or slot in ("preferences", "ambition"):
            continue
        value = _regional(slot, fact.value, region or _said_region(facts))
        spec = contract.SLOTS[slot]
        if spec.kind == "number":
            if not spec.in_range(float(value)):
                reading.out_of_range[slot] = float(value)
                continue
            value = float(value)
        elif spec.kind == "enum" and value not in spec.values:
            continue
        if spec.kind == "number" and RANGE.search(fact.text):
            reading.ranges[slot] = fact.text
        if slot in reading.set or slot in reading.changed:
            # the first mention counts, unless the message corrects itself ("Hasselt. nee wacht, Diepenbeek")
            first = next(f for f in facts if f.entity == slot)
            lives_here = slot == "home_town" and LIVES_IN.search(lower[max(0, fact.start - 30):fact.start]) \
                and not LIVES_IN.search(lower[max(0, first.start - 30):first.start])
            # years: "12 jaar in het onderwijs, eerst als groepsleerkracht en nu 3 jaar als RT'er" (dev2) is the
            # career and then the present job, no correction ("nu" is one for hours and money)
            correction = SELF_CORRECTION if slot == "experience_years" else CORRECTION
            # a town is corrected right where it was said ("Hasselt. nee wacht, Diepenbeek"); "... nu ... naar de
            # bibliotheek in Middelburg" three sentences on is where the class goes, not a new town (a26-038)
            between = lower[max(first.end, fact.start - 40):fact.start] if slot == "home_town" else lower[first.end:fact.start]
            settles = between if slot == "home_town" else lower[first.end:fact.end + 12]
            # "een avond per week, 3 à 4 uur" (a27-045): the hours in figures say how long that evening is
            counted = slot == "hours_per_week" and not re.search(r"\d", first.text) and re.search(r"\d", fact.text)
            if not correction.search(between) and not LATER_WINS.search(settles) \
                    and not lives_here and not counted:
                continue
            if slot in reading.set:
                reading.set[slot] = value
            else:
                reading.changed[slot] = (reading.changed[slot][0], value)
            continue
        current = profile.get(slot)
        if current is None:
            reading.set[slot] = value
        elif current != value:
            if slot == "role" and (current, value) == ("student_teacher", "teacher") and pending != "role" and not correcting:
                # a student teacher has classes too: "in mijn klassen 1A zitten ..." after "ik ben LIO wiskunde" (a24)
                reading.ignored.append(slot)
            elif _clear_change(fact, slot, pending, correcting):
                reading.changed[slot] = (current, value)
            else:
                reading.ignored.append(slot)

    # a level that exists in one system only names the system: "havo", "mbo" are Dutch, "secundair" Flemish
    level_region = contract.SECTOR_REGION.get(reading.set.get("sector"))
    if level_region and not region and "region" not in reading.set:
        reading.set["region"] = level_region

    # "3 uur, nee wacht, 2": an answer corrected in the same message ends with the number that counts
    last = SELF_CORRECTED.search(lower)
    if last and pending in reading.set and contract.SLOTS[pending].kind == "number":
        again = parse.to_number(last.group(2))
        if again is not None and contract.SLOTS[pending].in_range(again):
            # "2 uur voor een bezoek. nee, anderhalf": a travel time this small is hours
            hours = pending == "max_travel_minutes" and ("uur" in last.group(0) or not last.group(3) and again <= 4)
            reading.set[pending] = again * (60 if hours else 1)
    _wishes(facts, profile, reading)
    if pending == "home_town" and "home_town" not in reading.set and "home_town" not in reading.changed:
        reading.unknown_town = _looks_like_a_place(cleaned)

    said_facts = bool(reading.set or reading.changed)
    # "geen idee wat zoiets kost, wat kost dat normaal?" is a question back, not a refusal: ask again
    if (parse.says_dont_know(lower) and pending and not said_facts and "?" not in lower
            and not (pending == "ambition" and _goal_despite_dont_know(cleaned, facts))):
        reading.declined = pending
        return reading
    if _only_a_town(cleaned, facts):
        return reading  # "venlo", "breda, haagse beemden" typed while the goal was asked: a town, not a goal
    _ambition(cleaned, facts, pending, profile, reading, said_facts)
    if pending == "budget_eur" and reading.set.get("budget_payer") and "budget_eur" not in reading.set:
        reading.declined = pending  # "geen idee, de school betaalt": who pays is the answer; no amount to ask for again
    if reading.ambition and reading.unknown_town:
        reading.unknown_town = None
    return reading


# Content words (beyond who the person is) that make a story a situation, and a "don't know" an answer after
# all: "ik heb geen idee hoe ik computationeel denken moet geven" names a goal ("geen idee" is about how, not
# about what); "geen idee eigenlijk" declines.
SITUATION_MIN_WORDS = 2
# dictated run-on text: "ik ben clb-medewerker in Kortrijk en ik zie dat de overgang ... misloopt"
STORY_JOINT = re.compile(r"\s+en\s+(?=(?:ik|we|wij|ze|zij|mijn|onze|er|de|het|veel|sommige)\b)", re.I)


def _own_words(text: str) -> list[str]:
    """The content words that say more than who the person is (role, sector and delivery words)."""
    return [w for w in content_words(text) if w not in _FACT_WORDS]


def _goal_despite_dont_know(text: str, facts: list[parse.Found]) -> bool:
    rest = parse.DONT_KNOW.sub(" ", goal_text(text, facts).lower())
    return len(_own_words(rest)) >= SITUATION_MIN_WORDS


def situation(messages: list[str]) -> str | None:
    """What the teacher told of their situation without a goal cue ("mijn klas luistert niet, ik verlies elke les
    de controle", "ze vinden duits stom"): the messages' goal text beyond who they are, joined. Not taken as the
    goal by itself (a story is not always a wish); the goal question offers it back to confirm."""
    parts = []
    for message in messages:
        cleaned = parse.expand_abbreviations(clean(message))
        if is_junk(cleaned) or "?" in cleaned:
            continue  # a question to the assistant is no situation
        for piece in STORY_JOINT.split(cleaned):
            facts = [f for f in parse.parse(piece, None) if fact_filter.keep(f, piece, None)]
            rest = goal_text(piece, facts)
            if len(_own_words(rest)) >= SITUATION_MIN_WORDS:
                parts.append(rest)
    return ", ".join(parts)[:300] or None


# "ik zou graag nog wat extra voorstellen krijgen", "geef me andere opties": a request for more of the list
# (intake.cues), no goal (read as one, it replaced the goal and the next list searched for "voorstellen").
REQUEST_WORDS = set("""graag extra andere ander voorstel voorstellen optie opties suggestie suggesties mogelijkheid
mogelijkheden idee ideeën alternatief alternatieven resultaten krijgen zien tonen geven laten hebben""".split())


def _asks_for_more(goal: str) -> bool:
    lower = goal.lower()
    return cues.followup(lower) == "more" and all(w in REQUEST_WORDS for w in content_words(lower))


def _only_a_town(text: str, facts: list) -> bool:
    rest = text.rstrip(" .!")
    return any(f.entity == "home_town" and f.start == 0 and (f.end >= len(rest) or text[f.end:].lstrip().startswith(",")
                                                             and len(text[f.end:].split()) <= 3) for f in facts)


# "6 uur, nee, laat ik realistisch zijn: 4", "300 euro, wacht, 500": a number the message itself takes back
# ("0. ok, 150 mag", "5000. eh, 3000 eigenlijk", "30 min. mag 45 eigenlijk": a19, terse people settle a number so)
SELF_CORRECTION = re.compile(r"[,.;:!]?\s*\b(nee|neen|wacht|sorry|eigenlijk|of toch|laat ik|ik bedoel|correctie|ok|oké|okay|"
                             r"eh|euh|mag)\b")


def _corrected_within(cleaned: str, facts: list) -> list:
    """A number a message gives and then takes back: the number after the correction is the value."""
    for fact in list(facts):
        spec = contract.SLOTS.get(fact.entity)
        if spec is None or spec.kind != "number":
            continue
        m = SELF_CORRECTION.search(cleaned, fact.end)
        if not m or m.start() - fact.end > 3:
            continue  # the correction follows the value at once
        tail = cleaned[m.end():]
        if any(f.start >= m.end() for f in facts if f is not fact and f.entity != fact.entity):
            continue  # the rest of the message states something else
        again = [f for f in parse.parse(tail, fact.entity) if f.entity == fact.entity]
        if len(again) == 1 and spec.in_range(float(again[0].value)):
            facts = [f for f in facts if f is not fact and not (f.entity == fact.entity and f.start >= m.end())]
            facts.append(replace(again[0], start=again[0].start + m.end(), end=again[0].end + m.end()))
            break
    return facts


def _corrects_what_was_just_said(cleaned: str, facts: list, pending: str | None, just_set: tuple) -> list:
    """"budget 500" and then "of nee, 750, ik had me verkeken": the bare number corrects the answer just
    given, not the question now asked, when it cannot be an answer to that question (750 hours a week)."""
    for slot in just_set:
        spec = contract.SLOTS.get(slot)
        if slot == pending or spec is None or spec.kind != "number" or any(f.entity == slot for f in facts):
            continue
        again = [f for f in parse.parse(cleaned, slot) if f.entity == slot and not f.explicit]
        for fact in again:
            overlapping = [f for f in facts if f.start < fact.end and fact.start < f.end]
            if any(f.entity != pending for f in overlapping):
                continue  # the number is part of something else already understood ("groep 3")
            if not overlapping or not contract.SLOTS[pending].in_range(float(overlapping[0].value)) \
                    or STARTS_CORRECTING.search(cleaned.lower()) and spec.in_range(float(fact.value)):
                return [f for f in facts if f not in overlapping] + [fact]
    return facts


def _regional(slot: str, value, region: str | None):
    """'middelbare school' is secundair in Flanders and vo in the Netherlands."""
    if slot == "sector":
        if region == "NL":
            return {"secundair": "vo", "lager": "basis", "kleuter": "basis"}.get(value, value)
        if region == "VL":
            return {"vo": "secundair"}.get(value, value)
    return value


# "ja", "klopt", "dat klopt ja": the teacher confirms what was read from their words (a "nee" never is)
CONFIRMS = re.compile(r"^\W*(ja+|jep|jaja|yes|yep|klopt|dat klopt|inderdaad|correct|juist|precies|exact|zeker|jazeker|"
                      r"ok|oké|okay|oke|dat is het|dat ben ik|ja hoor|ja klopt|ja dat klopt|ja inderdaad|"
                      r"klopt ja|klopt helemaal|helemaal juist|ja ja)\b(?!.*\b(nee|neen|niet)\b)", re.I)


def implied(slot: str, told: str, region: str | None) -> str | None:
    """The role or sector the teacher's own words imply (intake.profile_guess), in their region's words."""
    if not content_words(told):
        return None  # "dag", "hallo": a greeting implies nothing about who is typing
    value, _ = profile_guess.guess(slot, told)  # the words as typed, as the model was trained
    return _regional(slot, value, region) if value else None


def confirms(text: str) -> bool:
    return bool(CONFIRMS.search(text or ""))


def _said_region(facts: list[parse.Found]) -> str | None:
    return next((f.value for f in facts if f.entity in ("region", "town_region")), None)


def _clear_change(fact: parse.Found, slot: str, pending: str | None, correcting: bool) -> bool:
    """A set value changes when the user clearly says so: an explicit statement ('ik ben directeur',
    '6 uur per week', 'ik woon in Gent'), or any answer to that very question, or a correction."""
    if slot == pending:
        return True
    if slot in ("role", "home_town", "sector"):
        return fact.explicit and (slot != "sector" or correcting or pending is None)
    return fact.explicit or correcting


def _wishes(facts, profile: dict, reading: Reading) -> None:
    wishes = set(profile.get("preferences") or [])
    before = set(wishes)
    said = {f.entity for f in facts if f.entity in ("delivery", "max_travel_minutes", "budget_eur")}
    wished = {f.value for f in facts if f.entity == "preference"}
    wishes = (wishes - said) | wished
    if wishes != before:
        reading.preferences = sorted(wishes)


def _looks_like_a_place(text: str) -> str | None:
    """A short answer that looks like a name ('Oostmalle'), cleaned, to say back 'ik ken X niet'. A
    question, a sentence or anything with odd characters is not a place."""
    words = text.strip(" .!").split()
    if not 1 <= len(words) <= 3 or parse.QUESTION.search(text.lower()) or parse.says_dont_know(text):
        return None
    name = " ".join(words)
    if not re.fullmatch(r"[A-Za-zÀ-ÿ' -]{2,40}", name) or any(w.lower() in GENERIC_WORDS for w in words):
        return None
    return name


def _ambition(text: str, facts, pending: str | None, profile: dict, reading: Reading, said_facts: bool) -> None:
    current = profile.get("ambition")
    rest = goal_text(text, facts)
    if pending == "ambition":
        # The answer to "wat wil je leren?": any content that is not only facts about other slots.
        if not rest:
            return  # only facts ("8 uur per week") or nothing at all: the question stays
        if not _own_words(rest) and not re.search(r"\bworden\b", rest.lower()):
            return
        goal = rest
    else:
        if not states_a_goal(text, facts) or _asks_for_more(rest):
            return
        goal = rest
    goal = goal[:300]
    if current and goal.lower() == current.lower():
        return
    if current and pending != "ambition" and not NEW_GOAL.search(text.lower()):
        return  # "heb al een master SEN trouwens": a fact about the person, not a new goal
    if current and pending != "ambition" and _vague(goal):
        return  # "ik zoek gewoon ideeën", "dit wil ik beter doen": the goal known stays
    if current and pending != "ambition" and ADD_CUE.search(goal.lower()) and goal.lower() not in current.lower():
        reading.ambition, reading.ambition_extended = f"{current}; {goal}", True
    else:
        reading.ambition = goal


def _vague(goal: str) -> bool:
    """Nothing a list could be made of: no topic and at most one content word ("ik zoek gewoon ideeën", "dit wil
    ik beter doen"). Said after a clear goal, it leaves that goal as it is (blind authors: such a sentence to the
    budget question replaced a clear goal, and the list lost its topic); "nee wacht, eigenlijk iets rond STEM"
    and "ik wil een master doen om mijn onderwijs te vernieuwen" still replace it, "ook ..." extends it."""
    return not topics_in(goal) and len(_own_words(goal)) <= 1
