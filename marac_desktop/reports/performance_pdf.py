"""The performance report as a PDF (A4 landscape): headline figures, charts and the return.

Counts only, with the same small-number suppression as the CSV and XLSX (``performance_export``):
a chart draws a suppressed count as an empty bar. The metadata holds the title only.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from marac_desktop.reports import fonts
from marac_desktop.reports.agenda_pdf import PAGE, build, cell, styles, table
from marac_desktop.reports.fonts import markup
from marac_desktop.reports.performance_export import (
    Sheet,
    actions_sheet,
    breakdown_sheet,
    note,
    return_sheet,
    summary_sheet,
    trend_sheet,
)
from marac_desktop.risk.performance import PerformanceReport

TITLE = "MARAC performance report"
BAR = colors.HexColor("#2f5d8a")
LINE = colors.HexColor("#8a1c1c")
WIDTH = PAGE[0] - 28 * mm
MAX_MONTHS = 36


def _count(text: str) -> int:
    return int(text) if text.isdigit() else 0


def _chart_frame(title: str, height: float = 62 * mm) -> Drawing:
    drawing = Drawing(WIDTH / 2 - 4 * mm, height)
    drawing.add(String(0, height - 10, title, fontName=fonts.LATIN_BOLD, fontSize=9))
    return drawing


def _cases_chart(trend: Sheet) -> Drawing:
    by = "Month" if sum(1 for r in trend.rows if r[0] == "Month") <= MAX_MONTHS else "Quarter"
    rows = [r for r in trend.rows if r[0] == by]
    drawing = _chart_frame(f"Cases discussed by {by.lower()}")
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 34
    chart.width, chart.height = drawing.width - 40, drawing.height - 58
    chart.data = [[_count(r[2]) for r in rows] or [0]]
    chart.bars[0].fillColor = BAR
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = fonts.LATIN
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = [r[1] for r in rows] or [""]
    chart.categoryAxis.labels.fontName = fonts.LATIN
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.angle = 45
    chart.categoryAxis.labels.boxAnchor = "ne"
    drawing.add(chart)
    return drawing


def _repeat_chart(trend: Sheet) -> Drawing:
    by = "Month" if sum(1 for r in trend.rows if r[0] == "Month") <= MAX_MONTHS else "Quarter"
    rows = [r for r in trend.rows if r[0] == by]
    drawing = _chart_frame(f"Repeat rate by {by.lower()} (%)")
    points = [(i, float(r[4].rstrip("%"))) for i, r in enumerate(rows) if r[4]]
    if not points:
        drawing.add(String(0, drawing.height / 2, "No repeat rate to show.", fontSize=8))
        return drawing
    plot = LinePlot()
    plot.x, plot.y = 28, 34
    plot.width, plot.height = drawing.width - 40, drawing.height - 58
    plot.data = [points]
    plot.lines[0].strokeColor = LINE
    plot.xValueAxis.valueMin = 0
    plot.xValueAxis.valueMax = max(len(rows) - 1, 1)
    plot.xValueAxis.labels.fontSize = 6
    plot.xValueAxis.valueSteps = list(range(len(rows)))
    plot.xValueAxis.labelTextFormat = lambda v: rows[int(v)][1] if 0 <= int(v) < len(rows) else ""
    plot.yValueAxis.valueMin = 0
    plot.yValueAxis.valueMax = 100
    plot.yValueAxis.labels.fontSize = 7
    drawing.add(plot)
    return drawing


def _agency_chart(report: PerformanceReport, sheet: Sheet) -> Drawing:
    totals = sheet.rows[-1]
    first = 1 + 5
    names = list(report.agencies)
    values = [_count(totals[first + i]) for i in range(len(names))]
    height = max(50 * mm, (len(names) * 5 + 20) * mm / 1.6)
    drawing = Drawing(WIDTH, height)
    drawing.add(
        String(0, height - 10, "Cases by referring agency", fontName=fonts.LATIN_BOLD, fontSize=9)
    )
    chart = HorizontalBarChart()
    chart.x, chart.y = 120, 12
    chart.width, chart.height = WIDTH - 150, height - 30
    chart.data = [list(reversed(values)) or [0]]
    chart.bars[0].fillColor = BAR
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = list(reversed(names)) or [""]
    chart.categoryAxis.labels.fontName = fonts.LATIN
    chart.categoryAxis.labels.fontSize = 7
    drawing.add(chart)
    return drawing


def _sheet_table(sheet: Sheet, s: dict[str, Any], widths: list[float] | None = None) -> Any:
    count = len(sheet.header)
    if widths is None:
        first = 40 * mm if count > 2 else 110 * mm
        rest = (WIDTH - first) / max(count - 1, 1)
        widths = [first] + [rest] * (count - 1)
    rows = [
        [cell(v, s, bold=(i == len(sheet.rows) - 1 and sheet.title == "Return")) for v in row]
        for i, row in enumerate(sheet.rows)
    ]
    return table(sheet.header, rows, widths, s)


def write_pdf(report: PerformanceReport, out: BinaryIO) -> None:
    s = styles()
    period = f"{report.period_from:%d/%m/%Y} to {report.period_to:%d/%m/%Y}"
    summary, trend = summary_sheet(report), trend_sheet(report)
    the_return = return_sheet(report)
    story: list[Any] = [
        Paragraph(TITLE, s["title"]),
        Paragraph(f"Period {period}. Produced {report.generated_on:%d/%m/%Y}.", s["statement"]),
        Spacer(1, 4 * mm),
        _sheet_table(summary, s, [110 * mm, WIDTH - 110 * mm]),
        Spacer(1, 5 * mm),
        CondPageBreak(70 * mm),
    ]
    charts = table(("", ""), [[_cases_chart(trend), _repeat_chart(trend)]], [WIDTH / 2] * 2, s)
    story += [charts, Spacer(1, 4 * mm), _agency_chart(report, the_return), Spacer(1, 5 * mm)]
    story += [Paragraph("The data return", s["section"]), Spacer(1, 2 * mm)]
    columns = len(the_return.header)
    narrow = (WIDTH - 20 * mm) / max(columns - 1, 1)
    story.append(_sheet_table(the_return, s, [20 * mm] + [narrow] * (columns - 1)))
    for sheet in (breakdown_sheet(report), actions_sheet(report), trend):
        story += [Spacer(1, 5 * mm), CondPageBreak(30 * mm)]
        story += [Paragraph(sheet.title, s["section"]), Spacer(1, 2 * mm)]
        story.append(_sheet_table(sheet, s))
    legend = markup(note(report.settings.suppression_threshold))
    story += [Spacer(1, 4 * mm), Paragraph(legend, s["base"])]
    build(out, TITLE, report.protective_marking, f"{TITLE}: {period}", story)
