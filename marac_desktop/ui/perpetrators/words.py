"""Plain words for the perpetrator screens: movement in the ranking, interventions, the score."""

from __future__ import annotations

from datetime import datetime

from marac_desktop.domain.perpetrators import Intervention
from marac_desktop.domain.vocabulary import Vocabularies
from marac_desktop.domain.words import counted, period
from marac_desktop.risk.perpetrator_priority import ScoreLine

from marac_desktop.ui.cases.words import day_text

NOT_ALLOWED = (
    "Sign in with your own account to see perpetrators: an IDVA sees those of their own "
    "cases; coordinators, safeguarding leads and administrators see the whole register."
)
NEW_IN_RANKING = "new"
NO_POINTS = "Nothing in the window gives points."


def movement_text(moved: int | None, kept: datetime | None) -> str:
    """▲3 up, ▼2 down, = the same place, "new" when not in the kept ranking; nothing before
    any ranking has been kept."""
    if kept is None:
        return ""
    if moved is None:
        return NEW_IN_RANKING
    if moved > 0:
        return f"▲{moved}"
    if moved < 0:
        return f"▼{-moved}"
    return "="


def movement_words(moved: int | None, kept: datetime | None) -> str:
    """The movement as a sentence, for a tooltip and a screen reader."""
    if kept is None:
        return "No ranking has been kept yet to compare with."
    since = f"since the ranking kept on {day_text(kept.astimezone().date())}"
    if moved is None:
        return f"Not in the top places {since}."
    if moved == 0:
        return f"The same place {since}."
    way = "Up" if moved > 0 else "Down"
    return f"{way} {counted(abs(moved), 'place')} {since}."


def window_text(days: int) -> str:
    return f"the last {period(days)}"


def score_lines_text(lines: tuple[ScoreLine, ...]) -> str:
    """One explained part of the score a line, as "last incident 12 days ago: 20"."""
    if not lines:
        return NO_POINTS
    return "\n".join(f"• {line.shown()}" for line in lines)


def intervention_text(words: Vocabularies, intervention: Intervention) -> str:
    return words.intervention.shown(intervention.kind, intervention.kind_detail)


def intervention_status_text(intervention: Intervention) -> str:
    """Accepted since 3 Jun 2026."""
    return f"{intervention.status.label} since {day_text(intervention.status_on)}"
