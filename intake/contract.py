"""The profile contract: every slot of a teacher's profile, described once.

Both processes import this module (Rasa on 3.10, the action server on 3.11) and it imports nothing but
the standard library. Everything else reads it: the form (order, questions, quick replies, what to skip),
validation (unit, range), the phrasing of acknowledgements ("Genoteerd: 4 uur per week"), the fit keys of
the recommendation payload, and a test that checks domain.yml against it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# --- enumerations, with the Dutch words a user sees ----------------------------------------------------
ROLES = {"teacher": "leraar", "student_teacher": "student-leraar", "counsellor": "begeleider",
         "school_leader": "schoolleider"}
REGIONS = {"VL": "Vlaanderen", "NL": "Nederland"}
# kleuter/lager/secundair are Flemish levels, basis/vo/mbo Dutch ones; speciaal is special education in
# both (buitengewoon onderwijs in Flanders, (v)so / sbo in the Netherlands).
SECTORS = {"kleuter": "kleuteronderwijs", "lager": "lager onderwijs", "basis": "basisonderwijs",
           "secundair": "secundair onderwijs", "vo": "voortgezet onderwijs", "mbo": "mbo",
           "hoger": "hoger onderwijs", "speciaal": "buitengewoon / speciaal onderwijs"}
# The levels only one system has (kleuter, lager and basis are said in both; speciaal is both).
SECTOR_REGION = {"secundair": "VL", "vo": "NL", "mbo": "NL"}
DIPLOMAS = {"bachelor_kleuter": "bachelor kleuteronderwijs", "bachelor_lager": "bachelor lager onderwijs",
            "bachelor_secundair": "bachelor secundair onderwijs", "pabo": "pabo", "hbo_bachelor": "hbo-bachelor",
            "wo_bachelor": "wo-bachelor", "master": "master"}
DELIVERY = {"online": "online", "blended": "deels online, deels ter plaatse", "on_site": "ter plaatse",
            "any": "vorm maakt niet uit"}

# Number words, shared by the parser, the follow-up resolver and the knowledge validator.
NUMBER_WORDS = {
    "nul": 0, "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20, "vijfentwintig": 25,
    "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "negentig": 90, "honderd": 100, "duizend": 1000,
    "anderhalf": 1.5, "anderhalve": 1.5, "half": 0.5, "halve": 0.5, "kwart": 0.25, "tweeënhalf": 2.5,
}

# --- travel: one model for "km" said by a user and for distances between places ----------------------
ROAD_FACTOR = 1.3       # roads are longer than the straight line
AVERAGE_KMH = 55.0      # mixed town and motorway driving, or train + walk
FIXED_MINUTES = 10      # getting out, parking, walking in


def km_to_minutes(km: float) -> int:
    """Door-to-door minutes for a straight-line distance ('niet verder dan 20 km')."""
    return round(FIXED_MINUTES + km * ROAD_FACTOR / AVERAGE_KMH * 60)


# --- the slots ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SlotSpec:
    name: str
    label: str                      # Dutch noun for acknowledgements: "je tijd"
    kind: str                       # enum | number | text | bool | list
    question: str = ""              # the form's question (empty: never asked)
    rephrase: str = ""              # the second time: with examples
    confirm: str = ""               # the question when the teacher's words imply a value (intake.profile_guess)
    quick_replies: tuple = ()       # (title, text sent) pairs; the text goes through the NLU like typing
    unit: str = ""                  # "uur per week"
    low: float | None = None
    high: float | None = None
    values: dict = field(default_factory=dict)
    fit_key: str | None = None      # the payload's fit key this slot is checked by
    can_be_wish: bool = False       # "liefst ..." is a preference (ranks up), "alleen ..." a requirement

    def in_range(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


SLOTS: dict[str, SlotSpec] = {s.name: s for s in (
    SlotSpec("role", "je rol", "enum", values=ROLES,
             question="Wat is je rol?",
             rephrase="Ik vraag het anders: sta je zelf voor de klas, studeer je nog, begeleid je collega's, "
                      "of leid je een school? Kies hieronder of typ het, bijvoorbeeld 'ik ben juf'.",
             quick_replies=(("Leraar", "ik ben leraar"), ("Student-leraar", "ik ben student-leraar"),
                            ("Begeleider / IB'er / zorgco", "ik ben begeleider"), ("Schoolleider", "ik ben schoolleider")),
             confirm="Zo begrijp ik wat je vertelde: je bent {value}. Klopt dat? Zeg 'ja', of vertel me je rol."),
    SlotSpec("region", "je regio", "enum", values=REGIONS,
             question="Werk je in Vlaanderen of in Nederland?",
             rephrase="Het aanbod verschilt per land. Werk je in Vlaanderen of in Nederland? Je mag ook je "
                      "gemeente noemen, bijvoorbeeld 'Gent' of 'Utrecht'.",
             quick_replies=(("Vlaanderen", "Vlaanderen"), ("Nederland", "Nederland"))),
    SlotSpec("ambition", "je leerdoel", "text",
             question="Wat wil je leren of bereiken? Vertel het in je eigen woorden, bijvoorbeeld: 'beter "
                      "omgaan met verschillen in mijn klas' of 'een master halen'.",
             rephrase="Waar wil je beter in worden? Een paar woorden volstaan, bijvoorbeeld 'anderstalige "
                      "ouders betrekken', 'hoogbegaafde kinderen uitdagen', 'zorgcoördinator worden' of "
                      "'samen leren met collega's'.",
             confirm="Zo begrijp ik wat je vertelde: '{value}'. Wil je daar iets rond leren? Zeg 'ja', of vertel "
                     "in je eigen woorden wat je wilt leren of bereiken."),
    SlotSpec("sector", "je onderwijsniveau", "enum", values=SECTORS,
             question="In welk onderwijs sta je voor de klas?",
             rephrase="Bij welk onderwijsniveau hoort je werk? Bijvoorbeeld kleuter, lager, secundair, "
                      "basisonderwijs (groep 1-8), vo, mbo of speciaal onderwijs.",
             confirm="Zo begrijp ik wat je vertelde: het gaat om het {value}. Klopt dat? Zeg 'ja', of noem het "
                     "juiste onderwijsniveau."),
    SlotSpec("diploma", "je diploma", "enum", values=DIPLOMAS,
             question="Een master of schakeltraject vraagt een diploma. Welk diploma heb je?",
             rephrase="Welk diploma heb je al behaald? Bijvoorbeeld 'bachelor lager onderwijs', 'pabo', "
                      "'hbo-bachelor' of 'master'."),
    SlotSpec("hours_per_week", "je tijd", "number", unit="uur per week", low=0.5, high=40, fit_key="time",
             question="Hoeveel uur per week kun je er ongeveer aan besteden?",
             rephrase="Hoeveel tijd heb je per week, naast je werk? Een getal volstaat, bijvoorbeeld '3' of "
                      "'een halve dag'.",
             quick_replies=(("2 uur", "2 uur per week"), ("4 uur", "4 uur per week"),
                            ("8 uur (een dag)", "8 uur per week"), ("Weet ik niet", "weet ik niet"))),
    SlotSpec("budget_eur", "je budget", "number", unit="euro", low=0, high=100_000, fit_key="budget",
             can_be_wish=True,
             question="Hoeveel mag het kosten (in euro), als je het zelf of via school betaalt?",
             rephrase="Hoeveel euro mag het hoogstens kosten? Zeg bijvoorbeeld '300', 'geen budget' of "
                      "'maakt niet uit'.",
             quick_replies=(("Geen budget", "geen budget"), ("Tot 500 euro", "max 500 euro"),
                            ("Tot 2000 euro", "max 2000 euro"), ("Maakt niet uit", "weet ik niet"))),
    SlotSpec("home_town", "je woonplaats", "text",
             question="In welke gemeente woon je? Dan kan ik inschatten hoe ver je moet reizen.",
             rephrase="Welke gemeente, of welke grotere stad in de buurt? Bijvoorbeeld 'Hasselt' of 'Zwolle'. "
                      "Liever niet zeggen mag ook.",
             quick_replies=(("Liever niet zeggen", "weet ik niet"),)),
    SlotSpec("max_travel_minutes", "je reistijd", "number", unit="minuten", low=0, high=240, fit_key="travel",
             can_be_wish=True,
             question="Hoe lang wil je maximaal reizen naar een les of bijeenkomst?",
             rephrase="Hoeveel minuten mag je enkele reis hoogstens onderweg zijn? Bijvoorbeeld '20 minuten', "
                      "'een half uur', of 'alleen online'.",
             quick_replies=(("15 minuten", "15 minuten"), ("30 minuten", "30 minuten"), ("1 uur", "60 minuten"),
                            ("Alleen online", "alleen online"))),
    # Said when mentioned, never asked.
    SlotSpec("experience_years", "je ervaring", "number", unit="jaar", low=0, high=50),
    SlotSpec("delivery", "de vorm", "enum", values=DELIVERY, fit_key="delivery", can_be_wish=True),
    SlotSpec("wants_degree", "een diploma halen", "bool"),
    SlotSpec("budget_payer", "wie betaalt", "text"),
    SlotSpec("preferences", "wensen", "list"),
)}

# The profile: what the recommender, the CLI (`leerwijzer recommend --profile`) and the payload echo use.
PROFILE_FIELDS = ("role", "region", "sector", "experience_years", "diploma", "ambition", "hours_per_week",
                  "budget_eur", "home_town", "max_travel_minutes", "delivery", "wants_degree", "preferences")
# The questions of the intake, in the order they are asked.
FORM_SLOTS = ("role", "region", "ambition", "sector", "diploma", "hours_per_week", "budget_eur", "home_town",
              "max_travel_minutes")
# Bookkeeping slots of the dialogue (not part of the profile).
DIALOGUE_SLOTS = ("declined", "question_streak", "last_recommendations", "programme_in_focus", "shown_count")
# Fit keys of the payload, and their words.
FIT_WORDS = {"time": "tijd", "budget": "budget", "travel": "reistijd", "delivery": "vorm"}
FIT_SLOT = {s.fit_key: s.name for s in SLOTS.values() if s.fit_key}
MAX_ASKS = 2  # the same question at most twice in a row; then the slot is skipped


def number_text(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")


def describe(slot: str, value) -> str:
    """A slot value as a user reads it: '4 uur per week', '€ 500', 'leraar', 'Genk'."""
    spec = SLOTS[slot]
    if value is None:
        return "onbekend"
    if spec.kind == "enum":
        return spec.values.get(value, str(value))
    if spec.kind == "number":
        if slot == "budget_eur":
            return "geen budget" if float(value) == 0 else f"€ {number_text(value)}"
        return f"{number_text(value)} {spec.unit}"
    if spec.kind == "bool":
        return "ja" if value else "nee"
    return str(value)


def normalise_profile(raw: dict) -> dict:
    """Every profile field present, unknown is None."""
    return {key: raw.get(key) if raw.get(key) not in ("", []) else None for key in PROFILE_FIELDS}


def hard(profile: dict, slot: str) -> bool:
    """Is this constraint a requirement (filters), rather than a wish (ranks up)?"""
    return slot not in (profile.get("preferences") or [])
