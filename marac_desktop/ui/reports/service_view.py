"""Turn the service's ``PerformanceReport`` into the text, bars and tables the page shows.

The screen shows the raw counts (the coordinator may see them); the exported files hide small
counts, which the note under each breakdown says.
"""

from __future__ import annotations

from datetime import date

from marac_desktop.risk.perpetrator_figures import (
    INTERVENTIONS_TITLE,
    OUTCOMES_NOTE,
    PERIOD_ONLY_NOTE,
    PERPETRATORS_TITLE,
    WITH_AN_OUTCOME,
    PerpetratorFigure,
    PerpetratorFigures,
    serial_note,
)
from marac_desktop.services.performance import (
    AgencyActions,
    Breakdown,
    PerformanceReport,
    ReturnRow,
    TrendPoint,
)

from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.reports.bar_chart import Bar
from marac_desktop.ui.reports.report_view import (
    NO_FIGURE,
    Headline,
    ReportView,
    Table,
    count_text,
    days_text,
    percent_text,
    rate_text,
)

MONTHS_SHOWN_BY_MONTH = 24
"""Longer periods are charted by quarter, so the bars stay readable."""

RETURN_HEADERS_BEFORE = ("Meeting", "Cases", "Repeats", "Children", "Police", "Partner agencies")
RETURN_HEADERS_AFTER = (
    "Racially minoritised",
    "LGBT+",
    "Disabled",
    "Male",
    "Aged 16-17",
    "Aged 65+",
    "Perpetrators under 18",
    "High risk",
)
ACTION_HEADERS = (
    "Agency",
    "Done",
    "Not possible",
    "Not done",
    "Still open",
    "Overdue",
    "Total",
    "Done %",
)


def report_view(report: PerformanceReport, first: date, last: date) -> ReportView:
    trend, by_quarter = _trend(report)
    unit = "quarter" if by_quarter else "month"
    return ReportView(
        period_text=f"{day_text(first)} to {day_text(last)}",
        headlines=headlines(report),
        month_title=f"Cases discussed by {unit}",
        repeat_title=f"Repeat rate by {unit} (% of cases)",
        month_bars=[Bar(p.label, p.cases, count_text(p.cases)) for p in trend],
        repeat_bars=[
            Bar(p.label, p.repeat_percent or 0.0, _short_percent(p.repeat_percent)) for p in trend
        ],
        agency_bars=[Bar(name, n, count_text(n)) for name, n in report.totals.by_agency],
        return_table=return_table(report),
        breakdowns=[
            breakdown_table(b, report.settings.suppression_threshold) for b in report.breakdowns
        ],
        actions_table=actions_table(report.actions),
        perpetrator_tables=perpetrator_tables(
            report.perpetrators, report.settings.suppression_threshold
        ),
    )


def _trend(report: PerformanceReport) -> tuple[tuple[TrendPoint, ...], bool]:
    if len(report.by_month) > MONTHS_SHOWN_BY_MONTH:
        return report.by_quarter, True
    return report.by_month, False


def _short_percent(value: float | None) -> str:
    return NO_FIGURE if value is None else f"{value:.0f}%"


def headlines(report: PerformanceReport) -> list[Headline]:
    totals, rates, hearing = report.totals, report.rates, report.hearing
    meetings = len(report.rows)
    referred = totals.police_referrals + totals.partner_referrals
    population = report.settings.adult_female_population
    return [
        Headline(
            "Cases discussed",
            count_text(totals.cases),
            f"At {meetings} meeting(s); {count_text(totals.children)} children in the households.",
        ),
        Headline(
            "Repeat cases",
            percent_text(rates.repeat_percent),
            f"{count_text(totals.repeats)} of {count_text(totals.cases)} cases.",
        ),
        Headline(
            "Partner-agency referrals",
            percent_text(rates.partner_percent),
            f"{count_text(totals.partner_referrals)} of {count_text(referred)} cases with a "
            "known referrer came from agencies other than the police.",
        ),
        Headline(
            "Cases per 10,000 adult women a year",
            rate_text(rates.per_10k_a_year),
            f"Recommended {rates.recommended_per_10k}: about {rates.expected_cases:g} cases in "
            f"this period for {population:,} adult women.",
        ),
        Headline(
            "High-risk victims with an IDVA",
            percent_text(rates.idva_percent),
            f"{count_text(totals.with_idva)} of {count_text(totals.cases)} cases had an IDVA "
            "allocated by the meeting day (every case heard at MARAC is high risk).",
        ),
        Headline(
            "Referral to hearing (median)",
            days_text(hearing.median_days),
            f"Mean {days_text(hearing.mean_days)}, longest {days_text(hearing.max_days)}, "
            f"over {count_text(hearing.cases)} cases."
            if hearing.cases
            else "No cases with a referral date in this period.",
        ),
    ]


def _return_cells(row: ReturnRow, label: str) -> tuple[str, ...]:
    return (
        label,
        count_text(row.cases),
        count_text(row.repeats),
        count_text(row.children),
        count_text(row.police_referrals),
        count_text(row.partner_referrals),
        *(count_text(n) for _, n in row.by_agency),
        count_text(row.minoritised),
        count_text(row.lgbt),
        count_text(row.disabled),
        count_text(row.male),
        count_text(row.aged_16_17),
        count_text(row.aged_65_plus),
        count_text(row.perpetrators_under_18),
        count_text(row.high_risk),
    )


def return_table(report: PerformanceReport) -> Table:
    rates = report.rates
    rows = [
        _return_cells(row, day_text(row.meeting_day) if row.meeting_day else row.label)
        for row in report.rows
    ]
    note = (
        f"Repeat {percent_text(rates.repeat_percent)}; partner-agency referrals "
        f"{percent_text(rates.partner_percent)}; {rate_text(rates.per_10k_a_year)} cases per "
        f"10,000 adult women a year against the recommended {rates.recommended_per_10k}."
    )
    if report.meetings_from_referrals:
        note += (
            f" {report.meetings_from_referrals} meeting day(s) are counted from referrals marked "
            "heard, as no meeting was recorded for them."
        )
    return Table(
        title="The quarterly data return, by meeting",
        headers=(
            *RETURN_HEADERS_BEFORE,
            *(f"From {agency}" for agency in report.agencies),
            *RETURN_HEADERS_AFTER,
        ),
        rows=rows,
        totals=_return_cells(report.totals, "Total"),
        note=note,
    )


def breakdown_table(breakdown: Breakdown, threshold: int) -> Table:
    total = breakdown.total
    rows = [
        (name, count_text(n), percent_text(round(100.0 * n / total, 1) if total else None))
        for name, n in breakdown.rows
    ]
    note = _exported_note(threshold)
    return Table(
        title=f"Victims by {breakdown.title.lower()}",
        headers=(breakdown.title, "Cases", "% of cases"),
        rows=rows,
        totals=("Total", count_text(total), percent_text(100.0) if total else NO_FIGURE),
        note=note,
    )


def _action_cells(
    label: str, done: int, possible: int, not_done: int, still: int, overdue: int
) -> tuple[str, ...]:
    total = done + possible + not_done + still
    return (
        label,
        count_text(done),
        count_text(possible),
        count_text(not_done),
        count_text(still),
        count_text(overdue),
        count_text(total),
        percent_text(round(100.0 * done / total, 1) if total else None),
    )


def actions_table(actions: tuple[AgencyActions, ...]) -> Table:
    rows = [
        _action_cells(a.agency, a.done, a.not_possible, a.not_done, a.open, a.overdue)
        for a in actions
    ]
    totals = _action_cells(
        "Total",
        sum(a.done for a in actions),
        sum(a.not_possible for a in actions),
        sum(a.not_done for a in actions),
        sum(a.open for a in actions),
        sum(a.overdue for a in actions),
    )
    return Table(
        title="Action completion by agency",
        headers=ACTION_HEADERS,
        rows=rows,
        totals=totals if actions else None,
        note=(
            "Overdue actions are still open and past their due date; they are also counted as "
            "still open."
            if actions
            else "No agency actions were set at meetings in this period."
        ),
    )


def _exported_note(threshold: int) -> str:
    return (
        f"Exported files show counts from 1 to {threshold - 1} as <{threshold}."
        if threshold > 1
        else ""
    )


def perpetrator_tables(figures: PerpetratorFigures, threshold: int) -> list[Table]:
    """The period's perpetrators (each once) and its interventions by outcome, raw counts."""
    exported = _exported_note(threshold)
    people = Table(
        title=PERPETRATORS_TITLE,
        headers=("Figure", "Perpetrators"),
        rows=[(f.name_in_table, count_text(figures.count(f))) for f in PerpetratorFigure],
        note=" ".join(
            n for n in (PERIOD_ONLY_NOTE, serial_note(figures.serial_window_days), exported) if n
        ),
    )
    outcomes = Table(
        title=INTERVENTIONS_TITLE,
        headers=("Outcome", "Interventions"),
        rows=[(status.label, count_text(n)) for status, n in figures.outcomes],
        totals=(WITH_AN_OUTCOME, count_text(figures.with_an_outcome)),
        note=" ".join(n for n in (OUTCOMES_NOTE, exported) if n),
    )
    return [people, outcomes]
