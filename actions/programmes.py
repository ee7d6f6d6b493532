"""Which programme does the user mean, and what does the knowledge say about it?

One place for resolving "de tweede", "nummer 3", "1 en 3" or title words ("de PLG", "master
basisonderwijs") to knowledge ids, and for reading facts from `knowledge/` (never invented: a fact the
entry does not hold is reported as unknown).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from index import geo, knowledge, paths
from index.text import fold
from index.topics import vocabulary_matcher
from intake import contract

ORDINALS = {"eerste": 1, "1e": 1, "1ste": 1, "tweede": 2, "2e": 2, "2de": 2, "derde": 3, "3e": 3, "3de": 3,
            "vierde": 4, "4e": 4, "4de": 4, "vijfde": 5, "5e": 5, "5de": 5}
NUMBER_WORDS = {w: n for w, n in contract.NUMBER_WORDS.items() if isinstance(n, int) and 1 <= n <= 10}
# Words that say nothing about which programme is meant.
NOT_A_TITLE_WORD = {
    "waarom", "staat", "staan", "zit", "zitten", "niet", "bij", "tussen", "er", "erbij", "ertussen", "de", "het",
    "een", "die", "dat", "deze", "wat", "over", "vertel", "meer", "kost", "kosten", "van", "voor", "met", "mij",
    "me", "ik", "je", "jij", "wil", "weten", "graag", "info", "informatie", "opleiding", "opleidingen", "cursus",
    "programma", "traject", "nascholing", "vorming", "aanbod", "lijst", "voorstel", "voorstellen", "toch",
    "geen", "heb", "hebt", "zie", "gezien", "mis", "ontbreekt", "ontbreken", "vergelijk", "vergelijken", "en",
    "of", "is", "zijn", "wanneer", "start", "begint", "waar", "hoe", "welke", "dag", "in", "op", "aan", "te",
    "ook", "nog", "eens", "iets", "dan", "maar", "kan", "kun", "mag", "die", "jullie", "nummer", "optie", "nr",
    "laatste", "hij", "ze", "zij", "hem", "dit", "mijn", "uw", "uit", "naar", "wel", "hier", "daar",
    # words of questions about a programme, not of its title ("op welke dag zijn de lessen?")
    "lessen", "les", "dagen", "taal", "nederlands", "engels", "frans", "instromen", "instappen", "bachelor",
    "diploma", "goedkoopst", "dichtst", "dichtstbij", "kortst", "duur", "prijs", "uur", "week", "maanden",
    "lang", "duurt", "zit", "zitten", "wordt", "gegeven", "gaat", "door", "plaats", "welk", "moet", "betalen",
    "starten", "beginnen", "toegelaten", "binnen", "erin", "best", "past", "raad", "opties", "andere",
    "tot", "aanvragen", "vragen", "da",  # "tot wanneer kan ik da aanvragen?" (a12-041)
    # how much, how long, how exactly: words of the question, not of a title ("hoeveel tijd kost het per
    # week echt" is no reference to "Prestatieregeling: hoeveel tijd blijft er ...")
    "hoeveel", "tijd", "totaal", "samen", "allemaal", "alles", "ongeveer", "echt", "meestal", "precies", "juist",
    "praktisch", "ec", "studiepunten", "bijeenkomsten", "keer", "vrij", "schooluren", "maandag", "dinsdag",
    "woensdag", "donderdag", "vrijdag", "zaterdag", "elke", "iedere", "per", "klopt", "bestaat", "loopt",
    "kunnen", "zomaar", "werkt", "krijg", "krijgen", "vind", "vinden", "volgen", "doen", "aanvragen", "regelen",
    "jaar", "inschrijvingsgeld", "hele", "al", "we", "nu", "zo", "ja", "nee", "ok", "dus",
    "verschil", "verschillen", "vergeleken", "kunde", "kunt", "ge", "gij", "u",
    # how to follow it ("hoe lang duurt het in deeltijd?"), not which one: a lone "deeltijd" found a master
    # with "deeltijd" in its title in the whole knowledge
    "deeltijd", "deeltijds", "voltijd", "voltijds", "avond", "avonden", "weekend", "afstand",
    # a budget held against the price ("past dat binnen die 600 euro?", "blijft dat onder de 4.000?", a29): not
    # the "(64 euro per voltijdse betrekking)" of a title
    "euro", "eur", "budget", "onder", "boven", "blijft", "zoiets", "maximaal", "max",
}


def _naming_words(text: str) -> list[str]:
    """The words of the text that can name a programme: not question or filler words, numbers, ordinals or
    places ("is die in breda of utrecht?" asks where the one in focus is)."""
    return [w for w in _words(text) if w not in NOT_A_TITLE_WORD and len(w) >= 3 and not w.isdigit()
            and w not in ORDINALS and geo.find_place(w) is None]


def names_a_title(text: str) -> bool:
    """Does the text name a programme by a word of its own ('de PLG', 'master SEN'), not just ask about one
    ('op welke dag zijn de lessen?')?"""
    return bool(_naming_words(text))


def title_holds_what_is_named(text: str, entry: dict | None) -> bool:
    """Every word the text names a programme by is (the start of) a word of this entry's title: "de master" of
    the Master Onderwijswetenschappen."""
    named = _naming_words(text)
    title = _words((entry or {}).get("title") or "")
    return bool(named) and all(any(t.startswith(w) for t in title) for w in named)


def knowledge_by_id() -> dict[str, dict]:
    """The knowledge by id, read again once the index is rebuilt (`leerwijzer index build` after a knowledge
    change): a follow-up then answers with what the served list is made from, not with the old text."""
    return _knowledge_of_build(paths.built_stamp())


@lru_cache(maxsize=1)
def _knowledge_of_build(stamp) -> dict[str, dict]:
    return knowledge.load().by_id


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _initials(name: str) -> set[str]:
    """"Open Universiteit Nederland" -> {"ou", "oun"}: how a provider is abbreviated ("die van de ou")."""
    first = [w[0] for w in _words(name) if len(w) >= 2 and w not in ("de", "het", "van", "en", "voor")]
    return {"".join(first[:n]) for n in (2, len(first)) if 2 <= n <= len(first) <= 4}


def _title_words(entry: dict) -> set[str]:
    provider = entry.get("provider") or ""
    return set(_words(f"{entry.get('title', '')} {provider} {entry['id'].replace('-', ' ')}")) | _initials(provider)


def _matches(word: str, title_words: set[str]) -> bool:
    # "diversiteit" finds "diversiteitsbeleid"; short words only match whole
    return word in title_words or (len(word) >= 5 and any(t.startswith(word) or word.startswith(t) and len(t) >= 5
                                                          for t in title_words))


def whole_words(words: set[str]) -> set[str]:
    """A title's words, the last part of its compounds ("teamworkshop" has "workshop"), and the singular of a
    plural ("academies" has "academy", "masters" has "master") that teachers use either way."""
    out = set(words)
    for w in words:
        for tail in ("workshop", "training", "coach", "master", "netwerk", "platform", "website", "toolkit"):
            if w.endswith(tail) and w != tail:
                out.add(tail)
        if w.endswith("en") and len(w) >= 6:
            out.add(w[:-2])
        if w.endswith("ies"):
            out.add(w[:-3] + "y")
        if w.endswith("s") and len(w) >= 5:
            out.add(w[:-1])
    return out


def title_hits(query: list[str], titles: dict[str, set[str]],
               whole: dict[str, set[str]] | None = None) -> dict[str, list[str]]:
    """For each word of the query, the ids whose title words hold it: whole words first, when some title has it
    whole ("die schoolvoorbeelden" is the Schoolvoorbeelden entry, not the one whose title ends in
    "(methode)school"), else the looser compound match of `_matches` ("diversiteit" finds "diversiteitsbeleid").
    `whole`: the titles' `whole_words`, when the caller has them already."""
    whole = whole or {i: whole_words(t) for i, t in titles.items()}
    return {w: [i for i in titles if w in whole[i]] or [i for i, t in titles.items() if _matches(w, t)]
            for w in query}


def provider_words(entries: list[dict]) -> dict[str, set[str]]:
    """Each programme's provider words that can point at it among `entries`: not a word in the title of another
    one from another provider ("universiteiten met een wo-master ..." provides a premaster; "die master SEN"
    points at the SEN master by its title, not at the premaster by its provider). The Open Universiteit's
    master and premaster both carry its name: "die van de open universiteit" is still a provider's pointer."""
    provided = {e["id"]: {w for w in _words(e.get("provider") or "") if len(w) >= 3} - NOT_A_TITLE_WORD
                for e in entries}
    titled = {e["id"]: whole_words(set(_words(e.get("title") or ""))) for e in entries}
    return {i: {w for w in words if not any(w in titled[j] and w not in provided[j] for j in titled if j != i)}
            for i, words in provided.items()}


def by_title(text: str, entries: list[dict], pointed_only: bool = False) -> dict | None:
    """The entry whose title (or provider) best matches the words of `text`, or None when at least half of
    the distinctive words are not found in any title. Rare title words weigh more than common ones. With
    pointed_only (a programme is in focus), a match needs a word right after a pointer ("die banaba"): "hoe
    lang duurt het in deeltijd?" stays with the one discussed, though another has "deeltijd" in its title."""
    query = [w for w in dict.fromkeys(_words(text)) if w not in NOT_A_TITLE_WORD and len(w) >= 2
             and not w.isdigit() and w not in ORDINALS]
    if not query or not entries:
        return None
    pointed = {m.group(2) for m in POINTER.finditer(fold(text))} if pointed_only else None
    titles = {e["id"]: _title_words(e) for e in entries}
    hits = {w: set(ids) for w, ids in title_hits(query, titles).items()}
    frequency = {w: len(hits[w]) for w in query}
    best, best_score = None, (0.0, 0.0)
    for entry in entries:
        matched = [w for w in query if entry["id"] in hits[w]]
        if not matched or pointed is not None and not pointed & set(matched):
            continue
        share = len(matched) / len(query)
        weight = sum(math.log(1 + len(entries) / frequency[w]) for w in matched)
        if share >= 0.5 and (share, weight) > best_score:
            best, best_score = entry, (share, weight)
    return best


FIRST_N = re.compile(r"\b(eerste|laatste|bovenste|onderste) (twee|drie|2|3)\b|\b(beide|allebei|alle twee|die twee)\b")


def referred_ids(text: str, shown: list[str], focus: str | None = None) -> list[str]:
    """The shown programmes the text points at, in the order mentioned: 'de tweede', 'nummer 3',
    'vergelijk 1 en 3', 'de eerste twee', 'de laatste', or what only one of them has: words of its title or
    provider, its place ('die in Zwolle'), its topic ('die over ouders'). Empty when it names none of them;
    more than one (for a question about one) when the words fit several equally (see `ambiguous`)."""
    return by_number(text, shown) or by_what_it_has(text, shown, focus)


# A bare digit after these words, or before these, counts something of the school ("groep 3", "maar 2 collega's")
COUNTED_NUMBER = re.compile(r"\b(groep|groepen|klas|klassen|leerjaar|graad|jaar|maar|slechts|ongeveer|zo'n|"
                            r"stuk of|van de|per)\s*$")
COUNTED_AFTER = re.compile(r"\s*(?:-|e\b|de\b|ste\b)?\s*(?:collega|leerling|lln|kind|kinder|kleuter|jarig|leerkracht|"
                           r"ouder|groep|klas|uur|dag|week|weken|maand|personen|mensen|scholen|vakken|lessen)", re.I)


def by_number(text: str, shown: list[str]) -> list[str]:
    """The shown programmes the text numbers, in the order mentioned: 'de tweede', 'nummer 3', 'vergelijk 1
    en 3', 'de eerste twee', 'de laatste'. Exact, so it goes before any reading of words."""
    lower = (text or "").lower()
    first_n = FIRST_N.search(lower)
    if first_n:
        n = 2 if first_n.group(3) else NUMBER_WORDS.get(first_n.group(2)) or int(first_n.group(2))
        return list(shown[-n:] if first_n.group(1) in ("laatste", "onderste") else shown[:n])
    refs: list[tuple[int, str]] = []
    pattern = r"\b(\d|" + "|".join(ORDINALS) + r"|laatste|(?:nummer|nr\.?|optie|suggestie) (?:" + \
              "|".join(NUMBER_WORDS) + r"))\b(?!\s*(?:uur|u\b|min|euro|jaar|km|kwartier|dagen|keer))"
    for m in re.finditer(pattern, lower):
        word = m.group(1)
        if word == "laatste":
            n = len(shown)
        elif word in ORDINALS:
            n = ORDINALS[word]
        elif word.isdigit():
            if COUNTED_NUMBER.search(lower[:m.start()]) or COUNTED_AFTER.match(lower[m.end():]) \
                    or re.match(r"[.,]\d", lower[m.end():]) or re.search(r"\d[.,]$", lower[:m.start()]):
                continue  # "vooral groep 3 en hoger", "met maar 2 collega's", "2,5-jarigen": a count, not an item
            n = int(word)
        else:
            n = NUMBER_WORDS[word.split()[-1]]
        if 1 <= n <= len(shown) and shown[n - 1] not in [r[1] for r in refs]:
            refs.append((m.start(), shown[n - 1]))
    return [ref for _, ref in sorted(refs)]


def by_what_it_has(text: str, shown: list[str], focus: str | None = None) -> list[str]:
    """The shown programmes that the words single out: a place or provider word that only some have counts
    most, then a topic of theirs, then title words, then a word only one has in its own text
    (`by_distinct_words`). All best-scoring ones are returned when nothing breaks a tie (ambiguous)."""
    known = knowledge_by_id()
    entries = [known[i] for i in shown if i in known]
    if not entries:
        return []
    words = set(_words(text)) - NOT_A_TITLE_WORD
    asked_topics = set(vocabulary_matcher().topics_in(text)) if words else set()
    scores = {}
    providers = provider_words(entries)
    for entry in entries:
        places = {w for place in entry.get("locations") or [] for w in _words(place) if len(w) >= 3}
        provider = providers[entry["id"]]
        score = 3 * len(words & places) + 2 * len(words & provider) + 2 * len(asked_topics & set(entry.get("topics") or []))
        scores[entry["id"]] = score
    best = max(scores.values())
    if best > 0:
        tied = [i for i in shown if scores.get(i) == best]
        # a word every shown programme shares ("die van de hogeschool" when all are) singles none out: the
        # words of their titles and texts may still do
        if len(tied) == 1 or len(entries) == 1:
            return tied
        # two or more share the place or topic: a word only one of them has decides ("word ik met die master
        # ook directeur?" when a master and a leadership resource are both about leadership)
        one = by_distinct_words(text, [e for e in entries if e["id"] in tied])
        if one:
            return [one["id"]]
        if len(tied) < len(entries):
            return tied
    # with a programme in focus, only a pointed word ("die banaba") moves away from it: "zijn de lessen na de
    # schooluren?" is still about the one just discussed
    entry = by_title(text, entries, pointed_only=focus is not None) \
        or by_distinct_words(text, entries, pointed_only=focus is not None)
    return [entry["id"]] if entry else []


# "die banaba", "zo een intervisie", "die planlastradar": a word right after a pointer names the thing meant
POINTER = re.compile(r"\b(die|dat|deze|dit|de|het|zo ?een|zo'?n|zulke?)\s+([a-z0-9-]+)")
TYPE_NOUNS = {"course": "cursus cursussen", "post_initial": "opleiding registeropleiding banaba postgraduaat",
              "bridging": "schakelprogramma schakeltraject schakelroute premaster", "master": "master",
              "plg_format": "plg leergemeenschap", "school_format": "werkvorm", "network": "netwerk",
              "project": "project pilot", "resource": "website hulpmiddel toolkit materiaal"}


# The kinds' own nouns and the umbrella names: no single one of them names one programme
TYPE_WORDS = {w for nouns in TYPE_NOUNS.values() for w in nouns.split()} | {"cursussen", "opleidingen", "flexio"}


def _own_words(entry: dict) -> set[str]:
    text = f"{entry.get('title', '')} {entry.get('provider') or ''} {entry.get('summary') or ''} " \
           f"{TYPE_NOUNS.get(entry.get('type'), '')}"
    return {w for w in _words(text) if len(w) >= 3}


def by_distinct_words(text: str, entries: list[dict], pointed_only: bool = False) -> dict | None:
    """The one shown programme whose own text (title, provider, summary, kind) holds words of the question
    that the others do not: 'waar is die banaba juist?', 'hoe begin je met zo een intervisie', 'wat is een
    brugfiguur'. A word only one of them has counts fully, a word right after 'die'/'zo een' double; the
    winner needs such a word and a clear lead, else None (the focus or a question back decides)."""
    pointed = {m.group(2) for m in POINTER.finditer(fold(text))}
    # a short word counts only right after a pointer: "die udl", "die plg" (acronyms), not "wat", "hoe"
    query = [w for w in dict.fromkeys(_words(text)) if w not in NOT_A_TITLE_WORD and (len(w) >= 4 or len(w) == 3 and w in pointed)
             and not w.isdigit() and w not in ORDINALS]
    if len(entries) < 2 or not query:
        return None
    own = {e["id"]: _own_words(e) for e in entries}
    # a compound's last part counts too: "intervisie" is in "leerkrachtintervisie"
    having = {w: [i for i, words in own.items() if _matches(w, words) or len(w) >= 6 and any(t.endswith(w) for t in words)]
              for w in query}
    scores = {i: 0.0 for i in own}
    for word, ids in having.items():
        if 0 < len(ids) < len(entries):
            for i in ids:
                scores[i] += (2.0 if word in pointed else 1.0) / len(ids)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), second = ranked[0], ranked[1][1]
    distinct = any(ids == [best] and (len(w) >= 5 or w in pointed) and (w in pointed or not pointed_only)
                   for w, ids in having.items())
    if distinct and top >= 1.0 and top >= 2 * second:
        return next(e for e in entries if e["id"] == best)
    return None


# --- facts ----------------------------------------------------------------------------------------------
# Which fact a question asks for, in the order they are answered.
FACT_QUESTIONS = [
    ("admission", r"toelat|voorwaarde|instap|instrom|instroom|vooropleiding|diploma nodig|welk diploma|wie mag|toegang|vereist|"
                  r"mag ik (starten|beginnen|deelnemen|meedoen|instappen)|kan ik (starten|beginnen|instappen|deelnemen)"),
    ("start", r"wanneer (start|begint)|\bstart|\bbegint|startdatum|begindatum|inschrijv|wanneer kan ik"),
    ("day", r"welke dag|welke dagen|lesdag|lesmoment|welk uur|tijdstip|overdag|'s avonds|avondles|"
            r"wanneer zijn de lessen|op welk moment"),
    ("cost", r"\bkost|prijs|betal|euro|inschrijvingsgeld|collegegeld|hoe duur|gratis"),
    ("where", r"\bwaar\b|locatie|plaats|campus|adres|online|ter plaatse|afstand"),
    ("duration", r"hoe lang|duurt|duur van|looptijd|hoeveel uur|studielast|hoeveel tijd|uur per week|maanden"),
    ("result", r"diploma krijg|krijg ik|getuigschrift|certificaat|wat levert|\bgraad|erkend|attest"),
]


def facts_asked(text: str) -> list[str]:
    lower = (text or "").lower()
    return [fact for fact, pattern in FACT_QUESTIONS if re.search(pattern, lower)]


def sources_line(entry: dict) -> str:
    """'Bron: 000_x.txt r. 20-37, 44-66' (the seed lines the entry is curated from)."""
    by_file: dict[str, list[str]] = {}
    for source in entry.get("sources") or []:
        by_file.setdefault(source["file"], []).append(str(source["lines"]))
    parts = [f"{file} r. {', '.join(lines)}" for file, lines in by_file.items()]
    return "Bron: " + ("; ".join(parts) if parts else "onbekend") + f" (knowledge/{entry.get('_file', '?')})"
