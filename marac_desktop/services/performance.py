"""Performance reports: the quarterly MARAC data return, trends, equality breakdowns, actions.

``performance_report`` gives raw counts for the coordinator's screen. Everything written out
(``save_report``, ``report_pdf_bytes``) goes through small-number suppression in the reports
package and holds counts only, never a name or a record. What counts as a case discussed, a
repeat and a referring agency is set out in ``risk.discussions``; the categories (racially
minoritised, LGBT+, police) in ``risk.performance``; how the counts are kept in
``storage.reports_repo``.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import fields, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from marac_desktop.domain import date_style
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.meetings import ActionStatus
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.vocabulary import Vocabularies, Vocabulary, VocabularyId
from marac_desktop.errors import InvalidInputError
from marac_desktop.reports import performance_export, performance_pdf
from marac_desktop.risk import performance as rules
from marac_desktop.risk.flags import FlagRules
from marac_desktop.risk.performance import (
    AgencyActions,
    Breakdown,
    HearingTimes,
    LabelGroups,
    PerformanceReport,
    Rates,
    ReportSettings,
    ReturnRow,
    TrendPoint,
)
from marac_desktop.risk.perpetrator_figures import (
    OUTCOMES,
    PerpetratorFigure,
    PerpetratorFigures,
    serial_count,
)
from marac_desktop.services.marking import protective_marking
from marac_desktop.services.workspace import Anyone, Workspace, requires
from marac_desktop.storage import (
    perpetrator_counts,
    perpetrator_work_repo,
    reports_repo,
    settings_repo,
    vocabulary_repo,
)
from marac_desktop.storage.atomic import atomic_writer
from marac_desktop.storage.reports_repo import DayCounts

SETTINGS_KEY = "report_settings"
MAX_POPULATION = 20_000_000


class ReportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"


# ----- settings ---------------------------------------------------------------------------


@requires(Anyone.SESSION)
def load_report_settings(workspace: Workspace) -> ReportSettings:
    with workspace.transaction() as session:
        stored: dict[str, Any] = settings_repo.load(session, SETTINGS_KEY) or {}
    known = {f.name for f in fields(ReportSettings)}
    return ReportSettings(**{k: int(v) for k, v in stored.items() if k in known})


@requires(Permission.EDIT_SETTINGS)
def save_report_settings(workspace: Workspace, new: ReportSettings) -> None:
    if not 1 <= new.adult_female_population <= MAX_POPULATION:
        raise InvalidInputError(
            f"The adult female population must be between 1 and {MAX_POPULATION:,}."
        )
    if not 1 <= new.suppression_threshold <= 100:
        raise InvalidInputError("The suppression threshold must be between 1 and 100.")
    value = {f.name: getattr(new, f.name) for f in fields(ReportSettings)}
    with workspace.transaction() as session:
        settings_repo.store(session, SETTINGS_KEY, value)
        workspace.record(session, AuditAction.SETTING_CHANGED, "setting", SETTINGS_KEY)


# ----- the report -------------------------------------------------------------------------


def validate_period(period_from: date, period_to: date) -> None:
    if period_from > period_to:
        raise InvalidInputError("The start of the period is after its end; swap the dates.")


@requires(Permission.VIEW_REPORTS)
def changed_cases(workspace: Workspace) -> int:
    """How many cases changed since the counts were last brought up to date."""
    with workspace.transaction() as session:
        return reports_repo.stale_cases(session)


@requires(Permission.VIEW_REPORTS)
def count_changed_cases(workspace: Workspace, batch: int = 5_000) -> Iterator[int]:
    """Bring the counts up to date, ``batch`` cases per transaction, yielding how many are done.

    Stopping between batches loses nothing: the rest are counted by the next report.
    """
    done = 0
    while True:
        with workspace.transaction() as session:
            counted = reports_repo.refresh(session, limit=batch)
        if not counted:
            return
        done += counted
        yield done


@requires(Permission.VIEW_REPORTS)
def performance_report(
    workspace: Workspace, period_from: date, period_to: date, today: date | None = None
) -> PerformanceReport:
    """Every figure for the period, raw counts (for the screen); audited as a view."""
    report = _compute(workspace, period_from, period_to, today or date.today())
    workspace.audit(AuditAction.VIEW, "performance_report", _period_id(period_from, period_to))
    return report


def _period_id(period_from: date, period_to: date) -> str:
    return f"{period_from.isoformat()}..{period_to.isoformat()}"


def _compute(
    workspace: Workspace, period_from: date, period_to: date, today: date
) -> PerformanceReport:

    validate_period(period_from, period_to)
    settings = load_report_settings(workspace)
    marking = protective_marking(workspace)
    with workspace.transaction() as session:
        reports_repo.refresh(session)
        days = reports_repo.day_counts(session, period_from, period_to)
        actions = reports_repo.action_counts(session, period_from, period_to, today)
        words = vocabulary_repo.vocabularies(session)
        perpetrators = _perpetrators(session, period_from, period_to)
    days = [_known_codes(d, words) for d in days]
    values: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for d in days:
        for dimension, counted in d.values.items():
            for value, n in counted.items():
                values[dimension][value] += n
    agencies = _agency_order(words.agency, values["agency"])
    rows = tuple(_row(d, agencies, words) for d in days)
    totals = _totals(rows, agencies, words.agency)
    span = (period_to - period_from).days + 1
    return PerformanceReport(
        period_from=period_from,
        period_to=period_to,
        generated_on=today,
        settings=settings,
        agencies=tuple(words.agency.label(a) for a in agencies),
        rows=rows,
        totals=totals,
        rates=_rates(totals, span, settings),
        by_month=_trend(days, period_from, period_to, quarterly=False),
        by_quarter=_trend(days, period_from, period_to, quarterly=True),
        hearing=_hearing(days, values["wait"]),
        actions=_actions(actions, words.agency),
        breakdowns=_breakdowns(values, words),
        meetings_from_referrals=sum(1 for d in days if d.meeting_id is None),
        protective_marking=marking,
        groups=_groups(words),
        perpetrators=perpetrators,
    )


def _perpetrators(session: Session, period_from: date, period_to: date) -> PerpetratorFigures:
    """The period's perpetrators from the discussions just brought up to date, and the
    interventions with an outcome recorded in the period (``risk.perpetrator_figures``)."""
    rules = FlagRules(settings_repo.area_policy(session))
    discussed = perpetrator_counts.discussed_counts(session, period_from, period_to)
    candidates = perpetrator_counts.serial_candidates(
        session,
        period_from,
        period_to,
        rules.serial_victims,
        discussed[PerpetratorFigure.RECORDED],
    )
    outcomes = perpetrator_work_repo.intervention_outcomes(session, period_from, period_to)
    return PerpetratorFigures(
        recorded=discussed[PerpetratorFigure.RECORDED],
        high_risk=discussed[PerpetratorFigure.HIGH_RISK],
        serial=serial_count(candidates, period_to, rules),
        repeat=discussed[PerpetratorFigure.REPEAT],
        under_18=discussed[PerpetratorFigure.UNDER_18],
        outcomes=tuple((status, outcomes.get(status.value, 0)) for status in OUTCOMES),
        serial_window_days=rules.serial_window_days,
    )


def _groups(words: Vocabularies) -> LabelGroups:
    """The labels each group of the return counts, from the vocabularies' traits."""
    return LabelGroups(
        police=frozenset(t.label for t in words.agency if t.has("police")),
        minoritised=frozenset(t.label for t in words.ethnicity if t.has("minoritised")),
        lgbt=frozenset(t.label for t in words.sexuality if t.has("lgbt")),
    )


_CODED = {
    "agency": VocabularyId.AGENCY,
    "ethnicity": VocabularyId.ETHNICITY,
    "gender": VocabularyId.GENDER,
    "sexuality": VocabularyId.SEXUALITY,
}


def _known_codes(d: DayCounts, words: Vocabularies) -> DayCounts:
    """The day's counts with any value that is not a code of its vocabulary counted as other."""
    values = dict(d.values)
    for dimension, vocabulary_id in _CODED.items():
        vocabulary = words.get(vocabulary_id)
        merged: dict[str, int] = defaultdict(int)
        for code, n in d.values[dimension].items():
            merged[vocabulary.known(code)] += n
        values[dimension] = dict(merged)
    return replace(d, values=values)


def _agency_order(agency: Vocabulary, codes: Iterable[str]) -> tuple[str, ...]:
    """Agency codes as the return lists them: the police, then partners in the vocabulary's
    order, then not recorded ("")."""
    order = {t.code: n for n, t in enumerate(agency)}
    seen = set(codes)
    police = [c for c in seen if agency.has(c, "police")]
    partners = [c for c in seen if c and c not in police]
    tail = [""] if "" in seen else []
    by_order = sorted(police, key=order.__getitem__) + sorted(
        partners, key=lambda c: order.get(c, len(order))
    )
    return (*by_order, *tail)


def _with(counts: dict[str, int], vocabulary: Vocabulary, trait: str) -> int:
    return sum(n for code, n in counts.items() if vocabulary.has(code, trait))


def _row(d: DayCounts, agencies: tuple[str, ...], words: Vocabularies) -> ReturnRow:
    """One meeting's line; who counts as police, minoritised, LGBT+ or male is read from the
    vocabularies' traits, so it follows the area's own terms too."""
    counts = d.values["agency"]
    police = _with(counts, words.agency, "police")
    partner = sum(n for code, n in counts.items() if code) - police
    s = d.sums
    return ReturnRow(
        label=date_style.in_file(d.day),  # each output writes a meeting's day its own way
        meeting_day=d.day,
        meeting_id=d.meeting_id,
        cases=s["cases"],
        repeats=s["repeats"],
        children=s["children"],
        police_referrals=police,
        partner_referrals=partner,
        by_agency=tuple((words.agency.label(a), counts.get(a, 0)) for a in agencies),
        minoritised=_with(d.values["ethnicity"], words.ethnicity, "minoritised"),
        lgbt=_with(d.values["sexuality"], words.sexuality, "lgbt"),
        disabled=s["disabled"],
        male=_with(d.values["gender"], words.gender, "male"),
        aged_16_17=s["aged_16_17"],
        aged_65_plus=s["aged_65_plus"],
        perpetrators_under_18=s["young_perpetrators"],
        high_risk=s["high_risk"],
        with_idva=s["with_idva"],
    )


def _totals(
    rows: tuple[ReturnRow, ...], agencies: tuple[str, ...], agency: Vocabulary
) -> ReturnRow:
    sums = {name: sum(getattr(r, name) for r in rows) for name in rules.SUMMED_FIELDS}
    labels = [agency.label(a) for a in agencies]
    by_agency = tuple((a, sum(dict(r.by_agency).get(a, 0) for r in rows)) for a in labels)
    return ReturnRow(label="Total", meeting_day=None, meeting_id=None, by_agency=by_agency, **sums)


def _rates(totals: ReturnRow, days: int, settings: ReportSettings) -> Rates:
    population = settings.adult_female_population
    return Rates(
        repeat_percent=rules.percent(totals.repeats, totals.cases),
        partner_percent=rules.percent(
            totals.partner_referrals, totals.police_referrals + totals.partner_referrals
        ),
        idva_percent=rules.percent(totals.with_idva, totals.cases),
        per_10k_a_year=rules.per_10k_a_year(totals.cases, days, population),
        recommended_per_10k=rules.RECOMMENDED_PER_10K,
        expected_cases=round(rules.RECOMMENDED_PER_10K * population / 10_000 * days / 365, 1),
        days=days,
    )


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next(start: date, months: int) -> date:
    total = start.month - 1 + months
    return date(start.year + total // 12, total % 12 + 1, 1)


def _trend(
    days: list[DayCounts], period_from: date, period_to: date, quarterly: bool
) -> tuple[TrendPoint, ...]:
    """Every month (or calendar quarter) the period touches, empty ones included."""
    bucket = rules.quarter_start if quarterly else _month_start
    step = 3 if quarterly else 1
    cases: dict[date, int] = defaultdict(int)
    repeats: dict[date, int] = defaultdict(int)
    for d in days:
        cases[bucket(d.day)] += d.sums["cases"]
        repeats[bucket(d.day)] += d.sums["repeats"]
    points = []
    start = bucket(period_from)
    while start <= period_to:
        label = rules.quarter_label(start) if quarterly else date_style.in_use().month(start)
        n, r = cases[start], repeats[start]
        points.append(TrendPoint(label, start, n, r, rules.percent(r, n)))
        start = _next(start, step)
    return tuple(points)


def _hearing(days: list[DayCounts], waits: dict[str, int]) -> HearingTimes:
    counted = sum(d.sums["waits"] for d in days)
    total = sum(d.sums["wait_total"] for d in days)
    return HearingTimes(
        cases=counted,
        median_days=rules.median_from_histogram({int(w): n for w, n in waits.items()}),
        mean_days=round(total / counted, 1) if counted else None,
        max_days=max((int(w) for w in waits), default=None),
    )


def _actions(
    counts: list[reports_repo.ActionCount], agency: Vocabulary
) -> tuple[AgencyActions, ...]:
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in counts:
        name = agency.label(c.agency)
        table[name][c.status] += c.actions
        if c.overdue:
            table[name]["overdue"] += c.actions
    return tuple(
        AgencyActions(
            agency,
            done=t[ActionStatus.DONE.value],
            not_possible=t[ActionStatus.NOT_POSSIBLE.value],
            not_done=t[ActionStatus.NOT_DONE.value],
            open=t[ActionStatus.OPEN.value],
            overdue=t["overdue"],
        )
        for agency, t in sorted(table.items())
    )


_DISABILITY = {"yes": "Disabled", "no": "Not disabled"}
_BREAKDOWNS = {
    "ethnicity": "Ethnicity",
    "age_band": "Age band",
    "disability": "Disability",
    "sexuality": "Sexuality",
    "gender": "Gender",
}


def _breakdown_label(dimension: str, value: str, words: Vocabularies) -> str:
    if dimension == "age_band":
        return value
    if dimension == "disability":
        return _DISABILITY.get(value, rules.NOT_RECORDED)
    return words.get(VocabularyId(dimension)).label(value, rules.NOT_RECORDED)


def _breakdowns(values: dict[str, dict[str, int]], words: Vocabularies) -> tuple[Breakdown, ...]:
    """Cases by each category, labelled only from the vocabularies (never from typed text)."""
    band_order = [label for _, _, label in rules.AGE_BANDS] + [rules.NOT_RECORDED]
    made = []
    for dimension, title in _BREAKDOWNS.items():
        counts: dict[str, int] = defaultdict(int)
        for value, n in values[dimension].items():
            counts[_breakdown_label(dimension, value, words)] += n
        if dimension == "age_band":
            names = [n for n in band_order if n in counts]
        else:
            names = sorted(counts, key=lambda n: (n == rules.NOT_RECORDED, -counts[n], n))
        made.append(Breakdown(title, tuple((n, counts[n]) for n in names)))
    return tuple(made)


# ----- exports ----------------------------------------------------------------------------


@requires(Permission.VIEW_REPORTS)
def save_report(
    workspace: Workspace,
    period_from: date,
    period_to: date,
    path: Path,
    fmt: ReportFormat,
    today: date | None = None,
) -> Path:
    """Write the report (suppressed counts only) atomically as CSV, XLSX or PDF; audited."""
    report = _compute(workspace, period_from, period_to, today or date.today())
    with atomic_writer(path) as handle:
        if fmt is ReportFormat.CSV:
            handle.write(performance_export.csv_bytes(report))
        elif fmt is ReportFormat.XLSX:
            performance_export.write_xlsx(report, handle)
        else:
            performance_pdf.write_pdf(report, handle)
    workspace.audit(
        AuditAction.EXPORT,
        "performance_report",
        _period_id(period_from, period_to),
        detail=fmt.value,
    )
    return path


@requires(Permission.VIEW_REPORTS)
def report_pdf_bytes(
    workspace: Workspace, period_from: date, period_to: date, today: date | None = None
) -> bytes:
    """The PDF for printing; call ``record_print`` once the print has succeeded."""
    report = _compute(workspace, period_from, period_to, today or date.today())
    buffer = io.BytesIO()
    performance_pdf.write_pdf(report, buffer)
    return buffer.getvalue()


@requires(Permission.VIEW_REPORTS)
def record_print(workspace: Workspace, period_from: date, period_to: date) -> None:
    workspace.audit(AuditAction.PRINT, "performance_report", _period_id(period_from, period_to))


__all__ = [
    "AgencyActions",
    "Breakdown",
    "HearingTimes",
    "PerformanceReport",
    "Rates",
    "ReportFormat",
    "ReportSettings",
    "ReturnRow",
    "TrendPoint",
    "changed_cases",
    "count_changed_cases",
    "load_report_settings",
    "performance_report",
    "record_print",
    "report_pdf_bytes",
    "save_report",
    "save_report_settings",
    "validate_period",
]
