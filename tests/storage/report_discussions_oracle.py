"""The report's discussions worked out in Python, as ``storage.reports_repo`` did before they
moved into SQL (``storage.report_discussions``): the oracle the SQL is held equal to."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marac_desktop.domain.meetings import MeetingStatus
from marac_desktop.domain.records import IdvaAllocation, ReferralStatus
from marac_desktop.risk.discussions import ReferralFacts, discussions
from marac_desktop.risk.performance import age_on
from marac_desktop.risk.report_counts import Counts, DiscussionFacts, add, empty_counts
from marac_desktop.storage import settings_repo
from marac_desktop.storage.anonymised import anonymised_select
from marac_desktop.storage.orm import (
    AssessmentRow,
    CaseImportRow,
    CasePartyRow,
    CaseRow,
    IdvaAllocationRow,
    MeetingCaseRow,
    MeetingRow,
    PersonRow,
    ReferralRow,
)


def counted(session: Session) -> tuple[dict[int, list[DiscussionFacts]], dict[Any, Counts]]:
    """Every case's discussions, and each meeting's counts made from them with ``add``."""
    found = _discussions_of(session, select(CaseRow.id))
    made: dict[Any, Counts] = {}
    for facts in found.values():
        for fact in facts:
            add(made.setdefault((fact.day, fact.meeting_id), empty_counts()), fact)
    return found, made


def _grouped(pairs: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _discussions_of(session: Session, cases: Any) -> dict[int, list[DiscussionFacts]]:
    """{case id: its discussions} for the given cases that have any."""
    meeting_day: dict[int, date] = {}
    held: set[int] = set()
    for meeting_id, starts, status in session.execute(
        anonymised_select(MeetingRow.id, MeetingRow.starts_at, MeetingRow.status)
    ):
        meeting_day[meeting_id] = starts.date()
        if status == MeetingStatus.HELD.value:
            held.add(meeting_id)
    meeting_days = set(meeting_day.values())
    m = MeetingCaseRow
    hearings = _grouped(
        (case_id, (meeting_id, meeting_day[meeting_id]))
        for case_id, meeting_id in session.execute(
            anonymised_select(m.case_id, m.meeting_id).where(m.heard, m.case_id.in_(cases))
        )
    )
    r = ReferralRow
    heard = r.status == ReferralStatus.HEARD.value
    referrals = _grouped(
        (row[0], ReferralFacts(*row[1:]))
        for row in session.execute(
            anonymised_select(
                r.case_id, r.id, r.day, r.referring_agency, r.repeat, heard, r.meeting_day
            ).where(r.case_id.in_(cases))
        )
    )
    party, person = CasePartyRow, PersonRow
    perpetrators = _grouped(
        session.execute(
            anonymised_select(party.case_id, person.date_of_birth)
            .join(person, person.id == party.person_id)
            .where(party.role == "perpetrator", party.case_id.in_(cases))
        )
    )
    children = _grouped(
        session.execute(
            anonymised_select(party.case_id, party.person_id).where(
                party.role == "child", party.case_id.in_(cases)
            )
        )
    )
    imported_children: dict[int, int] = dict(
        session.execute(
            anonymised_select(CaseImportRow.case_id, func.max(CaseImportRow.children_count))
            .where(CaseImportRow.case_id.in_(cases), CaseImportRow.children_count.is_not(None))
            .group_by(CaseImportRow.case_id)
        ).all()
    )
    a = AssessmentRow
    high_from: dict[int, date] = dict(
        session.execute(
            anonymised_select(a.case_id, func.min(a.assessment_date))
            .where(a.status == "completed", a.level == "high", a.case_id.in_(cases))
            .group_by(a.case_id)
        ).all()
    )
    i = IdvaAllocationRow
    idvas = _grouped(
        (case_id, IdvaAllocation("", allocated_on, ended_on))
        for case_id, allocated_on, ended_on in session.execute(
            anonymised_select(i.case_id, i.allocated_on, i.ended_on).where(i.case_id.in_(cases))
        )
    )
    victims = session.execute(
        anonymised_select(
            CaseRow.id,
            person.date_of_birth,
            person.ethnicity,
            person.gender,
            person.sexuality,
            person.disability,
        )
        .join(person, person.id == CaseRow.victim_id)
        .where(CaseRow.id.in_(cases))
    )
    window = settings_repo.area_policy(session).repeat_window_days
    found: dict[int, list[DiscussionFacts]] = {}
    for case_id, born, ethnicity, gender, sexuality, disability in victims:
        found_here = discussions(
            hearings.get(case_id, ()), referrals.get(case_id, ()), meeting_days, held, window
        )
        if not found_here:
            continue
        high = high_from.get(case_id)
        found[case_id] = [
            DiscussionFacts(
                day=x.day,
                meeting_id=x.meeting_id,
                agency=x.agency,
                repeat=x.repeat,
                wait=x.wait,
                victim_age=None if born is None else age_on(born, x.day),
                children=len(children.get(case_id, ())) or imported_children.get(case_id, 0),
                young_perpetrators=sum(
                    1 for b in perpetrators.get(case_id, ()) if b and age_on(b, x.day) < 18
                ),
                high_risk=high is not None and high <= x.day,
                with_idva=any(a.covers(x.day) for a in idvas.get(case_id, ())),
                ethnicity=ethnicity or "",
                gender=gender or "",
                sexuality=sexuality or "",
                disability=disability,
            )
            for x in found_here
        ]
    return found
