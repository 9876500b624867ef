"""Random performance reports shaped like real ones, built case by case so every figure adds up."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from marac_desktop.risk.performance import (
    AGE_BANDS,
    NOT_RECORDED,
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
from marac_desktop.risk.perpetrator_figures import OUTCOMES, PerpetratorFigures

AGENCIES = (
    "Police",
    "British Transport Police",
    "Children's social care",
    "Health visitor",
    "IDVA service",
    "Probation",
    "Housing",
    NOT_RECORDED,
)
ETHNICITIES = ("White British", "Polish", "Pakistani", "Black Caribbean", "Indian", NOT_RECORDED)
GROUPS = LabelGroups(
    police=frozenset({"Police", "British Transport Police"}),
    minoritised=frozenset({"Pakistani", "Black Caribbean", "Indian"}),
    lgbt=frozenset({"Gay", "Bisexual"}),
)
"""How these made-up labels are grouped, as the service groups the vocabularies' labels."""


def is_police(agency: str) -> bool:
    return agency in GROUPS.police


def is_minoritised(ethnicity: str) -> bool:
    return ethnicity in GROUPS.minoritised


def is_lgbt(sexuality: str) -> bool:
    return sexuality in GROUPS.lgbt


SEXUALITIES = ("Heterosexual", "Gay", "Bisexual", NOT_RECORDED)
GENDERS = ("Female", "Male")
DISABILITY = ("Disabled", "Not disabled", NOT_RECORDED)
BANDS = [label for _, _, label in AGE_BANDS] + [NOT_RECORDED]


@dataclass(frozen=True, slots=True)
class _Case:
    day: date
    agency: str
    repeat: bool
    children: int
    ethnicity: str
    sexuality: str
    disability: str
    gender: str
    band: str
    young_perpetrator: bool


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _pick(rng: random.Random, options: tuple[str, ...] | list[str], skew: float) -> str:
    """Mostly the first option, the rest rarer, so small cells are common."""
    weights = [skew**-i for i in range(len(options))]
    return rng.choices(list(options), weights)[0]


def random_report(rng: random.Random, threshold: int = 5) -> PerformanceReport:
    start = date(2025, rng.randint(1, 12), 1)
    months = rng.choice((1, 3, 3, 3, 6, 12))
    end = start
    for _ in range(months):
        end = _next_month(end)
    end -= timedelta(days=1)
    meetings = sorted(rng.sample(range((end - start).days + 1), rng.randint(1, min(8, months * 2))))
    days = [start + timedelta(days=n) for n in meetings]
    agencies = rng.sample(AGENCIES, rng.randint(1, len(AGENCIES)))
    skew = rng.choice((1.5, 3.0, 6.0))
    cases = [
        _Case(
            day,
            _pick(rng, agencies, skew),
            rng.random() < 0.25,
            rng.choice((0, 0, 1, 2, 3)),
            _pick(rng, ETHNICITIES, skew),
            _pick(rng, SEXUALITIES, skew),
            _pick(rng, DISABILITY, skew),
            _pick(rng, GENDERS, skew),
            rng.choice(BANDS),
            rng.random() < 0.05,
        )
        for day in days
        for _ in range(rng.choice((1, 2, 3, 5, 8, 14)))
    ]
    order = sorted(
        {c.agency for c in cases},
        key=lambda a: (not is_police(a), a == NOT_RECORDED, a),
    )
    rows = tuple(
        _row(day.isoformat(), day, [c for c in cases if c.day == day], order) for day in days
    )
    totals = _row("Total", None, cases, order)
    return PerformanceReport(
        period_from=start,
        period_to=end,
        generated_on=end,
        settings=ReportSettings(100_000, threshold),
        agencies=tuple(order),
        rows=rows,
        totals=totals,
        rates=Rates(None, None, None, None, 40, 0.0, (end - start).days + 1),
        by_month=_trend(cases, start, end, quarterly=False),
        by_quarter=_trend(cases, start, end, quarterly=True),
        hearing=HearingTimes(0, None, None, None),
        actions=_actions(rng, skew),
        breakdowns=_breakdowns(cases),
        meetings_from_referrals=0,
        groups=GROUPS,
        perpetrators=_perpetrators(rng, len(cases), skew),
    )


def _perpetrators(rng: random.Random, cases: int, skew: float) -> PerpetratorFigures:
    """At most one perpetrator a case (some share one), each subset of them no larger."""
    recorded = rng.randint(0, cases)

    def some() -> int:
        return min(recorded, int(rng.expovariate(1 / max(recorded / skew, 0.5))))

    return PerpetratorFigures(
        recorded=recorded,
        high_risk=some(),
        serial=some(),
        repeat=some(),
        under_18=some(),
        outcomes=tuple((s, int(rng.expovariate(1 / (6 / skew)))) for s in OUTCOMES),
    )


def _row(label: str, day: date | None, cases: list[_Case], agencies: list[str]) -> ReturnRow:
    by_agency = Counter(c.agency for c in cases)
    return ReturnRow(
        label=label,
        meeting_day=day,
        meeting_id=None,
        cases=len(cases),
        repeats=sum(c.repeat for c in cases),
        children=sum(c.children for c in cases),
        police_referrals=sum(1 for c in cases if is_police(c.agency)),
        partner_referrals=sum(
            1 for c in cases if not is_police(c.agency) and c.agency != NOT_RECORDED
        ),
        by_agency=tuple((a, by_agency[a]) for a in agencies),
        minoritised=sum(
            1 for c in cases if is_minoritised(c.ethnicity) and c.ethnicity != NOT_RECORDED
        ),
        lgbt=sum(1 for c in cases if is_lgbt(c.sexuality) and c.sexuality != NOT_RECORDED),
        disabled=sum(1 for c in cases if c.disability == "Disabled"),
        male=sum(1 for c in cases if c.gender == "Male"),
        aged_16_17=sum(1 for c in cases if c.band == "16-17"),
        aged_65_plus=sum(1 for c in cases if c.band == "65 and over"),
        perpetrators_under_18=sum(c.young_perpetrator for c in cases),
        high_risk=len(cases),
        with_idva=len(cases) // 2,
    )


def _trend(cases: list[_Case], start: date, end: date, quarterly: bool) -> tuple[TrendPoint, ...]:
    bucket = _quarter_start if quarterly else (lambda d: d.replace(day=1))
    counted: dict[date, list[_Case]] = defaultdict(list)
    for c in cases:
        counted[bucket(c.day)].append(c)
    points = []
    at = bucket(start)
    while at <= end:
        inside = counted[at]
        label = f"{at.year} Q{(at.month - 1) // 3 + 1}" if quarterly else at.strftime("%b %Y")
        repeats = sum(c.repeat for c in inside)
        rate = round(100.0 * repeats / len(inside), 1) if inside else None
        points.append(TrendPoint(label, at, len(inside), repeats, rate))
        for _ in range(3 if quarterly else 1):
            at = _next_month(at)
    return tuple(points)


def _breakdowns(cases: list[_Case]) -> tuple[Breakdown, ...]:
    made = []
    for title, attribute in (
        ("Ethnicity", "ethnicity"),
        ("Age band", "band"),
        ("Disability", "disability"),
        ("Sexuality", "sexuality"),
        ("Gender", "gender"),
    ):
        counted = Counter(getattr(c, attribute) for c in cases)
        names = sorted(counted, key=lambda n: (n == NOT_RECORDED, -counted[n], n))
        made.append(Breakdown(title, tuple((n, counted[n]) for n in names)))
    return tuple(made)


def _actions(rng: random.Random, skew: float) -> tuple[AgencyActions, ...]:
    made = []
    for agency in sorted(rng.sample(AGENCIES[:-1], rng.randint(0, 4))):
        done, impossible, not_done, still = (int(rng.expovariate(1 / (6 / skew))) for _ in range(4))
        made.append(AgencyActions(agency, done, impossible, not_done, still, rng.randint(0, still)))
    return tuple(made)
