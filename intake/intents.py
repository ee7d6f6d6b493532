"""The intent the words leave no doubt about, whatever the classifier guessed (used by the Rasa NLU
component, bot/nlu/component.py; kept here so it is plain Python that both environments can test).

- An escape recognised by its words (intake.cues) is that escape; English is `english`.
- A question about the shown list ("welke is het goedkoopst?") is `ask_programme`.
- `restart` and `forget_me` wipe a conversation (Rasa runs action_restart on `restart` even inside a form),
  so the classifier's guess is only taken when it is sure and the message holds no facts and no goal.
- A message with facts or a goal is not swallowed as chitchat, help, a greeting or not-understood, unless the
  classifier is sure ("wie is de premier van België" names a region but is chitchat).
"""
from __future__ import annotations

import re
from typing import List, Optional

from intake import cues, parse, understand

DESTRUCTIVE = {"restart", "forget_me"}
# How sure the classifier must be: to wipe a conversation on its own, and to call a message with facts or a
# goal chitchat (or help, a greeting...). Tuned on cross-validated predictions (README: intent figures).
SURE_TO_WIPE = 0.7
SURE_NOT_A_GOAL = 0.7
# Intents that must not swallow a message that carries facts or a goal, unless intake.cues confirmed them.
SWALLOWING = {"chitchat", "nlu_fallback", "greet", "thank", "affirm", "deny", "goodbye", "help", "restart", "forget_me",
              "human_handoff", "english", "dont_know"}
QUESTIONS_ABOUT_PROGRAMMES = {"ask_programme", "compare", "ask_why_not"}
REFERS_TO_A_PROGRAMME = re.compile(r"\b(eerste|tweede|derde|vierde|vijfde|laatste|nummer|nr|optie|die|deze|dat|"
                                   r"vergelijk|waarom|vertel|meer over|kost|start|begint)\b|\b[1-9]\b(?!\s*(uur|u|min))")
QUESTION_WORD = re.compile(r"\s*(hoe|wat|wanneer|waar|welke|welk|wie|waarom|kan|kun|mag|is|zijn|heeft|hebben)\b")
# The numbers a teacher changes after the list, said as a change ("en als ik 6 uur heb?", "een uur rijden is ook
# ok eigenlijk")
CHANGES = {"hours_per_week", "max_travel_minutes"}
CHANGE_CUE = re.compile(r"\b(ook|toch|eigenlijk|als ik|liever|mag ook|nu)\b")
PROFILE_ENTITIES = {"role", "sector", "hours_per_week", "budget_eur", "home_town", "max_travel_minutes",
                    "delivery", "diploma", "experience_years", "region"}


def corrected_intent(text: str, intent: Optional[str], facts: List[parse.Found],
                     confidence: float = 0.0) -> Optional[str]:
    """The intent the words leave no doubt about, or None to keep the classifier's."""
    escape = cues.escape(text)
    if escape:
        return escape
    if cues.is_english(text):
        return "english"
    # (a province is where to look, not a changed region: "is er iets in Zeeland?", a26-038)
    if (cues.followup(text) or cues.asks_about_shown(text)) and not any(f.entity in PROFILE_ENTITIES and f.explicit for f in facts
                                       if f.entity not in ("home_town", "diploma", "region")):
        return "ask_programme"
    # "kan ik een echte adviseur spreken": a role named in a request for a person is who to talk to
    has_facts = any(f.entity in PROFILE_ENTITIES and not (intent == "human_handoff" and f.entity == "role")
                    for f in facts)

    def has_goal() -> bool:
        return understand.states_a_goal(understand.clean(text), facts)

    if intent in DESTRUCTIVE:
        # "hangt af van de leerkracht" was once read as restart: a guess must never wipe a conversation, nor
        # a message about what to learn ("ik wil dat je mijn gegevens wist" has a goal cue but no topic)
        about_learning = understand.topics_in(understand.goal_text(understand.clean(text), facts))
        return None if confidence >= SURE_TO_WIPE and not has_facts and not about_learning else "inform"
    if intent in SWALLOWING:
        if confidence < SURE_NOT_A_GOAL and (has_facts or has_goal()):
            return "inform"
    elif intent in QUESTIONS_ABOUT_PROGRAMMES and not REFERS_TO_A_PROGRAMME.search(
            re.sub(r"\b(groep|gr\.?)\s*\d(\s*[/-]\s*\d)?|\d+(ste|de|e)\b", " ", text.lower())):
        if "?" not in text and not QUESTION_WORD.match(text.lower()) and (has_facts or has_goal()):
            # "leerkracht groep 1/2 Hilversum", "zoek iets over observeren van kleuters": facts or a goal, not a
            # question about a shown programme
            return "inform"
        if any(f.entity in CHANGES and f.explicit for f in facts) and CHANGE_CUE.search(text.lower()) \
                and not cues.followup(text):
            # "kan het ook wat verder? een uur rijden is ook ok eigenlijk": a changed constraint, though asked
            # (not "is da platform gratis", "mag ik de lessen om 15u laten eindigen": questions about one)
            return "inform"
    return None
