"""What the Reports page shows, worked out from the service's report: text, bars and tables.

Kept apart from the widgets so the page only lays things out, and so the tests can compare
what is shown with the service's own figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from marac_desktop.ui.reports.bar_chart import Bar

NO_FIGURE = "—"


@dataclass(frozen=True, slots=True)
class Headline:
    name: str
    value: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    totals: tuple[str, ...] | None = None
    note: str = ""


@dataclass(slots=True)
class ReportView:
    period_text: str
    headlines: list[Headline] = field(default_factory=list)
    month_title: str = "Cases discussed by month"
    repeat_title: str = "Repeat rate by month (% of cases)"
    month_bars: list[Bar] = field(default_factory=list)
    repeat_bars: list[Bar] = field(default_factory=list)
    agency_bars: list[Bar] = field(default_factory=list)
    return_table: Table | None = None
    breakdowns: list[Table] = field(default_factory=list)
    actions_table: Table | None = None
    perpetrator_tables: list[Table] = field(default_factory=list)
    """The period's perpetrators, each counted once, and interventions by outcome."""


def count_text(value: int | None) -> str:
    return NO_FIGURE if value is None else f"{value:,}"


def percent_text(value: float | None) -> str:
    return NO_FIGURE if value is None else f"{value:.1f}%"


def rate_text(value: float | None) -> str:
    return NO_FIGURE if value is None else f"{value:.1f}"


def days_text(value: float | None) -> str:
    if value is None:
        return NO_FIGURE
    shown = f"{value:g}" if value != int(value) else str(int(value))
    return f"{shown} day" if shown == "1" else f"{shown} days"
