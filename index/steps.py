"""What an entry asks of a teacher (knowledge `step`), and whether a profile asks for something to enrol in.

- `enrol`: inschrijven bij een aanbieder (a master, a course, a registeropleiding);
- `set_up`: zelf op school opzetten (a PLG, a way of working; `step_note` says who needs to agree);
- `use`: materiaal gebruiken (a website, a toolkit, a rule to know);
- `ask`: navragen (an info session, trajectadvies, or whether a pilot's material can still be had).
The Dutch words are in actions/phrasing.py. Standard library only.
"""
from __future__ import annotations

import re

STEPS = ("enrol", "set_up", "use", "ask")
# "ik wil een master halen", "een cursus over ...", "het schakelprogramma": someone asking for a programme
# wants what they can enrol in first. Said in the ambition, or as `wants_degree` by the dialogue. Narrow on
# purpose: "opleiding" or "studeren" also come with "kan ik eerst proeven?" or a director's team question,
# and taking them in lowered hit@3 from 0.833 to 0.824 on eval/profiles.jsonl.
ENROL_WORDS = re.compile(r"\b(master|masters|schakelprogramma|premaster|cursus|cursussen|nascholing)\b", re.I)
# The steps that lead into a programme: enrolling, and asking (an info session, trajectadvies) how to.
INTO_A_PROGRAMME = ("enrol", "ask")


def wants_enrolment(profile: dict) -> bool:
    """Does this profile ask for something to enrol in (a degree, a programme, a course)?"""
    return bool(profile.get("wants_degree")) or bool(ENROL_WORDS.search(profile.get("ambition") or ""))
