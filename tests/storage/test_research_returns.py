"""Research requests and returns: the agencies asked for each listed case, what each sent back,
which are overdue before the meeting; nothing half saved, and a returned answer never lost."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import MeetingId, RemovalReason
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.research import ResearchReturn, ResearchStatus
from marac_desktop.domain.vocabulary import VocabularyId
from marac_desktop.errors import InvalidInputError, StaleEditError
from marac_desktop.services import audit, meeting_list, meetings, records, vocabularies
from marac_desktop.services.meeting_settings import load_meeting_settings
from marac_desktop.services.research_returns import (
    import_returns,
    record_return,
    research_status,
    save_case_research,
    set_research_agencies,
)
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import meetings_repo

pytestmark = pytest.mark.both_engines

TODAY = date(2026, 3, 9)
STARTS = datetime(2026, 3, 12, 10, 0)  # a Thursday: returns due Tuesday 10 March
RETURNED = ResearchReturn(
    "police",
    ResearchStatus.RETURNED_INFORMATION,
    date(2026, 3, 9),
    "Two callouts",
    "Threats",
    "PC Test, MASH",
)


def _listed(ws: Workspace) -> tuple[MeetingId, list[int]]:
    meeting = meetings.create_meeting(ws, STARTS, "Hall", False, "Chair", "Leeds", today=TODAY)
    cases = []
    for family in ("Testvictim", "Testother"):
        case = records.open_case(ws, PersonDetails(family, "Ada"), today=TODAY)
        criteria = ReferralCriteria(visible_high_risk=True)
        records.record_referral(ws, case.id, date(2026, 3, 1), "Police", criteria, today=TODAY)
        cases.append(case.id)
    meeting_list.build_list(ws, meeting.id, today=TODAY)
    return meeting.id, cases


def _version(ws: Workspace, meeting_id: MeetingId, case_id: int) -> int:
    with ws.transaction() as session:
        entry = meetings_repo.meeting_case(session, meeting_id, case_id)
        assert entry is not None
        return entry.version


def test_each_listed_case_is_asked_of_the_default_agencies_and_waits(admin: Workspace) -> None:
    meeting_id, cases = _listed(admin)
    defaults = load_meeting_settings(admin).agencies
    found = research_status(admin, meeting_id)
    assert [c.case_id for c in found.cases] == cases
    asked = [tuple(r.agency for r in c.returns) for c in found.cases]
    assert all(a and set(a) <= set(defaults) and "police" in a for a in asked)
    assert found.asked() == found.waiting() == sum(map(len, asked))
    assert found.due == date(2026, 3, 10)
    assert found.overdue(date(2026, 3, 10)) == 0
    assert found.overdue(date(2026, 3, 11)) == found.asked()


def test_returns_are_kept_in_order_and_read_back_as_entered(admin: Workspace) -> None:
    meeting_id, (case_id, other) = _listed(admin)
    nothing = ResearchReturn("housing", ResearchStatus.RETURNED_NOTHING, date(2026, 3, 8))
    asked = [ResearchReturn("childrens_social_care"), RETURNED, nothing]
    version = _version(admin, meeting_id, case_id)
    saved = save_case_research(admin, meeting_id, case_id, asked, version, today=TODAY)
    assert saved == version + 1
    found = research_status(admin, meeting_id)
    mine = next(c for c in found.cases if c.case_id == case_id)
    assert mine.returns == tuple(asked)
    assert [r.status.known for r in mine.returns] == [None, True, False]
    assert mine.missing() == (ResearchReturn("childrens_social_care"),)
    others = next(c for c in found.cases if c.case_id == other)
    assert found.overdue(date(2026, 3, 11)) == 1 + len(others.returns)
    assert any("research for case" in e.detail for e in audit.recent_entries(admin, 5))
    with pytest.raises(StaleEditError):
        save_case_research(admin, meeting_id, case_id, asked, version, today=TODAY)


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        (ResearchReturn("police", ResearchStatus.RETURNED_NOTHING), "Enter the day"),
        (
            ResearchReturn("police", ResearchStatus.RETURNED_NOTHING, date(2026, 3, 10)),
            "in the future",
        ),
        (ResearchReturn("not an agency"), "not in the agency list"),
        (ResearchReturn("police", contact="x" * 201), "longer than 200"),
    ],
)
def test_a_wrong_return_is_refused_in_one_sentence_and_nothing_changes(
    admin: Workspace, answer: ResearchReturn, sentence: str
) -> None:
    meeting_id, (case_id, _) = _listed(admin)
    before = research_status(admin, meeting_id)
    with pytest.raises(InvalidInputError, match=sentence):
        save_case_research(admin, meeting_id, case_id, [RETURNED, answer], today=TODAY)
    assert research_status(admin, meeting_id).cases == before.cases


def test_an_agency_that_has_returned_stays_on_the_request(admin: Workspace) -> None:
    meeting_id, (case_id, _) = _listed(admin)
    save_case_research(admin, meeting_id, case_id, [RETURNED, ResearchReturn("housing")])
    with pytest.raises(InvalidInputError, match="has returned its research"):
        save_case_research(admin, meeting_id, case_id, [ResearchReturn("housing")])
    with pytest.raises(InvalidInputError, match="has returned its research"):
        set_research_agencies(admin, meeting_id, case_id, ["Housing"])
    set_research_agencies(admin, meeting_id, case_id, ["Police", "Housing", "Police"])
    mine = next(c for c in research_status(admin, meeting_id).cases if c.case_id == case_id)
    assert mine.returns == (RETURNED, ResearchReturn("housing"))  # what came back is kept
    save_case_research(admin, meeting_id, case_id, [RETURNED])  # one still waiting may go
    found = research_status(admin, meeting_id)
    assert next(c for c in found.cases if c.case_id == case_id).returns == (RETURNED,)


def test_one_return_recorded_on_its_own_keeps_the_others(admin: Workspace) -> None:
    meeting_id, (case_id, _) = _listed(admin)
    save_case_research(admin, meeting_id, case_id, [ResearchReturn("housing"), RETURNED])
    later = ResearchReturn("housing", ResearchStatus.NOT_RETURNED)
    record_return(admin, meeting_id, case_id, later, today=TODAY)
    probation = ResearchReturn("probation", ResearchStatus.RETURNED_NOTHING, TODAY)
    record_return(admin, meeting_id, case_id, probation, today=TODAY)
    found = research_status(admin, meeting_id)
    mine = next(c for c in found.cases if c.case_id == case_id)
    assert mine.returns == (later, RETURNED, probation)


def test_a_case_taken_off_the_list_takes_its_returns_with_it(admin: Workspace) -> None:
    meeting_id, (case_id, _) = _listed(admin)
    save_case_research(admin, meeting_id, case_id, [RETURNED])
    meeting_list.remove_case(admin, meeting_id, case_id, RemovalReason.IN_ERROR)
    assert case_id not in [c.case_id for c in research_status(admin, meeting_id).cases]
    meeting_list.add_case(admin, meeting_id, case_id)
    mine = next(c for c in research_status(admin, meeting_id).cases if c.case_id == case_id)
    assert all(r.status is ResearchStatus.SENT for r in mine.returns)


def test_a_held_or_cancelled_meeting_has_nothing_overdue(admin: Workspace) -> None:
    meeting_id, (case_id, _) = _listed(admin)
    meeting = meetings.get_meeting(admin, meeting_id)
    meetings.cancel_meeting(admin, meeting_id, meeting.version)
    found = research_status(admin, meeting_id)
    assert found.overdue(date(2026, 3, 20)) == 0
    with pytest.raises(InvalidInputError):
        save_case_research(admin, meeting_id, case_id, [RETURNED])


def _return_file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "returns.csv"
    header = "Meeting ref,Agency,Known,Summary,Risks,Contact,Returned on"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_return_file_is_imported_whole(admin: Workspace, tmp_path: Path) -> None:
    meeting_id, (case_id, other) = _listed(admin)
    vocabularies.add_term(admin, VocabularyId.AGENCY, "fire_service", "Fire and rescue")
    path = _return_file(
        tmp_path,
        "M1-01,Police,Y,Two callouts,Threats,PC Test,08/03/2026",
        "m1-02,Housing,N,,,,",
        "M1-01,Fire and rescue,Y,Home safety visit done,,Crew,",
    )
    imported = import_returns(admin, meeting_id, path, today=TODAY)
    assert (imported.returns, imported.cases) == (3, 2)
    found = {c.case_id: c for c in research_status(admin, meeting_id).cases}
    first = {r.agency: r for r in found[case_id].returns}
    assert first["police"] == ResearchReturn(
        "police", ResearchStatus.RETURNED_INFORMATION, date(2026, 3, 8), "Two callouts",
        "Threats", "PC Test",
    )  # fmt: skip
    assert found[case_id].returns[-1].agency == "fire_service"  # not asked before: added
    assert first["fire_service"].returned_on == TODAY
    housing = next(r for r in found[other].returns if r.agency == "housing")
    assert housing.status is ResearchStatus.RETURNED_NOTHING


@pytest.mark.parametrize(
    ("row", "sentence"),
    [
        ("M1-09,Police,Y,,,,", "Row 3: no case on this meeting's list"),
        ("M1-02,Testvictim Ada 07700 900123,Y,,,,", "Row 3: That agency is not in the agency"),
        ("M1-02,Police,perhaps,,,,", "Row 3: say whether the agency knows them"),
        ("M1-02,Police,Y,,,,31/02/2026", "Row 3: the day it came back is not a day"),
        ("M1-02,Police,Y,,,,20/03/2026", "Row 3: the day it came back is in the future"),
    ],
)
def test_a_return_file_with_one_bad_row_changes_nothing(
    admin: Workspace, tmp_path: Path, row: str, sentence: str
) -> None:
    meeting_id, _ = _listed(admin)
    before = research_status(admin, meeting_id).cases
    path = _return_file(tmp_path, "M1-01,Police,Y,Two callouts,,,", row)
    with pytest.raises(InvalidInputError, match=sentence) as refused:
        import_returns(admin, meeting_id, path, today=TODAY)
    assert "Testvictim" not in str(refused.value) and "07700" not in str(refused.value)
    assert research_status(admin, meeting_id).cases == before


def test_a_file_without_the_needed_columns_is_refused(admin: Workspace, tmp_path: Path) -> None:
    meeting_id, _ = _listed(admin)
    path = tmp_path / "returns.csv"
    path.write_text("Meeting ref,Agency\nM1-01,Police\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="no 'known' column"):
        import_returns(admin, meeting_id, path, today=TODAY)
