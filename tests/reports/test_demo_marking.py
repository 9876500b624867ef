"""Demonstration data stays in a demonstration database, and every document from one says so."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.meetings import ActionFilter
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError, PermissionDeniedError
from marac_desktop.services import (
    access,
    actions,
    assessment_reports,
    assessments,
    demo,
    meeting_documents,
    meeting_list,
    meeting_mode,
    meetings,
    performance,
    records,
    research_returns,
)
from marac_desktop.services.workspace import Workspace
from tests.conftest import add_user

TODAY = date(2026, 3, 2)
STARTS = datetime(2026, 3, 12, 10, 0)


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _documents(ws: Workspace) -> dict[str, bytes]:
    """One of each PDF the program makes, from whatever cases the database holds."""
    meeting = meetings.create_meeting(ws, STARTS, "Hall", False, "Chair", "Leeds", today=TODAY)
    view = meeting_list.build_list(ws, meeting.id, today=TODAY)
    first = records.case_page(ws, "", 0, 1)[0].id
    if first not in {row.case_id for row in view.rows}:
        meeting_list.add_case(ws, meeting.id, first)
    research_returns.set_research_agencies(ws, meeting.id, first, ["Police"])
    meeting_mode.mark_heard(ws, meeting.id, first, minutes_used=5)
    actions.add_action(ws, meeting.id, first, "Police", "Visit", "PC Test", STARTS.date())
    draft = assessments.start(ws, first, TODAY, today=TODAY)
    return {
        "agenda": meeting_documents.agenda_bytes(ws, meeting.id),
        "research list": meeting_documents.research_list_bytes(ws, meeting.id, "Police"),
        "actions": meeting_documents.actions_bytes(ws, ActionFilter(today=TODAY)),
        "performance": performance.report_pdf_bytes(
            ws, date(2025, 4, 1), date(2026, 2, 28), today=TODAY
        ),
        "assessment summary": assessment_reports.summary_pdf_bytes(ws, draft.id),
    }


def _real_case(ws: Workspace) -> None:
    case = records.open_case(ws, PersonDetails("Hughes", "Test"), today=TODAY)
    criteria = ReferralCriteria(visible_high_risk=True)
    records.record_referral(ws, case.id, TODAY, "Police", criteria, today=TODAY)


def test_every_page_of_every_document_from_a_demo_database_says_so(admin: Workspace) -> None:
    demo.generate(admin, 60, seed=3, today=TODAY)
    assert demo.is_demo_database(admin)
    for name, pdf in _documents(admin).items():
        for number, text in enumerate(_pages(pdf), 1):
            assert demo.DEMO_NOTICE in text, f"{name}, page {number}"


def test_documents_from_a_live_database_do_not(admin: Workspace) -> None:
    _real_case(admin)
    assert not demo.is_demo_database(admin)
    for name, pdf in _documents(admin).items():
        assert all(demo.DEMO_NOTICE not in text for text in _pages(pdf)), name


def test_demo_refuses_a_database_holding_a_case_it_did_not_make(admin: Workspace) -> None:
    _real_case(admin)
    with pytest.raises(InvalidInputError, match="demo did not make"):
        demo.generate(admin, 5, seed=1, today=TODAY)
    assert records.count_cases(admin) == 1
    assert not demo.is_demo_database(admin)


def test_demo_adds_to_its_own_data_but_not_once_a_real_case_is_added(admin: Workspace) -> None:
    demo.generate(admin, 5, seed=1, today=TODAY)
    demo.generate(admin, 5, seed=2, today=TODAY)
    assert records.count_cases(admin) == 10
    _real_case(admin)
    with pytest.raises(InvalidInputError, match="demo did not make"):
        demo.generate(admin, 5, seed=3, today=TODAY)
    assert records.count_cases(admin) == 11
    assert demo.is_demo_database(admin)  # the window and documents still say so


@pytest.mark.parametrize("role", [Role.IDVA, Role.COORDINATOR, Role.SAFEGUARDING_LEAD])
def test_only_an_administrator_makes_demo_data(admin: Workspace, db_path: Path, role: Role) -> None:
    password = add_user(admin, "someone", role)
    ws = access.unlock(db_path, "someone", password)
    try:
        with pytest.raises(PermissionDeniedError):
            demo.generate(ws, 5, seed=1, today=TODAY)
        assert not demo.is_demo_database(ws)
    finally:
        ws.close()
    assert records.count_cases(admin) == 0
