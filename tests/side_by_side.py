"""Two desks editing the same record, run on the file and on the server alike."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from marac_desktop.domain.people import PersonDetails
from marac_desktop.errors import StaleEditError
from marac_desktop.risk import Answer
from marac_desktop.risk.answers import AssessmentInput
from marac_desktop.services import assessments, records
from marac_desktop.services.workspace import Workspace

REFUSAL_END = "; your changes are still here — look at theirs, then save again."


def _draft(desk: Workspace) -> assessments.AssessmentRecord:
    case = records.open_case(desk, PersonDetails("Testvictim", "Ada"))
    return assessments.start(desk, case.id, date.today())


def _answers(answer: Answer) -> AssessmentInput:
    return AssessmentInput("dash", date.today(), {"q1": answer})


def second_save_is_refused(first: Workspace, second: Workspace) -> None:
    """Both read the draft; the first saves; the second's save, made from the older reading,
    is refused naming the first desk's account, and the first desk's answers stay."""
    draft = _draft(first)
    read_first = assessments.get(first, draft.id)
    read_second = assessments.get(second, draft.id)
    assert read_first.version == read_second.version
    saved = assessments.save_draft(
        first, draft.id, _answers(Answer.YES), {}, version=read_first.version
    )
    assert saved.version == read_first.version + 1
    with pytest.raises(StaleEditError) as refused:
        assessments.save_draft(
            second, draft.id, _answers(Answer.NO), {}, version=read_second.version
        )
    assert first.user is not None
    assert str(refused.value).startswith(f"{first.user.display_name} changed this checklist at ")
    assert str(refused.value).endswith(REFUSAL_END)
    assert refused.value.current == saved.version
    assert assessments.get(second, draft.id).main.answers == {"q1": Answer.YES}


def only_one_of_two_saves_at_once_goes_in(first: Workspace, second: Workspace) -> None:
    """Both save from the same reading at the same moment: one goes in, one is refused."""
    draft = _draft(first)
    seen = assessments.get(first, draft.id).version
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def save(desk: Workspace, answer: Answer) -> None:
        start.wait()
        try:
            assessments.save_draft(desk, draft.id, _answers(answer), {}, version=seen)
            outcomes.append(answer.value)
        except StaleEditError:
            outcomes.append("refused")

    threads = [
        threading.Thread(target=save, args=(desk, answer))
        for desk, answer in ((first, Answer.YES), (second, Answer.NO))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["refused", next(o for o in outcomes if o != "refused")])
    [kept] = [o for o in outcomes if o != "refused"]
    assert assessments.get(first, draft.id).main.answers["q1"].value == kept
    assert assessments.get(first, draft.id).version == seen + 1


def second_person_edit_is_refused(first: Workspace, second: Workspace) -> None:
    case = records.open_case(first, PersonDetails("Testvictim", "Ada"))
    read = records.get_person(second, case.victim.id)
    records.update_person(
        first, read.id, replace(read.details, phone="0113 496 0000"), version=read.version
    )
    with pytest.raises(StaleEditError, match=" changed this person at "):
        records.update_person(
            second, read.id, replace(read.details, postcode="LS1 1AA"), version=read.version
        )
    kept = records.get_person(second, read.id).details
    assert (kept.phone, kept.postcode) == ("0113 496 0000", "")


def references_pass_cases_copied_in(admin: Workspace) -> None:
    """References follow the counter, and move past cases that came in without it."""
    first = records.open_case(admin, PersonDetails("Testvictim", "Ada"))
    assert first.reference == "C-000001"
    with admin.transaction() as session:  # as a copy from elsewhere writes them
        session.execute(
            text(
                "INSERT INTO cases (id, reference, victim_id, created_at) "
                "VALUES (40, 'C-000002', :victim, :now), (41, 'C-000250', :victim, :now)"
            ),
            {"victim": first.victim.id, "now": datetime.now(UTC)},
        )
    assert records.open_case(admin, first.victim.id).reference == "C-000251"
    assert records.open_case(admin, first.victim.id).reference == "C-000252"
