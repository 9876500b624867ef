"""Synthetic data for demonstrations, tests and benchmarks: the same seed gives the same data.

Names from many of a UK city's communities, ages and diversity near national MARAC figures,
repeats at about 30%, some perpetrators against several victims, over five years.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.records import (
    IncidentKind,
    PartyRole,
    ReferralCriteriaMet,
    ReferralStatus,
)
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk.flags import FlagRules
from marac_desktop.services import flags
from marac_desktop.services.demo_names import AGENCIES, COMMUNITIES
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import records_repo

MAX_CASES = 300_000
REPEAT_RATE = 0.33  # some fall after today and are dropped: about 30% in the end
SERIAL_RATE = 0.06
YEARS = 5
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
            sexuality="lesbian, gay or bisexual" if rng.random() < 0.02 else "",
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


def generate(workspace: Workspace, cases: int, seed: int, today: date | None = None) -> DemoSummary:
    """Add ``cases`` synthetic cases to the open database, then raise their flags."""
    workspace.require(Permission.MANAGE_CASES)
    if not 1 <= cases <= MAX_CASES:
        raise InvalidInputError(f"Ask for between 1 and {MAX_CASES} cases.")
    maker = _Maker(seed, today or date.today())
    totals = {"people": 0, "incidents": 0, "referrals": 0, "repeats": 0}
    perpetrators: list[int] = []
    serial: set[int] = set()
    case_ids: list[int] = []
    with workspace.transaction() as session:
        for _ in range(cases):
            case_ids.append(_one_case(session, maker, perpetrators, serial, totals))
        workspace.record(session, AuditAction.CREATE, "demo_data", detail=f"{cases} case(s)")
    with workspace.transaction() as session:
        for case_id in case_ids:
            flags.refresh_case(session, case_id, FlagRules(), maker.today)
    return DemoSummary(
        cases,
        totals["people"],
        totals["incidents"],
        totals["referrals"],
        totals["repeats"],
        len(serial),
    )


def _one_case(
    session: Session,
    maker: _Maker,
    perpetrators: list[int],
    serial: set[int],
    totals: dict[str, int],
) -> int:
    rng = maker.rng
    community = rng.randrange(len(COMMUNITIES))
    victim_female = rng.random() > 0.064
    victim = records_repo.add_person(
        session, maker.person(victim_female, maker.victim_age(), community)
    )
    case = records_repo.new_case(session, victim.id)
    totals["people"] += 1
    if perpetrators and rng.random() < SERIAL_RATE:
        perpetrator_id = rng.choice(perpetrators)
        serial.add(perpetrator_id)
    else:
        age = 17 if rng.random() < 0.012 else rng.randint(18, 70)
        perpetrator = records_repo.add_person(
            session,
            maker.person(
                not victim_female if rng.random() < 0.95 else victim_female,
                age,
                community if rng.random() < 0.85 else None,
            ),
        )
        perpetrator_id = perpetrator.id
        perpetrators.append(perpetrator_id)
        totals["people"] += 1
    records_repo.add_party(
        session,
        case.id,
        perpetrator_id,
        PartyRole.PERPETRATOR,
        rng.choice(("partner", "ex-partner", "husband", "son", "brother")),
    )
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        child = records_repo.add_person(
            session, maker.person(rng.random() < 0.5, rng.randint(0, 15), community)
        )
        records_repo.add_party(session, case.id, child.id, PartyRole.CHILD, "child")
        totals["people"] += 1
    start = maker.today - timedelta(days=365 * YEARS)
    referral_day = maker.day_between(start, maker.today - timedelta(days=20))
    for _ in range(rng.randint(1, 4)):
        day = maker.day_between(referral_day - timedelta(days=300), referral_day)
        records_repo.add_incident(
            session, case.id, day, rng.choice(_KINDS), rng.choice(AGENCIES), rng.random() < 0.7
        )
        totals["incidents"] += 1
    criteria = ReferralCriteriaMet(
        visible_high_risk=rng.random() < 0.7,
        professional_judgement=rng.random() < 0.3,
        potential_escalation=rng.random() < 0.2,
    )
    if not (
        criteria.visible_high_risk
        or criteria.professional_judgement
        or criteria.potential_escalation
    ):
        criteria = ReferralCriteriaMet(visible_high_risk=True)
    agency = "Police" if rng.random() < 0.64 else rng.choice(AGENCIES[1:])
    meeting = referral_day + timedelta(days=rng.randint(7, 21))
    status = ReferralStatus.HEARD if meeting <= maker.today else ReferralStatus.ACCEPTED
    records_repo.add_referral(
        session,
        case.id,
        referral_day,
        agency,
        criteria,
        status,
        meeting if status is ReferralStatus.HEARD else None,
    )
    totals["referrals"] += 1
    if rng.random() < REPEAT_RATE:
        again = referral_day + timedelta(days=rng.randint(14, 360))
        if again <= maker.today:
            records_repo.add_incident(
                session,
                case.id,
                again,
                rng.choice(_KINDS),
                rng.choice(AGENCIES),
                rng.random() < 0.5,
            )
            records_repo.add_referral(
                session,
                case.id,
                again,
                rng.choice(AGENCIES),
                ReferralCriteriaMet(repeat=True),
                ReferralStatus.RECEIVED,
            )
            totals["incidents"] += 1
            totals["referrals"] += 1
            totals["repeats"] += 1
    return case.id
