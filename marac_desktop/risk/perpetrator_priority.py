"""Score and rank people causing harm with a priority model (``risk/priority_model.py``), every
point explained in plain words.

Only what happened in the window counts: a day ``d`` counts when
``today - window_days < d <= today``, so with a 365-day window the day 364 days ago counts and the
day 365 days ago does not, and nothing dated after ``today`` counts at all. A victim counts
towards the victim points when an incident or a reported factor in the window concerns them.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter
from typing import NamedTuple

from marac_desktop.domain.records import INCIDENT_WORDS, IncidentKind
from marac_desktop.domain.words import counted, period
from marac_desktop.risk.priority_model import PriorityModel


class HarmIncident(NamedTuple):
    day: date
    kind: str
    """An IncidentKind value; a kind the model does not weigh still counts towards frequency."""
    victim: int
    """The victim's person id."""


class ReportedFactor(NamedTuple):
    day: date
    """The day of the assessment that answered the question yes."""
    question: str
    """A checklist question id in forms/dash.toml, such as "q15"."""
    victim: int


class VictimFacts(NamedTuple):
    victim: int
    child: bool
    """Under 18."""
    pregnant: bool
    """DASH q9 answered yes for this victim."""


@dataclass(frozen=True, slots=True)
class PerpetratorHistory:
    person: int
    incidents: tuple[HarmIncident, ...] = ()
    referrals: tuple[date, ...] = ()
    """MARAC referral days of their cases, and partners' referrals of the perpetrator."""
    factors: tuple[ReportedFactor, ...] = ()
    victims: tuple[VictimFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class ScoreLine:
    points: int
    text: str
    """Plain words, such as "last incident 12 days ago"."""

    def shown(self) -> str:
        return f"{self.text}: {self.points}"


@dataclass(frozen=True, slots=True)
class PriorityScore:
    person: int
    score: int
    lines: tuple[ScoreLine, ...]
    """Every point explained, in the model's order; the points add up to ``score``."""
    model_id: str
    model_version: int
    victims: int = 0
    """Victims an incident or a reported factor in the window concerns."""

    def explanation(self) -> str:
        return "; ".join(line.shown() for line in self.lines)


def score(history: PerpetratorHistory, model: PriorityModel, today: date) -> PriorityScore:
    return _Scorer(model, today).score(history)


def rank(
    histories: Iterable[PerpetratorHistory], model: PriorityModel, today: date
) -> list[PriorityScore]:
    """Every history scored, highest first; equal scores by person id, lowest first."""
    scorer = _Scorer(model, today)
    with collection_paused():
        scores = [scorer.score(history) for history in histories]
    scores.sort(key=attrgetter("person"))
    scores.sort(key=attrgetter("score"), reverse=True)  # stable: equal scores stay by person
    return scores


@contextmanager
def collection_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while histories or scores pile up: it would
    otherwise walk them again and again, taking as long again as making them. Neither makes
    cycles, and anything else the collector would have found it finds once it is back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_Key = tuple[str, int] | tuple[str, str, int]
"""Which line: ("incident", days since), ("incidents", count), ("kind", kind, count) ..."""

_NOTHING = ScoreLine(0, "")
"""A part that gives no points, and so no line."""


class _Scorer:
    """One model on one day. Each explanation line is made the first time it is needed and then
    shared (lines are frozen), so ranking a quarter of a million people formats few strings.
    Lines are kept by a key such as ``("incidents", 3)``; see ``_make``."""

    def __init__(self, model: PriorityModel, today: date) -> None:
        self.model = model
        self.model_id, self.model_version = model.id, model.version
        self.today = today
        self.start = today - timedelta(days=model.window_days)
        """The last day that does not count."""
        self.window = period(model.window_days)
        self.kind_points: dict[str, int] = {w.kind: w.points for w in model.incident_kinds}
        self.kind_order: defaultdict[str, int] = defaultdict(
            lambda: len(IncidentKind), {w.kind: n for n, w in enumerate(model.incident_kinds)}
        )
        self.factor_lines = [
            (factor.question, ScoreLine(factor.points, factor.label))
            for factor in model.factors
            if factor.points
        ]
        self.made: dict[_Key, ScoreLine] = {}

    def score(self, history: PerpetratorHistory) -> PriorityScore:
        # Written for speed, because rank scores a whole register: one pass over each kind of
        # event, then each part's line looked up by its key (made by _make the first time).
        start, today, made, make = self.start, self.today, self.made, self._make
        incidents = 0
        last_incident: date | None = None
        kinds: dict[str, int] = {}
        victims: set[int] = set()
        for incident in history.incidents:
            day = incident.day
            if start < day <= today:
                incidents += 1
                if last_incident is None or day > last_incident:
                    last_incident = day
                kinds[incident.kind] = kinds.get(incident.kind, 0) + 1
                victims.add(incident.victim)
        last_referral: date | None = None
        for day in history.referrals:
            if start < day <= today and (last_referral is None or day > last_referral):
                last_referral = day
        questions: set[str] = set()
        for factor in history.factors:
            if start < factor.day <= today:
                questions.add(factor.question)
                victims.add(factor.victim)
        if last_incident is None and last_referral is None and not questions:
            return PriorityScore(history.person, 0, (), self.model_id, self.model_version)

        lines: list[ScoreLine] = []
        key: _Key | None = None
        if last_referral is not None and (last_incident is None or last_referral > last_incident):
            key = ("referral", (today - last_referral).days)
        elif last_incident is not None:
            key = ("incident", (today - last_incident).days)
        if key is not None:
            line = made.get(key) or make(key)
            if line.points:
                lines.append(line)
        if incidents:
            key = ("incidents", incidents)
            line = made.get(key) or make(key)
            if line.points:
                lines.append(line)
            for kind in sorted(kinds, key=self.kind_order.__getitem__) if len(kinds) > 1 else kinds:
                key = ("kind", kind, kinds[kind])
                line = made.get(key) or make(key)
                if line.points:
                    lines.append(line)
        if questions:
            lines += [line for question, line in self.factor_lines if question in questions]
        if len(victims) > 1:
            key = ("victims", len(victims))
            line = made.get(key) or make(key)
            if line.points:
                lines.append(line)
        for facts in history.victims:
            if (facts.child or facts.pregnant) and facts.victim in victims:
                for key in self._child_and_pregnant(history.victims, victims):
                    line = made.get(key) or make(key)
                    if line.points:
                        lines.append(line)
                break
        total = 0
        for line in lines:
            total += line.points
        return PriorityScore(
            history.person, total, tuple(lines), self.model_id, self.model_version, len(victims)
        )

    @staticmethod
    def _child_and_pregnant(facts: tuple[VictimFacts, ...], victims: set[int]) -> list[_Key]:
        children: set[int] = set()
        pregnant: set[int] = set()
        for victim in facts:
            if (victim.child or victim.pregnant) and victim.victim in victims:
                if victim.child:
                    children.add(victim.victim)
                if victim.pregnant:
                    pregnant.add(victim.victim)
        keys: list[_Key] = []
        if children:
            keys.append(("children", len(children)))
        if pregnant:
            keys.append(("pregnant", len(pregnant)))
        return keys

    def _make(self, key: _Key) -> ScoreLine:
        """The line for ``key``, made and kept."""
        if len(key) == 3:
            _, kind, count = key
            points = self.kind_points.get(kind, 0) * count  # a kind it does not know weighs 0
            words = INCIDENT_WORDS[IncidentKind(kind)].lower() if points else kind
            line = ScoreLine(points, f"{counted(count, 'incident')} of {words}")
        else:
            part, count = key
            line = self._part_line(part, count)
        self.made[key] = line if line.points else _NOTHING
        return self.made[key]

    def _part_line(self, part: str, count: int) -> ScoreLine:
        model = self.model
        if part in ("incident", "referral"):
            points = next((b.points for b in model.recency if count <= b.within_days), 0)
            ago = "today" if count == 0 else f"{counted(count, 'day')} ago"
            return ScoreLine(points, f"last {part} {ago}")
        if part == "incidents":
            reached = [b.points for b in model.frequency if count >= b.min_incidents]
            text = f"{counted(count, 'incident')} in {self.window}"
            return ScoreLine(reached[-1] if reached else 0, text)
        weights = model.victims
        if part == "victims":
            points = weights.more_than_one + weights.per_victim_beyond_two * (count - 2)
            return ScoreLine(points, f"{counted(count, 'victim')} in {self.window}")
        if part == "children":
            return ScoreLine(weights.child * count, f"{counted(count, 'victim')} under 18")
        return ScoreLine(weights.pregnant * count, counted(count, "pregnant victim"))
