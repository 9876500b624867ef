"""The minutes of one MARAC meeting (A4 portrait): who came, and for each case what was shared,
the risks identified, the action plan and the earlier actions reviewed.

Marked RESTRICTED: the minutes carry what the agencies shared. Each case is named by its
meeting case reference (and the case reference only where the area allows it); the PDF
metadata holds the document title only. It can be encrypted with a password like a research
list (``research_list_pdf.encrypt``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from marac_desktop.reports.agenda_pdf import MARGIN, build, cell, styles, table
from marac_desktop.reports.fonts import markup

TITLE = "MARAC minutes"
MARKING = "RESTRICTED"
WIDTH = A4[0] - 2 * MARGIN - 12
"""The frame's width inside its own padding of 6 points each side."""
NOTHING_RECORDED = "Nothing recorded."


@dataclass(frozen=True, slots=True)
class MinutesAttendee:
    agency: str
    attendee: str
    attended: str
    """"Present", "Apologies" or "Not present"."""
    information_sent: str
    signed: str


@dataclass(frozen=True, slots=True)
class MinutesAction:
    agency: str
    what: str
    who: str
    due: str
    status: str
    note: str = ""
    """The latest status note (why it was not possible or not done)."""
    set_at: str = ""
    """The meeting case reference the action was set under, for an earlier meeting's action."""


@dataclass(frozen=True, slots=True)
class MinutesCase:
    heading: str
    """The meeting case reference, with the case reference when the area allows it."""
    section: str
    heard: str
    shared: str
    risks: str
    actions: tuple[MinutesAction, ...]
    reviewed: tuple[MinutesAction, ...]
    """Actions set at earlier meetings that were still open when this meeting began."""


@dataclass(frozen=True, slots=True)
class MinutesDocument:
    protective_marking: str
    heading: str
    details: tuple[tuple[str, str], ...]
    statement: str
    attendance: tuple[MinutesAttendee, ...]
    cases: tuple[MinutesCase, ...]


def _details(minutes: MinutesDocument, s: dict[str, Any]) -> Table:
    rows = [[cell(label, s, bold=True), cell(value, s)] for label, value in minutes.details]
    made = Table(rows, colWidths=[32 * mm, WIDTH - 32 * mm])
    made.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return made


def _attendance(minutes: MinutesDocument, s: dict[str, Any]) -> list[Any]:
    story: list[Any] = [Paragraph("Attendance", s["section"]), Spacer(1, 1.5 * mm)]
    if not minutes.attendance:
        return story + [Paragraph("No attendance was recorded.", s["base"])]
    header = ("Agency", "Representative", "Attended", "Information sent", "Statement signed")
    widths = [50 * mm, 50 * mm, 25 * mm, 28 * mm]
    widths.append(WIDTH - sum(widths))
    rows = [
        [
            cell(a.agency, s, bold=True),
            cell(a.attendee, s),
            cell(a.attended, s),
            cell(a.information_sent, s),
            cell(a.signed, s),
        ]
        for a in minutes.attendance
    ]
    return story + [table(header, rows, widths, s)]


def _actions(title: str, actions: tuple[MinutesAction, ...], s: dict[str, Any]) -> list[Any]:
    label = Paragraph(f"<b>{title}</b>", s["base"])
    if not actions:
        return [label, Paragraph("None.", s["cell"]), Spacer(1, 1.5 * mm)]
    earlier = any(a.set_at for a in actions)
    header = ["Agency", "Action", "Owner", "Due", "Status"]
    widths = [34 * mm, 0.0, 30 * mm, 19 * mm, 40 * mm]
    if earlier:
        header.insert(0, "Set at")
        widths.insert(0, 17 * mm)
    widths[header.index("Action")] = WIDTH - sum(widths)
    rows = []
    for a in actions:
        status = a.status + (f": {a.note}" if a.note else "")
        row = [cell(a.agency, s), cell(a.what, s), cell(a.who, s), cell(a.due, s), cell(status, s)]
        rows.append([cell(a.set_at, s), *row] if earlier else row)
    return [label, Spacer(1, 1 * mm), table(header, rows, widths, s), Spacer(1, 2 * mm)]


def _case(case: MinutesCase, s: dict[str, Any]) -> list[Any]:
    heading = Paragraph(
        f"<b>{markup(case.heading)}</b>   {markup(case.section)} · {markup(case.heard)}",
        s["section"],
    )
    shared = Paragraph(
        "<b>What the agencies shared:</b> " + markup(case.shared or NOTHING_RECORDED), s["base"]
    )
    risks = Paragraph(
        "<b>Risks identified:</b> " + markup(case.risks or NOTHING_RECORDED), s["base"]
    )
    return [
        CondPageBreak(35 * mm),
        KeepTogether([heading, Spacer(1, 1.5 * mm), shared, Spacer(1, 1 * mm), risks]),
        Spacer(1, 2 * mm),
        *_actions("Action plan", case.actions, s),
        *(_actions("Earlier actions reviewed", case.reviewed, s) if case.reviewed else []),
        Spacer(1, 3 * mm),
    ]


def build_minutes(minutes: MinutesDocument, out: BinaryIO) -> None:
    s = styles()
    story: list[Any] = [
        Paragraph(TITLE, s["title"]),
        Paragraph(markup(minutes.heading), s["base"]),
        Spacer(1, 2 * mm),
        _details(minutes, s),
        Spacer(1, 3 * mm),
        Paragraph("<b>Confidentiality statement</b>", s["base"]),
        Paragraph(markup(minutes.statement), s["statement"]),
        Spacer(1, 4 * mm),
        *_attendance(minutes, s),
        Spacer(1, 5 * mm),
        Paragraph("Cases", s["section"]),
        Spacer(1, 2 * mm),
    ]
    for case in minutes.cases:
        story += _case(case, s)
    if not minutes.cases:
        story.append(Paragraph("No cases were on this meeting's list.", s["base"]))
    marking = f"{MARKING} · {minutes.protective_marking}"
    build(out, TITLE, marking, f"{TITLE} · {minutes.heading}", story, pagesize=A4)
