"""The action list and the agenda laid out one page at a time look as one long ReportLab table
did: the same rows on the same pages, the header on each page, nothing lost, wrapped and
non-Latin text kept; and a section's heading never ends a page."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from marac_desktop.reports import actions_export, agenda_pdf, fonts
from marac_desktop.reports.actions_export import ActionLine, ActionsDocument
from marac_desktop.reports.agenda_pdf import (
    CELL_PADDING,
    TABLE_PADDING,
    AgendaDocument,
    AgendaLine,
    build,
    cell,
    styles,
    table,
)
from marac_desktop.reports.paged_table import MakeTable, PagedTable, row_heights

LONG = "check the refuge place, the school run and the court date & bail conditions "


def _lines(count: int) -> tuple[ActionLine, ...]:
    def what(n: int) -> str:
        text = f"Review {n} with the victim" if n % 7 else f"Long review {n}: " + LONG * (n % 4)
        return text + (" زيارة المنزل" if n % 11 == 0 else "") + (" 家访" if n % 13 == 0 else "")

    return tuple(
        ActionLine(
            "20/11/2026",
            f"M{n // 25}-{n % 25:02d}",
            "Police",
            what(n),
            f"Worker {n % 97}",
            "01/12/2026",
            "Open",
            n % 3 != 0,
            "20/11/2026: noted" + ("\nsecond line" if n % 5 == 0 else ""),
        )
        for n in range(count)
    )


def _one_long_table(document: ActionsDocument) -> bytes:
    """The list as it was built before: one table of paragraphs that ReportLab splits."""
    s = styles()
    rows = [[cell(text, s) for text in line.cells()] for line in document.lines]
    overdue = [n for n, line in enumerate(document.lines) if line.overdue]
    widths = [w * mm for w in actions_export._WIDTHS]
    story = [
        Paragraph(f"{actions_export.TITLE}: {document.heading}", s["title"]),
        Spacer(1, 4 * mm),
        table(actions_export.HEADER, rows, widths, s, highlight_rows=overdue),
    ]
    out = io.BytesIO()
    title = actions_export.TITLE
    build(out, title, document.protective_marking, f"{title} · {document.heading}", story)
    return out.getvalue()


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _references(page: str) -> list[str]:
    return re.findall(r"\bM\d+-\d\d\b", page)


def test_the_pages_hold_the_rows_one_long_table_did() -> None:
    document = ActionsDocument("OFFICIAL-SENSITIVE", "all agencies", _lines(260))
    out = io.BytesIO()
    actions_export.build_actions_pdf(document, out)
    paged, whole = _pages(out.getvalue()), _pages(_one_long_table(document))
    assert len(paged) > 5
    assert [_references(p) for p in paged] == [_references(p) for p in whole]
    every = [r for page in paged for r in _references(page)]
    assert every == [line.reference for line in document.lines]
    assert all("Last update" in page for page in paged)
    text = " ".join(paged)
    assert "家访" in text and "bail conditions" in text and "second line" in text


def test_a_row_a_shade_higher_than_worked_out_moves_to_the_next_page() -> None:
    """Heights are only a guide: a page never holds more than fits, and no row is lost."""
    s = styles()
    widths = [40 * mm, 60 * mm]
    rows = [[f"R{n:03d}", "one line"] for n in range(120)]
    heights = row_heights(rows, widths, s["cell"].leading, TABLE_PADDING, CELL_PADDING)
    low = [h - 3 for h in heights]

    def make(start: int, end: int) -> Table:
        made = table(("Number", "Text"), rows[start:end], widths, s)
        font = ("FONT", (0, 1), (-1, -1), fonts.LATIN, s["cell"].fontSize, s["cell"].leading)
        made.setStyle(TableStyle([font]))
        return made

    out = io.BytesIO()
    build(out, "Rows", "OFFICIAL", "Rows", [PagedTable(make, low)])
    pages = _pages(out.getvalue())
    found = [r for page in pages for r in re.findall(r"\bR\d{3}\b", page)]
    assert found == [f"R{n:03d}" for n in range(120)]
    assert len(pages) > 2 and all(page.count("Number") == 1 for page in pages)


SECTIONS = ("Cases with children in the household", "Other cases", "Repeat cases")


def _agenda(count: int, first_section: int) -> AgendaDocument:
    lines = tuple(
        AgendaLine(
            "10:00–10:10",
            f"M{n:05d}",
            SECTIONS[0 if n < first_section else 1 + (n >= (first_section + count) // 2)],
            "25-34",
            "Female",
            "Visible high risk; professional judgement" if n % 2 else "Visible high risk",
            "Yes, within 12 months" if n % 3 == 0 else "No",
            str(n % 4),
            "Children's social care" if n % 2 else "Police",
            "High (DASH 16 of 24)",
            "Police, Housing" + (", Children's social care, Health visiting" * (n % 5 == 0)),
        )
        for n in range(count)
    )
    return AgendaDocument("OFFICIAL-SENSITIVE", "1 Dec 2026", (), "Confidential.", lines)


def _agenda_pages(document: AgendaDocument) -> list[str]:
    out = io.BytesIO()
    agenda_pdf.build_agenda(document, out)
    return _pages(out.getvalue())


def _last_row(page: str) -> str:
    """The page's last line of the table, above the marking and running head at its foot."""
    return page.split("OFFICIAL-SENSITIVE")[-3].strip().splitlines()[-1]


def test_the_agenda_keeps_every_case_in_order_and_each_heading_with_its_first_case(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = [_agenda(90, first) for first in range(14, 24)]  # headings lower row by row
    for document in documents:
        pages = _agenda_pages(document)
        found = [r for page in pages for r in re.findall(r"\bM\d{5}\b", page)]
        assert found == [line.reference for line in document.lines]
        assert len(pages) > 2 and all(page.count("Time\nCase\n") == 1 for page in pages)
        assert all(_last_row(page) not in SECTIONS for page in pages)

    def without_the_rule(make: MakeTable, heights: list[float], headings: object) -> PagedTable:
        return PagedTable(make, heights)

    monkeypatch.setattr(agenda_pdf, "PagedTable", without_the_rule)
    assert any(
        _last_row(page) in SECTIONS for document in documents for page in _agenda_pages(document)
    ), "no layout put a heading at the foot of a page to begin with"
