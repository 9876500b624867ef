"""The performance report as a PDF (A4 landscape): headline figures, charts and the return.

Counts only, from the same ``Publication`` as the CSV and XLSX, so a figure hidden in one is
hidden in all. A chart never draws a hidden count as zero: it has no bar there, prints the
label ("<5" or "*") in its place and says so in a note beside the chart; a chart with nothing
to draw says why in words. Table headers wrap between words, never inside one. The metadata
holds the title only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.graphics.charts.barcharts import BarChart, HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from marac_desktop.domain import date_style
from marac_desktop.reports import fonts
from marac_desktop.reports.agenda_pdf import PAGE, build, cell, styles, table
from marac_desktop.reports.fonts import markup
from marac_desktop.reports.performance_export import (
    AGENCY_HEADING,
    PERIOD_COLUMNS,
    Publication,
    Sheet,
    note,
    outcome_table,
    perpetrator_table,
    publish,
    sheets,
)
from marac_desktop.risk.performance import (
    LONGEST_QUARTER_DAYS,
    SECONDARY,
    PerformanceReport,
    ReturnUnit,
    suppressed_label,
)
from marac_desktop.risk.perpetrator_figures import OUTCOMES_NOTE, PERIOD_ONLY_NOTE, serial_note

TITLE = "MARAC performance report"
BAR = colors.HexColor("#2f5d8a")
MUTED = colors.HexColor("#555555")
WIDTH = PAGE[0] - 28 * mm - 12
"""The frame's width inside the page margins and the frame's own padding."""
MAX_MONTHS = 36
"""Longer periods are charted and tabled by quarter (the workbook keeps every month)."""
CHART_HEIGHT = 62 * mm
DATE_COLUMN = 20 * mm
HEAD_SIZES = (7.5, 7.0, 6.5, 6.0)
"""Header font sizes tried in turn until every word of every header fits its column."""
CELL_PADDING = 6
WIDEST_COLUMN = 45 * mm
"""A table with few columns is narrower than the page rather than stretched across it."""
AXIS_STEPS = (1, 2, 5)
NOT_SHOWN_MARK = "n/s"
MAX_LABELS = 16
"""Most category labels along a chart; with more categories every second, third... is named."""


@dataclass(frozen=True, slots=True)
class Series:
    """One chart's bars: the category labels and, for each, a number or the text shown instead."""

    title: str
    labels: tuple[str, ...]
    cells: tuple[str, ...]
    unit: str
    """What a category is, for the notes: "month", "quarter", "agency"."""
    percent: bool = False

    def values(self) -> list[float | None]:
        return [_number(c) for c in self.cells]


def _number(text: str) -> float | None:
    cleaned = text.rstrip("%")
    try:
        return float(cleaned)
    except ValueError:
        return None


PLURAL = {"month": "months", "quarter": "quarters", "agency": "agencies"}


def _count_of(n: int, unit: str) -> str:
    return f"{n} {unit if n == 1 else PLURAL.get(unit, unit + 's')}"


def chart_note(series: Series, threshold: int) -> str:
    """What the chart leaves out and why, or "" when it draws every value."""
    hidden = [c for c in series.cells if _number(c) is None and c]
    if not hidden:
        return ""
    if series.percent:
        return (
            f"{NOT_SHOWN_MARK}: the rate for {_count_of(len(hidden), series.unit)} is not shown "
            f"because a count it is made from is hidden; no bar is drawn there."
        )
    small = sum(1 for c in hidden if c == suppressed_label(threshold))
    parts = []
    if small:
        parts.append(f"'{suppressed_label(threshold)}' marks fewer than {threshold} cases")
    if len(hidden) > small:
        parts.append(f"'{SECONDARY}' a count hidden so that a small one cannot be worked out")
    return (
        f"{'; '.join(parts).capitalize()}: {_count_of(len(hidden), series.unit)} "
        "drawn without a bar, not as zero."
    )


def empty_reason(series: Series) -> str | None:
    """Why a chart has nothing to draw, or None when it has."""
    if any(series.values()):
        return None
    if not series.cells:
        return "Nothing to show: no cases in this period."
    if not _marks(series):
        return "Nothing to show: no cases in this period."
    what = "rate is made from a hidden count" if series.percent else "count is hidden"
    return (
        f"No bars to draw: every {series.unit}'s {what} or is zero. The table of trends below "
        "gives each one."
        if series.unit != "agency"
        else "No bars to draw: every agency's count is hidden or is zero. The table of cases "
        "by referring agency below gives each one."
    )


def _axis_top(values: Sequence[float | None], percent: bool) -> tuple[float, float]:
    """A round top for the value axis and its step, never below 1 (no 0 to 0.01 axis)."""
    if percent:
        return 100.0, 20.0
    top = max([v for v in values if v is not None] + [1.0])
    scale = 1
    while True:
        for step in AXIS_STEPS:
            size = step * scale
            if top / size <= 5:
                return float(size * -(-top // size)), float(size)
        scale *= 10


def _configure(chart: BarChart, series: Series, size: float) -> None:
    values = series.values()
    chart.data = [[v if v else None for v in values]]
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    top, step = _axis_top(values, series.percent)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = fonts.LATIN
    chart.valueAxis.labels.fontSize = 7
    if series.percent:
        chart.valueAxis.labelTextFormat = "%d%%"
    steps = (1, 2, 4, 8) if series.unit == "quarter" else (1, 2, 3, 6, 12, 24)
    every = next((n for n in steps if len(series.labels) <= MAX_LABELS * n), steps[-1])
    chart.categoryAxis.categoryNames = [
        label if i % every == 0 else "" for i, label in enumerate(series.labels)
    ]
    chart.categoryAxis.labels.fontName = fonts.LATIN
    chart.categoryAxis.labels.fontSize = size


def _marks(series: Series) -> list[tuple[int, str]]:
    """The categories drawn without a bar, and the text to print there."""
    return [
        (i, NOT_SHOWN_MARK if series.percent else c)
        for i, c in enumerate(series.cells)
        if _number(c) is None and c
    ]


def _mark(text: str, x: float, y: float, size: float, room: float) -> Group:
    """The label of a hidden bar at its foot: upright where it fits, turned up where not."""
    fits = stringWidth(text, fonts.LATIN, size) <= room * 0.9
    mark = String(
        0,
        0,
        text,
        fontName=fonts.LATIN,
        fontSize=size,
        fillColor=MUTED,
        textAnchor="middle" if fits else "start",
    )
    if fits:
        return Group(mark, transform=(1, 0, 0, 1, x, y))
    return Group(mark, transform=(0, 1, -1, 0, x + size / 3, y))


def column_chart(series: Series, width: float, threshold: int) -> list[Any]:
    """A titled column chart with its note, or the reason there is none, as flowables."""
    s = styles()
    heading = Paragraph(markup(series.title, bold=True), s["section"])
    reason = empty_reason(series)
    if reason is not None:
        return [heading, Spacer(1, 2 * mm), Paragraph(markup(reason), s["base"])]
    drawing = Drawing(width, CHART_HEIGHT - 10 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 30
    chart.width, chart.height = width - 40, drawing.height - 38
    many = len(series.labels) > 12
    _configure(chart, series, 5.5 if many else 6.5)
    chart.categoryAxis.labels.angle = 45 if many else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if many else "n"
    chart.barSpacing = 1
    drawing.add(chart)
    slot = chart.width / max(len(series.labels), 1)
    size = 5.5 if many else 6.5
    for index, text in _marks(series):
        drawing.add(_mark(text, chart.x + slot * (index + 0.5), chart.y + 2, size, slot))
    flowables: list[Any] = [heading, drawing]
    remark = chart_note(series, threshold)
    if remark:
        flowables.append(Paragraph(markup(remark), s["cell"]))
    return flowables


def bar_chart(series: Series, threshold: int) -> list[Any]:
    """Bars across (for agency names), with the same marks and note as ``column_chart``."""
    s = styles()
    heading = Paragraph(markup(series.title, bold=True), s["section"])
    reason = empty_reason(series)
    if reason is not None:
        return [heading, Spacer(1, 2 * mm), Paragraph(markup(reason), s["base"])]
    names = list(reversed(series.labels))
    label_width = max(stringWidth(n, fonts.LATIN, 7) for n in names) + 8
    height = max(30 * mm, len(names) * 5 * mm + 14 * mm)
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 14
    chart.width, chart.height = WIDTH - label_width - 20, height - 20
    reversed_series = Series(series.title, tuple(names), tuple(reversed(series.cells)), series.unit)
    _configure(chart, reversed_series, 7)
    drawing.add(chart)
    slot = chart.height / max(len(names), 1)
    for index, text in _marks(reversed_series):
        drawing.add(
            String(
                chart.x + 3,
                chart.y + slot * (index + 0.5) - 2.5,
                text,
                fontName=fonts.LATIN,
                fontSize=7,
                fillColor=MUTED,
            )
        )
    flowables: list[Any] = [heading, drawing]
    remark = chart_note(series, threshold)
    if remark:
        flowables.append(Paragraph(markup(remark), s["cell"]))
    return flowables


# ----- the series the charts draw ---------------------------------------------------------


def trend_unit(report: PerformanceReport) -> str:
    return "month" if len(report.by_month) <= MAX_MONTHS else "quarter"


def trend_series(trend: Sheet, unit: str) -> tuple[Series, Series]:
    rows = [r for r in trend.rows if r[0].casefold() == unit]
    labels = tuple(r[1] for r in rows)
    cases = Series(f"Cases discussed by {unit}", labels, tuple(r[2] for r in rows), unit)
    rates = tuple(r[4] for r in rows)
    repeat = Series(f"Repeat rate by {unit} (% of cases)", labels, rates, unit, percent=True)
    return cases, repeat


def agency_series(the_return: Sheet) -> Series:
    totals = the_return.rows[-1]
    pairs = [
        (h.removeprefix(AGENCY_HEADING), v)
        for h, v in zip(the_return.header, totals, strict=True)
        if h.startswith(AGENCY_HEADING)
    ]
    return Series(
        "Cases by referring agency",
        tuple(n for n, _ in pairs),
        tuple(v for _, v in pairs),
        "agency",
    )


# ----- tables -----------------------------------------------------------------------------


def _word_width(text: str, size: float) -> float:
    fonts.register()
    return max((stringWidth(w, fonts.LATIN_BOLD, size) for w in text.split()), default=0.0)


def fit_columns(
    header: Sequence[str], width: float, fixed: dict[int, float]
) -> tuple[list[float], float]:
    """Column widths and a header font size at which no header word is wider than its column.

    ``fixed`` columns keep their width; the rest share what is left, each at least as wide as
    its longest header word, the spare shared equally up to ``WIDEST_COLUMN``.
    """
    fonts.register()
    for size in HEAD_SIZES:
        need = {
            i: _word_width(h, size) + CELL_PADDING for i, h in enumerate(header) if i not in fixed
        }
        spare = width - sum(fixed.values()) - sum(need.values())
        if spare >= 0 or size == HEAD_SIZES[-1]:
            share = max(spare, 0) / max(len(need), 1)
            widths = [
                fixed[i] if i in fixed else max(need[i], min(need[i] + share, WIDEST_COLUMN))
                for i in range(len(header))
            ]
            return widths, size
    raise AssertionError("unreachable")


def sheet_table(
    sheet: Sheet,
    fixed: dict[int, float] | None = None,
    bold_last: bool = False,
    width: float = WIDTH,
) -> Table:
    s = styles()
    widths, size = fit_columns(sheet.header, width, fixed or {})
    s = dict(s)
    s["head"] = ParagraphStyle(
        "head-fitted", parent=s["head"], fontSize=size, leading=size + 1.5, splitLongWords=0
    )
    last = len(sheet.rows) - 1
    cell_style = s["cell"]
    rows = []
    for i, row in enumerate(sheet.rows):
        bold = bold_last and i == last
        font = fonts.LATIN_BOLD if bold else fonts.LATIN
        rows.append(
            [
                v if _fits_plain(v, w, font, cell_style.fontSize) else cell(v, s, bold)
                for v, w in zip(row, widths, strict=True)
            ]
        )
    made = table(sheet.header, rows, widths, s)
    plain = [("FONT", (0, 1), (-1, -1), fonts.LATIN, cell_style.fontSize, cell_style.leading)]
    if bold_last and sheet.rows:
        plain.append(
            ("FONT", (0, -1), (-1, -1), fonts.LATIN_BOLD, cell_style.fontSize, cell_style.leading)
        )
    made.setStyle(TableStyle(plain))
    made.hAlign = "LEFT"
    return made


_PLAIN = re.compile(r"[0-9A-Za-z<>*.,%/:'() -]*")
"""Text that needs no markup: Latin letters, digits and the marks counts, dates and rates use."""


def _fits_plain(text: str, width: float, font: str, size: float) -> bool:
    """Whether ``text`` can be drawn as a plain string (one line, the cell font): a Paragraph
    per cell made a ten-year return (40,000 cells) take many seconds to lay out."""
    if _PLAIN.fullmatch(text) is None:
        return False
    return float(stringWidth(text, font, size)) <= width - CELL_PADDING


RETURN_TITLES = {
    ReturnUnit.MEETING: ("The data return", "Cases by referring agency, by meeting"),
    ReturnUnit.QUARTER: (
        "The data return, by calendar quarter",
        "Cases by referring agency, by calendar quarter",
    ),
}
BY_QUARTER_NOTE = (
    f"A period longer than {LONGEST_QUARTER_DAYS} days is listed by calendar quarter, not by "
    "meeting (the first and last quarters count only the days inside the period), so that each "
    "line counts enough cases to be shown."
)


def _split_return(the_return: Sheet, unit: ReturnUnit) -> tuple[Sheet, Sheet]:
    """The return's fixed columns, and its referrals by agency: each fits the page. The
    figures of the whole period have a section of their own (``perpetrator_section``)."""
    agency = [i for i, h in enumerate(the_return.header) if h.startswith(AGENCY_HEADING)]
    period = [i for i, h in enumerate(the_return.header) if h in PERIOD_COLUMNS]
    fixed = [i for i in range(len(the_return.header)) if i not in agency and i not in period]

    def pick(columns: list[int], title: str, rename: bool) -> Sheet:
        header = tuple(
            the_return.header[i].removeprefix(AGENCY_HEADING) if rename else the_return.header[i]
            for i in columns
        )
        rows = tuple(tuple(r[i] for i in columns) for r in the_return.rows)
        return Sheet(title, header, rows)

    fixed_title, agency_title = RETURN_TITLES[unit]
    return (
        pick(fixed, fixed_title, rename=False),
        pick([0, *agency], agency_title, rename=True),
    )


def split_to_fit(sheet: Sheet, width: float, first: float) -> list[Sheet]:
    """The sheet as one or more tables, each repeating the first column and each narrow enough
    that every header word fits its column at the smallest header size."""
    smallest = HEAD_SIZES[-1]
    parts: list[list[int]] = [[]]
    used = first
    for i in range(1, len(sheet.header)):
        need = _word_width(sheet.header[i], smallest) + CELL_PADDING
        if parts[-1] and used + need > width:
            parts.append([])
            used = first
        parts[-1].append(i)
        used += need
    return [
        Sheet(
            sheet.title,
            (sheet.header[0], *(sheet.header[i] for i in part)),
            tuple((row[0], *(row[i] for i in part)) for row in sheet.rows),
        )
        for part in parts
    ]


def _trend_table(trend: Sheet, unit: str) -> Sheet:
    rows = tuple(r[1:] for r in trend.rows if r[0].casefold() == unit)
    return Sheet("Trends", (unit.capitalize(), *trend.header[2:]), rows)


def _side_by_side(left: list[Any], right: list[Any]) -> Table:
    made = Table([[left, right]], colWidths=[WIDTH / 2, WIDTH / 2])
    made.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6 * mm),
            ]
        )
    )
    return made


def perpetrator_section(pub: Publication) -> list[Any]:
    """The period's perpetrators beside its interventions by outcome, with what they count."""
    s = styles()
    serial = serial_note(pub.report.perpetrators.serial_window_days)

    def titled(sheet: Sheet, remark: str, bold_last: bool) -> list[Any]:
        return [
            Paragraph(markup(sheet.title, bold=True), s["section"]),
            Spacer(1, 2 * mm),
            sheet_table(sheet, {0: 55 * mm}, bold_last=bold_last, width=WIDTH / 2 - 6 * mm),
            Spacer(1, 2 * mm),
            Paragraph(markup(remark), s["cell"]),
        ]

    return [
        _side_by_side(
            titled(perpetrator_table(pub), f"{PERIOD_ONLY_NOTE} {serial}", bold_last=False),
            titled(outcome_table(pub), OUTCOMES_NOTE, bold_last=True),
        ),
    ]


def write_pdf(report: PerformanceReport, out: BinaryIO, pub: Publication | None = None) -> None:
    s = styles()
    pub = pub or publish(report)
    threshold = report.settings.suppression_threshold
    period = f"{date_style.shown(report.period_from)} to {date_style.shown(report.period_to)}"
    the_return, summary, trend, breakdowns, actions, _ = sheets(report, pub, date_style.in_use())
    unit = trend_unit(report)
    cases, repeat = trend_series(trend, unit)
    chart_width = WIDTH / 2 - 6 * mm
    story: list[Any] = [
        Paragraph(TITLE, s["title"]),
        Paragraph(
            f"Period {period}. Produced {date_style.shown(report.generated_on)}.", s["statement"]
        ),
        Spacer(1, 4 * mm),
        sheet_table(summary, {0: 110 * mm, 1: WIDTH - 110 * mm}),
        Spacer(1, 5 * mm),
        CondPageBreak(CHART_HEIGHT + 15 * mm),
        _side_by_side(
            column_chart(cases, chart_width, threshold),
            column_chart(repeat, chart_width, threshold),
        ),
        Spacer(1, 4 * mm),
        KeepTogether(bar_chart(agency_series(the_return), threshold)),
    ]
    fixed, by_agency = _split_return(the_return, pub.unit)
    for part in (fixed, by_agency):
        story += [Spacer(1, 5 * mm), CondPageBreak(30 * mm)]
        story += [Paragraph(part.title, s["section"]), Spacer(1, 2 * mm)]
        if pub.unit is ReturnUnit.QUARTER and part is fixed:
            story += [Paragraph(markup(BY_QUARTER_NOTE), s["base"]), Spacer(1, 2 * mm)]
        if len(part.header) > 1:
            for piece in split_to_fit(part, WIDTH, DATE_COLUMN):
                story.append(sheet_table(piece, {0: DATE_COLUMN}, bold_last=True))
                story.append(Spacer(1, 3 * mm))
        else:
            story.append(Paragraph("No referrals in this period.", s["base"]))
    tables = (
        (breakdowns, "Breakdowns", {0: 40 * mm, 1: 90 * mm}, 170 * mm),
        (actions, "Actions", {0: 70 * mm}, WIDTH),
        (_trend_table(trend, unit), f"Trends by {unit}", {0: 40 * mm}, 170 * mm),
    )
    for sheet, title, widths, width in tables:
        story += [Spacer(1, 5 * mm), CondPageBreak(30 * mm)]
        story += [Paragraph(title, s["section"]), Spacer(1, 2 * mm)]
        if sheet.rows:
            story.append(sheet_table(sheet, widths, width=width))
        else:
            story.append(Paragraph("None in this period.", s["base"]))
    story += [Spacer(1, 5 * mm), CondPageBreak(60 * mm), *perpetrator_section(pub)]
    legend = markup(note(threshold))
    story += [Spacer(1, 4 * mm), Paragraph(legend, s["base"])]
    build(out, TITLE, report.protective_marking, f"{TITLE}: {period}", story)
