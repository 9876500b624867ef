"""Scoring a perpetrator with the shipped priority model: every band edge, each gravity item,
the window's edges, and properties a ranking relies on."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marac_desktop.domain.records import INCIDENT_WORDS, IncidentKind
from marac_desktop.domain.words import counted
from marac_desktop.risk.perpetrator_priority import (
    HarmIncident,
    PerpetratorHistory,
    PriorityScore,
    ReportedFactor,
    ScoreLine,
    VictimFacts,
    rank,
    score,
)
from marac_desktop.risk.priority_model import (
    FactorWeight,
    PriorityModel,
    default_priority_model,
)

TODAY = date(2026, 11, 20)
MODEL = default_priority_model()
WINDOW = MODEL.window_days
KIND_POINTS = {weight.kind: weight.points for weight in MODEL.incident_kinds}


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def hit(days: int, kind: str = IncidentKind.OTHER, victim: int = 1) -> HarmIncident:
    return HarmIncident(ago(days), kind, victim)


def scored(**history: object) -> PriorityScore:
    return score(PerpetratorHistory(person=1, **history), MODEL, TODAY)  # type: ignore[arg-type]


def shown(result: PriorityScore) -> list[str]:
    return [line.shown() for line in result.lines]


def points_of(result: PriorityScore, starts: str) -> int:
    return sum(line.points for line in result.lines if line.text.startswith(starts))


def test_the_shipped_model_explains_each_point_in_plain_words() -> None:
    result = scored(
        incidents=(
            hit(12, IncidentKind.PHYSICAL_VIOLENCE, victim=1),
            hit(60, IncidentKind.THREATS, victim=2),
            hit(150, IncidentKind.PHYSICAL_VIOLENCE, victim=1),
        ),
        factors=(ReportedFactor(ago(20), "q15", victim=1),),
        victims=(VictimFacts(1, child=False, pregnant=False), VictimFacts(2, True, False)),
    )
    assert shown(result) == [
        "last incident 12 days ago: 20",
        "3 incidents in 12 months: 15",
        "2 incidents of physical violence: 16",
        "1 incident of threats: 5",
        "non-fatal strangulation reported: 12",
        "2 victims in 12 months: 10",
        "1 victim under 18: 8",
    ]
    assert result.score == 86 == sum(line.points for line in result.lines)
    assert (result.person, result.model_id, result.model_version) == (1, "matac-priority", 1)
    assert result.explanation().startswith("last incident 12 days ago: 20; 3 incidents in")


def test_nothing_in_the_window_scores_nothing_and_explains_nothing() -> None:
    assert scored() == PriorityScore(1, 0, (), "matac-priority", 1)
    old = scored(
        incidents=(hit(WINDOW),),
        referrals=(ago(WINDOW + 10),),
        factors=(ReportedFactor(ago(WINDOW), "q15", 1),),
        victims=(VictimFacts(1, child=True, pregnant=True),),
    )
    assert (old.score, old.lines) == (0, ())


# Recency: the first band whose within_days the days since the last event do not pass.
RECENCY_EDGES = [
    (band.within_days, band.points, "at") for band in MODEL.recency if band.within_days < WINDOW
] + [
    (band.within_days + 1, later.points, "just past")
    for band, later in zip(MODEL.recency, MODEL.recency[1:], strict=False)
]


@pytest.mark.parametrize(("days", "points", "where"), RECENCY_EDGES)
def test_recency_band_edges(days: int, points: int, where: str) -> None:
    result = scored(incidents=(hit(days),))
    assert points_of(result, "last incident") == points


def test_recency_bands_as_shipped() -> None:
    edges = {d: points_of(scored(incidents=(hit(d),)), "last incident") for d in (0, 30, 31)}
    assert edges == {0: 20, 30: 20, 31: 12}
    edges = {d: points_of(scored(incidents=(hit(d),)), "last ") for d in (90, 91, 182, 183, 364)}
    assert edges == {90: 12, 91: 6, 182: 6, 183: 2, 364: 2}
    assert shown(scored(incidents=(hit(0),)))[0] == "last incident today: 20"
    assert shown(scored(incidents=(hit(1),)))[0] == "last incident 1 day ago: 20"


def test_recency_counts_from_the_latest_incident_or_referral() -> None:
    referral_later = scored(incidents=(hit(100), hit(200)), referrals=(ago(40), ago(300)))
    assert shown(referral_later)[0] == "last referral 40 days ago: 12"
    incident_later = scored(incidents=(hit(10),), referrals=(ago(40),))
    assert shown(incident_later)[0] == "last incident 10 days ago: 20"
    same_day = scored(incidents=(hit(10),), referrals=(ago(10),))
    assert shown(same_day)[0] == "last incident 10 days ago: 20"
    referral_alone = scored(referrals=(ago(5),))
    assert shown(referral_alone) == ["last referral 5 days ago: 20"]


# Frequency: the highest band reached by the number of incidents in the window.
FREQUENCY_EDGES = [(band.min_incidents, band.points) for band in MODEL.frequency] + [
    (later.min_incidents - 1, band.points)
    for band, later in zip(MODEL.frequency, MODEL.frequency[1:], strict=False)
]


@pytest.mark.parametrize(("count", "points"), FREQUENCY_EDGES)
def test_frequency_band_edges(count: int, points: int) -> None:
    result = scored(incidents=tuple(hit(200) for _ in range(count)))
    assert f"{counted(count, 'incident')} in 12 months: {points}" in shown(result)


def test_frequency_bands_as_shipped() -> None:
    lines = {n: shown(scored(incidents=tuple(hit(200) for _ in range(n))))[1] for n in range(1, 7)}
    assert lines == {
        1: "1 incident in 12 months: 3",
        2: "2 incidents in 12 months: 8",
        3: "3 incidents in 12 months: 15",
        4: "4 incidents in 12 months: 15",
        5: "5 incidents in 12 months: 25",
        6: "6 incidents in 12 months: 25",
    }


@pytest.mark.parametrize("kind", list(IncidentKind))
def test_each_incident_kind_alone(kind: IncidentKind) -> None:
    alone = scored(incidents=(hit(200, kind),))
    base = MODEL.recency[-1].points + MODEL.frequency[0].points
    assert alone.score == base + KIND_POINTS[kind]
    twice = scored(incidents=(hit(200, kind), hit(250, kind)))
    words = INCIDENT_WORDS[kind].lower()
    if KIND_POINTS[kind]:
        assert f"2 incidents of {words}: {2 * KIND_POINTS[kind]}" in shown(twice)
    else:
        assert not any(words in line for line in shown(twice))


def test_an_incident_kind_the_model_does_not_know_counts_only_towards_frequency() -> None:
    result = scored(incidents=(hit(200, "arson"),))
    assert shown(result) == ["last incident 200 days ago: 2", "1 incident in 12 months: 3"]


@pytest.mark.parametrize("factor", MODEL.factors, ids=[f.question for f in MODEL.factors])
def test_each_reported_factor_alone_counts_once(factor: FactorWeight) -> None:
    result = scored(
        factors=(
            ReportedFactor(ago(20), factor.question, 1),
            ReportedFactor(ago(100), factor.question, 1),
            ReportedFactor(ago(10), "q1", 1),  # a DASH question the model does not weigh
        )
    )
    assert shown(result) == [f"{factor.label}: {factor.points}"]
    assert result.score == factor.points


def test_the_shipped_factors() -> None:
    labels = {f.question: (f.label, f.points) for f in MODEL.factors}
    assert labels["q15"] == ("non-fatal strangulation reported", 12)
    assert set(labels) == {"q15", "q13", "q14", "q16", "q23", "q8"}


def test_more_than_one_victim() -> None:
    def victims(count: int) -> PriorityScore:
        return scored(incidents=tuple(hit(200, victim=v) for v in range(1, count + 1)))

    assert points_of(victims(1), "1 victim") == 0
    assert "2 victims in 12 months: 10" in shown(victims(2))
    assert "3 victims in 12 months: 15" in shown(victims(3))
    assert "4 victims in 12 months: 20" in shown(victims(4))


def test_a_victim_counts_through_a_reported_factor_too() -> None:
    result = scored(incidents=(hit(200, victim=1),), factors=(ReportedFactor(ago(5), "q1", 2),))
    assert "2 victims in 12 months: 10" in shown(result)


def test_child_and_pregnant_victims_count_each_while_in_the_window() -> None:
    facts = (
        VictimFacts(1, child=True, pregnant=False),
        VictimFacts(2, child=True, pregnant=True),
        VictimFacts(3, child=True, pregnant=True),  # harmed only before the window
    )
    result = scored(
        incidents=(hit(10, victim=1), hit(20, victim=2), hit(WINDOW, victim=3)), victims=facts
    )
    assert shown(result)[-2:] == ["2 victims under 18: 16", "1 pregnant victim: 6"]
    alone = scored(incidents=(hit(10, victim=2),), victims=facts)
    assert shown(alone)[-2:] == ["1 victim under 18: 8", "1 pregnant victim: 6"]


@pytest.mark.parametrize(
    ("days", "counts"),
    [(WINDOW, False), (WINDOW - 1, True), (0, True), (-1, False), (-400, False)],
    ids=["window_days ago", "a day inside", "today", "tomorrow", "next year"],
)
def test_the_window_is_after_today_minus_window_days_up_to_today(days: int, counts: bool) -> None:
    by_incident = scored(incidents=(hit(days, IncidentKind.PHYSICAL_VIOLENCE),))
    by_referral = scored(referrals=(ago(days),))
    by_factor = scored(factors=(ReportedFactor(ago(days), "q15", 1),))
    assert (by_incident.score > 0, by_referral.score > 0, by_factor.score > 0) == (counts,) * 3


def test_future_events_change_nothing() -> None:
    now = (hit(40, IncidentKind.THREATS),)
    plain = scored(incidents=now)
    future = scored(
        incidents=(*now, hit(-3, IncidentKind.PHYSICAL_VIOLENCE, victim=2)),
        referrals=(ago(-1),),
        factors=(ReportedFactor(ago(-2), "q15", 1),),
    )
    assert future == plain


# Properties over any history: days from a month in the future to two months past the window.
days = st.integers(min_value=-30, max_value=WINDOW + 60)
victim_ids = st.integers(min_value=1, max_value=4)
incidents = st.builds(hit, days, st.sampled_from(list(IncidentKind)), victim_ids)
questions = st.sampled_from([f.question for f in MODEL.factors] + ["q1", "q9"])
factors = st.builds(lambda d, q, v: ReportedFactor(ago(d), q, v), days, questions, victim_ids)
facts = st.builds(VictimFacts, victim_ids, st.booleans(), st.booleans())
histories = st.builds(
    PerpetratorHistory,
    person=st.integers(min_value=1, max_value=10_000),
    incidents=st.lists(incidents, max_size=8).map(tuple),
    referrals=st.lists(days.map(ago), max_size=3).map(tuple),
    factors=st.lists(factors, max_size=5).map(tuple),
    victims=st.lists(facts, max_size=4, unique_by=lambda f: f.victim).map(tuple),
)


@given(histories)
def test_the_lines_explain_every_point(history: PerpetratorHistory) -> None:
    result = score(history, MODEL, TODAY)
    assert result.score == sum(line.points for line in result.lines)
    assert all(line.points > 0 and line.text for line in result.lines)
    assert len({line.text for line in result.lines}) == len(result.lines)


@given(histories, incidents)
def test_adding_an_incident_never_lowers_the_score(
    history: PerpetratorHistory, incident: HarmIncident
) -> None:
    more = replace(history, incidents=(*history.incidents, incident))
    assert score(more, MODEL, TODAY).score >= score(history, MODEL, TODAY).score


outside = st.one_of(
    st.integers(min_value=WINDOW, max_value=WINDOW * 4), st.integers(max_value=-1, min_value=-999)
)


@given(histories, outside, st.sampled_from(list(IncidentKind)), st.integers(1, 9))
def test_an_incident_outside_the_window_changes_nothing(
    history: PerpetratorHistory, days_ago: int, kind: IncidentKind, victim: int
) -> None:
    more = replace(history, incidents=(hit(days_ago, kind, victim), *history.incidents))
    assert score(more, MODEL, TODAY) == score(history, MODEL, TODAY)


@given(histories, st.integers(min_value=1, max_value=10_000))
def test_the_same_history_scores_the_same_whoever_it_is(
    history: PerpetratorHistory, other: int
) -> None:
    mine, theirs = score(history, MODEL, TODAY), score(replace(history, person=other), MODEL, TODAY)
    assert (mine.score, mine.lines) == (theirs.score, theirs.lines)


@given(
    st.lists(st.integers(min_value=0, max_value=WINDOW - 1), min_size=2, max_size=8),
    st.lists(st.sampled_from(list(IncidentKind)), min_size=8, max_size=8),
    st.booleans(),
)
def test_two_victims_score_above_one_with_the_same_incidents(
    day_list: list[int], kinds: list[IncidentKind], child: bool
) -> None:
    harms = [hit(d, kind) for d, kind in zip(day_list, kinds, strict=False)]
    facts = (VictimFacts(1, child, pregnant=False),)
    single = PerpetratorHistory(1, incidents=tuple(harms), victims=facts)
    shared = [h._replace(victim=2) if n % 2 else h for n, h in enumerate(harms)]
    serial = PerpetratorHistory(2, incidents=tuple(shared), victims=facts)
    assert score(serial, MODEL, TODAY).score > score(single, MODEL, TODAY).score
    assert (score(serial, MODEL, TODAY).victims, score(single, MODEL, TODAY).victims) == (2, 1)
    assert rank([single, serial], MODEL, TODAY)[0].person == 2


@given(st.lists(histories, max_size=30, unique_by=lambda h: h.person), st.randoms())
def test_rank_is_highest_first_then_by_person_whatever_the_order_given(
    many: list[PerpetratorHistory], shuffler: random.Random
) -> None:
    ranked = rank(many, MODEL, TODAY)
    shuffled = list(many)
    shuffler.shuffle(shuffled)
    assert rank(shuffled, MODEL, TODAY) == ranked
    assert sorted(s.person for s in ranked) == sorted(h.person for h in many)
    keys = [(-s.score, s.person) for s in ranked]
    assert all(a < b for a, b in zip(keys, keys[1:], strict=False))


def test_rank_breaks_ties_by_person_id() -> None:
    same = (hit(10),)
    ranked = rank(
        [
            PerpetratorHistory(30, incidents=same),
            PerpetratorHistory(4, incidents=same),
            PerpetratorHistory(7, incidents=(hit(10), hit(11))),
            PerpetratorHistory(12),
            PerpetratorHistory(9, incidents=same),
        ],
        MODEL,
        TODAY,
    )
    assert [s.person for s in ranked] == [7, 4, 9, 30, 12]
    assert [s.score for s in ranked] == [30, 24, 24, 24, 0]


def test_every_part_worth_nothing_gives_no_line() -> None:
    quiet: PriorityModel = replace(
        MODEL,
        incident_kinds=tuple(replace(w, points=0) for w in MODEL.incident_kinds),
        factors=tuple(replace(f, points=0) for f in MODEL.factors),
        recency=tuple(replace(b, points=0) for b in MODEL.recency),
    )
    result = score(
        PerpetratorHistory(
            1, incidents=(hit(3), hit(4, victim=2)), factors=(ReportedFactor(ago(3), "q15", 1),)
        ),
        quiet,
        TODAY,
    )
    assert result.lines == (
        ScoreLine(8, "2 incidents in 12 months"),
        ScoreLine(10, "2 victims in 12 months"),
    )
