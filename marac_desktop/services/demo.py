"""Synthetic data for demonstrations, tests and benchmarks: the same seed gives the same data.

Names from many of a UK city's communities, ages and diversity near national MARAC figures,
repeats at about 30%, some perpetrators against several victims, over five years. Each
referral is heard at the area's first meeting 7 to 21 days or more after it: the demonstration
area meets every other Tuesday, as a real MARAC meets on set days.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.records import (
    IncidentKind,
    PartyRole,
    ReferralStatus,
)
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import AreaPolicy
from marac_desktop.risk.flags import FlagRules
from marac_desktop.services import flags, settings
from marac_desktop.services.demo_names import AGENCIES, COMMUNITIES
from marac_desktop.services.workspace import Anyone, Workspace, requires
from marac_desktop.storage import bulk, settings_repo
from marac_desktop.storage.bulk import NewFlag, NewIncident, NewReferral

MAX_CASES = 300_000
DEMO_SETTING = "demo_database"
"""Setting that marks a demonstration database: {"case_ids": [[first, last], ...]} made by demo."""
DEMO_NOTICE = "DEMONSTRATION DATA, NOT REAL PEOPLE"
REPEAT_RATE = 0.33  # some fall after today and are dropped: about 30% in the end
SERIAL_RATE = 0.06
IDVA_RATE = 0.7
_IDVAS = ("Rowan Testadvocate", "Sam Okafor-Demo", "Jo Lindqvist-Sample", "Kit Brennan-Test")
YEARS = 5
_MEETING_EVERY_DAYS = 14
_A_MEETING_DAY = date(2000, 1, 4)
"""The demonstration area meets every other Tuesday, counted from this one."""
_KINDS = list(IncidentKind)
_STREETS = (
    "Mill Lane",
    "Church Street",
    "Park Road",
    "Victoria Terrace",
    "Station Road",
    "Albert Street",
    "Green Walk",
    "Canal Side",
    "Oak Avenue",
    "Hillside Close",
)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    cases: int
    people: int
    incidents: int
    referrals: int
    repeat_cases: int
    serial_perpetrators: int


class _Maker:
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.idva_rng = random.Random(f"idva {seed}")  # its own stream: older demo data unchanged
        self.today = today

    def day_between(self, start: date, end: date) -> date:
        span = max(0, (end - start).days)
        return start + timedelta(days=self.rng.randint(0, span))

    def person(self, female: bool, age: int, community: int | None = None) -> PersonDetails:
        rng = self.rng
        index = community if community is not None else rng.randrange(len(COMMUNITIES))
        name, women, men, families = COMMUNITIES[index]
        born = self.today - timedelta(days=age * 365 + rng.randint(0, 364))
        year_only = rng.random() < 0.03
        return PersonDetails(
            family_name=rng.choice(families),
            given_names=rng.choice(women if female else men),
            date_of_birth=date(born.year, 1, 1) if year_only else born,
            gender="female" if female else "male",
            ethnicity=name,
            sexuality="bisexual" if rng.random() < 0.02 else "",
            disability=rng.random() < 0.10,
            language="English" if rng.random() < 0.8 else "other",
            address=f"{rng.randint(1, 220)} {rng.choice(_STREETS)}",
            postcode=f"LS{rng.randint(1, 29)} {rng.randint(1, 9)}"
            + "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2)),
            phone=f"07700 9{rng.randint(0, 99999):05d}",
            safe_to_call=rng.random() < 0.6,
        )

    def victim_age(self) -> int:
        roll = self.rng.random()
        if roll < 0.013:
            return self.rng.randint(16, 17)
        if roll < 0.05:
            return self.rng.randint(65, 85)
        return self.rng.randint(18, 64)


@dataclass
class _Built:
    people: list[tuple[int, PersonDetails]] = field(default_factory=list)
    cases: list[tuple[int, int]] = field(default_factory=list)
    parties: list[tuple[int, int, PartyRole, str]] = field(default_factory=list)
    incidents: list[NewIncident] = field(default_factory=list)
    referrals: list[NewReferral] = field(default_factory=list)
    repeats: int = 0
    perpetrators: list[int] = field(default_factory=list)
    serial: set[int] = field(default_factory=set)
    idvas: dict[int, tuple[str, date]] = field(default_factory=dict)


@requires(Permission.GENERATE_DEMO_DATA)
def generate(workspace: Workspace, cases: int, seed: int, today: date | None = None) -> DemoSummary:
    """Add ``cases`` synthetic cases, with their flags, in one transaction; only to a database
    holding no case that demo did not make (the cases it makes are recorded in settings)."""
    if not 1 <= cases <= MAX_CASES:
        raise InvalidInputError(f"Ask for between 1 and {MAX_CASES} cases.")
    maker = _Maker(seed, today or date.today())
    with workspace.transaction() as session:
        made = _demo_ranges(session)
        if bulk.cases_outside(session, made):
            raise InvalidInputError(
                "This database holds cases that demo did not make; demonstration data goes only "
                "in a database of its own (create one with 'init')."
            )
        built = _Built()
        next_person, next_case = bulk.next_person_id(session), bulk.next_case_id(session)
        settings_repo.store(
            session, DEMO_SETTING, {"case_ids": [*made, [next_case, next_case + cases - 1]]}
        )
        for number in range(cases):
            next_person = _one_case(maker, built, next_case + number, next_person)
        bulk.insert_people(session, built.people)
        given = bulk.insert_cases(session, built.cases, built.idvas)
        bulk.insert_parties(session, built.parties)
        bulk.insert_incidents(session, built.incidents)
        bulk.insert_referrals(session, built.referrals)
        bulk.insert_flags(session, _flags(built, given, maker.today, settings.area_policy(session)))
        workspace.record(session, AuditAction.CREATE, "demo_data", detail=f"{cases} case(s)")
    return DemoSummary(
        cases,
        len(built.people),
        len(built.incidents),
        len(built.referrals),
        built.repeats,
        len(built.serial),
    )


def _flags(
    built: _Built, references: Mapping[int, str], today: date, policy: AreaPolicy
) -> list[NewFlag]:
    perpetrator_cases: dict[int, list[int]] = defaultdict(list)
    for case_id, person_id, role, _ in built.parties:
        if role is PartyRole.PERPETRATOR:
            perpetrator_cases[person_id].append(case_id)
    return flags.new_case_flags(
        built.cases,
        references,
        built.incidents,
        built.referrals,
        perpetrator_cases,
        FlagRules(policy),
        today,
    )


def _one_case(maker: _Maker, built: _Built, case_id: int, next_person: int) -> int:
    """Add one case's people, incidents and referrals; return the next free person id."""
    rng = maker.rng

    def add_person(details: PersonDetails) -> int:
        nonlocal next_person
        built.people.append((next_person, details))
        next_person += 1
        return next_person - 1

    community = rng.randrange(len(COMMUNITIES))
    victim_female = rng.random() > 0.064
    victim = add_person(maker.person(victim_female, maker.victim_age(), community))
    built.cases.append((case_id, victim))
    if built.perpetrators and rng.random() < SERIAL_RATE:
        perpetrator = rng.choice(built.perpetrators)
        built.serial.add(perpetrator)
    else:
        age = 17 if rng.random() < 0.012 else rng.randint(18, 70)
        female = not victim_female if rng.random() < 0.95 else victim_female
        perpetrator = add_person(
            maker.person(female, age, community if rng.random() < 0.85 else None)
        )
        built.perpetrators.append(perpetrator)
    relation = rng.choice(("partner", "ex-partner", "husband", "son", "brother"))
    built.parties.append((case_id, perpetrator, PartyRole.PERPETRATOR, relation))
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        child = add_person(maker.person(rng.random() < 0.5, rng.randint(0, 15), community))
        built.parties.append((case_id, child, PartyRole.CHILD, "child"))
    start = maker.today - timedelta(days=365 * YEARS)
    referral_day = maker.day_between(start, maker.today - timedelta(days=20))
    for _ in range(rng.randint(1, 4)):
        day = maker.day_between(referral_day - timedelta(days=300), referral_day)
        built.incidents.append(
            NewIncident(case_id, day, rng.choice(_KINDS), rng.choice(AGENCIES), rng.random() < 0.7)
        )
    criteria = ReferralCriteria(
        visible_high_risk=rng.random() < 0.7,
        professional_judgement=rng.random() < 0.3,
        potential_escalation=rng.random() < 0.2,
    )
    if not criteria.any():
        criteria = ReferralCriteria(visible_high_risk=True)
    agency = "police" if rng.random() < 0.64 else rng.choice(AGENCIES[1:])
    if maker.idva_rng.random() < IDVA_RATE:
        allocated = referral_day + timedelta(days=maker.idva_rng.randint(0, 14))
        if allocated <= maker.today:
            built.idvas[case_id] = (maker.idva_rng.choice(_IDVAS), allocated)
    meeting = _meeting_from(referral_day + timedelta(days=rng.randint(7, 21)))
    heard = meeting <= maker.today
    built.referrals.append(
        NewReferral(
            case_id,
            referral_day,
            agency,
            criteria,
            ReferralStatus.HEARD if heard else ReferralStatus.ACCEPTED,
            meeting if heard else None,
        )
    )
    if rng.random() < REPEAT_RATE:
        again = referral_day + timedelta(days=rng.randint(14, 360))
        if again <= maker.today:
            built.incidents.append(
                NewIncident(
                    case_id, again, rng.choice(_KINDS), rng.choice(AGENCIES), rng.random() < 0.5
                )
            )
            heard_again = _meeting_from(again + timedelta(days=rng.randint(7, 21)))
            was_heard = heard_again <= maker.today
            built.referrals.append(
                NewReferral(
                    case_id,
                    again,
                    rng.choice(AGENCIES),
                    ReferralCriteria(repeat=True),
                    ReferralStatus.HEARD if was_heard else ReferralStatus.RECEIVED,
                    heard_again if was_heard else None,
                )
            )
            built.repeats += 1
    return next_person


def _meeting_from(day: date) -> date:
    """The area's first meeting on or after ``day``."""
    behind = (day - _A_MEETING_DAY).days % _MEETING_EVERY_DAYS
    return day + timedelta(days=(_MEETING_EVERY_DAYS - behind) % _MEETING_EVERY_DAYS)


def _demo_ranges(session: Session) -> list[list[int]]:
    stored = settings_repo.load(session, DEMO_SETTING) or {}
    return [list(pair) for pair in stored.get("case_ids", [])]


@requires(Anyone.SESSION)
def is_demo_database(workspace: Workspace) -> bool:
    """True when demo made the cases here (it refuses a database that holds any other case)."""
    with workspace.transaction() as session:
        return settings_repo.load(session, DEMO_SETTING) is not None
