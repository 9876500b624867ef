"""Whatever the Actions page's filters and order, the CSV, the PDF and the print list exactly
the actions the table shows, in the order it shows them."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from meetings_support import NEXT_STARTS, TODAY, built_meeting
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from marac_desktop.domain.meetings import ActionStatus, MeetingId
from marac_desktop.services import actions, agenda_view, demo
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.actions import actions_page as actions_page_module
from marac_desktop.ui.actions.action_table_model import (
    COL_AGENCY,
    COL_CASE,
    COL_WHAT,
    COL_WHO,
)
from marac_desktop.ui.actions.actions_page import OVERDUE, ActionsPage

ON = date(2026, 4, 1)
Shown = tuple[str, str, str, str]
"""Case reference, agency, what, who."""


def _data(workspace: Workspace) -> MeetingId:
    """Actions at two meetings: agencies, statuses and due days of every kind, each worded
    once. Returns the second meeting."""
    demo.generate(workspace, 60, seed=4, today=TODAY)
    first = built_meeting(workspace)
    second = built_meeting(workspace, NEXT_STARTS)
    set_at = [
        (first, 0, "Police", "Visit-a", "PC A", date(2026, 3, 20), None),
        (first, 1, "Housing", "Alarm-b", "J. O", date(2026, 4, 30), None),
        (first, 2, "Police", "Check-c", "PC B", date(2026, 3, 13), ActionStatus.DONE),
        (first, 0, "Housing", "Lock-d", "A. N", date(2026, 3, 25), None),
        (second, 0, "Police", "Patrol-e", "PC C", date(2026, 4, 20), None),
        (second, 0, "Housing", "Move-f", "B. M", date(2026, 4, 12), ActionStatus.NOT_DONE),
    ]
    for meeting, row, agency, what, who, due, status in set_at:
        case_id = agenda_view.meeting_view(workspace, meeting).rows[row].case_id
        action = actions.add_action(workspace, meeting, case_id, agency, what, who, due)
        if status is not None:
            actions.set_status(workspace, action.id, status, "Noted")
    return second


def _due_by(page: ActionsPage, day: date) -> None:
    page.set_due_by(day)


FILTERS: dict[str, Callable[[ActionsPage, MeetingId], object]] = {
    "agency": lambda page, _m: page.set_filter(page.agency_combo, "Police"),
    "meeting": lambda page, second: page.set_filter(page.meeting_combo, int(second)),
    "status": lambda page, _m: page.set_filter(page.status_combo, ActionStatus.OPEN),
    "overdue": lambda page, _m: page.set_filter(page.status_combo, OVERDUE),
    "due by": lambda page, _m: _due_by(page, date(2026, 4, 15)),
    "all at once": lambda page, _m: (
        page.set_filter(page.agency_combo, "Housing"),
        page.set_filter(page.status_combo, OVERDUE),
        _due_by(page, date(2026, 4, 15)),
    ),
    "order": lambda page, _m: page.table.sortByColumn(COL_WHO, Qt.SortOrder.DescendingOrder),
}


def _shown(page: ActionsPage) -> list[Shown]:
    model = page.model
    return [
        tuple(str(model.index(row, c).data()) for c in (COL_CASE, COL_AGENCY, COL_WHAT, COL_WHO))  # type: ignore[misc]
        for row in range(model.rowCount())
    ]


def _exported(path: Path) -> list[Shown]:
    lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert lines[0][1:5] == ["Case", "Agency", "Action", "Who"]
    return [(line[1], line[2], line[3], line[4]) for line in lines[1:]]


def _pdf_words(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("name", list(FILTERS))
def test_the_files_and_the_print_list_the_rows_the_table_shows(
    name: str,
    qtbot: QtBot,
    admin_ws: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    second = _data(admin_ws)
    page = ActionsPage(admin_ws, today=ON)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    page.refresh()
    wait_for_jobs()
    everything = _shown(page)
    FILTERS[name](page, second)
    wait_for_jobs()
    shown = _shown(page)
    assert shown and shown != everything, "the filter must change what the table shows"

    chosen = iter([tmp_path / "actions.csv", tmp_path / "actions.pdf"])
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(next(chosen)), ""))
    )
    csv_path = page.export(".csv")
    wait_for_jobs()
    assert csv_path is not None and _exported(csv_path) == shown
    pdf_path = page.export(".pdf")
    wait_for_jobs()
    printed: list[bytes] = []
    monkeypatch.setattr(
        actions_page_module, "print_pdf", lambda _p, pdf: printed.append(pdf) or True
    )
    assert page.print_actions()
    wait_for_jobs()
    assert pdf_path is not None
    for document in (pdf_path.read_bytes(), printed[0]):
        words = _pdf_words(document)
        found = sorted((words.index(w), w) for _c, _a, w, _who in everything if w in words)
        assert [w for _at, w in found] == [w for _c, _a, w, _who in shown]  # in that order
