"""Agency action lists as PDF and CSV: meeting case references only, never names."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from marac_desktop.domain.progress import Progress, quiet
from marac_desktop.reports import fonts
from marac_desktop.reports.agenda_pdf import (
    CELL_PADDING,
    TABLE_PADDING,
    build,
    styles,
    table,
    wrapped,
)
from marac_desktop.reports.paged_table import PagedTable, row_heights

TITLE = "MARAC actions"
HEADER = (
    "Meeting",
    "Case",
    "Agency",
    "Action",
    "Who",
    "Due",
    "Status",
    "Overdue",
    "Last update",
)
_WIDTHS = (20, 16, 28, 78, 28, 20, 34, 14, 31)
LAYING_OUT = "Laying out the actions"
WRITING = "Writing the pages"
STEP_ROWS = 500


@dataclass(frozen=True, slots=True)
class ActionLine:
    meeting: str
    reference: str
    agency: str
    what: str
    who: str
    due: str
    status: str
    overdue: bool
    last_update: str

    def cells(self) -> list[str]:
        return [
            self.meeting,
            self.reference,
            self.agency,
            self.what,
            self.who,
            self.due,
            self.status,
            "yes" if self.overdue else "",
            self.last_update,
        ]


@dataclass(frozen=True, slots=True)
class ActionsDocument:
    protective_marking: str
    heading: str
    """Which actions: the agency and filters, worded."""
    lines: tuple[ActionLine, ...]


def build_actions_pdf(
    document: ActionsDocument, out: BinaryIO, progress: Progress | None = None
) -> None:
    """Lay out and write the PDF; ``progress`` is told, and may stop it, every ``STEP_ROWS``
    rows laid out and every page written (``out`` is then left part-written: give a
    temporary file)."""
    progress = quiet(progress)
    s = styles()
    widths = [w * mm for w in _WIDTHS]
    style = s["cell"]
    lines = document.lines
    total = len(lines)
    rows = []
    for n, line in enumerate(lines):
        if n % STEP_ROWS == 0:
            progress.step(n, total, LAYING_OUT)
        rows.append(
            [wrapped(text, width, style) for text, width in zip(line.cells(), widths, strict=True)]
        )
    body_font = ("FONT", (0, 1), (-1, -1), fonts.LATIN, style.fontSize, style.leading)

    def rows_table(start: int, end: int) -> Table:
        progress.step(start, total, WRITING)
        overdue = [n - start for n in range(start, end) if lines[n].overdue]
        made = table(HEADER, rows[start:end], widths, s, highlight_rows=overdue)
        made.setStyle(TableStyle([body_font]))
        return made

    story: list[Any] = [
        Paragraph(f"{TITLE}: {fonts.markup(document.heading)}", s["title"]),
        Spacer(1, 4 * mm),
    ]
    if rows:
        heights = row_heights(rows, widths, style.leading, TABLE_PADDING, CELL_PADDING)
        story.append(PagedTable(rows_table, heights))
    else:
        story.append(Paragraph("No actions match.", s["base"]))
    build(out, TITLE, document.protective_marking, f"{TITLE} · {document.heading}", story)


def _safe(text: str) -> str:
    """Stop a spreadsheet reading a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def actions_csv(document: ActionsDocument) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for line in document.lines:
        writer.writerow([_safe(text) for text in line.cells()])
    return buffer.getvalue().encode("utf-8-sig")
