"""The performance report as export-safe tables, CSV and XLSX: counts only, small ones suppressed.

Every count that leaves the application passes through ``risk.performance.suppression_mask``:
counts from 1 to the threshold minus 1 show as "<N", and where that leaves exactly one hidden
cell among cells that add up to a published figure, another is hidden ("*") so the small one
cannot be worked out by subtraction. A rate is shown only when the counts it comes from are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from marac_desktop.risk.performance import (
    SECONDARY,
    PerformanceReport,
    ReturnRow,
    suppress_column,
    suppressed_label,
    suppression_mask,
)

FIXED_BEFORE = (
    ("cases", "Cases discussed"),
    ("repeats", "Repeat cases"),
    ("children", "Children in the households"),
    ("police_referrals", "Police referrals"),
    ("partner_referrals", "Partner agency referrals"),
)
FIXED_AFTER = (
    ("minoritised", "Victims from racially minoritised groups"),
    ("lgbt", "LGBT+ victims"),
    ("disabled", "Disabled victims"),
    ("male", "Male victims"),
    ("aged_16_17", "Victims aged 16-17"),
    ("aged_65_plus", "Victims aged 65 and over"),
    ("perpetrators_under_18", "Perpetrators under 18"),
)


def note(threshold: int) -> str:
    """The suppression legend, worded for the threshold in use."""
    if threshold <= 1:
        return "No counts are suppressed (threshold 1)."
    return (
        f"Counts from 1 to {threshold - 1} are shown as '<{threshold}'; '{SECONDARY}' hides a "
        "further count so that a small one cannot be worked out from a total."
    )


@dataclass(frozen=True, slots=True)
class Sheet:
    """One export-safe table: every cell is text."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _numbers(row: ReturnRow) -> list[int]:
    before = [getattr(row, name) for name, _ in FIXED_BEFORE]
    after = [getattr(row, name) for name, _ in FIXED_AFTER]
    return before + [n for _, n in row.by_agency] + after


def return_sheet(report: PerformanceReport) -> Sheet:
    """One row per meeting and a totals row, in the return's column order."""
    header = (
        "Meeting date",
        *(label for _, label in FIXED_BEFORE),
        *(f"Referrals: {a}" for a in report.agencies),
        *(label for _, label in FIXED_AFTER),
    )
    all_rows = [*report.rows, report.totals]
    values = [_numbers(r) for r in all_rows]
    meetings = len(report.rows)
    width = len(values[0])
    first_agency = len(FIXED_BEFORE)
    agency_cols = range(first_agency, first_agency + len(report.agencies))
    groups = [[(r, c) for r in range(meetings)] for c in range(width)]
    groups += [[(r, c) for c in agency_cols] for r in range(len(all_rows))]
    mask = suppression_mask(values, report.settings.suppression_threshold, groups)
    rows = tuple(
        (
            row.label,
            *(m if m is not None else str(v) for m, v in zip(mask[i], values[i], strict=True)),
        )
        for i, row in enumerate(all_rows)
    )
    return Sheet("Return", header, rows)


def _shown(report: PerformanceReport, *counts: int) -> bool:
    return all(not 0 < n < report.settings.suppression_threshold for n in counts)


def _rate(value: float | None, suffix: str = "%") -> str:
    return "" if value is None else f"{value:.1f}{suffix}"


def summary_sheet(report: PerformanceReport) -> Sheet:
    t, rates, hearing = report.totals, report.rates, report.hearing
    threshold = report.settings.suppression_threshold
    hidden = suppressed_label(threshold)
    cases = str(t.cases) if _shown(report, t.cases) else hidden
    repeat = _rate(rates.repeat_percent) if _shown(report, t.repeats, t.cases) else "suppressed"
    partner = (
        _rate(rates.partner_percent)
        if _shown(report, t.police_referrals, t.partner_referrals)
        else "suppressed"
    )
    per_10k = _rate(rates.per_10k_a_year, "") if _shown(report, t.cases) else "suppressed"
    rows = (
        ("Period", f"{report.period_from:%d/%m/%Y} to {report.period_to:%d/%m/%Y}"),
        ("Meetings", str(len(report.rows))),
        ("Cases discussed", cases),
        ("Repeat rate", repeat),
        ("Partner agency referrals", partner),
        ("Cases per 10,000 adult women a year", per_10k),
        ("Recommended cases per 10,000 adult women a year", str(rates.recommended_per_10k)),
        ("Cases the recommended level gives for this period", f"{rates.expected_cases:.1f}"),
        ("Adult female population (setting)", str(report.settings.adult_female_population)),
        ("Days from referral to hearing: median", _rate(hearing.median_days, "")),
        ("Days from referral to hearing: mean", _rate(hearing.mean_days, "")),
        (
            "Days from referral to hearing: longest",
            "" if hearing.max_days is None else str(hearing.max_days),
        ),
        (
            "Cases with an IDVA allocated by the meeting day",
            _rate(rates.idva_percent)
            if _shown(report, t.with_idva, t.cases - t.with_idva)
            else "suppressed",
        ),
        ("Suppression", note(threshold)),
    )
    return Sheet("Summary", ("Figure", "Value"), rows)


def trend_sheet(report: PerformanceReport) -> Sheet:
    rows: list[tuple[str, ...]] = []
    threshold = report.settings.suppression_threshold
    for name, points in (("Month", report.by_month), ("Quarter", report.by_quarter)):
        cases = suppress_column([p.cases for p in points], threshold)
        repeats = suppress_column([p.repeats for p in points], threshold)
        for p, c, r in zip(points, cases, repeats, strict=True):
            rate = _rate(p.repeat_percent) if r == str(p.repeats) and c == str(p.cases) else ""
            rows.append((name, p.label, c, r, rate))
    return Sheet(
        "Trends", ("By", "Period", "Cases discussed", "Repeat cases", "% repeat"), tuple(rows)
    )


def breakdown_sheet(report: PerformanceReport) -> Sheet:
    rows: list[tuple[str, ...]] = []
    threshold = report.settings.suppression_threshold
    for breakdown in report.breakdowns:
        cells = suppress_column([n for _, n in breakdown.rows], threshold)
        rows += [
            (breakdown.title, name, c) for (name, _), c in zip(breakdown.rows, cells, strict=True)
        ]
    return Sheet("Breakdowns", ("Breakdown", "Group", "Cases discussed"), tuple(rows))


def actions_sheet(report: PerformanceReport) -> Sheet:
    header = ("Agency", "Done", "Not possible", "Not done", "Open", "Overdue", "Total")
    values = [
        [a.done, a.not_possible, a.not_done, a.open, a.overdue, a.total] for a in report.actions
    ]
    groups = [[(r, c) for c in range(4)] for r in range(len(values))]
    groups += [[(r, c) for r in range(len(values))] for c in range(6)]
    mask = suppression_mask(values, report.settings.suppression_threshold, groups)
    rows = tuple(
        (
            a.agency,
            *(m if m is not None else str(v) for m, v in zip(mask[i], values[i], strict=True)),
        )
        for i, a in enumerate(report.actions)
    )
    return Sheet("Actions", header, rows)


def sheets(report: PerformanceReport) -> tuple[Sheet, ...]:
    return (
        return_sheet(report),
        summary_sheet(report),
        trend_sheet(report),
        breakdown_sheet(report),
        actions_sheet(report),
    )


def csv_bytes(report: PerformanceReport) -> bytes:
    """The return: one row per meeting and a totals row (UTF-8 with BOM, for spreadsheets)."""
    sheet = return_sheet(report)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(sheet.header)
    writer.writerows(sheet.rows)
    return buffer.getvalue().encode("utf-8-sig")


def _cell_value(text: str) -> int | str:
    return int(text) if text.isdigit() else text


def write_xlsx(report: PerformanceReport, out: BinaryIO) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    book = Workbook()
    book.remove(book.active)
    book.properties.title = "MARAC performance report"
    book.properties.creator = "MARAC Desktop"
    for sheet in sheets(report):
        ws = book.create_sheet(sheet.title)
        ws.append(list(sheet.header))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append([_cell_value(v) for v in row])
        ws.freeze_panes = "A2"
        for index, column in enumerate(_columns(sheet), start=1):
            longest = max((len(v) for v in column), default=8)
            ws.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 60)
    book.save(out)


def _columns(sheet: Sheet) -> Sequence[Sequence[str]]:
    return [list(col) for col in zip(sheet.header, *sheet.rows, strict=True)]
