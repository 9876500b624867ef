from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import QPoint, Qt

from marac_desktop.domain.words import counted
from marac_desktop.matching.normalise import transliterate
from marac_desktop.services import demo, records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.case_table_model import (
    COL_DATE_OF_BIRTH,
    COL_FAMILY_NAME,
    COL_FOUND_BY,
    COL_OPEN_FLAGS,
    COL_REFERENCE,
    PAGE_SIZE,
    CaseTableModel,
)
from marac_desktop.ui.cases.cases_page import CasesPage

if TYPE_CHECKING:
    from pytestqt.modeltest import ModelTester

DEMO_CASES = 500


@pytest.fixture
def demo_ws(admin_ws: Workspace) -> Iterator[Workspace]:
    demo.generate(admin_ws, DEMO_CASES, seed=3)
    yield admin_ws


def _page(qtbot: QtBot, workspace: Workspace) -> CasesPage:
    page = CasesPage(workspace)
    qtbot.addWidget(page)
    page.resize(1000, 640)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()  # as the main window does when the page is shown
    wait_for_jobs()
    return page


def _click_header(qtbot: QtBot, page: CasesPage, column: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )
    wait_for_jobs()


def test_model_passes_the_model_tester(qtmodeltester: ModelTester, admin_ws: Workspace) -> None:
    demo.generate(admin_ws, 30, seed=1)
    model = CaseTableModel(admin_ws)
    model.reload()
    wait_for_jobs()
    assert model.rowCount() == 30
    qtmodeltester.check(model)
    model.sort(COL_DATE_OF_BIRTH, Qt.SortOrder.DescendingOrder)
    model.set_search("a")
    wait_for_jobs()
    qtmodeltester.check(model)


def test_empty_model_passes_the_model_tester(
    qtmodeltester: ModelTester, admin_ws: Workspace
) -> None:
    model = CaseTableModel(admin_ws)
    model.reload()
    wait_for_jobs()
    assert model.rowCount() == 0 and model.total == 0
    qtmodeltester.check(model)


def test_loads_only_the_first_page_until_scrolled(qtbot: QtBot, demo_ws: Workspace) -> None:
    page = _page(qtbot, demo_ws)
    model = page.model
    assert model.total == DEMO_CASES
    assert model.loaded == PAGE_SIZE
    assert model.canFetchMore(page.table.rootIndex())
    assert "Showing the first 200" in page.count_label.text()
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.loaded == 2 * PAGE_SIZE)
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.loaded == DEMO_CASES)
    assert not model.canFetchMore(page.table.rootIndex())
    references = [model.case_at(row).reference for row in range(model.rowCount())]
    assert references == sorted(references) and len(set(references)) == DEMO_CASES
    assert page.count_label.text() == f"{DEMO_CASES} cases."


def test_clicking_a_header_sorts_in_the_database(qtbot: QtBot, demo_ws: Workspace) -> None:
    page = _page(qtbot, demo_ws)
    model = page.model
    by_reference = model.case_at(0).reference
    _click_header(qtbot, page, COL_FAMILY_NAME)
    assert model.sort_key == "family_name" and not model.descending
    expected = records.case_page(demo_ws, "", 0, 5, "family_name")
    assert [model.case_at(n).id for n in range(5)] == [r.id for r in expected]
    assert model.case_at(0).reference != by_reference
    assert model.loaded == PAGE_SIZE  # a new query, not the whole list sorted in memory
    _click_header(qtbot, page, COL_FAMILY_NAME)
    assert model.descending
    expected = records.case_page(demo_ws, "", 0, 5, "family_name", descending=True)
    assert [model.case_at(n).id for n in range(5)] == [r.id for r in expected]
    _click_header(qtbot, page, COL_OPEN_FLAGS)
    _click_header(qtbot, page, COL_OPEN_FLAGS)
    flags_first = [model.case_at(n).open_flags for n in range(10)]
    assert flags_first == sorted(flags_first, reverse=True) and flags_first[0] > 0


def test_search_filters_as_you_type(qtbot: QtBot, demo_ws: Workspace) -> None:
    page = _page(qtbot, demo_ws)
    qtbot.keyClicks(page.search_edit, "kha")
    assert page.model.search == ""  # waits for the typing to pause
    qtbot.waitUntil(lambda: page.model.search == "kha")
    wait_for_jobs()
    expected = records.count_cases(demo_ws, "kha")
    assert 0 < expected < DEMO_CASES
    assert page.model.total == expected == page.model.rowCount()
    for row in range(page.model.rowCount()):
        case = page.model.case_at(row)
        parties = records.case_record(demo_ws, case.id).parties
        found = [p.person.details for p in parties if p.role.value == case.found_by]
        words = {
            word
            for details in found
            for name in (details.family_name, details.given_names)
            for word in transliterate(name).split()
        }
        assert any(word.startswith("kha") for word in words), case
        assert page.model.display(case, COL_FOUND_BY) == case.found_by.capitalize()
    assert (
        f"{counted(expected, 'case')} {'matches' if expected == 1 else 'match'} the search."
        == page.count_label.text()
    )
    page.search_edit.setText("no such person anywhere")
    qtbot.waitUntil(lambda: page.model.total == 0)
    assert page.count_label.text() == "No cases match the search."
    page.search_edit.clear()
    qtbot.waitUntil(lambda: page.model.total == DEMO_CASES)


def test_enter_and_double_click_open_the_case(qtbot: QtBot, demo_ws: Workspace) -> None:
    page = _page(qtbot, demo_ws)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(2, COL_REFERENCE))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    wait_for_jobs()
    case = page.model.case_at(2)
    assert page.stack.currentWidget() is page.case_view
    assert page.case_view.case_id == case.id
    assert page.case_view.windowTitle() == f"Case {case.reference}"
    qtbot.mouseClick(page.case_view.back_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentIndex() == 0 and page.case_view.record is None
    wait_for_jobs()
    rect = page.table.visualRect(page.model.index(4, COL_FAMILY_NAME))
    # a real double-click: QTest's double-click event comes after a first click
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_for_jobs()
    assert page.case_view.case_id == page.model.case_at(4).id


def test_enter_in_the_search_box_searches_at_once(qtbot: QtBot, demo_ws: Workspace) -> None:
    page = _page(qtbot, demo_ws)
    qtbot.keyClicks(page.search_edit, "C-00012")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert page.model.search == "C-00012" and page.count_label.text() == "Searching…"
    wait_for_jobs()
    assert page.model.total == 10
    assert page.table.currentIndex().row() == 0
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    wait_for_jobs()
    assert page.case_view.record is not None
    assert page.case_view.record.reference == "C-000120"
