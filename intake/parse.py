"""Understand a teacher's facts in Dutch: hours, money, travel, town, role, sector, region, experience,
delivery, diploma and wishes, normalised to the contract's units (hours per week, euros, minutes).

spaCy does the language work: a blank Dutch pipeline tokenises, the lookup lemmatiser gives lemmas
('kleuters' -> 'kleuter'), and Matcher patterns find number + unit phrases. Number words ('vier',
'anderhalf', 'een halve dag') are read as numbers. This module only reads a message; what a reading means
for the profile (which question it answers, whether it may change a value) is intake.understand's job.
Used by the Rasa NLU component and by the action server, so both read a message the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index import geo, text
from index.availability import today
from intake import contract, fact_filter

# Number words (the contract's), plus a few that only mean a number in a constraint ("een paar uur").
NUMBER_WORDS = {**contract.NUMBER_WORDS, "geen": 0, "paar": 2, "enkele": 2, "tweetal": 2, "drietal": 3,
                "viertal": 4, "vijftal": 5}
# Parts of a week a teacher can free, in hours.
DAY_PARTS = {"dag": 8, "dagen": 8, "voormiddag": 4, "namiddag": 4, "middag": 4, "ochtend": 4,
             "avond": 3, "avonden": 3, "dagdeel": 4, "dagdelen": 4}
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

# --- roles -------------------------------------------------------------------------------------------
# A year of a teacher education: "3de jaar kleuter", "laatste jaar lager", "2de jaar bachelor secundair"
YEAR_OF_STUDY = r"(\d(ste|de|e)|eerste|tweede|derde|laatste) jaar (bachelor )?(lager|kleuter|secundair|pabo)\b"
# Each role's words as regular expressions (typos of long words are caught by a close match below).
ROLE_PATTERNS = {
    "student_teacher": r"student(e)?(-?leraar|-?leerkracht)?|stagiair(e)?|lio(-er|'er)?|pabo-?student\w*|"
                       r"studentleraar|zit op de pabo|(doe|volg|studeer aan) de (pabo|lerarenopleiding)|ik studeer|"
                       r"in opleiding tot (leraar|leerkracht|juf|meester)|"
                       # ("14 jaar docent op een pabo" teaches there)
                       r"(zit|doe|volg|jaar)( (?!docent|leraar|lerares|leerkracht|lector|opleider)\w+){0,4} (de |het |op de )?"
                       r"(pabo|lerarenopleiding|educatieve bachelor)|(pabo|lerarenopleiding),? (\d|eerste|tweede|derde|vierde)(ste|de|e)? jaar|"
                       # "ik zit in de 3de bachelor", "mijn bachelorproef", "mijn stageschool": a student's words
                       r"(zit|ben) in (de|het|mijn|mn|m'n) (\d|eerste|tweede|derde)(ste|de|e)? bachelor|"
                       r"(mijn|mn|m'n) (bachelorproef|stageschool|stagementor|stageplaats)|(op|loop|lopen) stage\b|"
                       # "ik doe mijn LIO in peer", "ik heb nu stage", "laatstejaarsstudent", "ik zit in 't 2de jaar
                       # lager onderwijs", "1ste jaar kleuter odisee" (a24): a year of a teacher education
                       r"(doe|loop|heb)( nu)? (mijn|mn|m'n) (lio|lio-stage|stage|eindstage)|heb( nu)? stage|\w+jaarsstudent\w*|"
                       r"(zit|ben) in (de|het|mijn|mn|m'n|'t) (\d(ste|de|e)|eerste|tweede|derde|laatste) jaar (van (de|het|mijn) )?"
                       r"(lager|kleuter|secundair|bachelor|pabo|lerarenopleiding|opleiding|educatieve)|"
                       # "hoi! 3de jaar kleuter, stage in ledeberg", "op vives in kortrijk, 2de jaar lager", "3de jaar
                       # bachelor secundair" (a30): a year of study first, after a greeting or a comma - not "in het 3de
                       # jaar secundair" (a class)
                       r"(?:^\W*|[!.,:]\s*|\b(?:hoi|hey|hallo|dag)\W+)" + YEAR_OF_STUDY + "|"
                       # "ik volg het verkort traject", "nog in mijn traject, dus nog in opleiding" (a29, a30, a27-059)
                       r"verkort traject|nog in opleiding|eigenlijk nog student|"
                       r"(zit|studeer) (op|aan) (de )?(vives|pxl|ucll|odisee|artevelde\w*|howest|kdg|karel de grote|"
                       r"thomas more|hogent|windesheim|ipabo|marnix)\b",
    "school_leader": r"directeur|directrice|schoolleider|schoolhoofd|adjunct(-directeur)?|teamleider|locatieleider|"
                     r"(graad|team|onderbouw|bovenbouw|middenbouw|beleids|pedagogisch)co(ö|o)rdinator|"
                     r"bestuurder|directielid|ik leid (een|de) school|middenkader|middenmanager",
    "counsellor": r"zorgco(ö|o)rdinator|zorgco|zorgcoo|ib[-']?er|intern begeleider|clb(-er|-medewerker)?|"
                  r"pedagogisch (begeleider|adviseur)|begeleidingsdienst|(studie|loopbaan|leerling|leerlingen|school|traject)begeleider|maatschappelijk werker|"
                  r"begeleider|loopbaancoach|onderwijsadviseur|adviseur|consulent|"
                  r"ict-co(ö|o)rdinator|mentorcoach|opleidingsco(ö|o)rdinator|counsellor|coach|"
                  # "onderwijscoach", "taalcoach"; "ondersteuner" of a leersteuncentrum; a "schoolopleider" trains students
                  r"[a-zà-ÿ]{3,}coach|ondersteuner|leersteuner|schoolopleider|opleider in de school",
    "teacher": r"leraar|lerares|leerkracht(en)?|juf(frouw)?|meester|onderwijzer(es)?|docent(e)?|kleuterjuf|"
               r"kleuterleid(st)?er|kleuteronderwijzer(es)?|klas(titularis|leraar|leerkracht)|groepsleerkracht|"
               r"vakleerkracht|zorgleerkracht|zorgjuf|zorgmeester|kleuterleerkracht|ambulant leerkracht|"
               # a remedial teacher works with the children, like a zorgleerkracht (the brief's teacher; a14)
               r"rt[' -]?er|remedial teacher|"
               r"sta( ik)?( zelf| nog| al| nu)* voor (de|een|mijn|groep|het|klas)\b|geef (zelf )?les|lesgever|titularis|"
               r"ik geef (?!(haar|hem|hen|hun|ze|jullie|dat|dit|iets|alles|toe|aan|graag|eerlijk|leiding|feedback|advies|door)\b)\w+|lector|hbo-docent|zij-?instromer|"
               r"(sta|werk|zit)( ik)?( \w+){0,3} (in|voor) (het|de|'t|groep) ?(\d+(ste|de|e)? (leerjaar|kleuterklas|klas)|"
               r"lager|kleuterklas|klas|[1-8]\b|aso|tso|bso|kso|secundair|vo|mbo|havo|vwo|vmbo|so|vso|buso|bubao)|"
               r"nu (in )?groep [1-8]|in mijn klas|mijn klas(sen)?\b|mijn leerlingen|mijn \d(ste|de|e) (leerjaar|kleuterklas)|"
               # "ik heb groep 7/8", "geef groep 7", "Groep 6, Nijmegen.", "groep 6 in deventer hier": a Dutch
               # teacher has a group (a13-022, a13-028, a13-034, a13-046)
               r"(heb|geef|draai)( nu| dit jaar| ook| zelf)* groep [1-8]|groep [1-8](/[1-8])?(, ?[a-z-]+(?=\.)|,? in [a-z-]+ hier)|"
               # "wiskundedocent", "mn groep 5", "sta een jaar of 17 voor de klas", "geef nu les op het mbo"
               r"[a-zà-ÿ]{3,}(docent|leraar|lerares|leerkracht)|(mijn|mn|m'n) (groep|klas) ?[1-8]|"
               r"sta( \w+){0,4} voor de klas|sta( nu| ik| zelf| al)* in een (\d+(ste|de|e) )?(kleuterklas|klas|klasje|leerjaar|groep)|"
               # "ik heb een combinatiegroep 4/5/6" (a26-058, a28-046)
               r"(heb|geef|draai|sta voor)( nu| dit jaar| ook| zelf)* (een |de )?combi(natie)?groep|"
               r"geef( nu| zelf| al| sinds \w+| \w+ uur)* (les|lessen|[a-z]*kunde|wiskunde|frans|engels|nederlands|duits|"
               r"geschiedenis|biologie|economie|muziek|lichamelijke opvoeding|lo|gym|techniek|beeld|drama|informatica|"
               r"godsdienst|filosofie|latijn|grieks|chemie|fysica|mens en maatschappij)",
}
ROLE_PRIORITY = ("school_leader", "counsellor", "student_teacher", "teacher")
# The user speaks about themselves ("ik ben juf", "als leerkracht", "ik werk als IB'er").
SELF_CUE = re.compile(r"\b(ik ben|ik ben een|ben ik|ik werk als|ik werk bij|ik werk voor|ik werk in|ik werk op|werkzaam als|als|ik sta|ik geef|ik studeer|ik doe|ik volg|eigenlijk|"
                      r"ik zit|ik leid|ik ben al|ik ben nu|momenteel|nu)\s+(\w+\s+){0,2}$")
# ... or about a role they want ("ik wil zorgco worden", "doorgroeien naar directeur").
FUTURE_BEFORE = re.compile(r"\b(worden|word|ambieer|ambitie|droom|doorgroeien|doorstromen|later|functie|job|"
                           r"opleiding tot|cursus tot|richting|solliciteren|overstappen|mij klaarmaken|"
                           r"voorbereiden|aspirant|toekomstige?|wil|wens|zou|"
                           # "over een paar jaar door naar adjunct of directeur" (a26-042)
                           r"(door|verder|doorgaan|doorstromen) naar)\b[\w\s'-]{0,30}$")
FUTURE_AFTER = re.compile(r"^[\w\s'-]{0,15}\b(worden|word|te worden)\b")
# "ik ben al een jaar of 12 onderwijzer" (a30-056): one's own years in the role, not 12 others
YEARS_AS = re.compile(r"\b(ik ben|ben ik|'k ben)( al| nu| intussen| ruim| bijna| een)* (jaar of \d+|\d+ jaar|\w+ jaar)\s+$")
# ... or about others ("per leerkracht 1 uur", "voor mijn leerkrachten", "de juf van mijn zoon").
OTHERS_BEFORE = re.compile(r"\b(\d+|twee|drie|vier|vijf|zes|per|elke|iedere|alle|mijn|m'n|onze|ons|de|het|die|een|voor|welke|andere|jonge|nieuwe|"
                           r"beginnende|startende|collega)\s+$")
# "ik zoek iets voor een collega": the user looks on behalf of someone else (a counsellor, a mentor)
# "mijn directeur", "onze zorgco": a possessive before the role word names someone else, whatever came before
POSSESSIVE_BEFORE = re.compile(r"\b(mijn|mn|m'n|onze|ons|haar|zijn|hun)\s+$")
FOR_A_COLLEAGUE = re.compile(r"\bvoor (een|mijn|m'n|onze|ne|nen|de) (collega|leerkracht|leraar|lerares|juf|meester|"
                             r"teamlid|docent|starter|beginnende|stagiair)('s|s|e)?\b")
FOR_MYSELF = re.compile(r"\bvoor (mezelf|mijzelf|mij|mij zelf|mezelve)\b")

# School subjects taught in secondary (not in primary: no "lichamelijke opvoeding", "muziek" or "godsdienst")
SCHOOL_SUBJECTS = (r"(geschiedenis|aardrijkskunde|wiskunde|frans|engels|duits|spaans|latijn|grieks|biologie|chemie|fysica|"
                   r"natuurkunde|scheikunde|economie|informatica|filosofie|elektrotechniek|elektriciteit|mechanica|"
                   r"burgerschap|maatschappijleer)")
# --- sectors: first match wins; special education first, broad primary school last --------------------
SECTOR_PATTERNS = [
    ("speciaal", r"\b(buo|bubao|buso|buitengewoon|speciaal (basis)?onderwijs|speciale? (basis)?school|sbo|cluster ?[1-4]|"
                 r"type ?[1-9]|(v)?so-?school|(in|op) (het|een) (v?so|sbo)|ov ?[1-4]|vso|zml|"
                 # "so" is also a word, so only next to a teacher word or alone: "so docent", "leerkracht so", "so"
                 r"(leerkracht|docent|leraar|lerares|juf|meester) v?so|^\W*so\W*$|so[- ](docent|leerkracht|leraar|lerares|juf|meester))\b"),
    ("mbo", r"\b(mbo|roc|beroepsopleiding)\b"),
    ("vo", r"\b(voortgezet onderwijs|voortgezet|havo|vwo|vmbo|mavo|gymnasium|brugklas|vo-school|in het vo|vo|"
           r"praktijkonderwijs|(in|op) het pro|^\W*pro\W*$)\b"),
    ("secundair", r"\b(secundair\w*|aso|tso|bso|kso|dbso|middelbare? school|middelbaar onderwijs|middenschool|okan|"
                  r"(eerste|tweede|derde|1ste|2de|3de|1e|2e|3e) graad|(1|2|3|4|5|6)(ste|de|e) middelbaar)\b"),
    ("hoger", r"\b(hoger onderwijs|universiteit|hogeschooldocent|lerarenopleider|lector|hbo-docent|"
              r"(docent|les|werk|lesgever)( \w+)? (op|aan|in) (de|een) (hogeschool|pabo|lerarenopleiding|universiteit))\b"),
    ("kleuter", r"\b(kleuter\w*|peuter\w*|instapklas|onthaalklas)\b"),
    # ("onderwijzer" is the Flemish word for a teacher in the lager, a30-027, a30-056; NL reads it as basis)
    ("lager", r"\b(lager(e)? (onderwijs|school)|leerkracht lager|juf lager|meester lager|(in|voor) het lager\b|onderwijzer(es)?|"
              r"(\d|eerste|tweede|derde|vierde|vijfde|zesde)(ste|de|e)? leerjaar|"
              r"(in|(juf|meester|leerkracht|onderwijzer\w*) van) (het|'t) (1|2|3|4|5|6)(ste|de|e)\b(?! (jaar|graad|middelbaar)))"),
    ("basis", r"\b(basisschool|basisonderwijs|bao|po|primair onderwijs|primair|(groep|gr\.?) ?[1-8]\b|"
              r"(onder|midden|boven)bouw|pabo|combi(natie)?groep|dorpsschool)\b"),
    # last: a teacher of a school subject teaches in secondary ("ik geef geschiedenis en burgerschap in het 4de
    # jaar", a28-021); a primary teacher says a grade or group first, which wins above
    ("secundair", r"\b((ik geef|geef ik|leerkracht|leraar|lerares|docent|lesgever)( \w+)? " + SCHOOL_SUBJECTS + r"|"
                  + SCHOOL_SUBJECTS + r"(leraar|lerares|docent|leerkracht))\b(?!.*\b(juf|meester|kleuter\w*|groep|leerjaar)\b)"),
]
# Grade levels say most about where someone teaches: they win over school types named as a goal
# ("juf groep 8, ik wil ze voorbereiden op de middelbare school").
GRADE_SECTORS = [("basis", r"\b(groep|gr\.?) ?[1-8]\b"), ("lager", r"\b(\d|eerste|tweede|derde|vierde|vijfde|zesde)(ste|de|e)? leerjaar\b"),
                 ("kleuter", r"\b(\d(ste|de|e) )?kleuterklas\b")]
# "kleuter en lager", "lager- en kleuteronderwijs": the whole primary school, not one of its levels
BOTH_LEVELS = re.compile(r"\bkleuter\w*-?\s*(en|&|\+|/)\s*lager\w*|\blager\w*-?\s*(en|&|\+|/)\s*kleuter\w*")
# Abbreviations that are also ordinary words in lower case: only read when written in capitals.
# (BaO is the Flemish "basisonderwijs", not special education: BuBaO is its buitengewone form.)
CAPITAL_SECTORS = [("speciaal", r"\b(SO|VSO|SBO|BuO|BuBaO|BuSO)\b")]
# Abbreviations teachers type, written out before anything is read ("juf 4de lj" is "juf 4de leerjaar").
ABBREVIATIONS = {"lj": "leerjaar", "lj.": "leerjaar", "kk": "kleuterklas", "kkl": "kleuterklas", "lkr": "leerkracht",
                 "lkrt": "leerkracht", "lk": "leerkracht", "jf": "juf", "mr": "meester", "grp": "groep", "gr": "groep",
                 "bao": "basisonderwijs", "ko": "kleuteronderwijs", "zoco": "zorgco", "dir": "directeur",
                 "vl": "Vlaanderen", "sec": "secundair", "lln": "leerlingen", "ll": "leerlingen",
                 "adam": "amsterdam", "a'dam": "amsterdam", "r'dam": "rotterdam"}
# Provinces say the region ("ik werk in West-Vlaanderen"); Limburg is in both countries, so it says nothing.
PROVINCES = {"VL": r"oost-? ?vlaanderen|west-? ?vlaanderen|vlaams-? ?brabant|provincie antwerpen",
             "NL": r"noord-? ?holland|zuid-? ?holland|noord-? ?brabant|zeeland|gelderland|overijssel|drenthe|"
                   r"friesland|fryslân|flevoland|zeeuws-vlaanderen|randstad"}

REGION_WORDS = {"VL": {"vlaanderen", "vlaams", "vlaamse", "belgië", "belgie", "belgisch", "belg"},
                "NL": {"nederland", "holland", "nederlandse", "nl"}}
DELIVERY_PHRASES = [  # first match wins; longer phrases first
    ("any", r"\b(online|ter plaatse|fysiek|live) of (ter plaatse|online|fysiek|live)\b.{0,30}\b(maakt (mij |me )?niet uit|"
            # ("maakt niet uit, liefst online eigenlijk" is a wish for online, a16)
            r"om het even|allebei|beide)|\bmaakt (mij |me )?niet uit.{0,30}(?<!liefst )(?<!voorkeur )(?<!toch )(?<!want )\b(online|ter plaatse)"),
    # "mag ook online", "anderhalf uur, of online": online is allowed as well, so any form will do
    ("any", r"\b(ook|evengoed|eventueel) (online|op afstand|digitaal)\b|\bonline (mag|kan|is) ook\b|, of (gewoon )?online\b"),
    ("blended", r"\b(blended|gemengd|deels online|half online|hybride)\b"),
    # "digitaal" alone is a topic ("iets digitaal"), not a form
    ("online", r"\b(online|(alleen|enkel|liefst|volledig) digitaal|digitaal (volgen|les|lessen|aanbod)|op afstand|afstandsonderwijs|"
               r"van thuis uit|vanuit huis|thuis achter (de|mijn) (laptop|computer|pc))\b"),
    ("on_site", r"\b(ter plaatse|fysiek|op locatie|face to face|in het echt|op de campus|in persoon|live|"
                r"op (onze|mijn|de) school|op school zelf|op school\b(?! ?(niveau|beleid|vlak))|bij ons op school|"
                r"in de school|niet reizen|geen verplaatsing|bij ons in huis|in huis|(komt|komen) (er )?(iemand |iets )?naar ons( toe)?|"
                r"naar (ons|onze school) (toe )?(komt|komen))\b"),
    ("any", r"\b(maakt (mij |me )?niet uit|om het even|allebei|beide|maakt niet veel uit|geen voorkeur)\b"),
]
# A wish ranks up, a requirement filters ("liefst online" vs "alleen online").
WISH = re.compile(r"\b(liefst|liefste|het liefst|bij voorkeur|voorkeur|graag|als het kan|indien mogelijk|mag ook|"
                  r"mag wel|zou fijn|zou leuk|ideaal|idealiter|als het even kan|niet per se|niet perse|zou mooi)\b")
REQUIREMENT = re.compile(r"\b(alleen|enkel|uitsluitend|moet|moeten|absoluut|echt niet meer|kan niet meer)\b")
DIPLOMA_PHRASES = [
    ("master", r"\b(master|masterdiploma|licentiaat|universitair diploma)\b"),
    # ("kleuteronderwijzeres, bachelor", a24)
    ("bachelor_kleuter", r"\b(bachelor|diploma|opleiding)\b.{0,30}\bkleuter|\bkleuter\w*,? (bachelor|diploma)\b|\bkleuteronderwijzer(es)?s?diploma\b|\bregent kleuter"),
    ("bachelor_lager", r"\b(bachelor|diploma|opleiding)\b.{0,30}\blager onderwijs|\bonderwijzersdiploma\b|\bbachelor lager\b"),
    ("bachelor_secundair", r"\b(bachelor|diploma|opleiding)\b.{0,30}\bsecundair|\bregentaat\b"),
    ("pabo", r"\bpabo\b"),
    ("wo_bachelor", r"\b(wo-bachelor|wo bachelor|universitaire bachelor|academische bachelor)\b"),
    ("hbo_bachelor", r"\b(hbo-bachelor|hbo bachelor|hbo-diploma|hbo diploma|hbo|professionele bachelor|bachelor)\b"),
]
DONT_KNOW = re.compile(r"\b(weet (ik )?(het )?niet|geen idee|geen flauw idee|weet nog niet|weet ik nog niet|nog niet zeker|"
                       r"maakt (mij |me )?niet uit|om het even|geen voorkeur|sla over|overslaan|liever niet|"
                       r"zeg ik liever niet|geen antwoord|pas|volgende vraag|geen zin om|boeit niet)\b")
# Common misspellings of role words are caught by a close match on words this long or longer.
FUZZY_MIN_LENGTH, FUZZY_CUTOFF = 7, 0.88
FUZZY_ROLE_WORDS = {"teacher": ["leerkracht", "leraar", "lerares", "onderwijzer", "kleuterjuf", "kleuterleidster"],
                    "school_leader": ["directeur", "directrice", "schoolleider"],
                    "counsellor": ["zorgcoördinator", "begeleider", "zorgcoordinator"],
                    "student_teacher": ["studente", "stagiaire"]}
# Travel words: a duration said with these is travel time, not study time.
TRAVEL_WORDS = re.compile(r"\b(rijden|reizen|reistijd|rit|onderweg|sporen|fietsen|met de (auto|fiets|trein|bus)|"
                          r"enkele reis|verplaatsen|verplaatsing|afstand|ver|heen|pendelen)\b")
# Saying one has time to spend ("ik heb een halve dag", "kan een dag vrijmaken").
TIME_CUE = re.compile(r"\b(heb|hebt|heeft|kan|kun|vrijmaken|besteden|beschikbaar|vrij|tijd|investeren|steken)\b")
PER_WEEK = re.compile(r"\b(per|in|elke|iedere|a|op|/)\s*(de |een )?(week|weekje|w)\b|\bwekelijks\b|\bin de week\b")


@dataclass
class Found:
    entity: str
    value: object
    start: int
    end: int
    text: str
    explicit: bool = False   # said outright ("ik ben juf", "6 uur per week"), not inferred from a bare answer
    # a candidate no rule vouches for ("ik zit er nu 9 jaar", "'t is mijn 8ste jaar"): intake.fact_filter's
    # learned model keeps it only when it judges it a value (the rules alone missed how others write it)
    weak: bool = False
    # worked out by code from words that say it outright ("in het onderwijs sinds 2001", "ik sta sinds september
    # in 't 1ste leerjaar"): the learned filter, which has seen few of these, does not second-guess it
    sure: bool = False


@lru_cache(maxsize=1)
def nlp():
    import spacy
    from spacy.matcher import Matcher

    try:
        # the index's Dutch pipeline (the same blank Dutch + lookup lemmas): one copy of the lemma tables,
        # ~40 MB, in the action server, which uses both
        pipeline = text.dutch()
    except Exception:  # lookups missing: tokens still work, lemmas fall back to the lower-cased text
        pipeline = spacy.blank("nl")
    number = {"LOWER": {"IN": [w for w in NUMBER_WORDS if w not in ("geen", "paar", "enkele")]}}
    num = [{"LIKE_NUM": True}]
    matcher = Matcher(pipeline.vocab)
    per_week = [{"LOWER": {"IN": ["per", "/", "in", "elke", "iedere", "a", "p", "op"]}},
                {"LOWER": {"IN": ["de", "een"]}, "OP": "?"}, {"LOWER": {"IN": ["week", "w", "weekje"]}}]
    hour = {"LOWER": {"IN": ["uur", "u", "uren", "uurtjes", "uurtje", "h", "uur/week", "u/week", "u/w", "uur/w", "uur/wk",
                             "uurpw", "upw"]}}
    # a range: "2 à 3 uur", "vier of vijf uur", "tussen 200 en 300 euro" (read as its middle)
    either = {"LOWER": {"IN": ["à", "a", "tot", "-", "–", "of", "en"]}}
    any_number = {"LOWER": {"IN": [w for w in NUMBER_WORDS if w not in ("geen", "paar", "enkele")]}}
    ranges = [[{"LIKE_NUM": True}, either, {"LIKE_NUM": True}], [any_number, either, any_number],
              [any_number, either, {"LIKE_NUM": True}], [any_number, any_number]]  # "vier vijf uur"
    for n in (num, [number], *ranges):
        matcher.add("HOURS", [n + [hour] + per_week, n + [hour]])
    matcher.add("HOURS", [[{"LOWER": {"IN": ["een", "één", "twee", "drie", "halve", "anderhalve", "1", "2"]}, "OP": "?"},
                           {"LOWER": {"IN": ["halve", "hele"]}, "OP": "?"},
                           {"LOWER": {"IN": list(DAY_PARTS)}}] + per_week,
                          [{"LOWER": {"REGEX": r"^(" + "|".join(WEEKDAYS) + r")(voormiddag|namiddag|middag|ochtend|avond)?$"}}]])
    matcher.add("HOURS", [[{"LOWER": {"IN": ["halve", "hele"]}},
                           {"LOWER": {"IN": ["dag", "voormiddag", "namiddag", "middag", "ochtend"]}}]])
    euro = {"LOWER": {"IN": ["euro", "eur", "€", "euros", "euro's", "eu"]}}
    compound = {"LOWER": {"REGEX": r"^[a-zë]*(honderd|duizend)[a-zë]*$|^[a-z]+[eë]n(twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)$"}}
    matcher.add("MONEY", [r + [euro] for r in ranges] + [[compound, either, compound, euro], [compound, euro]])
    matcher.add("MONEY", [[euro, {"LIKE_NUM": True}], [{"LIKE_NUM": True}, euro],
                          [{"LOWER": {"REGEX": r"^€\d"}}], [{"LOWER": {"REGEX": r"^\d+(?:[.,]\d+)?€$"}}],
                          [number, {"LOWER": {"IN": ["honderd", "duizend"]}, "OP": "?"}, euro],
                          [{"LOWER": {"IN": ["budget", "budgetje", "scholingsbudget", "betaalt", "vergoedt", "betalen",
                                             "kosten", "kost"]}},
                           {"LOWER": {"IN": ["is", "van", ":", "=", "tot", "max", "maximaal", "ong", "ongeveer", "rond",
                                             "zo'n", "zowat", "hoogstens"]}, "OP": "*"},
                           # "de school betaalt een deel" (a16): "een" is an article there, no amount
                           {"LIKE_NUM": True, "LOWER": {"NOT_IN": ["een", "één", "ene"]}}]])
    minutes = {"LOWER": {"IN": ["min", "minuten", "minuutjes", "minuut", "min."]}}
    matcher.add("TRAVEL", [r + [minutes] for r in ranges])
    matcher.add("TRAVEL", [num + [minutes], [number, minutes],
                           [{"LOWER": {"IN": ["een", "één", "1", "drie", "3"]}, "OP": "?"}, {"LOWER": {"IN": ["kwartier", "kwartiertje"]}}],
                           [{"LOWER": {"IN": ["half", "een", "één", "anderhalf", "1", "2", "twee"]}}, {"LOWER": {"IN": ["uur", "uurtje", "u"]}},
                            {"LOWER": {"IN": ["rijden", "reizen", "reistijd", "met", "weg", "van", "onderweg", "sporen", "fietsen"]}}],
                           [{"LOWER": {"IN": ["half", "halfuur", "halfuurtje"]}}, {"LOWER": {"IN": ["uur", "uurtje"]}, "OP": "?"}],
                           num + [{"LOWER": {"IN": ["km", "kilometer", "kilometers", "kms"]}}],
                           [number, {"LOWER": {"IN": ["km", "kilometer", "kilometers"]}}]])
    # "joar": West-Flemish ("'k zitte al 10 joar in't onderwijs", a12)
    matcher.add("YEARS", [num + [{"LOWER": {"IN": ["jaar", "jaren", "jr", "joar"]}}], [number, {"LOWER": {"IN": ["jaar", "jaren", "joar"]}}],
                          [{"LOWER": {"REGEX": COMPOUND_NUMBER}}, {"LOWER": {"IN": ["jaar", "jaren", "joar"]}}]])
    # a negative number is read, so validation can question it ("-300 euro" is not silently dropped)
    negative = {"TEXT": {"REGEX": r"^[-−]\d+([.,]\d+)?$"}}
    matcher.add("MONEY", [[negative, euro], [euro, negative]])
    matcher.add("HOURS", [[negative, hour] + per_week, [negative, hour]])
    matcher.add("TRAVEL", [[negative, minutes]])
    # "een uur of 4", "een minuut of 20": about four hours, about twenty minutes
    matcher.add("ABOUT_HOURS", [[{"LOWER": {"IN": ["een", "n"]}, "OP": "?"}, {"LOWER": {"IN": ["uur", "uurtje"]}},
                                 {"LOWER": "of"}, {"LIKE_NUM": True}, {"LIKE_NUM": True, "OP": "?"}]])
    matcher.add("ABOUT_YEARS", [[{"LOWER": {"IN": ["een", "n"]}, "OP": "?"}, {"LOWER": {"IN": ["jaar", "jaartje"]}},
                                 {"LOWER": "of"}, {"LIKE_NUM": True}]])
    matcher.add("ABOUT_MINUTES", [[{"LOWER": {"IN": ["een", "n"]}, "OP": "?"}, {"LOWER": {"IN": ["minuut", "minuutje", "minuten"]}},
                                   {"LOWER": "of"}, {"LIKE_NUM": True}]])
    # "3u", "3u/week", "1u30", "20min", "45'": a number glued to its unit
    glued = {"LOWER": {"REGEX": r"^\d+([.,]\d+)?(u|h|uur)(/w(eek)?)?$|^\d(u|h)[0-5]\d$"}}
    matcher.add("HOURS", [[glued] + per_week, [glued]])
    # "1 uur 15 met de trein", "2 uur 30 per week": hours and minutes
    matcher.add("HOURS", [num + [hour, {"TEXT": {"REGEX": r"^[0-5]\d$"}}] + per_week,
                          num + [hour, {"TEXT": {"REGEX": r"^[0-5]\d$"}}]])
    matcher.add("TRAVEL", [[{"LOWER": {"REGEX": r"^\d+(min|minuten|')$"}}]])
    return pipeline, matcher


TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80,
        "negentig": 90}
COMPOUND_NUMBER = r"^(een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]n(" + "|".join(TENS) + r")$"


def to_number(text: str) -> float | None:
    """'4', '4,5', 'vier', 'anderhalf', '€500', '1.500', '3u', '20min' -> a number; None if it is no number."""
    t = text.lower().strip().strip("€").replace("euro", "").strip()
    t = re.sub(r"^(\d+(?:[.,]\d+)?)(u|h|uur|min|minuten|')(/w(eek)?)?$", r"\1", t)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", t):
        return float(t.replace(".", ""))
    if re.fullmatch(r"[-−]?\d+([.,]\d+)?", t):  # a sign is kept: "-300 euro" must be questioned, not dropped
        return float(t.replace(",", ".").replace("−", "-"))
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    return _number_word(t)


def _number_word(t: str) -> float | None:
    """Dutch number words written as one: 'vijfhonderd', 'tweehonderdvijftig', 'drieëntwintig', 'duizend'."""
    if not t:
        return None
    if t in NUMBER_WORDS and NUMBER_WORDS[t] >= 1:
        return float(NUMBER_WORDS[t])
    if t in TENS:
        return float(TENS[t])
    for word, size in (("duizend", 1000), ("honderd", 100)):
        if word in t and t != word:
            before, after = t.split(word, 1)
            times = _number_word(before) if before else 1.0
            rest = _number_word(after) if after else 0.0
            if times is not None and rest is not None:
                return times * size + rest
    parts = re.fullmatch(r"(\w+?)[eë]n(twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)", t)
    if parts and parts.group(1) in NUMBER_WORDS and NUMBER_WORDS[parts.group(1)] < 10:  # 'drieëntwintig'
        return float(NUMBER_WORDS[parts.group(1)] + TENS[parts.group(2)])
    return None


def first_number(tokens) -> float | None:
    values = [v for v in (to_number(t.text) for t in tokens) if v is not None]
    if not values:
        return None
    # "een halve" -> 0.5
    if len(values) >= 2 and values[0] in (1, 0.5) and tokens[0].lower_ in ("een", "één"):
        return values[1]
    adjacent = any(to_number(a.text) is not None and to_number(b.text) is not None for a, b in zip(tokens, tokens[1:]))
    if len(values) >= 2 and (adjacent or any(t.lower_ in ("à", "a", "tot", "-", "–", "of") for t in tokens)):
        return (values[0] + values[1]) / 2  # "2 à 3 uur", "vier of vijf": the middle (the reply says the range)
    return values[0]


def parse(text: str, requested_slot: str | None = None, all_towns: bool = False) -> list[Found]:
    """All facts in a message. `requested_slot` is the question pending: a bare answer ('4', 'Genk') fills
    it, and an ambiguous duration ('een half uur', '1 uur') answers it in its unit."""
    pipeline, matcher = nlp()
    text = text[:1000]  # nobody describes a constraint in more; bounds the work on pasted text
    doc = pipeline(text)
    lower = text.lower()
    found: list[Found] = []
    taken: set[int] = set()

    def add(entity, value, start, end, explicit=True, weak=False):
        if value is None or any(i in taken for i in range(start, end)):
            return
        if start > 0 and doc[start - 1].lower_ in ("niet", "geen"):
            return  # "4 uur, niet 40": the number said not to be it
        taken.update(range(start, end))
        span = doc[start:end]
        found.append(Found(entity, value, span.start_char, span.end_char, span.text, explicit, weak))

    matches = sorted(matcher(doc), key=lambda m: (-(m[2] - m[1]), m[1]))  # longest first
    for match_id, start, end in matches:
        label = pipeline.vocab.strings[match_id]
        span = doc[start:end]
        if label in ("HOURS", "TRAVEL"):
            if _not_a_duration(span, doc, requested_slot):
                continue
            slot, value = _duration(label, span, doc, lower, requested_slot)
            if value is None:
                taken.update(range(start, end))  # time at work ("zij werkt 3 dagen"): no answer to any question
            add(slot, value, start, end)
        elif label in ("ABOUT_HOURS", "ABOUT_MINUTES"):
            about = to_number(span[-1].text)
            if to_number(span[-2].text) is not None and span[-2].lower_ not in ("een", "n"):
                about = (to_number(span[-2].text) + about) / 2  # "een uur of vier vijf": the middle
            if label == "ABOUT_MINUTES":
                add("max_travel_minutes", about, start, end)
            else:
                slot, _ = _duration("HOURS", span, doc, lower, requested_slot)
                add(slot, about * 60 if slot == "max_travel_minutes" and about is not None else about, start, end)
        elif label == "MONEY":
            if not PER_PERSON.match(doc[end:end + 3].text.lower()):  # "50 euro per leerling" is a price, not a budget
                add("budget_eur", _money(span), start, end)
        elif label == "ABOUT_YEARS":
            add("experience_years", to_number(span[-1].text), start, end, weak=not _is_experience(doc, end, start))
        elif label == "YEARS":
            add("experience_years", first_number(span), start, end, weak=not _is_experience(doc, end))
    _experience_in_words(text, lower, found, taken, doc)
    if re.search(r"\bgeen (opleidings|scholings)?budget\b|\bgeen geld\b(?! voor (de |het |een )?(?!nascholing|opleiding|"
                 r"cursus|vorming|scholing|professionalisering|training|studie|master)\w)|\bgratis\b|\bniks\b.{0,10}\bbetalen|"
                 r"\bmag niets kosten|\bmag niks kosten|\bkan niets betalen", lower):
        found.append(Found("budget_eur", 0.0, 0, len(text), text, True))
    if re.search(r"\b(school|werkgever|bestuur|directie) (betaalt|draagt|vergoedt)|\bop kosten van (de )?school|"
                 r"\b(lerarenbeurs|scholingsbudget|nascholingsbudget)\b", lower):
        found.append(Found("budget_payer", "school", 0, len(text), text))
    _role(text, lower, found)
    _sector(text, lower, found)
    _region_delivery_diploma(doc, lower, found, requested_slot)
    _wishes(lower, found)
    _town(doc, lower, found, taken, requested_slot, all_towns)
    if requested_slot and not any(f.entity == requested_slot for f in found):
        _bare_answer(doc, lower, requested_slot, found, taken)
    return found


# "50 euro per leerling", "64 euro per VTE": what something costs per head, not what the teacher may spend
PER_PERSON = re.compile(r"^(per|p\.?|de|het)\s*(leerling|lln|kind|kinderen|persoon|pers|deelnemer|leerkracht|collega|vte|fte|"
                        r"klas|groep|ouder|gezin)\b")
# ... and what pupils pay or get ("50 euro per leerling voor de schoolreis"), which is never the training budget
# (a budget "per persoon" or "per leerkracht" to the budget question is one: nl-092 of the 192 set)
PER_PUPIL = re.compile(r"^(per|p\.?)\s*(leerling|lln|kind|kinderen|ouder|gezin|klas|groep)\b")
# "een half jaar stage", "half mijn tijd": 'half' of something other than an hour is no travel time
NOT_AFTER_HALF = {"jaar", "jaartje", "maand", "week", "dag", "mijn", "m'n", "de", "het", "van", "tijd", "klas", "team",
                  "schooljaar", "semester", "trimester", "uurs"}


TEACHING_TIME = re.compile(r"\b(geef|geven|geeft|gegeven|lesgeven|lesuren|lesopdracht|opdracht|rooster|komt|komen|krijgen|"
                           r"erbij|bij gekregen|draait|draaien)\b")
LEARNING_TIME = re.compile(r"\b(vrijmaken|vrij maken|besteden|investeren|beschikbaar|studeren|studie|leren|bijleren|volgen|"
                           r"opleiding|cursus|nascholing|scholing|training|mezelf|voor mij|tijd voor)\b")
# ("en als ik toch 4 uur heb per week" offers time: "heb" is no subject taught, dev3)
NOT_A_SUBJECT = r"(per|in|a|à|op|elke|iedere|week|weekje|tijd|vrij|om|of|en|tot|max|maximum|hooguit|is|zou|kan|wil|voor|aan|" \
                r"heb|hebt|heeft|hebben|had|krijg|over|" \
                r"extra|ongeveer|misschien|dat|die|als|maar|dus|zeg|nee|wacht|reistijd|rijden|met|van)"


def _not_a_duration(span, doc, pending: str | None) -> bool:
    words = [t.lower_ for t in span]
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return words in (["half"], ["halve"], ["een", "half"], ["een", "halve"]) and after in NOT_AFTER_HALF \
        and pending != "max_travel_minutes"


def _duration(label: str, span, doc, lower: str, pending: str | None) -> tuple[str, float | None]:
    """Is '1 uur' study time per week or travel time? Said with 'per week' it is study time, with
    'rijden' or in minutes or km it is travel; otherwise the pending question decides, and without one a
    number of hours is study time."""
    words = {t.lower_ for t in span}
    window = doc[max(0, span.start - 2):min(len(doc), span.end + 2)].text.lower()
    clause = _clause(lower, span.start_char, span.end_char)
    weekday = any(w.startswith(WEEKDAYS) for w in words)
    if label == "HOURS" and words & set(WEEKDAYS) and pending != "hours_per_week" and not TIME_CUE.search(clause):
        return "hours_per_week", None  # "op woensdag ben ik thuis": a day named, no time offered for learning
    if label == "HOURS" and words & {"dagen"} and re.search(r"\b(werk|werken|werkt)\b", clause) \
            and not TIME_CUE.search(clause):
        return "hours_per_week", None  # "zij werkt 3 dagen", even to the hours question: her job, not study time
    if label == "HOURS" and (words & set(DAY_PARTS) or weekday) and pending != "hours_per_week":
        # "ik werk 3 dagen per week", "de hele dag op TikTok": time at work or in class, not time to learn
        if re.search(r"\b(werk|werken|werkt|sta|zit|zitten|zijn|hele dag)\b", clause) and not TIME_CUE.search(clause):
            return "hours_per_week", None
    sentence = lower[max([m.end() for m in re.finditer(r"[.;!?]", lower[:span.start_char])], default=0):
                     span.end_char + next((m.start() for m in re.finditer(r"[.;!?]", lower[span.end_char:])), len(lower))]
    offered = re.search(r"\b(ik heb|heb ik|ik kan|kan ik|ik wil|wil ik)\s+(\w+\s+){0,2}$", lower[:span.start_char])
    if label == "HOURS" and pending != "hours_per_week" and not LEARNING_TIME.search(sentence) and not offered and (
            TEACHING_TIME.search(sentence) or re.match(r"\s+(?!" + NOT_A_SUBJECT + r"\b)[a-zà-ÿ&][\w&-]*\s+(per week|erbij|bij)\b",
                                                    lower[span.end_char:])):
        # "wij geven 3 uur Frans per week", "de turnjuf komt maar 2 uur per week", "4 uur ICT-coördinatie erbij":
        # hours of teaching or of someone else, not time to learn
        return "hours_per_week", None
    if label == "HOURS":
        if PER_WEEK.search(window) or words & set(DAY_PARTS) or any(w.startswith(WEEKDAYS) for w in words):
            return "hours_per_week", _hours(span)
        hours = _hours(span)
        # half an hour of study a week is no plan anyone makes: "max een half uur" is travel time
        if hours is not None and (pending == "max_travel_minutes" or TRAVEL_WORDS.search(window) or hours < 1):
            return "max_travel_minutes", hours * 60
        return "hours_per_week", hours
    minutes = _minutes(span)
    in_hours = not words & {"min", "minuten", "minuutjes", "minuut", "min.", "km", "kilometer", "kilometers", "kms"}
    if in_hours and minutes is not None and minutes >= 60 and pending == "hours_per_week" and not TRAVEL_WORDS.search(window):
        return "hours_per_week", minutes / 60  # "anderhalf uur" to the hours question: hours a week
    return "max_travel_minutes", minutes


def _hours(span) -> float | None:
    words = [t.lower_ for t in span]
    clock = re.fullmatch(r"(\d)(?:u|h)([0-5]\d)", words[0])
    if clock:
        return int(clock.group(1)) + int(clock.group(2)) / 60  # "1u30": hours and minutes
    if len(words) >= 3 and words[0].isdigit() and words[1] in ("uur", "u", "h") and re.fullmatch(r"[0-5]\d", words[2]):
        return int(words[0]) + int(words[2]) / 60  # "1 uur 15 met de trein"
    for w in words:
        m = re.fullmatch(r"(" + "|".join(WEEKDAYS) + r")(voormiddag|namiddag|middag|ochtend|avond)?", w)
        if m:
            return float(DAY_PARTS.get(m.group(2), 8)) if m.group(2) else 8.0
    part = next((w for w in words if w in DAY_PARTS), None)
    if part:
        count = next((to_number(w) for w in words if to_number(w) is not None and w not in ("halve", "half")), 1.0)
        half = 0.5 if "halve" in words or "half" in words else 1.0
        return float(count * DAY_PARTS[part] * half)
    value = first_number([t for t in span if t.lower_ not in ("per", "a", "p", "op", "in", "de", "een", "week")])
    return value if value is not None else first_number(list(span))  # "een uur": the "een" is the number


def _money(span) -> float | None:
    text = span.text.lower().replace("€", " ").replace("euro's", " ").replace("euros", " ")
    text = re.sub(r"\b(euro|eur|eu)\b", " ", text)
    words = text.split()
    numbers = [to_number(w) for w in words if to_number(w) is not None]
    if not numbers:
        return None
    if len(numbers) == 2 and words[-1] in ("honderd", "duizend"):  # "vijf honderd euro"
        return numbers[0] * numbers[1]
    if len(numbers) == 2 and any(w in ("à", "a", "tot", "-", "–", "of", "en") for w in words):
        return (numbers[0] + numbers[1]) / 2  # "200 à 300 euro": the middle
    return numbers[-1]


def _minutes(span) -> float | None:
    words = [t.lower_ for t in span]
    if any(w in ("km", "kilometer", "kilometers", "kms") for w in words):
        km = first_number(span)
        return contract.km_to_minutes(km) if km is not None else None
    if any(w.startswith("kwartier") for w in words):
        n = to_number(words[0]) or 1
        return 15 * n
    if any(w.startswith("half") for w in words) and not any(w.isdigit() for w in words):
        return 30.0
    if any(w in ("uur", "uurtje", "u") for w in words):
        n = to_number(words[0])
        return 60 * n if n is not None else None
    return first_number(span)


def _role(text: str, lower: str, found: list[Found]) -> None:
    """The user's own role today. A role they want ('ik wil zorgco worden') or someone else's ('per
    leerkracht', 'mijn leerkrachten') is not theirs; 'voor een collega' makes them a counsellor."""
    colleague = FOR_A_COLLEAGUE.search(lower)
    mentions = []  # (self-stated, priority, start, role, end)
    seen = False   # a role word at all, even one that is not the user's own: then no typo guessing
    for role, pattern in ROLE_PATTERNS.items():
        for m in re.finditer(r"\b(" + pattern + r")\b", lower):
            seen = True
            before, after = lower[max(0, m.start() - 40):m.start()], lower[m.end():m.end() + 20]
            if FUTURE_BEFORE.search(before) and not SELF_CUE.search(before) or FUTURE_AFTER.search(after):
                continue
            if re.search(r"\b(geen|niet|nooit|vroeger|ex-?|voormalig|gewezen)\s+(\w+\s+){0,2}$", before) \
                    or PAST_JOB_BEFORE.search(before) and role == "teacher":
                continue  # "ik was 15 jaar leerkracht in het 6de" before the directorship (a15-050)
            self_stated = bool(SELF_CUE.search(before) or YEARS_AS.search(before)) \
                or m.group(0).startswith(("sta ", "geef ", "ik ", "mijn ", "mn ", "m'n "))
            if OTHERS_BEFORE.search(before) and not self_stated or POSSESSIVE_BEFORE.search(before):
                continue  # "nu vraagt mijn directeur of ik ..." (a28-031): someone's role word is never one's own
            mentions.append((not self_stated, ROLE_PRIORITY.index(role), m.start(), role, m.end()))
    if not seen:
        for word in re.finditer(r"[a-zà-ÿ'-]+", lower):  # typos: 'leerkrach', 'directuer'
            role = _close_role(word.group(0))
            if role and OTHERS_BEFORE.search(lower[max(0, word.start() - 40):word.start()]):
                continue  # "mentor voor stagiairs" (a21-041): others, however spelled
            if role:
                mentions.append((True, ROLE_PRIORITY.index(role), word.start(), role, word.end()))
                break
    if colleague and not FOR_MYSELF.search(lower) and not re.search(r"\b(" + ROLE_PATTERNS["school_leader"] + r")\b", lower) \
            and not any(not not_self for not_self, *_ in mentions):
        # searching for someone else makes a counsellor, unless they said what they are themselves ("ik geef
        # nederlands ... mentor worden voor de stagiairs"); not explicit: a role already known (a school leader
        # searching for the team) stays
        found.append(Found("role", "counsellor", colleague.start(), colleague.end(), text[colleague.start():colleague.end()]))
    elif mentions:
        not_self, _, start, role, end = min(mentions)
        student = next((m for m in sorted(mentions) if m[3] == "student_teacher" and not re.search(
            r"\b(van|voor|met|begeleid\w*|mentor)\b[\w\s'-]{0,12}$", lower[max(0, m[2] - 30):m[2]])), None)
        if role == "teacher" and student:
            # a student teaches too: "ik ben zij-instromer, geef engels ... en doe de lerarenopleiding erbij",
            # "lio, educatieve master. geef nu 12 uur nederlands" (a16-057, a19-045): the study says what they are
            not_self, _, start, role, end = student
        found.append(Found("role", role, start, end, text[start:end], explicit=not not_self))


def _close_role(word: str) -> str | None:
    import difflib

    if len(word) < FUZZY_MIN_LENGTH or not word.isalpha() or word.endswith("en"):  # verbs, plurals: 'begeleiden'
        return None
    if word.startswith(("kleuteronderwijs", "leerkrachten", "directie")):  # "mijn directie zegt": the management
        return None
    for role, words in FUZZY_ROLE_WORDS.items():
        if difflib.get_close_matches(word, words, n=1, cutoff=FUZZY_CUTOFF):
            return role
    return None


# Someone who is studying (a programme named with it is what they train for, not a diploma they hold).
STUDYING = re.compile(r"\b(studeer|studeert|student|studente|zit in|volg|volgt)\b|\b" + YEAR_OF_STUDY)


# ... or where the pupils go next ("beter voorbereiden op het secundair", a19-029)
FUTURE_SECTOR = re.compile(r"\b(overstappen|overstap|switchen|solliciteren|later|ooit|droom)\b[\w\s]{0,25}$|"
                           r"\b(voorbereid\w*|klaarstomen|overgang|doorstroom\w*|doorstroming) (op|naar) (het |de )?$|"
                           r"\b(wil|zou|wou) (\w+ ){0,3}naar (het|de|een) (\w+ )?$")


# "4 kinderen vanuit het SBO terugkregen", "hij gaat naar het SO": pupils' school, not where the teacher works
PUPILS_SCHOOL_BEFORE = re.compile(r"\b(vanuit|uit|naar|van)\s+(het|de|een)?\s*$")


def _own_special(pattern: str, text: str) -> re.Match | None:
    return next((m for m in re.finditer(pattern, text) if not PUPILS_SCHOOL_BEFORE.search(text[max(0, m.start() - 20):m.start()])),
                None)


# (within the clause, and not past a "nu": "ik was vroeger kapper, nu ben ik juf")
PAST_JOB_BEFORE = re.compile(r"\b(daarvoor|vroeger|voordien|ervoor|ik was|was ik|heb ik)\b(?:(?!\b(nu|sinds|en|maar)\b)[^.;!?,]){0,35}$")
PAST_JOB_AFTER = re.compile(r"[^.;!?]{0,20}\b(geweest|gestaan|gegeven)\b")


def _sector(text: str, lower: str, found: list[Found]) -> None:
    for value, pattern in CAPITAL_SECTORS:
        m = _own_special(pattern, text)
        if m:
            found.append(Found("sector", value, m.start(), m.end(), m.group(0), True))
            return
    both = BOTH_LEVELS.search(lower)
    # "kleuter en lager samen ... ik ben kleuterjuf": the school has both, she teaches the kleuters
    own_kleuter = re.search(r"\b(ik ben|als) (\w+ )?(kleuterjuf|kleuterleidster|kleuterleerkracht|kleuteronderwijzer\w*)\b", lower)
    special = _own_special(SECTOR_PATTERNS[0][1], lower)
    if both and not own_kleuter and not special:
        found.append(Found("sector", "basis", both.start(), both.end(), text[both.start():both.end()], True))
        return
    # a student names the bachelor they study: "ik studeer educatieve bachelor secundair onderwijs" is the
    # level they are training for
    studying = STUDYING.search(lower)
    for value, pattern in ([] if special else GRADE_SECTORS) + SECTOR_PATTERNS:
        m = next((m for m in re.finditer(pattern, lower)
                  if value != "speciaal" or not PUPILS_SCHOOL_BEFORE.search(lower[max(0, m.start() - 20):m.start()])
                  # "ik wil overstappen naar het buitengewoon onderwijs": where they want to go, not where they are
                  if not FUTURE_SECTOR.search(lower[max(0, m.start() - 40):m.start()])
                  # "daarvoor 10 jaar juf in het 2de lj", "ik was 15 jaar leerkracht in het 6de": where they
                  # taught before, not where they work now (a15, a24: school leaders and zorgco's of a basisschool)
                  and not PAST_JOB_BEFORE.search(lower[max(0, m.start() - 45):m.start()])
                  and not PAST_JOB_AFTER.match(lower[m.end():])
                  # "de master basisonderwijs" names a programme, not where someone teaches
                  and not re.search(r"\b(master|bachelor|banaba|schakelprogramma|opleiding|diploma)\s+(\w+\s+)?$",
                                   lower[:m.start()])
                  or (studying and re.search(r"\bbachelor\s+(\w+\s+)?$", lower[:m.start()]))), None)
        if m:
            if value == "basis" and m.group(0) == "pabo" and not re.search(r"\b(stud\w*|zit|doe|volg|student|jaar)\b", lower):
                continue  # "ik heb de pabo gedaan" is a diploma, not where they teach
            found.append(Found("sector", value, m.start(), m.end(), text[m.start():m.end()], True))
            return


RANGE_WITH_HYPHEN = re.compile(r"\b(\d+(?:[.,]\d+)?)\s*[-–]\s*(\d+(?:[.,]\d+)?)(?=\s*(?:uur|uurtjes|u\b|euro|€|min|minuten|km|jaar)\b)",
                               re.I)


# "2 uur, hooguit 3", "1u, max 2u", "2 uur, misschien 3": a low and a high estimate, a range like "2 à 3"
_N = r"(\d+(?:[.,]\d+)?|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|vijftien|twintig|dertig)"
UP_TO = re.compile(r"\b" + _N + r"\s*(uurtje|uur|u|euro|€|min|minuten)?\s*,?\s*(?:hooguit|max\.?|maximaal|maximum|misschien|"
                   r"soms|eventueel|desnoods|of zelfs)\s+" + _N + r"(?:(?<=\d)(?![\d.,]\d)|(?<=[a-zé])\b)\s*(uur|u|euro|€|min|minuten|km|jaar)?\b", re.I)


def _up_to(m: re.Match) -> str:
    low, first_unit, high, second_unit = m.groups()
    if first_unit and second_unit and first_unit.lower() != second_unit.lower() or (second_unit or "").lower() in ("km", "jaar"):
        return m.group(0)  # "4 uur, max 500 euro": two answers, not a range
    low = "1" if low.lower() in ("een", "één") else low
    first_unit = "uur" if (first_unit or "").lower() == "uurtje" else first_unit  # "een uurtje, soms 2" (a28-029)
    if (to_number(low) or 0) >= (to_number(high) or 0):
        return m.group(0)  # "budget 2000, max 1 uur reizen": a range goes up
    return f"{low} à {high} {first_unit or second_unit or ''}".rstrip()


# The Flemish "een 2-tal", "ne 3-tal uur", "een vijftal": about that many
ABOUT_TAL = re.compile(r"\b(?:(?:een|ne|nen|'n|n)\s+)?(\d+|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twintig|dertig|"
                       r"veertig|vijftig|zestig)-?tal\b", re.I)


def expand_abbreviations(text: str) -> str:
    """'juf 4de lj' -> 'juf 4de leerjaar', '6-8 uur' -> '6 à 8 uur': the words the rest of the reading knows.
    Offsets shift, so callers read the expanded text throughout."""
    text = RANGE_WITH_HYPHEN.sub(r"\1 à \2", text)
    # "1 à 2u", "6-8u": the unit glued to the range's second number belongs to both ("2u" alone stays as it is)
    text = re.sub(r"(\d+(?:[.,]\d+)?\s*(?:à|-|–|tot|of)\s*\d+(?:[.,]\d+)?)(u|h)\b", r"\1 uur", text, flags=re.I)
    text = UP_TO.sub(_up_to, text)
    # "een uur of 2, 3": about two or three hours (a27-060)
    text = re.sub(r"\b(?:een |ne |n )?uur(?:tje)? of (\d+)\s*(?:,|/|of)\s*(\d+)\b(?!\s*(?:uur|u|euro|min))", r"\1 à \2 uur",
                  text, flags=re.I)
    text = re.sub(r"^\s*(\d+(?:[.,]\d+)?)\s*[-–]\s*(\d+(?:[.,]\d+)?)\s*$", r"\1 à \2", text)  # a bare "3-4"
    text = re.sub(r"\bc\.? ?l\.? ?b\b\.?", "clb", text, flags=re.I)  # dictated "c l b"
    text = ABOUT_TAL.sub(r"ongeveer \1", text)  # "een 5-tal uur", "ne drietal": about five, about three
    return re.sub(r"(?<![\w'])(" + "|".join(re.escape(a) for a in ABBREVIATIONS) + r")(?![\w'])",
                  lambda m: ABBREVIATIONS[m.group(1).lower()], text, flags=re.I)


# Words of delivery that, with these, name a topic: "online pesten", "wat ze online zien", "fysiek geweld"
NOT_A_FORM = re.compile(r"\bonline\s+(pesten|gepest|gedrag|veiligheid|wereld|media|gamen|gaming|identiteit|privacy|risico'?s?|"
                        r"leven|contact|spelletjes|spellen|games|informatie|bronnen|nieuws|fake|desinformatie|haat|"
                        r"lesgeven|les geven|lessen geven|onderwijs geven|lesmateriaal|materiaal|tools?|platform\w*|"
                        r"toets\w*|oefen\w*|zien|lezen|vinden|delen|zoeken|zetten|posten|staan|gebeurt)\b|\b(pesten|gepest|veilig|zien|lezen|vinden|delen|zoeken|doen|zitten|"
                        r"zit|zijn|gedrag|sociale media|internet|nieuws)\s+online\b|\bonline en offline\b|"
                        r"\bfysieke?\s+(geweld|contact|beperking\w*|agressie|klachten|gezondheid|problemen|ruimte|"
                        r"activiteit\w*|inspanning)\b|\bfysiek\s+(ingrijpen|ingegrepen|geweld|agressief|pijn)\b")
# How they teach their own class, not how they want to learn ("hybride lesgeven", "les in een mix van online en op
# school", "helft thuis helft in de klas"), unless the message also says how to follow something
OWN_TEACHING = re.compile(r"\b(lesgeven|les geven|les te geven|geven we|geef ik|geven (we |ik |ze )?(\w+ )?les|lessen geven|"
                          r"onze leerlingen|mijn leerlingen|de leerlingen|thuisgroep|klas van \d+|in de klas)\b")
LEARNING_FORM = re.compile(r"\b(volgen|te volgen|liefst|het liefst|bij voorkeur|voorkeur|graag (online|fysiek|op)|voor mij|"
                           r"mag ook|bijeenkomst\w*|sessies?|(zoek|wil|volg)\w* (een |de )?(\w+ )?(cursus|training|opleiding|nascholing))\b")
# The school as a place to learn only in a sentence about how or where to follow something
# the words that make "op school" or "gemengd" a way to learn stand this close to it (characters): a long message
# has "les" or "opleiding" somewhere ("op school ben ik degene die ... een opleiding erachter")
DELIVERY_NEAR = 30
SCHOOL_PLACE = re.compile(r"op (onze|mijn|de) school|op school|bij ons op school|in de school")
DELIVERY_CONTEXT = re.compile(r"\b(volgen|bijeenkomst\w*|lessen|les|cursus|training|opleiding|sessies?|liefst|graag|alleen|"
                              r"enkel|mag|kan|kunnen|zelf|niet reizen|verplaatsen|online|komen|organiseren)\b")


# "twijfel tussen een banaba of de master", "wil hierna naar de uni", "een schakelprogramma starten": a degree
DEGREE_WISH = re.compile(r"\b(wil|wilt|graag|zou|twijfel|denk|overweeg|plan|droom|ambieer|start|starten|beginnen|volgen|doen|"
                         r"(?<!geen )goesting|(?<!geen )zin)\b"
                         r"[^.?!]{0,60}\b(master\w*|premaster|schakel(programma|traject|jaar)|banaba|postgraduaat|"
                         r"universiteit|de uni|naar de uni|verder studeren)\b")


# Colleagues who have a master, and the teacher's own wish for one
OTHERS_DEGREE = re.compile(r"\b(\d+|twee|drie|vier|vijf|collega'?s?|docenten|leerkrachten|leraren|mensen|masterdocenten)\b"
                           r"( \w+){0,2} met (een|hun|de) (\w+ )?master|"
                           # "3 van mijn leerkrachten willen de master gaan doen", "3 leerkrachten die een master
                           # willen doen" (a24, a23): a school leader speaks of the team's wish
                           r"\b(\d+|twee|drie|vier|vijf|collega'?s|docenten|leerkrachten|leraren|mensen)\b( \w+){0,3}"
                           r" (willen|gaan|wilden)\b[^.?!]{0,30}\bmaster|"
                           r"\b(collega'?s|docenten|leerkrachten|leraren|mensen) die (een|de) ([^.?!]{0,25} )?master\w* (\w+ )?(willen|gaan|doen|volgen)")
OWN_DEGREE_WISH = re.compile(r"\bik\b[^.?!]{0,30}\b(wil|zou|graag|overweeg|denk)\b[^.?!]{0,40}\bmaster|\bzelf (een|de|ook) (\w+ )?master")
# "een master zou mooi zijn", "het liefst met een master", "die een onderwijskundige master wil doen", "dat
# papiertje wil ik", "eerstegraads of een master": the wish said after the degree, or a degree word alone
DEGREE_WISH_AFTER = re.compile(r"\bmaster\w*\b[^.?!]{0,25}\b(zou|zie ik|lijkt|wil|doen|halen|erbij|mooi|interessant|fijn)\b|"
                               r"\b(liefst|graag|wil|worden|voorkeur)\b[^.?!]{0,30}\bmet een (\w+ )?master\b|\bpapiertje\b|\bofficieel op papier\b|\bop papier (hebben|krijgen|staan)\b|"
                               r"\b(eerstegraads|bevoegdheid) (halen|behalen|worden)|\b(wil|moet) (ik )?(\w+ )?bevoegd worden\b|"
                               r"\b(door|verder) naar (de |een )?(master|eerstegraads)|\beerstegraads of\b|"
                               # "ik zoek een postgraduaat of banaba", "zit te denken aan die master basisonderwijs",
                               # "daar een diploma in halen" (dev authors: a13-003, a13-053, a16-028, a13-001, a12-027)
                               r"\bzoek(en)? (een|ne|nen|naar een) (\w+ )?(master|banaba|postgraduaat|schakelprogramma|premaster)|"
                               r"\bdenken aan (een|ne|die|de) (\w+ )?(master|banaba|postgraduaat|schakelprogramma)|"
                               r"\bdiploma (in|voor|bij) halen\b|\b(banaba|postgraduaat) misschien\b|"
                               # a sentence that starts with the degree as the goal: "master sen", "banaba
                               # zorgverbreding, liefst avond", "master, maar in limburg is niks?" (a19)
                               r"(^|[.!?;]\s*)(ok dan zo\W+)?(een |ne |de )?(master|banaba|postgraduaat|schakelprogramma|premaster)\b"
                               r"(?!\w)(?![^.?!]{0,50}\b(heb ik|hebben|heeft|gedaan|behaald|gehaald|afgerond|al)\b)|"
                               # "een diploma erbij zou mooi zijn", "ja een diploma mag", "een diploma zou goed zijn"
                               r"\b(diploma|getuigschrift|graad)\b(?![^.?!]{0,20}\b(niet|geen|hoeft)\b)[^.?!]{0,20}"
                               r"\b(erbij|zou (mooi|goed|fijn|handig|leuk|nuttig|welkom)|mag|mooi meegenomen|meegenomen|pluspunt|welkom)\b|"
                               # "liefst iets met een diploma of getuigschrift" (a27-045)
                               r"\b(liefst|graag|bij voorkeur|het liefst) (iets |een opleiding )?met (een )?(diploma|getuigschrift|graad|attest)\b")


ELSEWHERE = re.compile(r"\b(ook|mag|mogen|desnoods|eventueel|over de grens)\b[\w\s]{0,10}$")
_REGION_WORD = re.compile(r"\b(" + "|".join(w for words_ in REGION_WORDS.values() for w in words_) + r")\b")


def _elsewhere(lower: str, start: int) -> bool:
    """A country named where the offer may be, not where they are: 'het mag ook in belgië zijn'."""
    return bool(ELSEWHERE.search(lower[max(0, start - 25):start]))


def offer_elsewhere(text: str) -> bool:
    """Whether the text names a country only as where the offer may be (no fact, and no part of a goal)."""
    lower = text.lower()
    return any(_elsewhere(lower, m.start()) for m in _REGION_WORD.finditer(lower))


def _region_delivery_diploma(doc, lower: str, found: list[Found], pending: str | None = None) -> None:
    # a province first: "Zeeuws-Vlaanderen" is in the Netherlands
    province = next(((region, m) for region, pattern in PROVINCES.items()
                     if (m := re.search(r"\b(" + pattern + r")\b", lower))), None)
    if province:
        region, m = province
        found.append(Found("region", region, m.start(), m.end(), m.group(0), True))
    for region, words_ in ({} if province else REGION_WORDS).items():
        # "het mag ook in belgië zijn", "of over de grens in nederland": where the offer may be, not where they are
        hit = next((t for t in doc if t.lower_ in words_ and not _elsewhere(lower, t.idx)), None)
        if hit is not None:
            found.append(Found("region", region, hit.idx, hit.idx + len(hit), hit.text, True))
            break
    negated_online = re.search(r"\bniet (alleen |enkel |volledig )?online\b|\bgeen online\b|\bniet digitaal\b", lower)
    # "online pesten", "fysiek geweld": a topic, not how to learn (blanked, so offsets stay)
    about = NOT_A_FORM.sub(lambda m: " " * len(m.group(0)), lower)
    for value, pattern in DELIVERY_PHRASES:
        m = re.search(pattern, about)
        if m and value != "any" and pending not in ("max_travel_minutes", "delivery") and OWN_TEACHING.search(lower) \
                and not LEARNING_FORM.search(lower):
            break  # "we moeten ineens hybride lesgeven", "geven we les in een mix van online en op school": how they teach
        if m and not (value == "online" and negated_online):
            if value == "any" and not re.search(r"online|plaats|locatie|fysiek|afstand|vorm", lower):
                continue  # "maakt niet uit" alone is answered by the slot that was asked
            near = lower[max(0, m.start() - DELIVERY_NEAR):m.end() + DELIVERY_NEAR]
            where_or_who = (value == "on_site" and SCHOOL_PLACE.fullmatch(m.group(0)) or value == "blended" and m.group(0) == "gemengd") \
                and pending not in ("max_travel_minutes", "delivery")
            if where_or_who and not DELIVERY_CONTEXT.search(near):
                continue  # "er wordt veel gepest op school", "mijn klas is heel gemengd": where or who, not how to learn
            # even near such a word it is often where the teacher works ("bij ons op school komen elk jaar 3 of 4
            # starters binnen", "ik wil graag dingen veranderen op school", dev2): the learned filter decides
            found.append(Found("delivery", value, m.start(), m.end(), lower[m.start():m.end()], True, weak=where_or_who))
            break
    if negated_online and not any(f.entity == "delivery" for f in found):
        found.append(Found("delivery", "on_site", negated_online.start(), negated_online.end(),
                           negated_online.group(0), True))
    studying = STUDYING.search(lower)
    for value, pattern in DIPLOMA_PHRASES:
        m = re.search(pattern, lower)
        if m and re.search(r"\b(heb|diploma|afgestudeerd|gestudeerd|behaald|gehaald|opleiding|bachelor|master|gedaan|pabo|hbo)\b", lower):
            if value == "master" and (
                    not re.search(r"\b(heb|behaald|gehaald|afgestudeerd|al)\b.{0,25}\bmaster|master(diploma)?\b.{0,15}\b(behaald|gehaald|op zak)|"
                              # "ik heb na mijn bachelor nog een master pedagogische wetenschappen gedaan" (a28-031)
                              r"\bnog een master\b[^.?!]{0,40}\b(gedaan|behaald|gehaald|afgerond)\b", lower)
                    or re.search(r"\b(goesting|zin|interesse|plan|plannen|droom|wil|graag)\b.{0,20}\bmaster", lower)
                    or re.search(r"\b(heb|had) (nog )?geen (\w+ )?master", lower)):
                continue  # "ik wil een master", "heb goesting om een master te doen": an ambition, not a diploma
            if studying and not re.search(r"\b(heb|behaald|gehaald|afgestudeerd|gedaan|al een)\b", lower):
                continue  # "ik studeer educatieve bachelor secundair": the diploma is still to come
            if value in ("pabo", "hbo_bachelor") and not re.search(
                    r"\b(heb|behaald|gehaald|afgestudeerd|gedaan|diploma|na|met mijn|met een)\b.{0,20}\b(pabo|hbo|bachelor)|"
                    r"(pabo|hbo|bachelor).{0,20}\b(diploma|gedaan|afgerond|afgestudeerd|gehaald)|"
                    # "ik ben net van de pabo af", "in 2012 van de pabo gekomen" (a23, a25)
                    r"\b(van|uit) de pabo (af|gekomen|afgestudeerd)\b|\bnet van de pabo\b|"
                    # "kom uit de IT (hbo informatica)", "20 jaar bij de politie (hbo integrale veiligheid)" (a29)
                    r"\(\s*hbo[- ]\w+", lower[max(0, m.start() - 30):m.end() + 30]):
                continue  # (said of this word: "docent op de pabo ..., heb zelf alleen een hbo bachelor", a31-026)
            if re.match(r"[^.;!?]{0,12}\bniet (gedaan|gehaald|afgemaakt)\b", lower[m.end():]) or \
                    re.search(r"\bgeen\s+$", lower[max(0, m.start() - 8):m.start()]):
                continue  # "ik heb de pabo niet gedaan maar wel hbo pedagogiek" (a31-022)
            found.append(Found("diploma", value, m.start(), m.end(), lower[m.start():m.end()], True))
            break
    if re.search(r"\b(geen|gene|genen|gienen) (\w+ )?(diploma|graad|master)( nodig)?\b|\bgeen (zin|goesting|interesse|nood) (in|aan|om) (een |de )?(\w+ )?(master|diploma)\b|\bhoeft geen (diploma|master)\b|\bniet (per se )?(een|de) master\b", lower) \
            and not re.search(r"\b(heb|had) (nog )?geen", lower):
        found.append(Found("wants_degree", False, 0, len(lower), lower))  # "geen master", "ik wil geen diploma"
    elif re.search(r"\bliever (iets )?(kort|korter|korts|kleiners?)\w* dan (een |de )?(hele |volledige |ganse )?master\b", lower):
        found.append(Found("wants_degree", False, 0, len(lower), lower))  # "liever iets korts dan een hele master" (a27-054)
    elif re.search(r"\b(master|diploma)\b (zie ik|hoeft|moet|wil ik) (\w+ )?(niet|nooit)\b", lower) \
            or re.search(r"\b(master|diploma)\b[^.?!]{0,25}\bmaar (het )?(moet|hoeft) niet( per se| perse)?\b", lower):
        # ("een master zou mooi zijn, maar moet niet per se", a28-012)
        pass  # "een master zie ik niet zitten", "de master hoeft niet": no wish, and no refusal said plainly either
    elif re.search(r"\bniet (meteen |direct |per se |echt |zozeer )?(een |de )?(hele |volledige |ganse )?master\b", lower):
        pass  # "op universitair niveau bijleren, maar niet meteen een hele master van 2 jaar" (a20-056)
    elif OTHERS_DEGREE.search(lower) and not OWN_DEGREE_WISH.search(lower):
        pass  # "in mijn team zitten er 4 met een master en we doen er niks mee" (dev2): others have one
    elif pending == "diploma" and any(re.search(pattern, lower) for _, pattern in DIPLOMA_PHRASES) \
            and not re.search(r"\b(wil|wilt|graag|zou|zoek|denk|halen|doen|volgen|plan)\b", lower):
        pass  # "master wiskunde, met SLO" answers the diploma question: the degree held, no wish (a25-009)
    elif re.search(r"\b(diploma|master|bachelor|graad)\b", lower) and re.search(r"\b(wil|graag|zoek|ambieer|halen)\b.{0,25}\b(diploma|master|graad)|master halen", lower) \
            or DEGREE_WISH.search(lower) or DEGREE_WISH_AFTER.search(lower):
        found.append(Found("wants_degree", True, 0, len(lower), lower))


def _wishes(lower: str, found: list[Found]) -> None:
    """Which of delivery, travel and budget were said as a wish ('liefst online', 'het mag max een half
    uur zijn' is a requirement). Recorded as `preference` facts naming the slot."""
    for f in list(found):
        if f.entity not in ("delivery", "max_travel_minutes", "budget_eur") or f.value == "any":
            continue
        clause = _clause(lower, f.start, f.end)
        wish, need = WISH.search(clause), REQUIREMENT.search(clause)
        if wish and not need:
            found.append(Found("preference", f.entity, f.start, f.end, f.text))


def _clause(lower: str, start: int, end: int) -> str:
    """The part of the sentence a fact stands in: between punctuation, 'en' and 'maar'."""
    bounds = [m.end() for m in re.finditer(r"[.,;!?]| en | maar ", lower[:start])]
    rights = [m.start() for m in re.finditer(r"[.,;!?]| en | maar ", lower[end:])]
    return lower[max(bounds, default=0):end + min(rights) if rights else len(lower)]


def _is_experience(doc, end: int, first: int | None = None) -> bool:
    """'6 jaar ervaring', '12 jaar voor de klas', 'sinds 3 jaar juf', 'ruim 20 jaar al', a bare 'vijfentwintig
    jaar' - not '2 jaar deeltijds', not 'leerlingen van 16-18 jaar' (an age). first: where the span begins when
    its number comes last ("een jaar of 12")."""
    words = [t.lower_.strip(".,!?;:") for t in doc]
    start = first if first is not None else \
        next((i for i in range(end - 1, -1, -1) if words[i] not in ("jaar", "jaren", "jr", "joar")), end - 1)
    before = words[max(0, start - 3):start]
    if "van" in words[max(0, start - 4):start] and set(words[max(0, start - 7):start]) & AGE_NOUNS or words[end:end + 1] == ["oud"]:
        return False
    if words[start - 1:start] and words[start - 1] in ("over", "binnen", "na", "om", "nog") or words[end:end + 1] == ["geleden"]:
        return False  # "over 2 jaar gaat onze zorgco met pensioen", "12 jaar geleden": a moment, not years taught
    if set(words[max(0, start - 3):start]) & AGE_NOUNS:
        return False  # "de kinderen zijn 9 jaar": an age
    after = words[end:end + 4]
    teaching_after = any(w.endswith(fact_filter.TEACHER_WORD_ENDINGS) for w in after) or "voor de klas" in " ".join(after)
    # "ik was 20 jaar kapper", "werkte 15 jaar als chemicus": another job ("daarvoor was ik 9 jaar groepsleerkracht",
    # a26-002, is years taught)
    if set(before) & {"was", "werkte", "gewerkt"} and not teaching_after:
        return False
    if before[-1:] == ["ben"] and not set(words[end:end + 4]) & {"al", "juf", "leerkracht", "docent", "meester", "leraar",
                                                                 "lerares", "kleuterjuf", "kleuterleidster", "onderwijzer",
                                                                 "onderwijzeres", "directeur", "zorgco", "lkr", "in", "voor"}:
        return False  # "ik ben 35 jaar" is an age; "ik ben 15 jaar kleuterjuf" is not (a21-047)
    if words[end:end + 1] == ["niet"] or re.match(r"\s*(in|op|aan|bij) (dezelfde|deze|onze|die|hetzelfde|de huidige|mijn huidige)"
                                                  r" (school|team|plek)", doc[end:].text.lower() if end < len(doc) else ""):
        return False  # "al 10 jaar niet meer voor een klas" (a22-029), "7 jaar in dezelfde school" (a21-053): not years taught
    if len([w for w in words if w]) <= 4 and not set(words) & NOT_EXPERIENCE:
        return True  # "vijfentwintig jaar", "ruim 11 jaar": a message that is only a number of years
    sentence_start = max([i + 1 for i in range(start) if doc[i].text in (".", "!", "?")], default=0)
    near = set(words[sentence_start:start])
    if near & OTHER_PEOPLE and not near & {"ik", "'k", "mijn", "me", "mij"}:
        return False  # "sommigen staan al 30 jaar voor de klas" (a23-027): the colleagues' years
    if teaching_after or set(before) & {"daarvoor", "ervoor", "voordien", "voorheen"} and \
            TAUGHT_AFTER.match(doc[end:].text.lower() if end < len(doc) else ""):
        return True  # "daarvoor 2 jaar in het regulier" (a11-022)
    window = set(words[max(0, end - 10):end + 5])
    if any(w.endswith("school") and w not in ("hogeschool", "zomerschool") and set(words[max(0, i - 2):i]) & {"in", "op", "aan", "bij"}
           for i, w in enumerate(words) if max(0, end - 10) <= i < end + 5):  # "onze school doet al 4 jaar mee" is the school's
        return True  # "daarvoor 4 jaar in een dorpsschool", "12 jaar op een basisschool"
    if window & {"totaal", "ervaring", "onderwijs", "klas", "les", "lesgeven", "juf", "leraar", "leerkracht",
                 "werkzaam", "dienst", "job", "beroep", "kleuterjuf", "ervaren", "docent", "meester", "sta", "staat", "vak",
                 "geef", "geeft", "kleuterklas", "leerjaar", "lesgever", "stond", "gaf"}:
        return True
    if re.search(r"\b((ik|'k) )?doe (dit|dat|da|het)( werk)?( nu| al| intussen)*$", " ".join(words[max(0, start - 6):start])):
        return True  # "Ik doe dit 7 jaar", "ik doe dit nu 5 jaar", "ik doe da nu 8 jaar": the job just described (a14, a30)
    # "al", "sinds", "werk" alone say how long something lasts: years taught only when they speak of themselves
    # ("ik werk al 3 jaar"), not of the school or the team ("we werken al 2 jaar met co-teaching")
    return bool(window & {"werk", "sinds", "al"}) and bool(near & {"ik", "'k", "ben", "werk"}) \
        and not near & {"we", "wij", "ze", "zij", "hij", "onze", "ons", "hebben", "doen", "gebruiken", "loopt", "bestaat"}


AGE_NOUNS = {"leerlingen", "lln", "kinderen", "kids", "kind", "leerling", "jongeren", "pubers", "kleuters", "zoon",
             "dochter", "studenten", "jongens", "meisjes"}
# Groups a sentence can be about: then its years are theirs ("ze" or "mijn collega" can be the person a
# counsellor asks for, whose profile this is: "Ze is 34, staat al 11 jaar in de 2de kleuterklas", a6-012).
OTHER_PEOPLE = {"sommigen", "sommige", "anderen", "velen", "collega's", "collegas", "leerkrachten", "teamleden", "iedereen"}
NOT_EXPERIENCE = {"duurt", "duren", "over", "geleden", "deeltijds", "deeltijd", "studie", "opleiding", "oud", "stage",
                  "max", "maximaal", "hooguit", "binnen", "nog", "per", "lang"}
# "ben in 2014 begonnen", "sta sinds 2005 in het onderwijs": the years since then - but "sinds 2019 op deze
# school" is how long at this school, not in teaching
SINCE_YEAR = re.compile(r"\b(?:(?:ben|begon|begonnen|gestart|startte|sta|zit|werk|werkzaam|actief|lesgeef|lesgeven)\b"
                        r"[^.?!\d]{0,30}?\b(?:sinds|in|vanaf)\s+((?:19[6-9]|20[0-2])\d)\b(?![^.?!]{0,25}\b(?:op deze|op onze|"
                        r"op die|op mijn|op m'n|hier|bij ons|op school)\b)|"
                        r"\b(?:sinds|in|vanaf)\s+((?:19[6-9]|20[0-2])\d)\s+(?:ben ik |zit ik |sta ik )?(?:begonnen|gestart|"
                        r"in het onderwijs|in het vak|voor de klas|aan het lesgeven|juf|meester|leerkracht|docent|leraar)|"
                        # "in het onderwijs sinds 2001" (a29-051), "al sinds 2009 werk ik in het speciaal basisonderwijs"
                        r"\b(?:in (?:het|'t) onderwijs|in het vak|voor de klas|aan het lesgeven)\s+(?:al\s+)?sinds\s+"
                        r"(?P<taught_since>(?:19[6-9]|20[0-2])\d)\b|"
                        r"\bsinds\s+((?:19[6-9]|20[0-2])\d)\s+(?:werk|sta|geef) ik\b(?![^.?!]{0,25}\b(?:op deze|op onze|"
                        r"op die|hier|bij ons|op school)\b))")
# "2e jaar pas", "zit in mn 3e jaar": the how-manieth year of teaching - not "pabo 2e jaar", "stagiaire van het
# 3de jaar" (a student's year of study)
# (only with a word of teaching or "pas": a student in "mijn 3de jaar" is in a year of study)
NTH_YEAR = re.compile(r"\b(?:(?:zit|ben|sta) (?:nu )?in (?:mijn|mn|m'n|het|'t) )?(\d|eerste|tweede|derde|vierde|vijfde)(?:ste|de|e)? "
                      r"jaar(?:tje)? (?:pas|nog maar|bezig|in het onderwijs|als (?:juf|leerkracht|docent|meester|leraar)|voor de klas)\b|"
                      r"\b(?:sta|geef les|werk|zit|ben) (?:nu |pas |nog maar |al )*(?:in )?(?:mijn|mn|m'n) (\d|eerste|tweede|derde|vierde|vijfde)(?:ste|de|e)? jaar\b")
# A teacher in the first school year of teaching says when they started, with a word of teaching in the
# same sentence: "ik sta sinds september in 't 1ste leerjaar", "geef sinds dit schooljaar techniek", "startende
# leerkracht Nederlands ..., sinds september" (a30): no full year yet. ("sinds vorig schooljaar" is left to the
# learned filter: most authors do not count it as a year.)
START_MOMENT = re.compile(r"\bsinds (?:september|augustus|oktober|dit schooljaar|het begin van dit schooljaar)\b|"
                          r"\bmijn (?:aller)?eerste job\b|\bnet begonnen als\b")
TEACHING_VERB = re.compile(r"\b(sta|geef|werk|ben|startende|beginnende|begonnen)\b")
TEACHING_WORD = re.compile(r"\b(les|klas|groep|\w*leerjaar|lj|\w*kleuterklas|graad|\w*leerkracht|juf|meester|leraar|lerares|"
                           r"\w*docent|onderwijzer\w*|lkr|pav|okan\S*|voor de klas)\b")
# Roles that lead or support rather than teach a class (their years are not years taught), and the words that
# put a part of a career before the present one
LEADING_ROLES = r"directeur|directrice|adjunct\w*|ib'?er|ib-er|intern begeleider|zorgco\w*|coördinator|teamleider|schoolleider"
EARLIER = r"daarvoor|ervoor|voordien|voorheen|eerst"
LEADS_NOW = re.compile(r"\b(" + LEADING_ROLES + r"|mentor|begeleider|op (een|deze) nieuwe school|van school veranderd)\b")
EARLIER_YEARS = re.compile(r"\b(" + EARLIER + r"|hiervoor)\b[^.;!?]{0,30}\b(\d+|\w+tig|\w+tien) jaar\b"
                           r"(?! als (?!juf|leerkracht|docent|leraar|meester))")


def _started_this_year(lower: str) -> tuple[float, int, int] | None:
    """(0 years, start, end) of a starter's "sinds september" - not of a student, of someone who says a leading role in
    that sentence (a new director or IB'er has years before) or of someone who tells earlier years ("daarvoor 3 jaar
    in het SBO")."""
    if STUDYING_WORDS.search(lower) or EARLIER_YEARS.search(lower):
        return None
    for m in START_MOMENT.finditer(lower):
        sentence_start = max((i + 1 for i, c in enumerate(lower[:m.start()]) if c in ".;!?\n"), default=0)
        ends = [i for i in (lower.find(c, m.end()) for c in ".;!?\n") if i >= 0]
        sentence = lower[sentence_start:min(ends, default=len(lower))]
        # (a role said in the same sentence: "er is geen mentor op onze school" in the next one is no role, a30-032)
        if TEACHING_VERB.search(sentence) and TEACHING_WORD.search(sentence) and not HERE_NOW.search(sentence) \
                and not LEADS_NOW.search(sentence):
            return 0.0, m.start(), m.end()
    return None


# "ik werk hier sinds 2020", "ik zit sinds 2016 bij dit roc", "we zijn in 2021 gestart": this school's years
HERE_AT_SCHOOL = re.compile(r"\b(hier|op (deze|onze|die|mijn|m'n) school|bij ons|bij (dit|deze|die|onze) \w+|we|wij)\b")
# "sinds september op een nieuwe school", "sinds september 3 kinderen met autisme in mijn klas": not a starter
HERE_NOW = re.compile(r"\b(nieuwe school|deze school|andere school|kinderen|leerlingen|kids|we|wij|hebben|heeft)\b")
STUDYING_WORDS = re.compile(r"\b(pabo|student\w*|stage\w*|stagiair\w*|opleiding|studeer|studie|lerarenopleiding|lio)\b")


def _experience_in_words(text: str, lower: str, found: list[Found], taken: set[int], doc) -> None:
    if any(f.entity == "experience_years" and not f.weak for f in found):
        return
    year = today().year
    for m in SINCE_YEAR.finditer(lower):
        # "in 2023 begonnen aan de lerarenopleiding" is a student's start; "ik ben in 2012 aan de pabo begonnen en
        # sta sinds 2016 voor de klas" (a29-048) is 10 years taught: studying is judged in the year's own clause
        group = next(i for i, g in enumerate(m.groups(), 1) if g)
        clause = _clause(lower, m.start(group), m.end(group))
        if STUDYING_WORDS.search(clause):
            continue
        if not m.group("taught_since") and (LEADS_NOW.search(clause) or HERE_AT_SCHOOL.search(clause)):
            continue  # "ik ben sinds 2017 directeur" (a23-013), "ik werk hier sinds 2020" (a28-006), "we zijn in 2021
            # gestart" (a6-028): a role, a school's years, not years taught
        since = int(m.group(group))
        if since <= year:
            found.append(Found("experience_years", float(year - since), m.start(), m.end(), text[m.start():m.end()],
                               sure=True))
            return
    started = _started_this_year(lower)
    if started:
        # "na 11 jaar als accountant werk ik sinds augustus als leerkracht" (a29-007): the other job's years go
        found[:] = [f for f in found if f.entity != "experience_years"]
        found.append(Found("experience_years", started[0], started[1], started[2], text[started[1]:started[2]],
                           sure=True))
        return
    m = NTH_YEAR.search(lower)
    # ("dit is mijn 3de jaar voor de klas ... ik wil geen hele opleiding opnieuw", a29-053: a year said with a word of
    # teaching is judged by its own clause; "ik zit in mijn 3de jaar" by the whole message)
    studying = STUDYING_WORDS.search(_clause(lower, m.start(), m.end()) if m and m.group(1) else lower)
    if m and not studying and not STUDY_PROGRAMME.match(lower[m.end():]):
        word = m.group(1) or m.group(2)
        n = int(word) if word.isdigit() else ORDINAL_WORDS.get(word)
        if n:
            found.append(Found("experience_years", float(n), m.start(), m.end(), text[m.start():m.end()]))
            return
    # what no rule above vouches for, the learned filter judges: "sinds 2011", "sinds '15", "mijn 8ste jaar",
    # "dit is mijn zesde schooljaar" (a student's "mijn 3de jaar" of study as well: the words around decide)
    earlier = [f for f in found if f.entity == "experience_years"]  # weak ones of the matcher: no second candidate
    for m in ANY_SINCE_YEAR.finditer(lower):
        since = int(m.group(1)) if len(m.group(1)) == 4 else 2000 + int(m.group(1)[1:])
        if since <= year and not any(f.start <= m.start() < f.end for f in earlier):
            found.append(Found("experience_years", float(year - since), m.start(), m.end(), text[m.start():m.end()],
                               weak=True))
    for m in ANY_NTH_YEAR.finditer(lower):
        word = m.group(1)
        n = int(word) if word.isdigit() else ORDINAL_WORDS.get(word)
        if n and not any(f.start <= m.start() < f.end for f in earlier):
            # "'t is mijn 8ste jaar", "dit is mijn zesde schooljaar": a teacher's how-manieth year, unless the
            # message speaks of studying or a programme follows ("mijn 3de jaar kleuteronderwijs")
            study = STUDYING_WORDS.search(lower) or STUDY_PROGRAMME.match(lower[m.end():])
            found.append(Found("experience_years", float(n), m.start(), m.end(), text[m.start():m.end()],
                               weak=bool(study)))


# A career told in parts, in one message: the years taught are the experience (eval/blind's authors count the
# classroom years of an IB'er or a director, and add up the years in two kinds of school)
BEFORE_THAT = re.compile(r"\b(" + EARLIER + r")\b[^.;!?]{0,25}$")
NOT_TEACHING_JOB = re.compile(r"^[^.;!?]{0,25}?\b(" + LEADING_ROLES + r"|directie|clb\w*|begeleider)\b")
NOT_TEACHING_BEFORE = re.compile(r"\b(" + LEADING_ROLES + r")\b[^.;!?\d]{0,12}$")
TAUGHT_AFTER = re.compile(r"^[^.;!?]{0,30}?\b(\w*(leerkracht|leraar|lerares|juf|meester|docent|onderwijzer\w*)|voor de klas|"
                          r"in de klas|klas|gestaan|interim\w*|invaller|invalkracht|lager|kleuter\w*|leerjaar|groep|regulier|"
                          r"gewoon onderwijs|buo|bubao|sbo|speciaal\w*|basisonderwijs|basisschool|secundair\w*|lesgegeven)\b")
PART_OF = re.compile(r"\bwaarvan\s+(ik\s+)?$")
PART_IN_TEACHING = re.compile(r"\bwaarvan\s+(\d+)\s+(?!jaar)(in het onderwijs|voor de klas|in de klas|als (leerkracht|docent|leraar|juf))")


def career_years(facts: list[Found], lower: str) -> list[Found]:
    """Several years in one message: "sinds 3 jaar IB'er en daarvoor 7 jaar groepsleerkracht" is 7 years taught,
    "5 jaar BuO, daarvoor 2 jaar gewoon lager" is 7, "15 jaar in het vak, waarvan 6 in het onderwijs" is 6
    (a26-039, a27-045, a28-028). One mention, or parts that cannot be told apart, stay as they were."""
    years = [f for f in facts if f.entity == "experience_years"]
    part = PART_IN_TEACHING.search(lower)
    if part:  # "waarvan 6 in het onderwijs": the part that was teaching, whatever the whole was
        return [f for f in facts if f.entity != "experience_years"] + [
            Found("experience_years", float(part.group(1)), part.start(1), part.end(), part.group(0), True)]
    if len(years) < 2:
        return facts
    total = next((f for f in years if abs(float(f.value) - sum(float(o.value) for o in years if o is not f)) < 0.5), None)
    keep = total or next((f for f in years if PART_OF.search(lower[:f.start])), None)
    if keep is None:
        def other_job(f):  # "8 jaar directeur", "IB'er, 3 jaar" (and not "directeur, 15 jaar voor de klas")
            return NOT_TEACHING_JOB.match(lower[f.end:]) or NOT_TEACHING_BEFORE.search(lower[:f.start]) \
                and not TAUGHT_AFTER.match(lower[f.end:])
        taught = [f for f in years if not other_job(f) and TAUGHT_AFTER.match(lower[f.end:])]
        if not taught or len(taught) == len(years) and not any(BEFORE_THAT.search(lower[:f.start]) for f in taught):
            return facts
        link = BEFORE_THAT.search(lower[:taught[-1].start])
        if link and link.group(1) == "eerst" and years[0] is not taught[-1] and years[0].start < link.start():
            keep = years[0]  # "ik ben 5 jaar juf: eerst 3 jaar in het regulier en nu 2 op het SBO" (a26-055): the total
        elif len(taught) == 2 and BEFORE_THAT.search(lower[:taught[1].start]) and not re.search(r"\b(totaal|samen)\b", lower):
            first, second = taught
            keep = Found("experience_years", float(first.value) + float(second.value), first.start, second.end,
                         lower[first.start:second.end], first.explicit or second.explicit)
        else:
            keep = taught[-1] if BEFORE_THAT.search(lower[:taught[-1].start]) else taught[0]
    return [f for f in facts if f.entity != "experience_years"] + [keep]


ORDINAL_WORDS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6, "zevende": 7,
                 "achtste": 8, "negende": 9, "tiende": 10, "elfde": 11, "twaalfde": 12}
STUDY_PROGRAMME = re.compile(r"\s*(?:kleuter|lager|secundair|basis|bachelor|master|bao|so\b|educatie|onderwijs\b|opleiding|"
                             r"pabo|banaba|van de|aan de|op de (?:hogeschool|pabo|unief|universiteit))")
ANY_SINCE_YEAR = re.compile(r"\bsinds\s+((?:19[6-9]|20[0-2])\d|'\d\d)\b")  # "sinds 2012", "sinds '15", not "sinds 10 min"
ANY_NTH_YEAR = re.compile(r"\b(?:mijn|mn|m'n|het|'t|zijn|haar)\s+(\d{1,2}|" + "|".join(ORDINAL_WORDS)
                          + r")(?:ste|de|e|è)?\s+(?:school)?jaar\b"
                          # "mijn 3de jaar luistert voor geen meter" (a27-006): a class of pupils, not a year taught
                          r"(?!\s+(?:luistert|luisteren|doet|doen|snapt|snappen|praat|praten|zit|zitten|leerlingen|klas)\b)")


_TOWN_CUES = {"in", "uit", "te", "bij", "nabij", "rond", "omgeving", "buurt", "van", "woon", "woonachtig",
              "regio", "richting", "vanuit"}
# Town names that are also everyday words: only taken after a place cue or as a direct answer.
_AMBIGUOUS_TOWNS = {"hier", "daar", "thuis", "halen", "werken", "zetten", "tellen", "lessen", "wezen", "leven", "laken", "lot", "bos", "dijk", "berg",
                    "heide", "zand", "linden", "vorst", "kessel", "oud", "nieuw", "best", "well", "lier", "ham", "hoeven", "zele", "peer", "bree", "hal", "mol", "ede",
                    "baarn", "born", "eke", "ee", "dat", "as", "heel", "boxtel", "haren", "leiden", "rijen",
                    "wit", "kaart", "meer", "son", "wijk", "elst", "huizen", "putten", "hees", "lopik",
                    "goes", "houten", "maarn", "vught", "hulst", "ter", "beek", "ophoven", "soest", "hoorn",
                    "kan", "praten", "iemand", "mens", "echt", "school", "les", "klas", "zorg", "stem", "taal",
                    "gent", "groet", "helder"}  # ("met vriendelijke groet" under a pasted e-mail, a26-014; "je
# instructie is helder", a29-027)
QUESTION = re.compile(r"\?|^(kan|kun|mag|wat|wie|waar|hoe|welke|waarom|wanneer|is|zijn|heb|hebben)\b")


_NOT_A_TOWN = "|".join(PROVINCES.values()) + r"|limburg|brabant|vlaanderen|holland|nederland|belgi(e|ë)"
DISTRICT = re.compile(r"^(.{3,}?)-(zuid|noord|oost|west|centrum|[a-zà-ÿ]{3,})$", re.I)


COMPASS = {"noord", "zuid", "oost", "west", "centrum"}
# Towns on an island are "op" ones: "ik werk op urk"
ISLANDS = {"urk", "texel", "vlieland", "terschelling", "ameland", "schiermonnikoog"}
_LOWER_IN_NAMES = {"op", "aan", "den", "de", "der", "het", "ter", "en", "bij", "in", "'s", "van"}


def town_name(text: str) -> str:
    """A town as it is written on the map: 'sint-niklaas' -> 'Sint-Niklaas', 'rotterdam-zuid' -> 'Rotterdam'
    (a district travels like its town), 'bergen op zoom' -> 'Bergen op Zoom'."""
    place = geo.find_place(text)
    if place is None and (m := DISTRICT.match(text)) and geo.find_place(m.group(1)):
        text = m.group(1)
    elif place is not None and _spelled(place.name) == _spelled(re.sub(r"^st\b\.?", "sint", text.strip(), flags=re.I)):
        return place.name  # "heist op den berg", "st michielsgestel": the map's spelling of the same name
    text = re.sub(r"^'?s-", "'s-", text.strip(), flags=re.I)  # 's-Hertogenbosch, 's-Gravenhage
    parts = re.split(r"([\s-])", text)
    out = [p if p in " -" or p.lower() == "'s" or (p.lower() in _LOWER_IN_NAMES and n) else p[:1].upper() + p[1:]
           for n, p in enumerate(parts)]
    return "".join(out)


def _spelled(name: str) -> str:
    return re.sub(r"[\s'.-]+", "", text.fold(name))


def _place_of(text: str):
    """The gazetteer's place for a name, or for the town of a district ('Rotterdam-Zuid', 'Gent-Brugse')."""
    place = geo.find_place(text)
    if place is None and (m := DISTRICT.match(text)):
        place = geo.find_place(m.group(1))
    return place


def _town(doc, lower: str, found: list[Found], taken: set[int], requested_slot: str | None,
          all_towns: bool = False) -> None:
    """Towns the rules below are sure of; any other place name the gazetteer knows is a candidate that the
    learned filter (intake.fact_filter) accepts or not by the words around it ("juf in bree", "vilvoorde").
    all_towns: every candidate, for training that filter."""
    tokens = list(doc)
    asked = requested_slot == "home_town" and not QUESTION.search(lower.strip())
    for i in range(len(tokens)):
        if i in taken or not re.match(r"\w", tokens[i].text) or tokens[i].like_num:
            continue
        for length in (4, 3, 2, 1):  # "Sint-Niklaas", "Den Haag", "Bergen op Zoom", "heist op den berg"
            if i + length > len(tokens):
                continue
            span = doc[i:i + length]
            place = _place_of(span.text)
            if place is None or (length == 1 and len(span.text) < 3):
                continue
            word = span.text.lower()
            capital = span.text[:1].isupper() and (i > 0 or asked)
            # "op Urk", "op Texel": an island's preposition, with a capital ("op school" holds no town), or an
            # island's own name in lower case ("groep 5/6 op urk", a20)
            cue = i > 0 and (tokens[i - 1].lower_ in _TOWN_CUES or tokens[i - 1].lower_ == "op" and (capital or word in ISLANDS))
            # A direct answer: the town was asked for, or the whole message is a place name.
            # ... also in lower case, and with a district after a comma ("venlo", "breda, haagse beemden"),
            # unless the name is also an everyday word ("mol", "best")
            # ... or a full stop after it, as the first of several answers ("lommel. ik ben student lager", a16)
            alone = i == 0 and (i + length == len(doc) or tokens[i + length].text == "," and len(doc) - i - length <= 4
                                or tokens[i + length].text in (".", ";")
                                or len(doc) == length + 1 and tokens[length].lower_ in COMPASS)  # "antwerpen noord"
            direct = (asked and len(doc) <= length + 4) or (len(doc) == length and span.text[:1].isupper()) or (
                alone and word not in _AMBIGUOUS_TOWNS and len(word) > 3 and not re.fullmatch(_NOT_A_TOWN, word))
            if re.fullmatch(_NOT_A_TOWN, word):
                continue  # "vanuit zeeland is alles ver" (a31-010): a province, not the village of Zeeland
            ruled = direct or cue and (capital or word not in _AMBIGUOUS_TOWNS) or (
                capital and word not in _AMBIGUOUS_TOWNS and len(word) > 3)
            if not ruled:
                # the rules' two gaps, which the learned filter decides: an everyday word after a place cue
                # ("juf in bree"), and a town in lower case without one ("meester 3de leerjaar, vilvoorde")
                # (the second only at a clause's edge: "mijn kleuters tellen vlot" holds no town)
                edge = i > 0 and (tokens[i - 1].is_punct or i + length >= len(tokens) or tokens[i + length].is_punct)
                # a short name between two commas or a comma and a full stop is a list of answers too
                # ("leerkracht techniek en fysica, secundair, genk. we moeten ...", a16)
                listed = i > 0 and tokens[i - 1].is_punct and (i + length >= len(tokens) or tokens[i + length].is_punct)
                # ("te zetten", "te halen": after "te" an everyday word is a verb)
                gap = place.region is not None and (cue and word in _AMBIGUOUS_TOWNS and tokens[i - 1].lower_ != "te") or (place.region is not None and not cue and not capital and edge and word not in _AMBIGUOUS_TOWNS
                                                              and (len(word) > 4 or listed and len(word) > 3)
                                                              and not re.fullmatch(_NOT_A_TOWN, word))
                if not gap or not all_towns and fact_filter.probability(
                        "home_town", doc.text, span.start_char, span.end_char, False, requested_slot) < fact_filter.KEEP_FROM:
                    continue
            explicit = ruled and (direct or bool(re.search(r"\b(woon|wonen|woonachtig|verhuisd|vanuit|kom uit|zit in)\b", lower)))
            found.append(Found("home_town", town_name(span.text), span.start_char, span.end_char, span.text, explicit))
            if place.region:
                found.append(Found("town_region", place.region, span.start_char, span.end_char, span.text))
            taken.update(range(i, i + length))
            break
    if not any(f.entity == "home_town" for f in found):
        # a slip in a longer name after "in"/"uit" ("kleuterjuf in roeselaere", "lio in mechlen", a21); not after
        # "te" ("te verdelen") and not a province ("waar in brabant?"): measured on every non-test corpus message
        for m in re.finditer(r"\b(?:in|uit|vanuit)\s+([a-zà-ÿ'-]{7,})\b", lower):
            word = m.group(1)
            name = None if geo.find_place(word) or re.fullmatch(_NOT_A_TOWN, word) else geo.closest_name(word)
            place = geo.find_place(name) if name else None
            if place is not None:
                found.append(Found("home_town", town_name(name), m.start(1), m.end(1), doc.text[m.start(1):m.end(1)]))
                if place.region:
                    found.append(Found("town_region", place.region, m.start(1), m.end(1), doc.text[m.start(1):m.end(1)]))
                break
    if asked and len(tokens) <= 3 and not any(f.entity == "home_town" for f in found):
        # the town typed with a slip ("nijmegn"), as the answer to the question
        for i, token in enumerate(tokens):
            name = None if i in taken or not token.is_alpha else geo.closest_name(token.text)
            place = geo.find_place(name) if name else None
            if place is not None:
                found.append(Found("home_town", town_name(name), token.idx, token.idx + len(token), token.text, True))
                if place.region:
                    found.append(Found("town_region", place.region, token.idx, token.idx + len(token), token.text))
                taken.add(i)
                break


def _bare_answer(doc, lower: str, slot: str, found: list[Found], taken: set[int]) -> None:
    """A short answer to the question just asked: '4', 'vier', '500', 'half uur', 'lager', 'ja'. A number
    that already has a unit ('30 minuten' while hours were asked) belongs to that unit, not to the question."""
    # (not a price per pupil: "we hebben 50 euro per leerling voor schoolreis ... voor mij zelf geen idee", a26-013)
    numbers = [to_number(t.text) for t in doc if t.i not in taken and to_number(t.text) is not None
               and t.lower_ not in ("een", "één", "geen") and not (t.i > 0 and doc[t.i - 1].lower_ in ("niet", "geen"))
               and not (slot == "budget_eur" and PER_PUPIL.match(doc[t.i + 1:t.i + 5].text.lower().removeprefix("euro").strip()))]
    # ("geen, ik ben student", a27-015; but "geen, de school betaalt" is no money of their own: who pays, no amount)
    if slot == "budget_eur" and not numbers and re.search(r"\b(niks|niets|nul|geen cent|gratis)\b|^\W*geen\W*($|[,.;]\s)", lower) \
            and not re.search(r"\b(betaalt|betalen|vergoedt|vergoeden|draagt)\b", lower):
        found.append(Found(slot, 0.0, 0, len(lower), lower))
    elif slot == "hours_per_week" and not numbers and re.search(r"^\W*(een|één|1|ne|nen)?\s*(hele\s+)?dag(je)?\b", lower):
        found.append(Found(slot, 8.0, 0, len(lower), lower))  # "een dag" to the hours question: a working day
    elif slot == "max_travel_minutes" and not numbers and re.search(r"\b(uur|uurtje)\b", lower):
        found.append(Found(slot, 60.0, 0, len(lower), lower))  # "uurtje", "een uur"
    elif slot in ("hours_per_week", "budget_eur", "max_travel_minutes", "experience_years") and numbers \
            and not OTHER_COUNT.search(lower):
        value = numbers[0]
        if len(numbers) >= 2 and re.search(r"\d\s*(à|a|tot|-|–|of|en)\s*\d|\b(à|tot|of)\b", lower) \
                and not re.search(r"\b(nee|neen|wacht|toch|bedoel)\b", lower):
            value = (numbers[0] + numbers[1]) / 2  # "2 à 3", "1 of 2": the middle
        elif len(numbers) >= 2 and (cue := re.search(r"\b(nee|neen|wacht|toch|bedoel)\b", lower)):
            # "3 uur, nee wacht, 2": the number after the correction counts ("6 uur. nee wacht, eerder 4, ik heb
            # ook 2 kleine kinderen thuis", a26-049: not the last)
            value = next((to_number(t.text) for t in doc if t.idx > cue.start() and t.i not in taken
                          and t.lower_ not in ("een", "één", "geen") and to_number(t.text) is not None), numbers[-1])
        if slot == "max_travel_minutes" and re.search(r"\b(uur|uurtje|u)\b", lower):
            value *= 60
        found.append(Found(slot, value, 0, len(lower), lower))
    elif slot == "sector":
        value = next((sector for word in re.split(r"[\s/,-]+", lower) for sector, words_ in BARE_SECTOR_WORDS
                      if word in words_ or word.startswith(words_[0])), None)
        if value:
            found.append(Found(slot, value, 0, len(lower), lower))
    elif slot == "diploma":
        value = next((value for value, pattern in DIPLOMA_PHRASES if re.search(pattern, lower)), None)
        if value:
            found.append(Found(slot, value, 0, len(lower), lower))
    elif slot == "role":
        # someone else's role is no answer ("ik moet van mijn directeur een scholing kiezen", a20); "mijn klas",
        # "mijn leerlingen" are the teacher's own
        value = next((role for role, words_ in BARE_ROLE_WORDS for m in re.finditer(words_, lower)
                      if re.match(r"klas|les|leerling", lower[m.start():])
                      or not OTHERS_BEFORE.search(lower[max(0, m.start() - 40):m.start()])), None)
        if value:
            found.append(Found(slot, value, 0, len(lower), lower, True))
    elif slot == "wants_degree":
        if re.search(r"\b(ja|jawel|zeker|graag|liefst wel|dat wil ik)\b", lower):
            found.append(Found(slot, True, 0, len(lower), lower))
        elif re.search(r"\b(nee|neen|niet nodig|hoeft niet|liever niet)\b", lower):
            found.append(Found(slot, False, 0, len(lower), lower))


# "zij werkt 3 dagen", "ik heb 4 leerlingen met adhd": a number of something else is no bare answer
OTHER_COUNT = re.compile(r"^(?!.*\b(uur|uurtje|uren|u|euro|eur|min|minuten|km)\b).*\b\d+\s+(dagen|jaar|jaren|leerlingen|lln|kinderen|"
                         r"keer|klassen|weken|maanden|sessies|collega's|studenten|kleuters)\b")
# A one-word answer to "in welk onderwijs werk je?" (the first word of each list is also taken as a prefix).
BARE_SECTOR_WORDS = [
    ("speciaal", ("speciaal", "buitengewoon", "so", "vso", "sbo", "buo", "bubao", "buso", "zml")),
    ("kleuter", ("kleuter", "peuter", "kleuters")),
    ("lager", ("lager", "lagere")),
    ("basis", ("basis", "basisonderwijs", "basisschool", "po", "primair", "pabo")),
    ("secundair", ("secundair", "middelbaar", "middelbare", "aso", "tso", "bso", "kso")),
    ("vo", ("voortgezet", "vo", "havo", "vwo", "vmbo", "mavo", "praktijkonderwijs", "pro")),
    ("mbo", ("mbo", "roc")),
    ("hoger", ("hoger", "hogeschool", "universiteit", "hbo", "wo")),
]
# A short answer to "wat is je rol?" ("leraar", "student", "directie", "begeleiding").
BARE_ROLE_WORDS = [
    ("student_teacher", r"\bstud"), ("school_leader", r"\bdirect|\bleiding|\bschoolleid"),
    ("counsellor", r"\bbegeleid|\bzorg|\bcoach|\bib\b"), ("teacher", r"\bles|\bklas|\bjuf|\bmeester|\bleer|\bdocent"),
]


def to_words(text: str) -> list[str]:
    return re.findall(r"[a-zà-ÿ0-9'-]+", text.lower())


def says_dont_know(text: str) -> bool:
    """'weet ik niet', 'maakt niet uit', 'geen idee': the user declines to give this constraint."""
    return bool(DONT_KNOW.search(text.lower()))


def values(text: str, requested_slot: str | None = None) -> dict[str, object]:
    """The first value per entity, as a dict: a convenient view of parse()."""
    out: dict[str, object] = {}
    for f in parse(text, requested_slot):
        out.setdefault(f.entity, f.value)
    return out
