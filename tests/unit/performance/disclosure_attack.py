"""An attacker who reads a published performance report and works out its suppressed cells.

The attacker knows every published cell, what each label means ("<5" is fewer than 5, so 0
to 4; "*" is a count that could have been shown, so 5 or more), and how the figures add up:
each column of the return sums to its total, each row's referring agencies sum to its cases
(the police agencies to its police referrals, the others to its partner referrals), the
meetings of a month sum to that month and the months to their quarter (over a period longer
than a quarter the return's lines are quarters, whose cases and repeats are the trends'
quarters), every breakdown sums to the cases, the minoritised ethnicities and LGBT+
sexualities sum to their return columns, each agency's actions sum to its total, the
interventions by outcome sum to those with an outcome, and a figure the report prints twice
(the total cases, the age, disability and gender groups that are also return columns, each
perpetrator figure in the return's totals row and in its own sheet) is one figure. For every
hidden figure the attacker solves the equations for its least and greatest whole-number
value; a figure whose least and greatest are equal is disclosed.

The attacker builds its equations from the published sheets and the meaning of their headers,
not from the suppression code, so a relation the suppression forgets is still attacked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from marac_desktop.reports.performance_export import Sheet, sheets
from marac_desktop.risk.performance import (
    NOT_RECORDED,
    PerformanceReport,
)
from marac_desktop.risk.perpetrator_figures import OUTCOMES, PerpetratorFigure, outcome_label

Figure = Hashable
INFINITY = float("inf")

CASES = "Cases discussed"
REPEATS = "Repeat cases"
POLICE = "Police referrals"
PARTNER = "Partner agency referrals"
AGENCY_PREFIX = "Referrals: "
SAME_FIGURE = {
    ("Age band", "16-17"): "Victims aged 16-17",
    ("Age band", "65 and over"): "Victims aged 65 and over",
    ("Disability", "Disabled"): "Disabled victims",
    ("Gender", "Male"): "Male victims",
}
SUM_OF_GROUPS = {
    "Ethnicity": ("minoritised", "Victims from racially minoritised groups"),
    "Sexuality": ("lgbt", "LGBT+ victims"),
}
"""Groups whose labels (``report.groups``: the definitions the report publishes) add up to a
column of the return."""
ACTION_PARTS = ("Done", "Not possible", "Not done", "Open")
OUTCOME_PARTS = tuple(outcome_label(status) for status in OUTCOMES)
WITH_AN_OUTCOME = outcome_label(None)
PERIOD_ONLY = frozenset(
    {*(figure.label for figure in PerpetratorFigure), *OUTCOME_PARTS, WITH_AN_OUTCOME}
)
"""The figures of the whole period (people counted once, interventions by outcome): columns of
the return's totals row only, and rows of the perpetrators' sheet; the outcomes add up to
those with an outcome."""


@dataclass(frozen=True, slots=True)
class Attack:
    hidden: int
    """Figures the attacker had to work out."""
    disclosed: tuple[str, ...]
    """Each hidden figure the equations pin to one value, with that value."""


def _total(header: str) -> Figure:
    return ("total", header)


def _cells(report: PerformanceReport, published: tuple[Sheet, ...]) -> dict[Figure, list[str]]:
    """Every published cell as (the figure it shows, its text); one figure may appear twice."""
    by_title = {s.title: s for s in published}
    cells: dict[Figure, list[str]] = defaultdict(list)
    the_return = by_title["Return"]
    for row in the_return.rows:
        for header, text in zip(the_return.header[1:], row[1:], strict=True):
            if header in PERIOD_ONLY and row[0] != "Total":
                assert text == "", f"{header} is published for a line: {text}"
                continue
            key = _total(header) if row[0] == "Total" else _line(the_return, row[0], header)
            cells[key].append(text)
    for name, text in by_title["Perpetrators"].rows:
        if name in PERIOD_ONLY:
            cells[_total(name)].append(text)
    counted = set(the_return.header[1:])
    for name, text in by_title["Summary"].rows:
        if name in counted and (text.isdigit() or text.startswith("<") or text == "*"):
            cells[_total(name)].append(text)
    for by, period, cases, repeats, *_ in by_title["Trends"].rows:
        cells[(by, period, CASES)].append(cases)
        cells[(by, period, REPEATS)].append(repeats)
    for title, group, text in by_title["Breakdowns"].rows:
        same = SAME_FIGURE.get((title, group))
        cells[_total(same) if same else ("group", title, group)].append(text)
    actions = by_title["Actions"]
    for row in actions.rows:
        for header, text in zip(actions.header[1:], row[1:], strict=True):
            cells[("action", row[0], header)].append(text)
    return cells


def _by_quarter(the_return: Sheet) -> bool:
    return the_return.header[0] == "Quarter"


def _line(the_return: Sheet, label: str, header: str) -> Figure:
    """A line of the return; a quarter's cases and repeats are that quarter's trend figures."""
    if _by_quarter(the_return):
        return ("Quarter", label, header) if header in (CASES, REPEATS) else ("q", label, header)
    return ("meeting", label, header)


def _equations(report: PerformanceReport, published: tuple[Sheet, ...]) -> list[dict[Figure, int]]:
    by_title = {s.title: s for s in published}
    the_return = by_title["Return"]
    headers = the_return.header[1:]
    lines = [row[0] for row in the_return.rows if row[0] != "Total"]
    by_quarter = _by_quarter(the_return)
    meetings = [] if by_quarter else lines
    equations: list[dict[Figure, int]] = []

    def add(parts: Iterable[Figure], total: Figure) -> None:
        equation: dict[Figure, int] = defaultdict(int)
        for part in parts:
            equation[part] += 1
        equation[total] -= 1
        equations.append(dict(equation))

    for header in headers:
        if header not in PERIOD_ONLY:
            add((_line(the_return, m, header) for m in lines), _total(header))
    add((_total(part) for part in OUTCOME_PARTS), _total(WITH_AN_OUTCOME))
    agencies = [h for h in headers if h.startswith(AGENCY_PREFIX)]
    police = [h for h in agencies if h.removeprefix(AGENCY_PREFIX) in report.groups.police]
    partner = [h for h in agencies if h not in police and not h.endswith(NOT_RECORDED)]
    for m in lines:
        for parts, total in ((agencies, CASES), (police, POLICE), (partner, PARTNER)):
            add((_line(the_return, m, h) for h in parts), _line(the_return, m, total))
    for parts, total in ((agencies, CASES), (police, POLICE), (partner, PARTNER)):
        add((_total(h) for h in parts), _total(total))

    trend = by_title["Trends"].rows
    months = [(r[1], date.fromisoformat(f"{r[1]}-01")) for r in trend if r[0] == "Month"]
    quarters = [r[1] for r in trend if r[0] == "Quarter"]
    days = {m: date.fromisoformat(m) for m in meetings}  # files write ISO days
    for column in (CASES, REPEATS):
        for label, start in () if by_quarter else months:  # quarter lines: trends' quarters
            inside = [
                m for m in meetings if (days[m].year, days[m].month) == (start.year, start.month)
            ]
            add((("meeting", m, column) for m in inside), ("Month", label, column))
        for quarter in quarters:
            inside_q = [label for label, start in months if _quarter(start) == quarter]
            add((("Month", label, column) for label in inside_q), ("Quarter", quarter, column))
        add((("Quarter", q, column) for q in quarters), _total(column))

    groups: dict[str, list[str]] = defaultdict(list)
    for title, group, _ in by_title["Breakdowns"].rows:
        groups[title].append(group)
    for title, names in groups.items():
        keys = [
            _total(SAME_FIGURE[(title, n)]) if (title, n) in SAME_FIGURE else ("group", title, n)
            for n in names
        ]
        add(keys, _total(CASES))
        if title in SUM_OF_GROUPS:
            group, header = SUM_OF_GROUPS[title]
            counted: frozenset[str] = getattr(report.groups, group)
            chosen = [n for n in names if n != NOT_RECORDED and n in counted]
            add((("group", title, n) for n in chosen), _total(header))

    for row in by_title["Actions"].rows:
        add((("action", row[0], part) for part in ACTION_PARTS), ("action", row[0], "Total"))
    return equations


def _quarter(start: date) -> str:
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


def _domain(texts: list[str], threshold: int) -> tuple[float, float]:
    low, high = 0.0, INFINITY
    for text in texts:
        if text.isdigit():
            low, high = max(low, int(text)), min(high, int(text))
        elif text == f"<{threshold}":
            high = min(high, threshold - 1)
        elif text == "*":
            low = max(low, threshold)
    return low, high


def attack(report: PerformanceReport) -> Attack:
    """Publish ``report`` through the real export code and try every hidden figure."""
    threshold = report.settings.suppression_threshold
    published = sheets(report)
    plain = sheets(replace(report, settings=replace(report.settings, suppression_threshold=1)))
    cells = _cells(report, published)
    truth = {k: int(next(t for t in v if t.isdigit())) for k, v in _cells(report, plain).items()}
    assert truth.keys() == cells.keys()
    domains = {k: _domain(texts, threshold) for k, texts in cells.items()}
    for key, (low, high) in domains.items():
        assert low <= truth[key] <= high, f"{key} is published as {cells[key]}, not {truth[key]}"
    equations = _equations(report, published)
    for equation in equations:
        assert sum(n * truth[k] for k, n in equation.items()) == 0, f"untrue equation {equation}"
    hidden = [k for k, (low, high) in domains.items() if low != high]
    found = _disclosed(hidden, domains, equations, truth)
    return Attack(len(hidden), tuple(f"{k} = {truth[k]}" for k in found))


def pinned(
    values: dict[Figure, int],
    published: dict[Figure, str],
    equations: list[dict[Figure, int]],
    threshold: int,
) -> list[Figure]:
    """The hidden cells of any table (``published`` text for each cell) that the equations
    pin to one value."""
    domains = {k: _domain([published[k]], threshold) for k in values}
    hidden = [k for k, (low, high) in domains.items() if low != high]
    return list(_disclosed(hidden, domains, equations, values))


def _disclosed(
    hidden: list[Figure],
    domains: dict[Figure, tuple[float, float]],
    equations: list[dict[Figure, int]],
    truth: dict[Figure, int],
) -> Iterable[Figure]:
    unknown = set(hidden)
    parent = {k: k for k in hidden}

    def root(k: Figure) -> Figure:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for equation in equations:
        inside = [k for k in equation if k in unknown]
        for other in inside[1:]:
            parent[root(other)] = root(inside[0])
    components: dict[Figure, list[Figure]] = defaultdict(list)
    for k in hidden:
        components[root(k)].append(k)
    for members in components.values():
        yield from _solve_component(members, domains, equations, truth)


def _solve_component(
    members: list[Figure],
    domains: dict[Figure, tuple[float, float]],
    equations: list[dict[Figure, int]],
    truth: dict[Figure, int],
) -> Iterable[Figure]:
    index = {k: i for i, k in enumerate(members)}
    rows, rhs = [], []
    for equation in equations:
        if not any(k in index for k in equation):
            continue
        row = np.zeros(len(members))
        known = 0.0
        for k, n in equation.items():
            if k in index:
                row[index[k]] += n
            else:
                known += n * domains[k][0]
        rows.append(row)
        rhs.append(-known)
    bounds = Bounds([domains[k][0] for k in members], [domains[k][1] for k in members])
    constraints = [LinearConstraint(np.array(rows), rhs, rhs)] if rows else []
    integrality = np.ones(len(members))
    moved: set[int] = set()
    for i, key in enumerate(members):
        if i in moved:
            continue
        for sign in (-1.0, 1.0):  # maximise, then minimise
            objective = np.zeros(len(members))
            objective[i] = sign
            result = milp(
                objective, integrality=integrality, bounds=bounds, constraints=constraints
            )
            if result.status in (3, 4):  # unbounded (the true values are a solution)
                moved.add(i)
                break
            assert result.status == 0, f"the attacker's equations have no solution ({key})"
            solution = np.round(result.x).astype(int)
            moved.update(j for j, k in enumerate(members) if solution[j] != truth[k])
            if i in moved:
                break
        if i not in moved:
            yield key
