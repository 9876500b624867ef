"""How meetings, slots and actions are worded on screen."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from marac_desktop.domain.meetings import Meeting, MeetingStatus
from marac_desktop.domain.research import CaseResearch, ResearchStatus
from marac_desktop.domain.words import counted, have
from marac_desktop.services.meeting_list import WaitingElsewhere
from marac_desktop.services.research_returns import MeetingResearch

from marac_desktop.ui.cases.words import day_text

STATUS_WORDS = {
    MeetingStatus.PLANNED: "Planned",
    MeetingStatus.HELD: "Held",
    MeetingStatus.CANCELLED: "Cancelled",
}
NOT_ALLOWED = (
    "Only MARAC coordinators and administrators manage meetings and agency actions. Ask your "
    "coordinator for the agenda or the actions for your agency."
)

CLOSED = "Meeting closed: it is held now, and the cases heard at it count in the reports."


def cancel_question(listed: int) -> str:
    """Asked before a planned meeting is called off."""
    text = "Cancel this meeting? It stays in the list of meetings as cancelled"
    if listed:
        return (
            text + f", and its {counted(listed, 'case')} can then be proposed for another meeting."
        )
    return text + "."


CANCELLED = "Meeting cancelled. Its cases can be proposed for another meeting."
EDITED = "Meeting changed. Its list closes on {cutoff}."


def close_question(unheard: int) -> str:
    """Asked before a meeting is closed (marked held)."""
    text = "Close this meeting? It is then held, and the cases heard at it count in the reports."
    if unheard:
        text += f" {counted(unheard, 'case')} on the list {have(unheard)} not been marked heard."
    return text


def when_text(moment: datetime) -> str:
    """Thu 12 Mar 2026, 10:00."""
    return f"{moment:%a} {day_text(moment.date())}, {moment:%H:%M}"


def waiting_text(waiting: list[WaitingElsewhere]) -> str:
    """After a proposal: the cases left off because another meeting's list holds them."""
    if not waiting:
        return ""
    places = "; ".join(
        f"{w.case_reference} ({when_text(w.meeting_starts_at)})"
        for w in sorted(waiting, key=lambda w: (w.meeting_starts_at, w.case_reference))
    )
    return f" Not proposed, as they wait on another meeting's list: {places}."


def waits_there_text(case_reference: str, starts_at: datetime) -> str:
    """A case found to add that another meeting's list holds, not yet heard."""
    return (
        f"{case_reference} is already on the list of the meeting on {when_text(starts_at)}, "
        "waiting to be heard there."
    )


def where_text(meeting: Meeting) -> str:
    return "Online" if meeting.online else meeting.venue


def slot_text(start: datetime, end: datetime) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


def meeting_title(meeting: Meeting) -> str:
    return f"{when_text(meeting.starts_at)} · {where_text(meeting)}"


def heard_minutes(minutes: int, unit: str = " min") -> str:
    """A heard case's time, never "0 min": a case heard in seconds took under a minute."""
    return f"{minutes}{unit}" if minutes > 0 else "under a minute"


def minutes_text(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def research_cell(case: CaseResearch) -> str:
    """How much of one case's research is back: "2 of 4 in"."""
    asked = len(case.returns)
    if not asked:
        return "None asked"
    back = asked - len(case.missing())
    return f"All {asked} in" if back == asked else f"{back} of {asked} in"


def research_summary(research: MeetingResearch, today: date) -> str:
    """The meeting's research in one line, with what is overdue."""
    asked = research.asked()
    if not asked:
        return ""
    back = asked - research.waiting()
    text = f"Research returns: {back} of {asked} in, due by {day_text(research.due)}."
    overdue = research.overdue(today)
    if overdue:
        text += f" {counted(overdue, 'return')} overdue."
    return text


def research_statuses(case: CaseResearch, labels: Mapping[str, str]) -> str:
    """Each agency asked and where its return stands: codes worded, nothing typed."""
    return "; ".join(
        f"{labels.get(r.agency, r.agency)}: {r.status.label.lower()}" for r in case.returns
    )


def returns_text(case: CaseResearch, labels: Mapping[str, str]) -> str:
    """What the agencies that returned information sent back, one paragraph each."""
    paragraphs = []
    for r in case.returns:
        if r.status is not ResearchStatus.RETURNED_INFORMATION:
            continue
        lines = [f"{labels.get(r.agency, r.agency)}: {r.summary or 'no summary given'}"]
        if r.risks:
            lines.append(f"Risks: {r.risks}")
        if r.contact:
            lines.append(f"Contact: {r.contact}")
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)
