"""Requests that are recognised by their words, whatever the classifier says.

Escapes (a person, restart, stop, forget-me, a question about the bot) are honoured at any point, also in
the middle of a question. Follow-up kinds (cheapest, nearest, ...) decide which answer a question about
the shown programmes gets. English is answered in two languages. The Rasa NLU component uses these to
correct the intent; the actions use FOLLOWUPS to pick the answer. One table, read by both processes.
"""
from __future__ import annotations

import re

ESCAPES = [  # (intent, pattern); first match wins
    ("forget_me", r"\b(vergeet (mij|me|alles|mijn gegevens|wat ik (zei|zeg|vertelde))|wis (mijn|al mijn|alle|m'n) "
                  r"(gegevens|data|info)|verwijder (mijn|al mijn|m'n) (gegevens|data|profiel)|(mijn )?gegevens "
                  r"(wissen|verwijderen)|verwijder (mijn|m'n|al mijn) (persoons)?(gegevens|data|profiel)|"
                  r"(dat je|je moet) (me|mij) vergeet|(me|mij) (vergeten|wissen)|gooi (mijn|m'n) (profiel|gegevens) weg|"
                  r"wis (alles|mijn profiel|m'n profiel)|forget me)\b"),
    ("human_handoff", r"\b(met (iemand|een mens|een persoon|een medewerker|een echte|een begeleider|een adviseur|"
                      r"een studiebegeleider|een consulent)( \w+)? (praten|spreken|bellen|chatten|overleggen)|"
                      r"(echte?|levende) (persoon|mens)|menselijke (hulp|begeleider|medewerker)|een mens spreken|"
                      r"iemand (spreken|bellen)|doorverbinden|contact met (iemand|een (mens|medewerker|begeleider))|"
                      r"kan iemand (mij|me) (helpen|bellen|terugbellen)|liever (een|met een) (mens|persoon)|"
                      r"(iemand|medewerker|mens|persoon|mensen|studiebegeleider|adviseur|begeleider) die (ik|me|mij)( \w+)? "
                      r"(kan|kunnen|zou kunnen)( \w+)? (bellen|spreken|helpen|adviseren|te woord staan)|"
                      r"persoonlijk (advies|adviseren|gesprek|spreken)|aan de (lijn|telefoon)|iemand (kan|kunnen) bellen|"
                      r"(mag|kan) ik (iemand )?bellen|telefonisch|talk to (a|someone|a human)|speak to (a|someone))\b"),
    ("restart", r"^\W*(opnieuw|herbegin|herstart|reset|restart|begin opnieuw|opnieuw beginnen)\W*$|"
                r"\b(opnieuw (beginnen|starten)|(begin|start|starten|beginnen) (maar |graag |we )?opnieuw|van voor af aan|"
                r"helemaal opnieuw|alles wissen en opnieuw|reset (alles|het gesprek)|nieuwe start|nog eens van voor|"
                r"van nul (af|beginnen|starten))\b"),
    ("goodbye", r"^\W*((ok|oké|oke|nou|goed|bedankt|merci|dank je)\W+)?(stop|stoppen|doei|tot ziens|daag|salut|ciao|bye|"
                r"ik stop|ik ben weg|laat maar|genoeg (zo|voor nu)|ik haak af|dag dag|doeg|tot later|tot de volgende)\W*$"),
    # a counsellor's question about demand and offer (actions/demand.py answers it from the demand log)
    ("ask_insights", r"\b(wat|waar(naar|over)?) (zoeken|vragen|willen) (de )?(leraren|leerkrachten|docenten)( \w+){0,3} "
                     r"(het )?(meest|vaakst)|\bwaar (is|zijn|bestaat) (er )?(te )?(weinig|onvoldoende|geen) "
                     r"(aanbod|opleidingen|nascholing)( voor)?|\bwaar (ontbreekt|mist) (het )?aanbod|"
                     r"\bkloof tussen vraag en aanbod|\b(meest|vaakst) gevraagde (thema|onderwerp)"),
    # the teacher wants the shown list to keep ("stuur me een overzicht"); after ask_insights, which also
    # says "overzicht" for a counsellor's question about all teachers
    # ("geef me een lijst van opleidingen rond taal" is a goal: only the bare request, or one to keep)
    ("ask_overview", r"\b(stuur|geef|maak|mail|bezorg)( me| mij)?( even)? (een |het |dat |dit |die |de )?"
                     r"(overzicht|lijst(je)?|samenvatting)( (even|aub|alsjeblieft|a\.u\.b\.|graag))?\W*$|"
                     r"\b(overzicht|lijst(je)?) (om )?(te )?(bewaren|af te drukken|printen|downloaden)|"
                     r"\b(kan|mag) ik (dit|dat|die lijst|het overzicht|de lijst) (bewaren|afdrukken|printen|downloaden)"),
    # "wat kun je?", "wat doe je eigenlijk?"; not "wat doe je met de nieuwe doorstroomtoets?" (a20: a long first
    # message full of facts was answered with the introduction and read no further)
    ("help", r"\b(wat (kan|kun) (je|jij|u)( (eigenlijk|allemaal|precies|zoal|doen|voor mij( doen)?))?(?=\s*(?:[?.!]|$))|"
             r"wie (ben|bent) (je|jij|u)|ben (je|jij) een (robot|bot|mens|computer|ai)|"
             r"hoe werk (je|jij)|wat (doe|ben) (je|jij)( (eigenlijk|precies|hier|zoal|dan))?(?=\s*(?:[?.!]|$))|waarvoor dien je|hoe werkt dit|wat is leerwijzer|"
             r"waar haal je (dat|je info)|welke bronnen|wat moet ik (typen|zeggen|invullen)|wat kan ik (vragen|zeggen|typen))\b"),
]
FOLLOWUPS = [  # (kind, pattern): questions about the shown list
    ("cheapest", r"goedkoopst|minst (duur|kost)|laagste prijs|minste geld|goedkoper"),
    # "Dat is ver. Is er iets dichterbij?" (dev5): the nearest of the shown ones
    ("nearest", r"dichtst|dichtbij|dicht bij|dichter ?bij|minder ver|minst (ver|reizen)|kortste (rit|reis|reistijd)|"
                r"meest nabij|het korts?t bij"),
    # "en is er ook iets korters", "is er ook een kortere premaster?" (dev6): the shortest of the shown ones
    ("shortest", r"kortst|snelst (klaar|af|afgerond)|minste tijd|duurt het minst|minst lang|iets korters?\b(?! dan)|"
                 r"\b(een|iets) kortere (\w+ )?(opleiding|cursus|premaster|master|variant|versie|route|traject)\b"),
    ("best", r"past\b.{0,15}\bbest|beste (keuze|optie|match|voor mij)|welke raad je|wat raad je|welke zou (jij|je)|"
             r"meest geschikt|welke (moet|zou) ik (kiezen|nemen)|wat is de beste"),
    ("more", r"(nog )?(andere|meer) (opties|suggesties|mogelijkheden|voorstellen|resultaten|aanbod)|^\W*nog meer|"
             # "ik zou graag nog wat extra voorstellen krijgen", "heb je nog andere ideeën"; not a goal that says
             # what about ("ik wil extra ideeën voor rekenen" is read by the intake)
             r"^(?!.*\b(wil|wilt|leren|zoek|over|rond|voor|met)\b).*\b(nog|extra|andere|meer)( \w+){0,2} "
             r"(voorstellen|suggesties|ideeën|alternatieven)\b|"
             r"^\W*(en |is er |zijn er |heb je )?(nog )?meer\W*$|"
             # "kun je ook een paar masters laten zien waar ze met de pabo direct in kan?" (a26-024)
             r"\b(een paar|nog wat|nog een paar|andere|meer) \w+ (laten zien|tonen)\b|"
             # "en is er ook iets specifiek over armoede" after the list (dev3: read as an intake turn with
             # nothing new, it got the prompt instead of options)
             r"^\W*(en |maar )?(is|zijn) er (ook |nog )+(iets|dingen|cursussen|opleidingen) (specifiek |specifieker )?"
             r"(over|rond|voor)\b|heb je (nog )?(iets )?anders|(iets|nog) anders\?|^\W*(en |maar |ok\w*[,.]? |hm+ ok\w*[,.]? )?(nog )?iets anders (voor|over|rond|met|in)\b|volgende (vijf|5|resultaten)|toon meer|andere opleidingen"),
    ("language", r"in het (nederlands|engels|frans)|nederlandstalig|engelstalig|franstalig|welke taal|voertaal|"
                 r"in welke taal"),
    ("admission", r"\b(kan|mag|kun) ik (er )?(met|zonder) (mijn|een|m'n|het|de) .{0,40}\b(in|instromen|instappen|"
                  r"beginnen|starten|toegelaten|binnen|erin|aan de slag)\b|toegelaten (met|zonder)|volstaat mijn|"
                  # "kan ik daar in met mijn bachelor lager?", "kan ze met haar pabo instromen?", "kan dat als student?"
                  r"\b(kan|mag|kun) (ik|ze|hij|je) (daar|er|erin|daarin|hier)( ook)? (in|mee|aan)? ?(met|zonder)\b|"
                  r"\b(kan|mag|kun) (ze|hij) (met|zonder) (haar|zijn|een) .{0,40}\b(in|instromen|instappen|beginnen|starten)\b|"
                  r"\b(kan|mag) (dat|die|dit) (ook )?(als|zonder) (student|diploma|bachelor|master)"),
]
# English words that Dutch does not share; two of them and no Dutch ones make an English message.
ENGLISH = set("the i am are for looking want learn hello hi please what can you my your course courses teacher "
              "english speak do how of with about would like need any there this find training thanks thank "
              "yes help which where when".split())
DUTCH = set("ik je jij de het een en wil ben is zijn niet wat hoe mijn voor met van op kan graag hallo hoi dag "
            "dank bedankt ja nee leraar juf".split())


def escape(text: str) -> str | None:
    lower = (text or "").lower().strip()
    return next((intent for intent, pattern in ESCAPES if re.search(pattern, lower)), None)


def insights(text: str) -> str | None:
    """Which counsellor question (the `ask_insights` escape): 'too_little' (offer) or 'most_asked' (demand)."""
    lower = (text or "").lower().strip()
    if not re.search(dict(ESCAPES)["ask_insights"], lower):
        return None
    return "too_little" if re.search(r"aanbod|opleidingen|nascholing", lower) else "most_asked"


# Questions that only a shown list answers, though they name no kind of their own: "en is er iets in rotterdam"
# (where: the action reads the town), "op welke dag is de les in eindhoven" (a fact of one). Read as `inform`
# they ran the intake again, which had nothing to add and said nothing (dev4 authors).
ABOUT_SHOWN = re.compile(r"^\W*(en |maar |of )?(is|zijn) er (ook |nog |dan |misschien )*(iets|eentje|een|er een|wat|zo'?n|opleidingen|cursussen|nascholingen|vormingen|masters)"
                         r"( \w+)?( \w+)? (in|bij|rond|vlakbij|dichter bij|in de buurt van) [a-z]|"
                         r"\b(op )?welke (dag|dagen|avond|uren)\b.{0,30}\b(les|lessen|cursus|opleiding|bijeenkomst\w*)\b|"
                         r"\b(les|lessen|cursus|opleiding|bijeenkomst\w*)\b.{0,20}\bop welke (dag|dagen|avond)\b")


def asks_about_shown(text: str) -> bool:
    return bool(ABOUT_SHOWN.search((text or "").lower()))


def followup(text: str) -> str | None:
    lower = (text or "").lower().strip()
    return next((kind for kind, pattern in FOLLOWUPS if re.search(pattern, lower)), None)


def is_english(text: str) -> bool:
    words = re.findall(r"[a-z']+", (text or "").lower())
    return sum(w in ENGLISH for w in words) >= 2 and not any(w in DUTCH for w in words)
