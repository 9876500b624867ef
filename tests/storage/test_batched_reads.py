"""Reading many cases at once gives what reading them one by one gives, across batches."""

from __future__ import annotations

from datetime import date

import pytest

from marac_desktop.domain.cases import CaseId
from marac_desktop.risk import Answer, AssessmentInput
from marac_desktop.services import assessments, demo
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import assessments_repo, records_repo

TODAY = date(2026, 11, 20)


@pytest.fixture
def populated(admin: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    demo.generate(admin, 40, seed=3, today=TODAY)
    answers = {f"q{n}": Answer.YES if n < 12 else Answer.NO for n in range(1, 25)}
    for case_id in (1, 2, 2, 9, 15, 16, 33, 40):  # case 2 twice, the rest once
        draft = assessments.start(admin, CaseId(case_id), TODAY, today=TODAY)
        main = AssessmentInput("dash", TODAY, answers, victim_age=30)
        assessments.complete(admin, draft.id, main, {}, today=TODAY)
    monkeypatch.setattr(records_repo, "BATCH", 7)  # several batches, one of them partial
    monkeypatch.setattr(assessments_repo, "BATCH", 7)
    return admin


def test_case_records_match_case_record_in_the_order_asked(populated: Workspace) -> None:
    with populated.transaction() as session:
        ids = records_repo.case_ids(session)
        assert len(ids) == 40
        asked = [*reversed(ids[:20]), 10_000, *ids[20:]]  # one that does not exist
        one_by_one = [records_repo.case_record(session, i) for i in ids]
        together = records_repo.case_records(session, asked)
        people = {p.id: p for p in records_repo.all_people(session)}
        with_people = records_repo.case_records(session, asked, people)
    assert together == [*reversed(one_by_one[:20]), *one_by_one[20:]]
    assert with_people == together
    assert any(r.incidents and r.referrals and r.idvas and len(r.parties) > 1 for r in together)
    assert any(r.flags for r in together)


def test_assessments_for_cases_match_for_case(populated: Workspace) -> None:
    with populated.transaction() as session:
        ids = records_repo.case_ids(session)
        one_by_one = {i: found for i in ids if (found := assessments_repo.for_case(session, i))}
        together = assessments_repo.for_cases(session, ids)
    assert together == one_by_one
    assert {i: len(found) for i, found in together.items()} == {
        1: 1,
        2: 2,
        9: 1,
        15: 1,
        16: 1,
        33: 1,
        40: 1,
    }
    assert all(found[0].answers for found in together.values())
