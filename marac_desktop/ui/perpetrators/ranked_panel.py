"""The ranked list: the perpetrators causing the most harm now, by the priority model, with
every point explained, movement since the last kept ranking, and nomination for tasking.

Ranking reads every perpetrator's history (seconds on a large register), so it runs on the
background runner's reading thread, and keeping a ranking runs as a job; the window answers
throughout."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.cases import PersonId
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.words import counted
from marac_desktop.services import perpetrator_ranking
from marac_desktop.services.perpetrator_ranking import (
    MAX_TOP,
    RankedPerpetrator,
    RankFilter,
    Ranking,
)

from marac_desktop.ui import background
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.page_jobs import start_page_job
from marac_desktop.ui.perpetrators.nominate_dialog import NominateDialog
from marac_desktop.ui.perpetrators.ranking_model import COL_NAME, RankingTableModel, ranked_name
from marac_desktop.ui.perpetrators.words import score_lines_text, window_text
from marac_desktop.ui.widgets.scrolling import quiet_scroll
from marac_desktop.ui.widgets.tables import read_only_table
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.domain.progress import Progress
    from marac_desktop.services.workspace import Workspace

RANKING = "Ranking every perpetrator…"
MODEL_WINDOW = "Model's own"
NO_ROW = "Choose a perpetrator in the list to see how their score is made up."
KEEPING = "Keeping today's ranking"
MAX_WINDOW_DAYS = 3650
EXPLANATION_MIN_WIDTH = 200
EXPLANATION_WIDTH = 300
AREA_WIDTH = 140


def summary_text(ranking: Ranking) -> str:
    """What was ranked, with which weights, and what movement is measured against."""
    shown = (
        f"{counted(ranking.ranked, 'perpetrator')} with something in "
        f"{window_text(ranking.window_days)}; showing {len(ranking.rows):,}."
    )
    model = f"Priority model {ranking.model_id} v{ranking.model_version}."
    if ranking.last_kept is None:
        kept = "No ranking has been kept yet: keep this one to see who moves next time."
    else:
        kept = (
            f"Movement since the ranking kept on {day_text(ranking.last_kept.astimezone().date())}."
        )
    return f"{shown} {model} {kept}"


def kept_text(ranked: int) -> str:
    return (
        f"Today's ranking was kept ({counted(ranked, 'perpetrator')} ranked): the next ranking "
        "shows who moved since."
    )


class RankedPanel(QWidget):
    """``open_requested`` carries the person chosen; ``load()`` ranks with the filters set."""

    open_requested = Signal(int)

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._today = today
        self.loaded = False
        manage = workspace.can(Permission.MANAGE_PERPETRATORS)
        self.top_spin = QSpinBox()
        self.top_spin.setRange(1, MAX_TOP)
        self.top_spin.setValue(RankFilter().top)
        self.top_spin.setAccessibleDescription("How many of the highest scores to list")
        self.window_spin = QSpinBox()
        self.window_spin.setRange(0, MAX_WINDOW_DAYS)
        self.window_spin.setSpecialValueText(MODEL_WINDOW)
        self.window_spin.setSuffix(" days")
        self.window_spin.setAccessibleDescription(
            "Only what happened within this many days counts; the model's own window to begin"
        )
        self.area_edit = QLineEdit()
        self.area_edit.setPlaceholderText("Postcode start")
        self.area_edit.setAccessibleDescription(
            "Only perpetrators whose postcode, or a victim's, starts so (LS6); empty for all"
        )
        self.area_edit.setMaximumWidth(AREA_WIDTH)
        self.serial_box = QCheckBox("Serial perpetrators only")
        self.children_box = QCheckBox("With children in the household")
        self.show_button = QPushButton("Show ranking")
        self.summary_label = muted_label()
        self.model = RankingTableModel(self)
        self.table = read_only_table(model=self.model)
        self.table.setAccessibleName("Ranked perpetrators")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.explanation_heading = heading_label("", 3)
        self.explanation_label = paragraph_label()
        self.open_button = QPushButton("Open file")
        self.keep_button = QPushButton("Keep this ranking")
        self.keep_button.setToolTip(
            "Keep today's places, so the next ranking shows who moved up or down"
        )
        self.nominate_button = QPushButton("Nominate for tasking…")
        self.keep_button.setVisible(manage)
        self.nominate_button.setVisible(manage)
        self.status = StatusLabel()

        filters = QHBoxLayout()
        filters.setSpacing(8)
        for text, field in (
            ("Show the &top", self.top_spin),
            ("&Window", self.window_spin),
            ("Ar&ea", self.area_edit),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            filters.addWidget(label)
            filters.addWidget(field)
            filters.addSpacing(8)
        filters.addWidget(self.show_button)
        filters.addStretch(1)
        choices = QHBoxLayout()
        choices.setSpacing(24)
        choices.addWidget(self.serial_box)
        choices.addWidget(self.children_box)
        choices.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self._explanation_box())
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        split.setSizes([2 * EXPLANATION_WIDTH, EXPLANATION_WIDTH])
        split.setChildrenCollapsible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.nominate_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(filters)
        layout.addLayout(choices)
        layout.addWidget(self.summary_label)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.show_button.clicked.connect(self.load)
        self.area_edit.returnPressed.connect(self.load)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.keep_button.clicked.connect(self._on_keep_button_clicked)
        self.nominate_button.clicked.connect(self._on_nominate_button_clicked)
        self._show_explanation()

    def _explanation_box(self) -> QScrollArea:
        """How the chosen perpetrator's score is made up; scrolls when the window is low."""
        box = QFrame()
        box.setObjectName("explanationBox")
        box.setStyleSheet("#explanationBox { border: 1px solid palette(mid); border-radius: 6px; }")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(self.explanation_heading)
        layout.addWidget(self.explanation_label)
        layout.addStretch(1)
        area = quiet_scroll(QScrollArea(), box)
        area.setMinimumWidth(EXPLANATION_MIN_WIDTH)
        return area

    def chosen_filter(self) -> RankFilter:
        window = self.window_spin.value()
        return RankFilter(
            top=self.top_spin.value(),
            window_days=window or None,
            serial_only=self.serial_box.isChecked(),
            with_children=self.children_box.isChecked(),
            area=self.area_edit.text().strip(),
        )

    def load(self) -> None:
        """Rank on the reading thread; the list shown stays until the new one is in."""
        workspace, today, chosen = self._workspace, self._today, self.chosen_filter()
        self.loaded = True
        self.summary_label.setText(RANKING)
        background.runner().load(
            (self, "ranking"),
            lambda _progress: perpetrator_ranking.ranked_list(workspace, chosen, today),
            self._show_ranking,
            failed=self._on_load_failed,
            owner=self,
        )

    @property
    def ranking_loading(self) -> bool:
        return background.runner().is_loading((self, "ranking"))

    def _show_ranking(self, ranking: Ranking) -> None:
        chosen = self.chosen()
        self.model.show(ranking)
        self.summary_label.setText(summary_text(ranking))
        if chosen is not None:
            self.select_person(chosen.person_id)
        elif ranking.rows:
            self.table.selectRow(0)
        self._show_explanation()

    def _on_load_failed(self, error: object) -> None:
        self.summary_label.clear()
        self.status.show_error(str(error))

    def chosen(self) -> RankedPerpetrator | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_person(self, person_id: int) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).person_id == person_id:
                self.table.selectRow(row)
                return True
        return False

    def _show_explanation(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            self.explanation_heading.setText("How the score is made up")
            self.explanation_label.setText(NO_ROW)
        else:
            self.explanation_heading.setText(
                f"{ranked_name(chosen)}: {counted(chosen.score, 'point')}, place {chosen.place:,}"
            )
            self.explanation_label.setText(score_lines_text(chosen.lines))
        self.open_button.setEnabled(chosen is not None)
        self.nominate_button.setEnabled(chosen is not None)

    def _on_selection_changed(self, *_args: object) -> None:
        self._show_explanation()

    def _on_table_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(int(self.model.row_at(index.row()).person_id))

    def _on_open_button_clicked(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.open_requested.emit(int(chosen.person_id))

    def _on_keep_button_clicked(self) -> None:
        workspace, today = self._workspace, self._today

        def keep(_progress: Progress) -> int:
            return perpetrator_ranking.keep_ranking(workspace, today)

        def kept(ranked: int) -> None:
            self.status.show_success(kept_text(ranked))
            self.load()

        start_page_job(self, self.status, KEEPING, keep, kept)

    def _on_nominate_button_clicked(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        dialog = NominateDialog(
            self._workspace, PersonId(chosen.person_id), ranked_name(chosen), self, self._today
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.mark_nominated(chosen.person_id)
            self.status.show_success(f"{ranked_name(chosen)} was nominated for tasking.")

    def mark_nominated(self, person_id: int) -> None:
        """Shown as nominated at once, without ranking everyone again."""
        ranking = self.model.ranking
        if ranking is None:
            return
        rows = tuple(
            replace(r, nominated=True) if r.person_id == person_id else r for r in ranking.rows
        )
        self.model.show(replace(ranking, rows=rows))
        self.select_person(person_id)
