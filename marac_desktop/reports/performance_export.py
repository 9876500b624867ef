"""The performance report as export-safe tables, CSV and XLSX: counts only, small ones suppressed.

Every figure the report prints is one cell of one ``Publication``: a figure printed twice (the
total cases in the summary and the return, the 16-17 age band and the return's column) is one
cell, so it is hidden everywhere or nowhere. ``risk.performance.protect`` decides which cells to
hide, knowing every way the figures add up (the return's columns to its totals, each row's
referring agencies to its cases, police and partner referrals, the meetings of a month to the
month, every breakdown to the cases), so that no hidden cell can be worked out from the others.
A rate is shown only when every count it is made from is shown; otherwise it says so.

The perpetrator figures count each person once in the period, so they are published for the
whole period only: their own sheet, and columns of the return's totals row (empty on its
lines), one cell each; interventions by outcome add up to those with an outcome.

Over a period longer than a quarter the return lists calendar quarters, not meetings
(``risk.performance.return_unit``): a quarter's cases and repeats are then the trends' quarter,
one figure printed twice.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from marac_desktop.domain.date_style import IN_FILES, DateStyle
from marac_desktop.domain.perpetrators import InterventionStatus
from marac_desktop.risk.performance import (
    NOT_RECORDED,
    SECONDARY,
    PerformanceReport,
    ReturnRow,
    ReturnUnit,
    protect,
    quarter_rows,
    return_unit,
    suppressed_label,
)
from marac_desktop.risk.perpetrator_figures import (
    INTERVENTIONS_TITLE,
    OUTCOMES,
    PERPETRATORS_TITLE,
    SERIAL_WINDOW_LABEL,
    WITH_AN_OUTCOME,
    PerpetratorFigure,
    outcome_label,
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
AGENCY_HEADING = "Referrals: "
SAME_AS_RETURN = {
    ("age band", "16-17"): "aged_16_17",
    ("age band", "65 and over"): "aged_65_plus",
    ("disability", "disabled"): "disabled",
    ("gender", "male"): "male",
}
"""Breakdown groups that are also a column of the return: one figure, printed twice."""
GROUP_SUMS = {"ethnicity": "minoritised", "sexuality": "lgbt"}
"""Breakdowns whose groups (chosen by the rule) add up to a column of the return."""
NOT_SHOWN = "not shown"
NO_CASES = "none: no cases in this period"
NO_REFERRER = "none: no case with a known referring agency"
NO_WAITS = "none: no case with a referral date"

Key = Hashable


def perpetrator_key(figure: PerpetratorFigure) -> Key:
    return ("perpetrators", figure.value)


def outcome_key(status: InterventionStatus | None) -> Key:
    """An outcome's count; None: the interventions with any outcome."""
    return ("interventions", "" if status is None else status.value)


PERIOD_FIGURES: tuple[tuple[str, Key], ...] = (
    *((figure.label, perpetrator_key(figure)) for figure in PerpetratorFigure),
    *((outcome_label(status), outcome_key(status)) for status in OUTCOMES),
    (outcome_label(None), outcome_key(None)),
)
"""The figures counted for the whole period only (``risk.perpetrator_figures``): in the
return they are columns of the totals row, empty on each line."""
PERIOD_COLUMNS = frozenset(label for label, _ in PERIOD_FIGURES)


def note(threshold: int) -> str:
    """The suppression legend, worded for the threshold in use."""
    if threshold <= 1:
        return "No counts are suppressed (threshold 1)."
    return (
        f"Counts from 1 to {threshold - 1} are shown as '{suppressed_label(threshold)}' (so may "
        f"be some zeros, hidden so that a small count cannot be worked out); '{SECONDARY}' hides "
        f"a count of {threshold} or more for the same reason. A rate made from a hidden count "
        "is not shown."
    )


@dataclass(frozen=True, slots=True)
class Sheet:
    """One export-safe table: every cell is text."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _column(name: str) -> Key:
    return name


def _agency(name: str) -> Key:
    return ("agency", name)


def _row_values(row: ReturnRow) -> dict[Key, int]:
    values: dict[Key, int] = {name: getattr(row, name) for name, _ in FIXED_BEFORE}
    values.update({_agency(a): n for a, n in row.by_agency})
    values.update({name: getattr(row, name) for name, _ in FIXED_AFTER})
    return values


class Publication:
    """Every figure of one report and the one decision on whether each is shown."""

    def __init__(self, report: PerformanceReport) -> None:
        self.report = report
        self.threshold = report.settings.suppression_threshold
        self.unit = return_unit(report.period_from, report.period_to)
        self.lines: tuple[ReturnRow, ...] = (
            report.rows if self.unit is ReturnUnit.MEETING else quarter_rows(report)
        )
        """The return's lines as published: meetings, or calendar quarters (``return_unit``)."""
        self.values: dict[Key, int] = {}
        self.equations: list[dict[Key, int]] = []
        self._return_cells()
        self._trend_cells()
        self._breakdown_cells()
        self._action_cells()
        self._perpetrator_cells()
        self.hidden = protect(self.values, self.equations, self.threshold)

    # ----- reading ------------------------------------------------------------------------

    def text(self, key: Key) -> str:
        return self.hidden.get(key) or str(self.values[key])

    def shown(self, *keys: Key) -> bool:
        return not any(key in self.hidden for key in keys)

    def value(self, key: Key) -> int | None:
        """The count, or None when it is hidden."""
        return None if key in self.hidden else self.values[key]

    # ----- building -----------------------------------------------------------------------

    def _add(self, key: Key, value: int) -> Key:
        if self.values.setdefault(key, value) != value:
            raise ValueError("one figure with two values")
        return key

    def _sum(self, parts: Iterable[Key], total: Key) -> None:
        """``parts`` add up to ``total`` (kept only if true, so a wrong one hides nothing)."""
        equation: dict[Key, int] = defaultdict(int)
        for part in parts:
            equation[part] += 1
        equation[total] -= 1
        if sum(n * self.values[k] for k, n in equation.items()) == 0:
            self.equations.append(dict(equation))

    def line_prefix(self, index: int) -> tuple[Key, ...]:
        """The key of a return line: a quarter's line is the quarter of the trends (one figure
        printed twice), so its cases and repeats are hidden in both or in neither."""
        if self.unit is ReturnUnit.QUARTER:
            return ("quarter", self.report.by_quarter[index].start)
        return ("meeting", index)

    def _return_cells(self) -> None:
        report = self.report
        rows: list[tuple[tuple[Key, ...], ReturnRow]] = [
            (self.line_prefix(i), r) for i, r in enumerate(self.lines)
        ]
        rows.append((("total",), report.totals))
        for prefix, row in rows:
            for column, n in _row_values(row).items():
                self._add((*prefix, column), n)
        police_labels = report.groups.police
        police = [_agency(a) for a in report.agencies if a in police_labels]
        partner = [
            _agency(a) for a in report.agencies if a not in police_labels and a != NOT_RECORDED
        ]
        everyone = [_agency(a) for a in report.agencies]
        for prefix, _ in rows:
            for parts, total in (
                (everyone, "cases"),
                (police, "police_referrals"),
                (partner, "partner_referrals"),
            ):
                self._sum(((*prefix, p) for p in parts), (*prefix, total))
        for column in _row_values(report.totals):
            lines = ((*self.line_prefix(i), column) for i in range(len(self.lines)))
            self._sum(lines, ("total", column))

    def _trend_cells(self) -> None:
        report = self.report
        for name in ("cases", "repeats"):
            for points, kind in ((report.by_month, "month"), (report.by_quarter, "quarter")):
                for point in points:
                    self._add((kind, point.start, name), getattr(point, name))
            for month in report.by_month if self.unit is ReturnUnit.MEETING else ():
                inside = [
                    ("meeting", i, name)
                    for i, r in enumerate(report.rows)
                    if r.meeting_day is not None
                    and (r.meeting_day.year, r.meeting_day.month)
                    == (month.start.year, month.start.month)
                ]
                self._sum(inside, ("month", month.start, name))
            for quarter in report.by_quarter:
                months = [
                    ("month", m.start, name)
                    for m in report.by_month
                    if (m.start.year, (m.start.month - 1) // 3)
                    == (quarter.start.year, (quarter.start.month - 1) // 3)
                ]
                self._sum(months, ("quarter", quarter.start, name))
            self._sum((("quarter", q.start, name) for q in report.by_quarter), ("total", name))

    def group_key(self, title: str, group: str) -> Key:
        same = SAME_AS_RETURN.get((title.casefold(), group.casefold()))
        if same is not None and getattr(self.report.totals, same) == self._group_value(
            title, group
        ):
            return ("total", same)
        return ("group", title, group)

    def _group_value(self, title: str, group: str) -> int:
        for breakdown in self.report.breakdowns:
            if breakdown.title == title:
                return dict(breakdown.rows)[group]
        raise KeyError(title)

    def _breakdown_cells(self) -> None:
        for breakdown in self.report.breakdowns:
            keys = [self._add(self.group_key(breakdown.title, g), n) for g, n in breakdown.rows]
            self._sum(keys, ("total", "cases"))
            column = GROUP_SUMS.get(breakdown.title.casefold())
            if column is not None:
                counted: frozenset[str] = getattr(self.report.groups, column)
                chosen = [
                    key
                    for key, (group, _) in zip(keys, breakdown.rows, strict=True)
                    if group != NOT_RECORDED and group in counted
                ]
                self._sum(chosen, ("total", column))

    def _action_cells(self) -> None:
        for i, a in enumerate(self.report.actions):
            counts = (a.done, a.not_possible, a.not_done, a.open, a.overdue, a.total)
            keys = [self._add(("action", i, c), n) for c, n in enumerate(counts)]
            self._sum(keys[:4], keys[5])

    def _perpetrator_cells(self) -> None:
        figures = self.report.perpetrators
        for figure in PerpetratorFigure:
            self._add(perpetrator_key(figure), figures.count(figure))
        outcomes = [self._add(outcome_key(status), n) for status, n in figures.outcomes]
        self._add(outcome_key(None), figures.with_an_outcome)
        self._sum(outcomes, outcome_key(None))


def publish(report: PerformanceReport) -> Publication:
    return Publication(report)


# ----- the sheets -------------------------------------------------------------------------


LINE_HEADING = {ReturnUnit.MEETING: "Meeting date", ReturnUnit.QUARTER: "Quarter"}


def line_label(row: ReturnRow, days: DateStyle) -> str:
    """A meeting's line by its day in ``days``; a quarter's or the totals' by their label."""
    return row.label if row.meeting_day is None else days.shown(row.meeting_day)


def return_sheet(pub: Publication, days: DateStyle = IN_FILES) -> Sheet:
    """One row per meeting (or per quarter, ``return_unit``) and a totals row, in the return's
    column order, then the figures of the whole period (``PERIOD_FIGURES``) in the totals row;
    days written in ``days`` (ISO unless printed)."""
    report = pub.report
    header = (
        LINE_HEADING[pub.unit],
        *(label for _, label in FIXED_BEFORE),
        *(f"{AGENCY_HEADING}{a}" for a in report.agencies),
        *(label for _, label in FIXED_AFTER),
        *(label for label, _ in PERIOD_FIGURES),
    )
    columns = list(_row_values(report.totals))
    period_only = ("",) * len(PERIOD_FIGURES)
    rows = [
        (
            line_label(row, days),
            *(pub.text((*pub.line_prefix(i), c)) for c in columns),
            *period_only,
        )
        for i, row in enumerate(pub.lines)
    ]
    rows.append(
        (
            report.totals.label,
            *(pub.text(("total", c)) for c in columns),
            *(pub.text(key) for _, key in PERIOD_FIGURES),
        )
    )
    return Sheet("Return", header, tuple(rows))


def rate_text(
    pub: Publication,
    value: float | None,
    *counts: tuple[str, Key],
    suffix: str = "%",
    empty: str = "",
) -> str:
    """A rate, or why it is not shown: the first hidden count it would be made from, or
    ``empty`` when there is nothing to divide by."""
    for name, key in counts:
        if not pub.shown(key):
            return f"{NOT_SHOWN}: {name} {pub.text(key)}"
    return empty if value is None else f"{value:.1f}{suffix}"


def summary_sheet(pub: Publication, days: DateStyle = IN_FILES) -> Sheet:
    report = pub.report
    t, rates, hearing = report.totals, report.rates, report.hearing
    threshold = pub.threshold
    cases = ("cases discussed", ("total", "cases"))
    repeats = ("repeat cases", ("total", "repeats"))
    police = ("police referrals", ("total", "police_referrals"))
    partner = ("partner agency referrals", ("total", "partner_referrals"))
    idva_shown = all(not 0 < n < threshold for n in (t.with_idva, t.cases - t.with_idva))
    idva = (
        rate_text(pub, rates.idva_percent, cases, empty=NO_CASES)
        if idva_shown
        else f"{NOT_SHOWN}: fewer than {threshold} cases had, or had not, an IDVA"
    )
    rows = (
        ("Period from", days.shown(report.period_from)),
        ("Period to", days.shown(report.period_to)),
        ("Meetings", str(len(report.rows))),
        ("Cases discussed", pub.text(cases[1])),
        ("Repeat cases", pub.text(repeats[1])),
        (
            "Repeat rate (% of cases discussed)",
            rate_text(pub, rates.repeat_percent, repeats, cases, empty=NO_CASES),
        ),
        ("Police referrals", pub.text(police[1])),
        ("Partner agency referrals", pub.text(partner[1])),
        (
            "Partner agency referrals (% of cases with a known referrer)",
            rate_text(pub, rates.partner_percent, police, partner, empty=NO_REFERRER),
        ),
        (
            "Cases per 10,000 adult women a year",
            rate_text(pub, rates.per_10k_a_year, cases, suffix="", empty=NO_CASES),
        ),
        ("Recommended cases per 10,000 adult women a year", str(rates.recommended_per_10k)),
        ("Cases the recommended level gives for this period", f"{rates.expected_cases:.1f}"),
        ("Adult female population (setting)", str(report.settings.adult_female_population)),
        ("Days from referral to hearing: median", _number(hearing.median_days)),
        ("Days from referral to hearing: mean", _number(hearing.mean_days)),
        (
            "Days from referral to hearing: longest",
            NO_WAITS if hearing.max_days is None else str(hearing.max_days),
        ),
        ("Cases with an IDVA allocated by the meeting day (%)", idva),
        ("Suppression", note(threshold)),
    )
    return Sheet("Summary", ("Figure", "Value"), rows)


def _number(value: float | None) -> str:
    return NO_WAITS if value is None else f"{value:.1f}"


def trend_sheet(pub: Publication, days: DateStyle = IN_FILES) -> Sheet:
    """Each month (written in ``days``' way) and each quarter (2026 Q1)."""
    rows: list[tuple[str, ...]] = []
    report = pub.report
    for name, kind, points in (
        ("Month", "month", report.by_month),
        ("Quarter", "quarter", report.by_quarter),
    ):
        for p in points:
            cases, repeats = (kind, p.start, "cases"), (kind, p.start, "repeats")
            rate = rate_text(pub, p.repeat_percent, ("repeat cases", repeats), ("cases", cases))
            label = days.month(p.start) if kind == "month" else p.label
            rows.append((name, label, pub.text(cases), pub.text(repeats), rate))
    return Sheet(
        "Trends", ("By", "Period", "Cases discussed", "Repeat cases", "% repeat"), tuple(rows)
    )


def breakdown_sheet(pub: Publication) -> Sheet:
    rows = [
        (b.title, group, pub.text(pub.group_key(b.title, group)))
        for b in pub.report.breakdowns
        for group, _ in b.rows
    ]
    return Sheet("Breakdowns", ("Breakdown", "Group", "Cases discussed"), tuple(rows))


ACTION_HEADER = ("Agency", "Done", "Not possible", "Not done", "Open", "Overdue", "Total")


def actions_sheet(pub: Publication) -> Sheet:
    rows = tuple(
        (a.agency, *(pub.text(("action", i, c)) for c in range(6)))
        for i, a in enumerate(pub.report.actions)
    )
    return Sheet("Actions", ACTION_HEADER, rows)


def perpetrators_sheet(pub: Publication) -> Sheet:
    """The period's perpetrators and interventions by outcome, each by its own label, and the
    serial window they were counted with."""
    figures = pub.report.perpetrators
    rows = [(label, pub.text(key)) for label, key in PERIOD_FIGURES]
    rows.append((SERIAL_WINDOW_LABEL, str(figures.serial_window_days)))
    return Sheet("Perpetrators", ("Figure", "Count"), tuple(rows))


def perpetrator_table(pub: Publication) -> Sheet:
    """The perpetrator figures under their heading, for a printed or shown page."""
    rows = tuple(
        (figure.name_in_table, pub.text(perpetrator_key(figure))) for figure in PerpetratorFigure
    )
    return Sheet(PERPETRATORS_TITLE, ("Figure", "Perpetrators"), rows)


def outcome_table(pub: Publication) -> Sheet:
    """Interventions by outcome, the last row their total."""
    rows = [(status.label, pub.text(outcome_key(status))) for status in OUTCOMES]
    rows.append((WITH_AN_OUTCOME, pub.text(outcome_key(None))))
    return Sheet(INTERVENTIONS_TITLE, ("Outcome", "Interventions"), tuple(rows))


def sheets(
    report: PerformanceReport, pub: Publication | None = None, days: DateStyle = IN_FILES
) -> tuple[Sheet, ...]:
    """Every table, days and months written in ``days`` (ISO for files; a printed report
    passes the area's style)."""
    pub = pub or publish(report)
    return (
        return_sheet(pub, days),
        summary_sheet(pub, days),
        trend_sheet(pub, days),
        breakdown_sheet(pub),
        actions_sheet(pub),
        perpetrators_sheet(pub),
    )


def csv_bytes(report: PerformanceReport) -> bytes:
    """The return: one row per meeting (per quarter over a longer period) and a totals row
    (UTF-8 with BOM, for spreadsheets)."""
    sheet = return_sheet(publish(report))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(sheet.header)
    writer.writerows(sheet.rows)
    return buffer.getvalue().encode("utf-8-sig")


# ----- the workbook -----------------------------------------------------------------------

_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_MONTH = re.compile(r"\d{4}-\d\d")
_PERCENT = re.compile(r"\d+\.\d%")
XLSX_DAY = "yyyy-mm-dd"
XLSX_MONTH = "yyyy-mm"
"""A workbook's days and months are dates, shown as ISO as the CSV writes them."""
XLSX_PERCENT = "0.0%"


def _cell_value(text: str) -> tuple[int | float | date | str, str | None]:
    """The cell's value as Excel should hold it, and its number format: counts are numbers,
    dates are dates, rates are percentages, and "<5", "*" and words stay text."""
    if text.isdigit():
        return int(text), None
    try:
        if _DAY.fullmatch(text):
            return date.fromisoformat(text), XLSX_DAY
        if _MONTH.fullmatch(text):
            return date.fromisoformat(f"{text}-01"), XLSX_MONTH
    except ValueError:
        return text, None
    if _PERCENT.fullmatch(text):
        return round(float(text[:-1]) / 100, 4), XLSX_PERCENT
    return text, None


def write_xlsx(report: PerformanceReport, out: BinaryIO) -> None:
    """The workbook, one sheet per table, streamed (openpyxl's write-only mode: a ten-year
    return's 50,000 cells are written without building a cell object for each)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    book.properties.title = "MARAC performance report"
    book.properties.creator = "MARAC Desktop"
    bold = Font(bold=True)
    for sheet in sheets(report):
        ws = book.create_sheet(sheet.title)
        ws.freeze_panes = "A2"
        for index, column_text in enumerate(_columns(sheet), start=1):
            longest = max((len(v) for v in column_text), default=8)
            ws.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 60)
        header = []
        for text in sheet.header:
            head = WriteOnlyCell(ws, value=text)
            head.font = bold
            header.append(head)
        ws.append(header)
        for row in sheet.rows:
            values: list[object] = []
            for text in row:
                value, number_format = _cell_value(text)
                if number_format is None:
                    values.append(value)
                else:
                    formatted = WriteOnlyCell(ws, value=value)
                    formatted.number_format = number_format
                    values.append(formatted)
            ws.append(values)
    book.save(out)


def _columns(sheet: Sheet) -> Sequence[Sequence[str]]:
    return [list(col) for col in zip(sheet.header, *sheet.rows, strict=True)]
