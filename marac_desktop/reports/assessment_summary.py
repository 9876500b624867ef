"""The risk assessment summary (A4), for the case file and the MARAC referral.

Everything recorded is printed in full: the text flows onto as many pages as it needs, each
with the protective marking, the case reference and "Page x of y".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from marac_desktop.reports import fonts
from marac_desktop.reports.agenda_pdf import MARKING_RED, RULE_GREY, numbered_canvas
from marac_desktop.reports.fonts import markup

TITLE = "Risk assessment summary"
MARGIN = 15 * mm

_LEVEL_COLOURS = {
    "high": colors.HexColor("#b3261e"),
    "medium": colors.HexColor("#b26a00"),
    "standard": colors.HexColor("#2e6b30"),
}


@dataclass(frozen=True, slots=True)
class SummaryAnswer:
    """One question as answered; a free-text question has its text as ``answer``."""

    number: str
    question: str
    answer: str
    ticked: tuple[str, ...] = ()
    """The sub-answers ticked, such as who the fear is for."""
    comment: str = ""
    source: str = ""
    free_text: bool = False


@dataclass(frozen=True, slots=True)
class SummarySection:
    title: str
    answers: tuple[SummaryAnswer, ...]


@dataclass(frozen=True, slots=True)
class FollowOnSummary:
    title: str
    outcome: str
    """One sentence: how many were answered yes, or that the questions were not asked."""
    sections: tuple[SummarySection, ...]


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    """Everything printed, already worded; the report adds layout only."""

    protective_marking: str
    case_reference: str
    family_name: str
    given_names: str
    date_of_birth: str
    age: str
    assessment_date: str
    assessor: str
    status: str
    is_draft: bool
    level: str
    actuarial_level: str
    yes_count: int
    question_count: int
    refer_to_marac: bool
    criteria_met: tuple[str, ...]
    red_flags: tuple[str, ...]
    explanations: tuple[str, ...]
    prompts: tuple[str, ...]
    judgement_reason: str
    incident_dates: tuple[str, ...]
    last_marac_referral: str
    concerns: tuple[str, ...]
    sections: tuple[SummarySection, ...]
    follow_ons: tuple[FollowOnSummary, ...]
    versions: str
    app_version: str


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=fonts.LATIN, fontSize=8.5, leading=11)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "title": ParagraphStyle(
            "title", parent=base, fontName=fonts.LATIN_BOLD, fontSize=15, leading=18
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=base,
            fontName=fonts.LATIN_BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=7,
            spaceAfter=2,
        ),
        "subheading": ParagraphStyle(
            "subheading",
            parent=base,
            fontName=fonts.LATIN_BOLD,
            fontSize=9,
            leading=11.5,
            spaceBefore=5,
            spaceAfter=1,
        ),
        "question": ParagraphStyle(
            "question", parent=base, leftIndent=7 * mm, firstLineIndent=-7 * mm, spaceBefore=3
        ),
        "detail": ParagraphStyle("detail", parent=base, leftIndent=7 * mm),
        "level": ParagraphStyle(
            "level",
            parent=base,
            fontName=fonts.LATIN_BOLD,
            fontSize=14,
            leading=17,
            textColor=colors.white,
        ),
    }


def _canvas_maker(summary: AssessmentSummary) -> type[Canvas]:
    """A canvas that draws the marking, case reference and "Page x of y" once it knows y."""

    def furniture(canvas: Canvas, number: int, total: int) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFont(fonts.LATIN_BOLD, 9)
        canvas.setFillColor(MARKING_RED)
        canvas.drawCentredString(width / 2, height - 9 * mm, summary.protective_marking)
        canvas.drawCentredString(width / 2, 7 * mm, summary.protective_marking)
        canvas.setFillColor(colors.black)
        canvas.setFont(fonts.LATIN, 7.5)
        canvas.drawString(MARGIN, height - 13.5 * mm, f"{TITLE} · {summary.case_reference}")
        canvas.drawRightString(width - MARGIN, height - 13.5 * mm, summary.assessment_date)
        canvas.setStrokeColor(RULE_GREY)
        canvas.line(MARGIN, height - 15 * mm, width - MARGIN, height - 15 * mm)
        canvas.setFont(fonts.LATIN, 7)
        canvas.drawString(
            MARGIN, 12 * mm, f"MARAC Desktop {summary.app_version} · {summary.versions}"
        )
        canvas.drawRightString(width - MARGIN, 12 * mm, f"Page {number} of {total}")
        if summary.is_draft:
            canvas.setFont(fonts.LATIN_BOLD, 70)
            canvas.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.12))
            canvas.translate(width / 2, height / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, "DRAFT")
        canvas.restoreState()

    return numbered_canvas(furniture)


def _facts(summary: AssessmentSummary, s: dict[str, ParagraphStyle]) -> Table:
    def label(text: str) -> Paragraph:
        return Paragraph(f"<b>{text}</b>", s["base"])

    def value(text: str, bold: bool = False) -> Paragraph:
        return Paragraph(markup(text, bold=bold), s["base"])

    rows = [
        [
            label("Family name"),
            value(summary.family_name, bold=True),
            label("Case"),
            value(summary.case_reference),
        ],
        [
            label("Given names"),
            value(summary.given_names, bold=True),
            label("Assessed on"),
            value(summary.assessment_date),
        ],
        [
            label("Date of birth"),
            value(f"{summary.date_of_birth} (age {summary.age})"),
            label("Status"),
            value(summary.status),
        ],
        [label("Assessor"), value(summary.assessor), "", ""],
    ]
    table = Table(rows, colWidths=[24 * mm, 71 * mm, 22 * mm, 63 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _outcome(summary: AssessmentSummary, s: dict[str, ParagraphStyle]) -> Table:
    level_text = f"{summary.level.upper()} RISK"
    raised = summary.level != summary.actuarial_level
    detail = [
        f"<b>{summary.yes_count} of {summary.question_count}</b> risk factors answered yes "
        f"(score alone: {summary.actuarial_level})."
        + (" Raised by professional judgement." if raised else ""),
        "<b>Refer to MARAC: "
        + ("yes" if summary.refer_to_marac else "no")
        + "</b>"
        + (f" – {', '.join(summary.criteria_met)}." if summary.criteria_met else "."),
    ]
    if summary.red_flags:
        detail.append("<b>Red flags:</b> " + "; ".join(summary.red_flags) + ".")
    cell = [Paragraph(text, s["base"]) for text in detail]
    table = Table([[Paragraph(level_text, s["level"]), cell]], colWidths=[45 * mm, 135 * mm])
    colour = _LEVEL_COLOURS.get(summary.level, colors.grey)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, 0), colour),
                ("BOX", (0, 0), (-1, -1), 0.8, colour),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _labelled(label: str, text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(f"<b>{label}</b> " + markup(text), style)


def _context(summary: AssessmentSummary, s: dict[str, ParagraphStyle]) -> list[Any]:
    incidents = "; ".join(summary.incident_dates) or "none recorded"
    story: list[Any] = [
        Paragraph("Incidents and concerns", s["heading"]),
        _labelled("Incident dates:", incidents, s["base"]),
        _labelled("Last MARAC referral:", summary.last_marac_referral, s["base"]),
    ]
    if summary.concerns:
        story.append(_labelled("Concerns flagged:", "; ".join(summary.concerns) + ".", s["base"]))
    return story


def _answer(item: SummaryAnswer, s: dict[str, ParagraphStyle]) -> list[Any]:
    number = f"{item.number}. " if item.number else ""
    if item.free_text:
        return [
            Paragraph(f"<b>{number}</b>" + markup(item.question, bold=True), s["question"]),
            Paragraph(markup(item.answer), s["detail"]),
        ]
    answer = f"<b>{item.answer}</b>" if item.answer == "Yes" else item.answer
    parts = [Paragraph(f"<b>{number}</b>{markup(item.question)} – {answer}", s["question"])]
    if item.ticked:
        parts.append(_labelled("Ticked:", "; ".join(item.ticked), s["detail"]))
    if item.comment:
        parts.append(_labelled("Comment:", item.comment, s["detail"]))
    if item.source:
        parts.append(_labelled("Source:", item.source, s["detail"]))
    return parts


def _sections(
    sections: tuple[SummarySection, ...], s: dict[str, ParagraphStyle], style: str
) -> list[Any]:
    story: list[Any] = []
    for section in sections:
        story += [CondPageBreak(25 * mm), Paragraph(markup(section.title), s[style])]
        for item in section.answers:
            story += _answer(item, s)
    return story


def build_assessment_summary(
    summary: AssessmentSummary, out: BinaryIO, invariant: bool = False
) -> None:
    """Write the summary PDF to ``out``. Metadata holds the document type only, no names."""
    fonts.register()
    s = _styles()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=19 * mm,
        bottomMargin=17 * mm,
        title=TITLE,
        author="",
        subject="",
        creator="MARAC Desktop",
        keywords="",
        invariant=int(invariant),
    )
    story: list[Any] = [
        Paragraph(TITLE, s["title"]),
        Spacer(1, 2 * mm),
        _facts(summary, s),
        Spacer(1, 3 * mm),
        _outcome(summary, s),
    ]
    if summary.judgement_reason:
        story += [
            Paragraph("Professional judgement", s["heading"]),
            Paragraph(markup(summary.judgement_reason), s["base"]),
        ]
    if summary.prompts:
        story += [Paragraph("Actions to consider", s["heading"])]
        story += [Paragraph("• " + markup(p), s["base"]) for p in summary.prompts]
    story += [Paragraph("Why", s["heading"])]
    story += [Paragraph("• " + markup(e), s["small"]) for e in summary.explanations]
    story += _context(summary, s)
    story += [Paragraph("Answers", s["heading"])]
    story += _sections(summary.sections, s, "subheading")
    for follow_on in summary.follow_ons:
        story += [
            CondPageBreak(30 * mm),
            Paragraph(markup(follow_on.title), s["heading"]),
            Paragraph(markup(follow_on.outcome), s["base"]),
        ]
        story += _sections(follow_on.sections, s, "subheading")
    document.build(story, canvasmaker=_canvas_maker(summary))
