"""The one-page risk assessment summary (A4), for the case file and the MARAC referral."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from marac_desktop.reports import fonts
from marac_desktop.reports.fonts import markup

TITLE = "Risk assessment summary"
MAX_NOTE = 110
MAX_OWN_WORDS = 260

_LEVEL_COLOURS = {
    "high": colors.HexColor("#b3261e"),
    "medium": colors.HexColor("#b26a00"),
    "standard": colors.HexColor("#2e6b30"),
}


@dataclass(frozen=True, slots=True)
class SummaryAnswer:
    number: str
    question: str
    answer: str
    note: str = ""


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
    own_words: tuple[tuple[str, str], ...]
    follow_ons: tuple[str, ...]
    answers: tuple[SummaryAnswer, ...]
    versions: str
    app_version: str


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=fonts.LATIN, fontSize=8, leading=10)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=6.8, leading=8.1),
        "title": ParagraphStyle(
            "title", parent=base, fontName=fonts.LATIN_BOLD, fontSize=15, leading=18
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=base,
            fontName=fonts.LATIN_BOLD,
            fontSize=9.5,
            leading=12,
            spaceBefore=5,
            spaceAfter=2,
        ),
        "level": ParagraphStyle(
            "level",
            parent=base,
            fontName=fonts.LATIN_BOLD,
            fontSize=14,
            leading=17,
            textColor=colors.white,
        ),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
    }


def _header_footer(summary: AssessmentSummary) -> Any:
    def draw(canvas: Any, document: Any) -> None:
        canvas.saveState()
        width, height = A4
        canvas.setFont(fonts.LATIN_BOLD, 9)
        canvas.setFillColor(colors.HexColor("#8a1c1c"))
        canvas.drawCentredString(width / 2, height - 10 * mm, summary.protective_marking)
        canvas.drawCentredString(width / 2, 8 * mm, summary.protective_marking)
        canvas.setFillColor(colors.black)
        canvas.setFont(fonts.LATIN, 7)
        canvas.drawString(
            15 * mm, 13 * mm, f"MARAC Desktop {summary.app_version} · {summary.versions}"
        )
        canvas.drawRightString(width - 15 * mm, 13 * mm, "Page 1 of 1")
        if summary.is_draft:
            canvas.setFont(fonts.LATIN_BOLD, 70)
            canvas.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.12))
            canvas.translate(width / 2, height / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, "DRAFT")
        canvas.restoreState()

    return draw


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


def _answers(summary: AssessmentSummary, s: dict[str, ParagraphStyle]) -> Table:
    rows: list[list[Any]] = [
        [
            Paragraph("<b>#</b>", s["small"]),
            Paragraph("<b>Risk factor</b>", s["small"]),
            Paragraph("<b>Answer</b>", s["small"]),
            Paragraph("<b>Comment / source</b>", s["small"]),
        ]
    ]
    for item in summary.answers:
        answer = f"<b>{item.answer}</b>" if item.answer == "Yes" else item.answer
        rows.append(
            [
                Paragraph(item.number, s["small"]),
                Paragraph(markup(item.question), s["small"]),
                Paragraph(answer, s["small"]),
                Paragraph(markup(_clip(item.note, MAX_NOTE)), s["small"]),
            ]
        )
    table = Table(rows, colWidths=[8 * mm, 100 * mm, 16 * mm, 56 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def build_assessment_summary(
    summary: AssessmentSummary, out: BinaryIO, invariant: bool = False
) -> None:
    """Write the summary PDF to ``out``. Metadata holds the document type only, no names."""
    fonts.register()
    s = _styles()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
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
            Paragraph(markup(_clip(summary.judgement_reason, MAX_OWN_WORDS)), s["base"]),
        ]
    if summary.prompts:
        story += [Paragraph("Actions to consider", s["heading"])]
        story += [Paragraph("• " + markup(p), s["base"]) for p in summary.prompts]
    story += [Paragraph("Why", s["heading"])]
    story += [Paragraph("• " + markup(e), s["small"]) for e in summary.explanations]
    if summary.follow_ons:
        story += [
            Paragraph(
                "<b>Follow-on screening:</b> " + markup(" ".join(summary.follow_ons)), s["base"]
            )
        ]
    if summary.own_words:
        story += [Paragraph("In the victim's own words", s["heading"])]
        story += [
            Paragraph(f"<b>{label}</b> " + markup(_clip(text, MAX_OWN_WORDS)), s["base"])
            for label, text in summary.own_words
        ]
    story += [Paragraph("Answers", s["heading"]), _answers(summary, s)]
    page = _header_footer(summary)
    # One page always: a long case shrinks a little rather than spilling onto a second page.
    fitted = KeepInFrame(document.width, document.height, story, mode="shrink")
    document.build([fitted], onFirstPage=page, onLaterPages=page)
