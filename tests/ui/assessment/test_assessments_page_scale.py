"""The assessments page over many cases: a bounded list, levels in one read, few audit rows."""

from __future__ import annotations

from datetime import date

import pytest
from assessment_support import ASSESSED
from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt

from marac_desktop.domain.cases import CaseId
from marac_desktop.services import assessments, audit, demo, records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.assessment import assessments_page
from marac_desktop.ui.assessment.assessments_page import CASE_LIMIT, AssessmentsPage
from marac_desktop.ui.assessment.case_table_model import COL_LEVEL, NO_LEVEL

CASES = 300
ASSESSED_CASES = 6


@pytest.fixture
def many(admin: Workspace) -> list[CaseId]:
    """Demo cases, the first few with a draft assessment each (newest first)."""
    demo.generate(admin, CASES, seed=11, today=ASSESSED)
    ids = [row.id for row in records.case_page(admin, "", 0, ASSESSED_CASES)]
    for days, case_id in enumerate(reversed(ids)):
        assessments.start(admin, case_id, date(2026, 1, 1 + days), today=ASSESSED)
    return ids


def _newest_audit_id(ws: Workspace) -> int:
    return max(e.id for e in audit.recent_entries(ws, 1))


def _page(qtbot: QtBot, workspace: Workspace) -> AssessmentsPage:
    page = AssessmentsPage(workspace)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_refresh_writes_a_bounded_number_of_audit_rows(
    qtbot: QtBot, admin: Workspace, many: list[CaseId]
) -> None:
    page = _page(qtbot, admin)
    before = _newest_audit_id(admin)
    page.refresh()
    wait_for_jobs()
    assert page.case_model.rowCount() == CASE_LIMIT  # never every case
    listed = [page.case_model.case_at(row).id for row in range(ASSESSED_CASES)]
    assert listed == many  # the most recently assessed first
    assert _newest_audit_id(admin) - before <= 3
    page.case_table.grab()  # paint every visible row: no read per row
    for row in range(page.case_model.rowCount()):
        assert page.case_model.index(row, COL_LEVEL).data() == NO_LEVEL  # drafts only
    assert _newest_audit_id(admin) - before <= 3

    page.select_case(many[0])
    assert page.selected_point() is not None
    before = _newest_audit_id(admin)
    page.refresh()  # list, levels and the selected case's history
    wait_for_jobs()
    page.case_table.grab()
    assert page.selected_case() is not None and page.selected_case().id == many[0]  # type: ignore[union-attr]
    entries = [e for e in audit.recent_entries(admin, 20) if e.id > before]
    assert len(entries) <= 3
    assert [e.target_id for e in entries if e.detail == "levels"] == [str(many[0])]


def test_search_reaches_any_case_and_the_limit_is_said(
    qtbot: QtBot, admin: Workspace, many: list[CaseId], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assessments_page, "CASE_LIMIT", 4)
    page = _page(qtbot, admin)
    page.refresh()
    wait_for_jobs()
    assert page.case_model.rowCount() == 4
    assert page.limit_label.isVisible()
    assert page.limit_label.text() == (
        "Showing 4 of your and the most recent cases; search to find any other."
    )
    unassessed = assessments.create_case(admin, "Zwierzchowska", "Ola", None)
    qtbot.keyClicks(page.filter_edit, "zwierzch")
    assert page.case_model.rowCount() == 4  # nothing yet: the search waits for typing to pause
    qtbot.waitUntil(lambda: page.case_model.rowCount() == 1)
    assert page.case_model.case_at(0).id == unassessed.id
    assert not page.limit_label.isVisible()
    page.filter_edit.setText("C-")
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Return)
    wait_for_jobs()
    assert page.case_model.rowCount() == 4 and page.limit_label.isVisible()
    assert "matching" in page.limit_label.text()
