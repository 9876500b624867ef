"""A perpetrator's subject profile (A4 portrait) for tasking: who they are as far as the area
lets identifying details be printed, their cases with each victim named by case reference only,
the incident timeline, the priority score with every point explained, the interventions and the
actions still open.

Marked RESTRICTED; the PDF metadata holds the document title only. It can be encrypted with a
password like a research list (``research_list_pdf.encrypt``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from marac_desktop.reports.agenda_pdf import MARGIN, build, cell, styles, table
from marac_desktop.reports.fonts import markup

TITLE = "Perpetrator subject profile"
MARKING = "RESTRICTED"
WIDTH = A4[0] - 2 * MARGIN - 12
"""The frame's width inside its own padding of 6 points each side."""
NONE = "None recorded."
PURPOSE = (
    "For the partnership's tasking of this person only. Victims are named by case reference; "
    "look a case up in MARAC Desktop. Do not copy or forward this profile."
)


@dataclass(frozen=True, slots=True)
class ProfileCase:
    reference: str
    relationship: str
    last_referral: str
    heard: str


@dataclass(frozen=True, slots=True)
class ProfileIncident:
    day: str
    kind: str
    reference: str


@dataclass(frozen=True, slots=True)
class ProfileIntervention:
    referred_on: str
    kind: str
    agency: str
    status: str


@dataclass(frozen=True, slots=True)
class ProfileAction:
    agency: str
    what: str
    who: str
    due: str
    status: str
    """With "overdue" when it is."""


@dataclass(frozen=True, slots=True)
class ProfileDocument:
    protective_marking: str
    subject: str
    """How the running head names the subject: their person number, never their name."""
    identity: tuple[tuple[str, str], ...]
    """(label, value) of the identifying details the area allows, in its order."""
    score: int
    model: str
    score_lines: tuple[str, ...]
    cases: tuple[ProfileCase, ...]
    incidents: tuple[ProfileIncident, ...]
    described: tuple[tuple[str, str, str], ...]
    """(assessment day, case reference, the question answered yes or the concern flagged)."""
    interventions: tuple[ProfileIntervention, ...]
    actions: tuple[ProfileAction, ...]
    made_on: str


def _pairs(pairs: tuple[tuple[str, str], ...], s: dict[str, Any]) -> Table:
    rows = [[cell(label, s, bold=True), cell(value, s)] for label, value in pairs]
    made = Table(rows, colWidths=[34 * mm, WIDTH - 34 * mm])
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


def _section(
    title: str,
    header: tuple[str, ...],
    rows: list[list[Any]],
    widths: list[float],
    s: dict[str, Any],
) -> list[Any]:
    story: list[Any] = [Spacer(1, 4 * mm), Paragraph(title, s["section"]), Spacer(1, 1.5 * mm)]
    if not rows:
        return story + [Paragraph(NONE, s["base"])]
    flexible = widths.index(0.0)
    widths[flexible] = WIDTH - sum(widths)
    return story + [table(header, rows, widths, s)]


def _score(profile: ProfileDocument, s: dict[str, Any]) -> list[Any]:
    story: list[Any] = [
        Spacer(1, 4 * mm),
        Paragraph(f"Priority score: {profile.score}", s["section"]),
        Paragraph(markup(f"Priority model {profile.model}, on {profile.made_on}"), s["cell"]),
        Spacer(1, 1.5 * mm),
    ]
    if not profile.score_lines:
        return story + [Paragraph("Nothing inside the model's window.", s["base"])]
    return story + [Paragraph("• " + markup(line), s["base"]) for line in profile.score_lines]


def build_profile(profile: ProfileDocument, out: BinaryIO) -> None:
    s = styles()
    story: list[Any] = [
        Paragraph(TITLE, s["title"]),
        Paragraph(markup(PURPOSE), s["statement"]),
        Spacer(1, 3 * mm),
        _pairs(profile.identity, s),
        *_score(profile, s),
    ]
    story += _section(
        "Cases",
        ("Case", "Relationship to the victim", "Last referral", "Heard at MARAC"),
        [
            [
                cell(c.reference, s, bold=True),
                cell(c.relationship, s),
                cell(c.last_referral, s),
                cell(c.heard, s),
            ]
            for c in profile.cases
        ],  # fmt: skip
        [24 * mm, 0.0, 26 * mm, 60 * mm],
        s,
    )
    story += _section(
        "Incident timeline",
        ("Date", "Kind", "Case"),
        [[cell(i.day, s), cell(i.kind, s), cell(i.reference, s)] for i in profile.incidents],
        [26 * mm, 0.0, 24 * mm],
        s,
    )
    story += _section(
        "What the checklists recorded about them",
        ("Assessment", "Case", "Answered yes, or concern flagged"),
        [[cell(d, s), cell(r, s), cell(t, s)] for d, r, t in profile.described],
        [26 * mm, 24 * mm, 0.0],
        s,
    )
    story += _section(
        "Interventions",
        ("Referred on", "Programme or process", "Agency", "Status"),
        [
            [cell(i.referred_on, s), cell(i.kind, s), cell(i.agency, s), cell(i.status, s)]
            for i in profile.interventions
        ],
        [26 * mm, 0.0, 40 * mm, 40 * mm],
        s,
    )
    story += _section(
        "Open actions",
        ("Agency", "Action", "Owner", "Due", "Status"),
        [
            [
                cell(a.agency, s),
                cell(a.what, s),
                cell(a.who, s),
                cell(a.due, s),
                cell(a.status, s, bold="overdue" in a.status),
            ]
            for a in profile.actions
        ],  # fmt: skip
        [34 * mm, 0.0, 30 * mm, 22 * mm, 30 * mm],
        s,
    )
    marking = f"{MARKING} · {profile.protective_marking}"
    build(out, TITLE, marking, f"{TITLE} · {profile.subject}", story, pagesize=A4)
