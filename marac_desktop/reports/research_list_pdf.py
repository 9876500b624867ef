"""The confidential research list for one agency: who to look for in its own records.

Marked RESTRICTED. It shows only the identifying fields the area's settings allow, and can be
encrypted with a password (AES-256, PDF 2.0 security handler revision 6).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from marac_desktop.errors import InvalidInputError
from marac_desktop.reports import fonts
from marac_desktop.reports.agenda_pdf import MARGIN, PAGE, build, styles, table, wrapped
from marac_desktop.reports.fonts import markup

TITLE = "MARAC research list"
MARKING = "RESTRICTED"
FIELD_COLUMNS = {
    "names": ("Name", 46),
    "aliases": ("Also known as", 46),
    "date_of_birth": ("Date of birth", 24),
    "address": ("Address", 58),
    "postcode": ("Postcode", 20),
    "phone": ("Phone", 26),
}
INSTRUCTIONS = (
    "Check your agency's records for every person below before the meeting. Do not contact "
    "the victim unless immediate action is needed. Bring current, accurate information and keep "
    "fact apart from professional opinion. This list is for your agency's research only: do not "
    "copy or forward it, and destroy it after the meeting."
)
MIN_PASSWORD = 8


@dataclass(frozen=True, slots=True)
class ResearchPerson:
    role: str
    names: str
    aliases: str
    date_of_birth: str
    address: str
    postcode: str
    phone: str


@dataclass(frozen=True, slots=True)
class ResearchCase:
    reference: str
    slot: str
    people: tuple[ResearchPerson, ...]


@dataclass(frozen=True, slots=True)
class ResearchDocument:
    protective_marking: str
    agency: str
    heading: str
    fields: tuple[str, ...]
    """Which of FIELD_COLUMNS to show, as the area's settings allow."""
    cases: tuple[ResearchCase, ...]


class _PlainLine(Flowable):  # type: ignore[misc]
    """One line of Latin text in one font, drawn as it is: a paragraph per case left thousands of
    reference cycles that one garbage collection freed while the window waited (140 ms)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self._text = text
        self._style = style

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, self._style.leading

    def draw(self) -> None:
        baseline = self._style.leading - self._style.fontSize
        self.canv.setFont(self._style.fontName, self._style.fontSize)
        self.canv.drawString(0, baseline, self._text)


def _heading(case: ResearchCase, style: ParagraphStyle) -> Flowable:
    text = f"{case.reference}   {case.slot}"
    if fonts.latin_only(text):
        return _PlainLine(text, style)
    return Paragraph(markup(text), style)


def _case_block(case: ResearchCase, fields: tuple[str, ...], s: dict[str, Any]) -> list[Any]:
    columns = [("Role", 20)] + [FIELD_COLUMNS[f] for f in fields]
    widths = [w * mm for _, w in columns]
    widths[-1] += PAGE[0] - 2 * MARGIN - sum(widths)
    rows = [
        [wrapped(person.role, widths[0], s["cell"])]
        + [
            wrapped(getattr(person, f), width, s["cell"], bold=f == "names")
            for f, width in zip(fields, widths[1:], strict=True)
        ]
        for person in case.people
    ]
    made = table([c for c, _ in columns], rows, widths, s)
    size, leading = s["cell"].fontSize, s["cell"].leading
    plain = [("FONT", (0, 1), (-1, -1), fonts.LATIN, size, leading)]
    if "names" in fields:
        names = 1 + fields.index("names")
        plain.append(("FONT", (names, 1), (names, -1), fonts.LATIN_BOLD, size, leading))
    made.setStyle(TableStyle(plain))
    return [
        CondPageBreak(30 * mm),
        KeepTogether([_heading(case, s["section"]), Spacer(1, 1.5 * mm), made]),
        Spacer(1, 4 * mm),
    ]


def build_research_list(research: ResearchDocument, out: BinaryIO) -> None:
    unknown = set(research.fields) - set(FIELD_COLUMNS)
    if unknown:
        raise ValueError(f"unknown research fields: {sorted(unknown)}")
    s = styles()
    story: list[Any] = [
        Paragraph(f"{TITLE}: {markup(research.agency)}", s["title"]),
        Paragraph(markup(research.heading), s["base"]),
        Spacer(1, 2 * mm),
        Paragraph(markup(INSTRUCTIONS), s["statement"]),
        Spacer(1, 4 * mm),
    ]
    for case in research.cases:
        story += _case_block(case, research.fields, s)
    if not research.cases:
        story.append(Paragraph("No cases on this list are for this agency to research.", s["base"]))
    marking = f"{MARKING} · {research.protective_marking}"
    build(out, TITLE, marking, f"{TITLE} · {research.agency} · {research.heading}", story)


def encrypt(pdf: bytes, password: str) -> bytes:
    """The same PDF, readable only with ``password`` (AES-256)."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInputError(f"Use a password of at least {MIN_PASSWORD} characters.")
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    return encrypted.getvalue()
