"""Meeting documents from demo data: what the agenda must never show, research lists, actions."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from marac_desktop.domain import date_style
from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.meetings import (
    ActionFilter,
    ActionStatus,
    AgendaSection,
    Meeting,
    MeetingId,
    MeetingStatus,
)
from marac_desktop.domain.people import Alias, DobPrecision, Person, PersonDetails
from marac_desktop.domain.records import PartyRole
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError, PermissionDeniedError
from marac_desktop.reports.agenda_pdf import AgendaLine
from marac_desktop.reports.research_list_pdf import ResearchPerson
from marac_desktop.services import (
    access,
    actions,
    agenda_view,
    audit,
    demo,
    meeting_documents,
    meeting_list,
    meeting_settings,
    meetings,
    research_returns,
)
from marac_desktop.services.agenda_view import AgendaRow
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import records_repo
from tests.conftest import add_user

TODAY = date(2026, 3, 2)
STARTS = datetime(2026, 3, 12, 10, 0)
PASSWORD = "research list phrase 7"


def _read(pdf: bytes) -> tuple[str, dict[str, object], int]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), dict(reader.metadata or {}), len(reader.pages)


def _dob_forms(day: date) -> set[str]:
    months = (day.strftime("%B"), day.strftime("%b"))
    return {
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        f"{day.day}/{day.month}/{day.year}",
        day.strftime("%d/%m/%y"),
        day.strftime("%d.%m.%Y"),
        day.strftime("%d-%m-%Y"),
        *(f"{day.day} {m} {day.year}" for m in months),
        *(f"{day:%d} {m} {day.year}" for m in months),
    }


def _identifiers(person: Person) -> set[str]:
    d = person.details
    found = {d.family_name, d.given_names, d.address, d.postcode, d.phone}
    found |= {d.postcode.replace(" ", ""), d.phone.replace(" ", "")}
    for alias in d.aliases:
        found |= {alias.family_name, alias.given_names}
    for day in (d.date_of_birth, *d.other_dobs):
        if day is not None:
            found |= _dob_forms(day)
    return {f for f in found if f.strip()}


def _appears(needle: str, haystack: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack, re.IGNORECASE) is not None


def _meeting(ws: Workspace, extra_cases: int = 0) -> MeetingId:
    demo.generate(ws, 500, seed=4, today=TODAY)
    meeting = meetings.create_meeting(ws, STARTS, "Civic Centre", False, "DI Chair", "Leeds", TODAY)
    view = meeting_list.build_list(ws, meeting.id)
    listed = {r.case_id for r in view.rows}
    spare = [CaseId(c) for c in range(1, 61) if c not in listed][:extra_cases]
    for case_id in spare:
        meeting_list.add_case(ws, meeting.id, case_id, "Added for the test")
    return meeting.id


def _people(ws: Workspace) -> list[Person]:
    with ws.transaction() as session:
        return records_repo.all_people(session)


def _listed_people(ws: Workspace, meeting_id: MeetingId, agency: str) -> set[int]:
    view = agenda_view.meeting_view(ws, meeting_id)
    ids: set[int] = set()
    with ws.transaction() as session:
        for row in view.rows:
            if agency in row.research_labels:
                record = records_repo.case_record(session, row.case_id)
                assert record is not None
                ids |= {p.person.id for p in record.parties}
    return ids


def test_agenda_names_no_one(admin: Workspace, tmp_path: Path) -> None:
    meeting_id = _meeting(admin)
    out = meeting_documents.save_agenda(admin, meeting_id, tmp_path / "agenda.pdf")
    assert out.stat().st_mode & 0o077 == 0
    text, metadata, _ = _read(out.read_bytes())
    assert "M1-01" in text and "Confidentiality statement" in text and "OFFICIAL-SENSITIVE" in text
    assert "Page 1 of" in text and "10:00–10:10" in text
    assert set(metadata) <= {
        "/Title",
        "/Author",
        "/Subject",
        "/Creator",
        "/Producer",
        "/Keywords",
        "/CreationDate",
        "/ModDate",
        "/Trapped",
    }
    assert metadata["/Title"] == "MARAC agenda"
    shown = text + " " + " ".join(str(v) for v in metadata.values())
    people = _people(admin)
    assert len(people) > 150
    leaks = {
        (person.id, value)
        for person in people
        for value in _identifiers(person)
        if _appears(value, shown)
    }
    assert leaks == set()
    exports = [e for e in audit.recent_entries(admin) if e.action == "export"]
    assert [(e.target_type, e.target_id, e.detail) for e in exports] == [
        ("document", f"agenda/{meeting_id}", "anonymised agenda")
    ]


def test_research_list_holds_the_meetings_people_and_allowed_fields(
    admin: Workspace, tmp_path: Path
) -> None:
    meeting_id = _meeting(admin)
    out = tmp_path / "research.pdf"
    meeting_documents.save_research_list(admin, meeting_id, "Police", out)
    text, metadata, _ = _read(out.read_bytes())
    assert "RESTRICTED" in text and metadata["/Title"] == "MARAC research list"
    listed = _listed_people(admin, meeting_id, "Police")
    people = _people(admin)
    for person in people:
        d = person.details
        name = f"{d.family_name.upper()}, {d.given_names}"
        born = date_style.shown(d.date_of_birth) if d.date_of_birth else ""
        row = " ".join(part for part in (name, born, d.address, d.postcode) if part)
        assert not d.aliases  # the demo has none, so the row reads as name, dob, address...
        assert (row in text) == (person.id in listed), person.id
        assert d.phone not in text  # phone is not in the default research fields

    settings = meeting_settings.load_meeting_settings(admin)
    meeting_settings.save_meeting_settings(
        admin, replace(settings, research_fields=("names", "phone"))
    )
    narrow, _, _ = _read(meeting_documents.research_list_bytes(admin, meeting_id, "Police"))
    some = next(p for p in people if p.id in listed and p.details.safe_to_call is True)
    assert some.details.phone in narrow and some.details.postcode not in narrow
    unsafe = [
        p for p in people if p.id in listed and p.details.phone and not p.details.safe_to_call
    ]
    assert unsafe and all(p.details.phone not in narrow for p in unsafe)  # not safe to call
    assert "Date of birth" not in narrow and "Address" not in narrow


def test_research_list_only_for_agencies_asked(admin: Workspace) -> None:
    meeting_id = _meeting(admin)
    with pytest.raises(InvalidInputError, match="agency"):
        meeting_documents.research_list_bytes(admin, meeting_id, "Fire service")
    education = _listed_people(admin, meeting_id, "Education")
    police = _listed_people(admin, meeting_id, "Police")
    assert education < police  # adult-only cases are not sent to education


def test_encrypted_research_list_needs_the_password(admin: Workspace, tmp_path: Path) -> None:
    meeting_id = _meeting(admin)
    out = tmp_path / "locked.pdf"
    meeting_documents.save_research_list(admin, meeting_id, "Police", out, password=PASSWORD)
    data = out.read_bytes()
    assert b"/AESV3" in data
    victim = _people(admin)[0].details.family_name.upper()
    assert victim.encode() not in data
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert not reader.decrypt("wrong password")
    reader = PdfReader(io.BytesIO(data))
    assert reader.decrypt(PASSWORD)
    assert "RESTRICTED" in reader.pages[0].extract_text()
    with pytest.raises(InvalidInputError, match="at least"):
        meeting_documents.research_list_bytes(admin, meeting_id, "Police", password="short")


def test_long_agenda_runs_over_pages(admin: Workspace) -> None:
    meeting_id = _meeting(admin, extra_cases=40)
    view = agenda_view.meeting_view(admin, meeting_id)
    assert len(view.rows) >= 40
    text, _, pages = _read(meeting_documents.agenda_bytes(admin, meeting_id))
    assert pages >= 3
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert view.rows[-1].reference in text and f"{view.ends_at:%H:%M}" in text
    research, _, research_pages = _read(
        meeting_documents.research_list_bytes(admin, meeting_id, "Police")
    )
    assert research_pages >= 3 and f"Page {research_pages} of {research_pages}" in research


def test_action_lists_as_pdf_and_csv_and_prints_audited(
    admin: Workspace, tmp_path: Path, db_path: Path
) -> None:
    meeting_id = _meeting(admin)
    rows = agenda_view.meeting_view(admin, meeting_id).rows
    late = actions.add_action(
        admin, meeting_id, rows[0].case_id, "Police", "=HYPERLINK(x)", "PC A", date(2026, 3, 20)
    )
    actions.add_action(admin, meeting_id, rows[1].case_id, "Housing", "Alarm", "J O", STARTS.date())
    actions.set_status(admin, late.id, ActionStatus.NOT_DONE, "No officer free")
    actions.set_status(admin, late.id, ActionStatus.OPEN, "Reopened")
    csv_path = meeting_documents.save_actions(
        admin, tmp_path / "police.csv", ActionFilter(agency="Police", today=date(2026, 4, 1))
    )
    lines = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert lines[0][:3] == ["Meeting", "Case", "Agency"] and len(lines) == 2
    assert lines[1][3] == "'=HYPERLINK(x)" and lines[1][7] == "yes"
    pdf_path = meeting_documents.save_actions(
        admin, tmp_path / "all.pdf", ActionFilter(today=date(2026, 4, 1))
    )
    text, metadata, _ = _read(pdf_path.read_bytes())
    assert "Housing" in text and "Page 1 of 1" in text and metadata["/Title"] == "MARAC actions"
    with pytest.raises(InvalidInputError, match="csv"):
        meeting_documents.save_actions(admin, tmp_path / "actions.txt")

    meeting_documents.record_print(admin, "agenda", str(meeting_id))
    entries = [(e.action, e.target_id) for e in audit.recent_entries(admin)]
    assert ("print", f"agenda/{meeting_id}") in entries
    assert ("export", "actions") in entries

    password = add_user(admin, "ivy", Role.IDVA)
    idva = access.unlock(db_path, "ivy", password)
    try:
        with pytest.raises(PermissionDeniedError):
            meeting_documents.agenda_bytes(idva, meeting_id)
    finally:
        idva.close()


def _synthetic_person(safe_to_call: bool | None) -> Person:
    return Person(
        PersonId(1),
        PersonDetails(
            "Testperson",
            "Ada",
            aliases=(Alias("Otherly", "Ann"), Alias("Third", "Bea")),
            date_of_birth=date(1990, 1, 1),
            dob_precision=DobPrecision.YEAR,
            other_dobs=(date(1990, 2, 3),),
            address="1 Synthetic Row",
            postcode="ZZ1 1ZZ",
            phone="00000 000000",
            safe_to_call=safe_to_call,
        ),
    )


def test_a_research_person_shows_only_the_fields_the_area_allows() -> None:
    person = _synthetic_person(True)
    every = meeting_documents._research_person(
        person,
        PartyRole.VICTIM,
        ("names", "aliases", "date_of_birth", "address", "postcode", "phone"),
    )
    assert every == ResearchPerson(
        "Victim",
        "TESTPERSON, Ada",
        "OTHERLY, Ann; THIRD, Bea",
        "1990 (year only); 3 Feb 1990",
        "1 Synthetic Row",
        "ZZ1 1ZZ",
        "00000 000000",
    )
    names_only = meeting_documents._research_person(person, PartyRole.PERPETRATOR, ("names",))
    assert names_only == ResearchPerson("Perpetrator", "TESTPERSON, Ada", "", "", "", "", "")
    not_safe = meeting_documents._research_person(
        _synthetic_person(None), PartyRole.CHILD, ("phone",)
    )
    assert not_safe == ResearchPerson("Child", "", "", "", "", "", "")


def test_a_person_with_no_date_of_birth_shows_an_empty_date_of_birth() -> None:
    person = _synthetic_person(True)
    unborn = replace(person, details=replace(person.details, date_of_birth=None))
    shown = meeting_documents._research_person(unborn, PartyRole.VICTIM, ("date_of_birth",))
    assert shown == ResearchPerson("Victim", "", "", "", "", "", "")


def test_the_agenda_heading_names_the_day_time_and_venue() -> None:
    meeting = Meeting(
        MeetingId(3),
        datetime(2026, 3, 5, 9, 30),
        "Civic Centre",
        False,
        "DI Chair",
        "Leeds",
        date(2026, 2, 26),
        10,
        MeetingStatus.PLANNED,
    )
    assert (
        meeting_documents.meeting_heading(meeting) == "Thursday 5 March 2026, 09:30, Civic Centre"
    )


def _row(**changes: object) -> AgendaRow:
    row = AgendaRow(
        case_id=CaseId(1),
        reference="M1-01",
        position=1,
        section=AgendaSection.CHILDREN,
        slot_start=datetime(2026, 3, 12, 10, 0),
        slot_end=datetime(2026, 3, 12, 10, 10),
        age_band="25-34",
        gender="Female",
        criteria=("Visible high risk", "Professional judgement"),
        repeat=True,
        months_since_last_marac=7,
        children=2,
        referring_agency="Police",
        risk_level="High",
        yes_count=16,
        research_agencies=("police", "housing"),
        research_labels=("Police", "Housing"),
        heard=False,
        minutes_used=None,
    )
    return replace(row, **changes)  # type: ignore[arg-type]


def test_an_agenda_line_words_each_column_and_what_was_not_recorded() -> None:
    assert meeting_documents._line(_row()) == AgendaLine(
        "10:00–10:10",
        "M1-01",
        "Cases with children",
        "25-34",
        "Female",
        "Visible high risk, Professional judgement",
        "yes, 7 months since last MARAC",
        "2",
        "Police",
        "High (16 yes)",
        "Police, Housing",
    )
    bare = meeting_documents._line(
        _row(gender="", criteria=(), repeat=False, referring_agency="", risk_level=None)
    )
    assert (bare.gender, bare.criteria, bare.repeat, bare.referring_agency, bare.risk) == (
        "not recorded",
        "none recorded",
        "no",
        "not recorded",
        "not assessed",
    )
    assert meeting_documents._line(_row(months_since_last_marac=None)).repeat == "yes"


def test_the_agencies_asked_to_research_are_the_lists_in_settings_order(admin: Workspace) -> None:
    meeting_id = _meeting(admin)
    first = agenda_view.meeting_view(admin, meeting_id).rows[0].case_id
    research_returns.set_research_agencies(admin, meeting_id, first, ["Housing"])
    view = agenda_view.meeting_view(admin, meeting_id)
    asked = {
        code: label
        for row in view.rows
        for code, label in zip(row.research_agencies, row.research_labels, strict=True)
    }
    order = [a for a in meeting_settings.load_meeting_settings(admin).agencies if a in asked]
    order += sorted(set(asked) - set(order), key=asked.__getitem__)
    agencies = meeting_documents.research_agencies(admin, meeting_id)
    assert agencies == [asked[code] for code in order]
    assert {"Police", "Housing"} <= set(agencies)


def test_asking_for_the_agencies_of_a_meeting_that_is_gone_says_so(admin: Workspace) -> None:
    meeting_id = _meeting(admin)
    with pytest.raises(InvalidInputError, match="no longer exists"):
        meeting_documents.research_agencies(admin, MeetingId(meeting_id + 1000))
