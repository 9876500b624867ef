"""The one read-only table set-up the pages share."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from marac_desktop.ui.widgets.tables import read_only_table

pytestmark = pytest.mark.gui


def _model() -> QStandardItemModel:
    model = QStandardItemModel(0, 2)
    for name, day in (("b", "2"), ("a", "3"), ("c", "1")):
        model.appendRow([QStandardItem(name), QStandardItem(day)])
    return model


def test_rows_are_chosen_whole_and_never_edited(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = _model()
    table = read_only_table(model=model)
    qtbot.addWidget(table)
    assert table.model() is model
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert table.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert not table.verticalHeader().isVisibleTo(table)
    assert table.alternatingRowColors() and not table.isSortingEnabled()
    assert table.horizontalHeader().defaultAlignment() & Qt.AlignmentFlag.AlignLeft


def test_an_existing_table_wraps_and_sorts_as_asked(qtbot) -> None:  # type: ignore[no-untyped-def]
    table = QTableView()
    qtbot.addWidget(table)
    assert (
        read_only_table(
            table, _model(), wrap=True, sort_by=(1, Qt.SortOrder.AscendingOrder), alternating=False
        )
        is table
    )
    assert table.wordWrap() and not table.alternatingRowColors()
    rows = table.verticalHeader()
    assert rows.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
    assert table.isSortingEnabled()
    assert [table.model().index(r, 0).data() for r in range(3)] == ["c", "b", "a"]
    assert not read_only_table(wrap=False).wordWrap()
