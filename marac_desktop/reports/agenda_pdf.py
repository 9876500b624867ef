"""The anonymised MARAC agenda (A4 landscape), and the page furniture the meeting documents share.

The agenda holds no names, dates of birth, addresses, postcodes, phone numbers or schools: each
case is its meeting case reference and facts that identify no one. The PDF metadata holds the
document title only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from marac_desktop.reports import fonts
from marac_desktop.reports.fonts import markup
from marac_desktop.reports.paged_table import PagedTable, row_heights

TITLE = "MARAC agenda"
PAGE = landscape(A4)
MARGIN = 14 * mm
MARKING_RED = colors.HexColor("#8a1c1c")
RULE_GREY = colors.HexColor("#bbbbbb")
HEADING_FILL = colors.HexColor("#e8e8e8")
CELL_PADDING = 3
"""Points of space left and right inside every table cell."""
TABLE_PADDING = 2
"""Points of space above and below inside every table cell."""


# ----- shared page furniture --------------------------------------------------------------


def styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle("base", fontName=fonts.LATIN, fontSize=8, leading=10)
    return {
        "base": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9),
        "head": ParagraphStyle("head", parent=base, fontName=fonts.LATIN_BOLD, fontSize=7.5),
        "title": ParagraphStyle(
            "title", parent=base, fontName=fonts.LATIN_BOLD, fontSize=15, leading=18
        ),
        "section": ParagraphStyle(
            "section", parent=base, fontName=fonts.LATIN_BOLD, fontSize=8.5, leading=10.5
        ),
        "statement": ParagraphStyle("statement", parent=base, fontSize=8.5, leading=11),
    }


Furniture = Callable[[Canvas, int, int], None]
"""Draws what every page carries onto one page, given its number and the number of pages."""


def numbered_canvas(furniture: Furniture) -> type[Canvas]:
    """A canvas that keeps each page until the last, then draws ``furniture`` on every page
    once the number of pages is known."""

    class _Numbered(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                furniture(self, number, total)
                super().showPage()
            super().save()
            # Each kept page refers to the list of pages, and the PDF's objects to each other:
            # cycles that only a full garbage collection frees (17,000 objects after a research
            # list of 4,608 cases). Broken here, refcounting frees them at once.
            self._pages.clear()
            pdf: Any = self._doc
            pdf.__dict__.clear()

    return _Numbered


def canvas_maker(marking: str, running_head: str) -> type[Canvas]:
    """A canvas that draws the marking, running head and "Page x of y" once it knows y."""

    def furniture(canvas: Canvas, number: int, total: int) -> None:
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(fonts.LATIN_BOLD, 9)
        canvas.setFillColor(MARKING_RED)
        canvas.drawCentredString(width / 2, height - 8 * mm, marking)
        canvas.drawCentredString(width / 2, 6 * mm, marking)
        canvas.setFillColor(colors.black)
        canvas.setFont(fonts.LATIN, 7.5)
        canvas.drawString(MARGIN, height - 12.5 * mm, running_head)
        canvas.drawRightString(width - MARGIN, 10 * mm, f"Page {number} of {total}")
        canvas.drawString(MARGIN, 10 * mm, "MARAC Desktop")
        canvas.setStrokeColor(RULE_GREY)
        canvas.line(MARGIN, height - 14 * mm, width - MARGIN, height - 14 * mm)
        canvas.restoreState()

    return numbered_canvas(furniture)


def document(out: BinaryIO, title: str, pagesize: tuple[float, float] = PAGE) -> SimpleDocTemplate:
    """A document whose metadata holds the title only."""
    return SimpleDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=16 * mm,
        title=title,
        author="",
        subject="",
        creator="MARAC Desktop",
        keywords="",
    )


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    s: dict[str, ParagraphStyle],
    section_rows: Sequence[int] = (),
    highlight_rows: Sequence[int] = (),
) -> Table:
    """A table with a header repeated on every page; ``section_rows`` span the full width."""
    head = s["head"]
    data: list[list[Any]] = [
        [fitted(h, w, head, bold=True) for h, w in zip(header, widths, strict=True)]
    ]
    data += [list(r) for r in rows]
    commands: list[Any] = [
        ("FONT", (0, 0), (-1, 0), fonts.LATIN_BOLD, head.fontSize, head.leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.7, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE_GREY),
        ("TOPPADDING", (0, 0), (-1, -1), TABLE_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), TABLE_PADDING),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    for index in section_rows:
        commands += [
            ("SPAN", (0, index + 1), (-1, index + 1)),
            ("BACKGROUND", (0, index + 1), (-1, index + 1), HEADING_FILL),
        ]
    for index in highlight_rows:
        commands.append(("BACKGROUND", (0, index + 1), (-1, index + 1), colors.HexColor("#fde2e1")))
    made = Table(data, colWidths=list(widths), repeatRows=1)
    made.setStyle(TableStyle(commands))
    return made


def cell(text: str, s: dict[str, ParagraphStyle], bold: bool = False) -> Paragraph:
    return Paragraph(markup(text, bold=bold), s["cell"])


def fitted(text: str, width: float, style: ParagraphStyle, bold: bool = False) -> Any:
    """The text as a plain table cell when it fits on one line of a column ``width`` wide in the
    Latin font (ReportLab draws those without laying out a paragraph; the table's FONT command
    must name ``style``'s size and leading), else as a paragraph in ``style`` that wraps."""
    font = fonts.LATIN_BOLD if bold else fonts.LATIN
    plain = "\n" not in text and fonts.latin_only(text)
    if plain and stringWidth(text, font, style.fontSize) <= width - 2 * CELL_PADDING:
        return text
    return Paragraph(markup(text, bold=bold), style)


def wrapped(text: str, width: float, style: ParagraphStyle, bold: bool = False) -> Any:
    """Like ``fitted``, but Latin text too long for one line is broken into lines here and drawn
    as a plain multi-line cell (far quicker to lay out than a paragraph, the same look)."""
    font = fonts.LATIN_BOLD if bold else fonts.LATIN
    if not fonts.latin_only(text):
        return Paragraph(markup(text, bold=bold), style)
    return "\n".join(simpleSplit(text, font, style.fontSize, width - 2 * CELL_PADDING))


def build(
    out: BinaryIO,
    title: str,
    marking: str,
    running_head: str,
    story: list[Any],
    pagesize: tuple[float, float] = PAGE,
) -> None:
    fonts.register()
    doc = document(out, title, pagesize)
    maker: Callable[..., Canvas] = canvas_maker(marking, running_head)
    doc.build(story, canvasmaker=maker)


# ----- the agenda -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgendaLine:
    """One case, already worded; nothing here may identify a person."""

    slot: str
    reference: str
    section: str
    age_band: str
    gender: str
    criteria: str
    repeat: str
    children: str
    referring_agency: str
    risk: str
    research_agencies: str


@dataclass(frozen=True, slots=True)
class AgendaDocument:
    protective_marking: str
    heading: str
    """Meeting date, time and place."""
    details: tuple[tuple[str, str], ...]
    confidentiality_statement: str
    lines: tuple[AgendaLine, ...]


_COLUMNS = (
    ("Time", 19),
    ("Case", 15),
    ("Age", 13),
    ("Gender", 14),
    ("Criteria", 32),
    ("Repeat", 26),
    ("Children", 14),
    ("Referred by", 32),
    ("Risk", 26),
    ("Agencies asked to research", 78),
)
_REFERENCE = 1
"""The column of the case reference, set in bold."""


def _lines_with_sections(
    agenda: AgendaDocument, s: dict[str, ParagraphStyle]
) -> tuple[list[list[Any]], list[int]]:
    rows: list[list[Any]] = []
    sections: list[int] = []
    current = None
    widths = [w * mm for _, w in _COLUMNS]
    for line in agenda.lines:
        if line.section != current:
            current = line.section
            sections.append(len(rows))
            rows.append([Paragraph(markup(line.section), s["section"])] + [""] * 9)
        texts = (
            line.slot,
            line.reference,
            line.age_band,
            line.gender,
            line.criteria,
            line.repeat,
            line.children,
            line.referring_agency,
            line.risk,
            line.research_agencies,
        )
        rows.append(
            [
                wrapped(text, width, s["cell"], bold=column == _REFERENCE)
                for column, (text, width) in enumerate(zip(texts, widths, strict=True))
            ]
        )
    return rows, sections


def _paged(
    header: Sequence[str],
    rows: list[list[Any]],
    widths: Sequence[float],
    s: dict[str, ParagraphStyle],
    section_rows: Sequence[int],
) -> PagedTable:
    """``table`` laid out a page at a time, so a long list costs its rows, not their square."""
    sections = set(section_rows)

    cell_style = s["cell"]
    size, leading = cell_style.fontSize, cell_style.leading
    body = TableStyle(
        [
            ("FONT", (0, 1), (-1, -1), fonts.LATIN, size, leading),
            ("FONT", (_REFERENCE, 1), (_REFERENCE, -1), fonts.LATIN_BOLD, size, leading),
        ]
    )

    def page(start: int, end: int) -> Table:
        own = [n - start for n in range(start, end) if n in sections]
        made = table(header, rows[start:end], widths, s, section_rows=own)
        made.setStyle(body)
        return made

    heights = row_heights(rows, widths, leading, TABLE_PADDING, CELL_PADDING)
    for n in sections:  # a section's heading spans the whole width
        heading = rows[n][0]
        heights[n] = heading.wrap(sum(widths) - 2 * CELL_PADDING, 1e9)[1] + 2 * TABLE_PADDING
    return PagedTable(page, heights, headings=frozenset(sections))


def build_agenda(agenda: AgendaDocument, out: BinaryIO) -> None:
    s = styles()
    details = "   ·   ".join(f"<b>{markup(k)}:</b> {markup(v)}" for k, v in agenda.details)
    statement = Table(
        [
            [Paragraph("<b>Confidentiality statement</b>", s["statement"])],
            [Paragraph(markup(agenda.confidentiality_statement), s["statement"])],
        ],
        colWidths=[PAGE[0] - 2 * MARGIN],
    )
    statement.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, MARKING_RED),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    rows, sections = _lines_with_sections(agenda, s)
    story: list[Any] = [
        Paragraph(f"{TITLE}: {markup(agenda.heading)}", s["title"]),
        Spacer(1, 2 * mm),
        Paragraph(details, s["base"]),
        Spacer(1, 3 * mm),
        statement,
        Spacer(1, 4 * mm),
    ]
    if agenda.lines:
        header = [name for name, _ in _COLUMNS]
        widths = [w * mm for _, w in _COLUMNS]
        story.append(_paged(header, rows, widths, s, sections))
    else:
        story.append(Paragraph("No cases are on this meeting's list yet.", s["base"]))
    build(out, TITLE, agenda.protective_marking, f"{TITLE} · {agenda.heading}", story)
