"""The Flags and Actions pages hold one page of rows at a time: the first page when they open,
the next as the list scrolls, a new first page when a header is clicked, and a fixed handful of
service calls however many rows there are."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView

from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.records import CaseFlag, FlagId, FlagStatus
from marac_desktop.domain.words import counted
from marac_desktop.risk.flags import FlagKind
from marac_desktop.services import actions, demo, flags
from marac_desktop.services.actions import ActionFilter
from marac_desktop.services.workspace import Workspace
from tests.benchmarks.action_data import seed_actions

from marac_desktop.ui.actions.action_table_model import COL_AGENCY
from marac_desktop.ui.actions.actions_page import OVERDUE, ActionsPage
from marac_desktop.ui.flags.flag_labels import about_label
from marac_desktop.ui.flags.flag_table_model import COL_KIND
from marac_desktop.ui.flags.flags_page import FlagsPage

TODAY = date(2026, 11, 20)
PAGE = 12
TO_REVIEW = [k for k in FlagKind if not k.notice]


@pytest.fixture
def many(admin_ws: Workspace) -> Iterator[Workspace]:
    demo.generate(admin_ws, 160, seed=5, today=TODAY)
    seed_actions(admin_ws, every=3)
    yield admin_ws


@contextmanager
def _calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    count = [0]
    opened = Workspace.transaction

    def counted(self: Workspace) -> Any:
        count[0] += 1
        return opened(self)

    with monkeypatch.context() as patch:
        patch.setattr(Workspace, "transaction", counted)
        yield count


def _show(qtbot: QtBot, page: Any) -> None:
    qtbot.addWidget(page)
    page.resize(1000, 640)
    page.show()
    qtbot.waitExposed(page)


def _scroll_to_the_end(qtbot: QtBot, table: QTableView, model: Any) -> None:
    while model.canFetchMore(table.rootIndex()):
        before = model.loaded
        table.scrollToBottom()
        qtbot.waitUntil(lambda before=before: model.loaded > before)  # type: ignore[misc]
        assert model.loaded - before <= PAGE


def _click_header(qtbot: QtBot, table: QTableView, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def test_flags_page_loads_a_page_then_more_on_scroll(
    qtbot: QtBot, many: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = flags.queue(many, kinds=TO_REVIEW)
    assert len(whole) > 3 * PAGE
    page = FlagsPage(many)
    page.model.page_size = PAGE
    _show(qtbot, page)
    wait_for_jobs()  # what showing the page read is not counted with the refresh
    with _calls(monkeypatch) as calls:
        page.refresh()
        wait_for_jobs()
    assert calls[0] <= 3, "one count, one page and the waiting counts; never a call per flag"
    assert page.model.total == len(whole) and page.model.loaded == PAGE
    assert page.shown_label.text() == f"Showing {len(whole)} flags"
    _scroll_to_the_end(qtbot, page.table, page.model)
    shown = [page.model.row_at(n).flag for n in range(page.model.rowCount())]
    assert shown == whole  # newest first, as the whole queue
    assert all(page.model.row_at(n).about for n in range(page.model.rowCount()))


def test_flags_page_sorts_and_filters_in_the_database(qtbot: QtBot, many: Workspace) -> None:
    page = FlagsPage(many)
    page.model.page_size = PAGE
    _show(qtbot, page)
    page.refresh()
    wait_for_jobs()
    _click_header(qtbot, page.table, COL_KIND)
    wait_for_jobs()
    assert page.model.sort_key == "kind" and not page.model.descending
    assert page.model.loaded == PAGE
    expected = flags.queue_page(
        many, 0, PAGE, True, kinds=TO_REVIEW, status=FlagStatus.OPEN, sort="kind", descending=False
    )
    assert [page.model.row_at(n).flag for n in range(PAGE)] == [r.flag for r in expected]
    page.set_kind_filter("Serial perpetrator")
    wait_for_jobs()
    serial = flags.queue(many, kinds=[FlagKind.SERIAL_PERPETRATOR])
    assert page.model.total == len(serial) > 0
    assert {page.model.row_at(n).flag.kind for n in range(page.model.rowCount())} == {
        FlagKind.SERIAL_PERPETRATOR.value
    }
    assert all("(person)" in page.model.row_at(n).about for n in range(page.model.rowCount()))


def test_actions_page_loads_a_page_then_more_on_scroll(
    qtbot: QtBot, many: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = actions.list_actions(many, today=TODAY)
    assert len(whole) > 3 * PAGE
    page = ActionsPage(many, today=TODAY)
    page.model.page_size = PAGE
    _show(qtbot, page)
    wait_for_jobs()  # what showing the page read is not counted with the refresh
    with _calls(monkeypatch) as calls:
        page.refresh()
        wait_for_jobs()
    assert calls[0] <= 6, "the filters' choices, one count and one page; never a call per row"
    assert page.model.total == len(whole) and page.model.loaded == PAGE
    overdue = sum(t.overdue for t in whole)
    assert page.count_label.text() == f"{counted(len(whole), 'action')} shown. {overdue} overdue."
    _scroll_to_the_end(qtbot, page.table, page.model)
    shown = [page.model.row_at(n).action.id for n in range(page.model.rowCount())]
    assert shown == [t.action.id for t in whole]


def test_actions_page_sorts_and_filters_in_the_database(qtbot: QtBot, many: Workspace) -> None:
    page = ActionsPage(many, today=TODAY)
    page.model.page_size = PAGE
    _show(qtbot, page)
    page.refresh()
    wait_for_jobs()
    _click_header(qtbot, page.table, COL_AGENCY)
    wait_for_jobs()
    assert page.model.sort_key == "agency" and page.model.loaded == PAGE
    expected = actions.action_page(many, ActionFilter(today=TODAY), 0, PAGE, "agency")
    assert [page.model.row_at(n).action.id for n in range(PAGE)] == [t.action.id for t in expected]
    assert page.set_filter(page.status_combo, OVERDUE)
    wait_for_jobs()
    late = [t for t in actions.list_actions(many, today=TODAY) if t.overdue]
    assert page.model.total == len(late) > PAGE
    _scroll_to_the_end(qtbot, page.table, page.model)
    assert all(page.model.row_at(n).overdue for n in range(page.model.rowCount()))
    assert page.count_label.text() == f"{counted(len(late), 'action')} shown. {len(late)} overdue."


@pytest.mark.parametrize(
    ("case_id", "person_id", "reference", "names", "label"),
    [
        (3, None, "C-000003", None, "Case C-000003"),
        (3, None, None, None, "Case number 3"),
        (None, None, None, None, "Not recorded"),
        (3, 5, "C-000003", ("Nowak", "Anna"), "NOWAK, Anna (person), raised on case C-000003"),
        (3, 5, None, None, "Person number 5, raised on case number 3"),
        (None, 5, None, ("Nowak", "Anna"), "NOWAK, Anna (person)"),
    ],
)
def test_about_labels_come_from_the_row_alone(
    case_id: int | None,
    person_id: int | None,
    reference: str | None,
    names: tuple[str, str] | None,
    label: str,
) -> None:
    flag = CaseFlag(
        FlagId(1),
        FlagKind.REPEAT.value,
        CaseId(case_id) if case_id else None,
        PersonId(person_id) if person_id else None,
        TODAY,
        "Evidence",
        FlagStatus.OPEN,
    )
    family, given = names or (None, None)
    assert about_label(flags.QueueRow(flag, reference, family, given)) == label
