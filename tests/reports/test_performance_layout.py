"""The performance report's PDF layout and one decision per figure across every sheet."""

from __future__ import annotations

import io
import random

from pypdf import PdfReader
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Group, String

from marac_desktop.reports import performance_pdf
from marac_desktop.reports.performance_export import PERIOD_COLUMNS, Sheet, publish, sheets
from marac_desktop.reports.performance_pdf import (
    CELL_PADDING,
    WIDTH,
    Series,
    _axis_top,
    _word_width,
    chart_note,
    column_chart,
    empty_reason,
    fit_columns,
    split_to_fit,
)
from marac_desktop.risk.perpetrator_figures import PerpetratorFigure
from tests.unit.performance.random_reports import random_report


def _pdf_text(report: object) -> str:
    buffer = io.BytesIO()
    performance_pdf.write_pdf(report, buffer)  # type: ignore[arg-type]
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(buffer.getvalue())).pages)


def test_headers_wrap_between_words_never_inside_one() -> None:
    report = random_report(random.Random(3))
    the_return = sheets(report)[0]
    many = (*the_return.header, *(f"Referrals: Specialist service number {n}" for n in range(14)))
    wide = Sheet(
        "Return", many, tuple(("01/01/2026", *("<5",) * (len(many) - 1)) for _ in range(3))
    )
    pieces = split_to_fit(wide, WIDTH, 20.0)
    assert len(pieces) > 1
    assert [h for p in pieces for h in p.header[1:]] == list(many[1:])
    for piece in pieces:
        widths, size = fit_columns(piece.header, WIDTH, {0: 20.0})
        assert sum(widths) <= WIDTH + 0.01
        for header, width in zip(piece.header[1:], widths[1:], strict=True):
            assert _word_width(header, size) + CELL_PADDING <= width + 0.01, header
    text = _pdf_text(report)
    for header in the_return.header:
        if header in PERIOD_COLUMNS:
            continue  # printed in the perpetrators' section, by their names there
        for word in header.removeprefix("Referrals: ").split():
            assert word in text, f"{word!r} of {header!r} is broken in the PDF"
    for figure in PerpetratorFigure:
        for word in figure.name_in_table.split():
            assert word in text, f"{word!r} of {figure.name_in_table!r} is broken in the PDF"


def test_a_chart_never_draws_a_hidden_count_as_zero_and_says_what_it_hides() -> None:
    series = Series("Cases discussed by month", ("Jan", "Feb", "Mar"), ("12", "<5", "*"), "month")
    assert series.values() == [12.0, None, None]
    remark = chart_note(series, 5)
    assert "'<5'" in remark and "'*'" in remark and "2 months" in remark and "not as zero" in remark
    assert chart_note(Series("t", ("Jan",), ("12",), "month"), 5) == ""
    rates = Series(
        "Repeat rate",
        ("Jan", "Feb"),
        ("25.0%", "not shown: repeat cases <5"),
        "month",
        percent=True,
    )
    assert "not shown" in chart_note(rates, 5)
    assert empty_reason(series) is None
    drawing = next(f for f in column_chart(series, 300.0, 5) if isinstance(f, Drawing))
    chart = next(c for c in drawing.contents if isinstance(c, VerticalBarChart))
    assert chart.data == [[12.0, None, None]]  # no bar at all, not a bar of height zero
    marks = [
        s.text
        for g in drawing.contents
        if isinstance(g, Group)
        for s in g.contents
        if isinstance(s, String)
    ]
    assert sorted(marks) == ["*", "<5"]
    assert chart.valueAxis.valueMax >= 12 and chart.valueAxis.valueStep >= 1
    hidden = Series("t", ("Jan", "Feb"), ("<5", "0"), "month")
    assert "No bars to draw" in (empty_reason(hidden) or "")
    zeros = Series("t", ("Jan", "Feb"), ("0", "0"), "month")
    assert empty_reason(zeros) == "Nothing to show: no cases in this period."


def test_value_axes_are_whole_and_never_empty() -> None:
    assert _axis_top([None, 0.0], percent=False) == (1.0, 1.0)
    assert _axis_top([3.0, None], percent=False) == (3.0, 1.0)
    assert _axis_top([17.0], percent=False) == (20.0, 5.0)
    assert _axis_top([145.0], percent=False) == (150.0, 50.0)
    assert _axis_top([0.0], percent=True) == (100.0, 20.0)


def test_the_pdf_marks_hidden_bars_and_notes_them() -> None:
    rng = random.Random(11)
    for _ in range(20):
        report = random_report(rng)
        pub = publish(report)
        text = _pdf_text(report)
        agencies = performance_pdf.agency_series(sheets(report, pub)[0]).cells
        if "<5" in agencies:
            assert "drawn without a bar, not as zero" in text or "No bars to draw" in text


def test_one_decision_per_figure_in_every_sheet() -> None:
    rng = random.Random(5)
    for _ in range(60):
        report = random_report(rng)
        the_return, summary, trend, breakdowns, *_ = sheets(report)
        totals = dict(zip(the_return.header, the_return.rows[-1], strict=True))
        named = dict(summary.rows)
        for name in (
            "Cases discussed",
            "Repeat cases",
            "Police referrals",
            "Partner agency referrals",
        ):
            assert named[name] == totals[name]
        groups = {(t, g): v for t, g, v in breakdowns.rows}
        for key, column in (
            (("Age band", "16-17"), "Victims aged 16-17"),
            (("Age band", "65 and over"), "Victims aged 65 and over"),
            (("Disability", "Disabled"), "Disabled victims"),
            (("Gender", "Male"), "Male victims"),
        ):
            if key in groups:
                assert groups[key] == totals[column]
        hidden = {k for k, v in totals.items() if not v.isdigit()}
        rates = (
            ("Repeat rate (% of cases discussed)", {"Repeat cases", "Cases discussed"}),
            (
                "Partner agency referrals (% of cases with a known referrer)",
                {"Police referrals", "Partner agency referrals"},
            ),
            ("Cases per 10,000 adult women a year", {"Cases discussed"}),
        )
        for rate, counts in rates:
            if counts & hidden:
                assert named[rate].startswith("not shown: "), (rate, named[rate])
        for _, _, cases, repeats, rate in trend.rows:
            if not (cases.isdigit() and repeats.isdigit()):
                assert rate.startswith("not shown: ") or (rate == "" and cases == "0")
