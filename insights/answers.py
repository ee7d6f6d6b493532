"""Counsellors' questions ("wat zoeken leraren het meest?", "waar is te weinig aanbod voor?"): in a chat the
answer is where the figures are (ONLY_ON_THE_PAGE), since anyone can ask there; `answer` words the folded
figures, for the page and the command line."""
from __future__ import annotations

from insights.anonymity import K, OTHER, about
from insights.figures import Figures

REGION_WORDS = {"VL": "Vlaanderen", "NL": "Nederland"}
ONLY_ON_THE_PAGE = ("Cijfers over vraag en aanbod geef ik niet in een gesprek: wie twee antwoorden na elkaar "
                    "vergelijkt, zou kunnen zien wat één leraar zocht. Ben je studiebegeleider, kijk dan op de "
                    "inzichtenpagina voor begeleiders (/insights op de intranetpagina, met je toegangscode); die wordt "
                    f"bijgewerkt telkens er minstens {K} nieuwe gesprekken zijn.")
TOO_FEW = (f"Daar kan ik nog niets over zeggen: er zijn te weinig gesprekken (minder dan {K}) om een beeld te "
           "geven zonder dat iemand herkenbaar wordt.")


def kind(text: str) -> str | None:
    """'most_asked', 'too_little' or None (the words live in intake/cues.py, read by the NLU as well)."""
    from intake import cues

    return cues.insights(text)


def most_asked(figures: Figures, top: int = 3) -> str:
    topics = [(label, n) for topic, label, n in figures.demand if topic != OTHER][:top]
    if not figures.enough or not topics:
        return TOO_FEW
    lines = [f"{i}. {label}: {n} gesprekken" for i, (label, n) in enumerate(topics, 1)]
    return (f"Leraren zoeken het vaakst naar (van ongeveer {about(figures.conversations)} gesprekken met aanbevelingen):\n"
            + "\n".join(lines) + f"\nThema's met minder dan {K} gesprekken tel ik samen als 'overig'.")


def too_little(figures: Figures, region: str | None = None, top: int = 3) -> str:
    rows = figures.scarce(region, top)
    if not figures.enough or not rows:
        return TOO_FEW
    lines = []
    for i, row in enumerate(rows, 1):
        where = next(r for r, rs in figures.gap.items() if row in rs)
        offer = "geen aanbod" if row.offered == 0 else f"{row.offered} opleiding{'en' if row.offered != 1 else ''}"
        lines.append(f"{i}. {row.label} in {REGION_WORDS[where]}: {row.demand} gesprekken, {offer}")
    return ("Het minst aanbod tegenover de vraag (aanbod: opleidingen waarvoor je je kunt inschrijven):\n"
            + "\n".join(lines) + f"\nThema's met minder dan {K} gesprekken tel ik samen als 'overig'.")


def answer(text: str, figures: Figures, region: str | None = None) -> str:
    return too_little(figures, region) if kind(text) == "too_little" else most_asked(figures)
