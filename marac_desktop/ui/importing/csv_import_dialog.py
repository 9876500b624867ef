"""Import a MARAC spreadsheet (CSV): match its columns, check every row, then import.

Steps: match columns (prefilled with a guess) → preview (the first rows as they will be read,
and every problem by row and column; Import stays disabled while there are any) → the counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from typing_extensions import override

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.words import counted
from marac_desktop.errors import UserFacingError
from marac_desktop.services import csv_import
from marac_desktop.services.bundle import BundleError, ImportSummary
from marac_desktop.services.csv_import import FIELDS, CsvTable, Preview

from marac_desktop.ui import background, style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.cases.text_table_model import TextRow, TextTableModel
from marac_desktop.ui.importing.bundle_files import summary_text
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.widgets.job_panel import JobPanel
from marac_desktop.ui.widgets.scrolling import quiet_scroll
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

STEP_MAPPING = 0
STEP_PREVIEW = 1
STEP_DONE = 2
PREVIEW_ROWS = 50
NOT_IN_FILE = "(not in this file)"
CSV_FILTER = "Spreadsheet saved as CSV (*.csv *.txt);;All files (*)"
STOPPED_IMPORT = "Stopped; nothing was imported."


def column_name(headers: tuple[str, ...], index: int) -> str:
    return headers[index] or f"Column {index + 1}"


class CsvImportDialog(QDialog):
    """Built for a file already read; ``summary`` holds the counts after a successful import."""

    def __init__(
        self,
        workspace: Workspace,
        path: Path,
        table: CsvTable,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._path = path
        self._table = table
        self._today = today
        self.preview: Preview | None = None
        self.summary: ImportSummary | None = None
        self.setWindowTitle("Import a MARAC spreadsheet")
        self.setMinimumSize(820, 620)

        self.field_combos: dict[str, QComboBox] = {}
        self.preview_button = QPushButton("Preview")
        self.preview_model = TextTableModel(("Row",), self)
        self.preview_table = QTableView()
        self.preview_table.setAccessibleName("The file's first rows")
        self.problem_list = QListWidget()
        self.problem_list.setAccessibleName("Problems found in the file")
        self.preview_summary = paragraph_label()
        self.back_button = QPushButton("Back to the columns")
        self.reread_button = QPushButton("Read the file again")
        self.import_button = QPushButton("Import")
        self.done_label = paragraph_label()
        self.close_button = QPushButton("Close")
        self.cancel_button = QPushButton("Cancel")
        self.status = StatusLabel()

        self.stack = QStackedWidget()
        self.stack.addWidget(self._mapping_step())
        self.stack.addWidget(self._preview_step())
        self.stack.addWidget(self._done_step())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(style.DIALOG_MARGIN,) * 4)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        self.job_panel = JobPanel(background.runner())  # the window behind is not reachable
        layout.addWidget(self.job_panel)
        self._importing = False

        self.preview_button.clicked.connect(self._on_preview_button_clicked)
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.reread_button.clicked.connect(self._on_reread_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.close_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.set_mapping(csv_import.suggest_mapping(table.headers))
        self.preview_button.setDefault(True)
        fit_to_contents(self)

    # ----- steps ---------------------------------------------------------------------------

    def _mapping_step(self) -> QWidget:
        form = QFormLayout()
        form.setVerticalSpacing(6)
        for field, (label, required, _words) in FIELDS.items():
            combo = QComboBox()
            combo.setAccessibleDescription(f"The file's column that holds the {label.lower()}")
            combo.setMinimumWidth(style.field_min_width())
            combo.addItem(NOT_IN_FILE, -1)
            for index in range(len(self._table.headers)):
                combo.addItem(column_name(self._table.headers, index), index)
            self.field_combos[field] = combo
            form.addRow(f"{label} *" if required else label, combo)
        inner = QWidget()
        inner.setLayout(form)
        scroll = quiet_scroll(QScrollArea(), inner)
        rows = len(self._table.rows)
        step = QWidget()
        layout = QVBoxLayout(step)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label("Match the columns", 2))
        layout.addWidget(
            paragraph_label(
                f"{self._path.name} has {len(self._table.headers)} columns and {rows} "
                f"row{'s' if rows != 1 else ''}. For each item, choose the column that holds "
                "it; a first guess is filled in. Items marked * are required."
            )
        )
        layout.addWidget(scroll, 1)
        layout.addLayout(self._button_row(self.cancel_button, None, self.preview_button))
        return step

    def _preview_step(self) -> QWidget:
        self.preview_table.setModel(self.preview_model)
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setAlternatingRowColors(True)
        self.preview_table.verticalHeader().setVisible(False)
        self.preview_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.preview_table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.problem_list.setWordWrap(True)
        self.problem_list.setUniformItemSizes(True)
        problems = QWidget()
        problems_layout = QVBoxLayout(problems)
        problems_layout.setContentsMargins(0, 6, 0, 0)
        self.problems_heading = heading_label("Problems", 3)
        problems_layout.addWidget(self.problems_heading)
        problems_layout.addWidget(self.problem_list, 1)
        rows = QWidget()
        rows_layout = QVBoxLayout(rows)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        rows_layout.addWidget(muted_label(f"The first {PREVIEW_ROWS} rows as they will be read:"))
        rows_layout.addWidget(self.preview_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(rows)
        splitter.addWidget(problems)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        step = QWidget()
        layout = QVBoxLayout(step)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label("Check before importing", 2))
        layout.addWidget(self.preview_summary)
        layout.addWidget(splitter, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.reread_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        layout.addLayout(buttons)
        return step

    def _done_step(self) -> QWidget:
        step = QWidget()
        layout = QVBoxLayout(step)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label("Imported", 2))
        layout.addWidget(self.done_label)
        layout.addStretch(1)
        layout.addLayout(self._button_row(None, None, self.close_button))
        return step

    @staticmethod
    def _button_row(*buttons: QPushButton | None) -> QHBoxLayout:
        row = QHBoxLayout()
        left, middle, right = buttons
        if left is not None:
            row.addWidget(left)
        row.addStretch(1)
        if middle is not None:
            row.addWidget(middle)
        if right is not None:
            row.addWidget(right)
        return row

    # ----- mapping ---------------------------------------------------------------------------

    def set_mapping(self, mapping: Mapping[str, int]) -> None:
        for field, combo in self.field_combos.items():
            found = combo.findData(mapping.get(field, -1))
            combo.setCurrentIndex(max(0, found))

    def mapping(self) -> dict[str, int]:
        chosen = {field: int(combo.currentData()) for field, combo in self.field_combos.items()}
        return {field: index for field, index in chosen.items() if index >= 0}

    def _mapping_problem(self, mapping: Mapping[str, int]) -> str:
        seen: dict[int, str] = {}
        for field, index in mapping.items():
            if index in seen:
                first, second = FIELDS[seen[index]][0], FIELDS[field][0]
                column = column_name(self._table.headers, index)
                return f"The column '{column}' is chosen for both '{first}' and '{second}'."
            seen[index] = field
        return ""

    # ----- preview and import ----------------------------------------------------------------

    def _on_preview_button_clicked(self) -> None:
        self.status.clear_message()
        mapping = self.mapping()
        problem = self._mapping_problem(mapping)
        missing = [
            label for f, (label, required, _) in FIELDS.items() if required and f not in mapping
        ]
        if missing:
            problem = f"Choose the column that holds: {', '.join(missing)}."
        if problem:
            self.status.show_error(problem)
            return
        self.show_preview()

    def show_preview(self) -> None:
        mapping = self.mapping()
        with busy_cursor():
            checked = csv_import.preview(self._table, mapping, self._today or date.today())
        self.preview = checked
        fields = [f for f in FIELDS if f in mapping]
        self.preview_model.set_rows(
            [
                TextRow((str(row.row), *(row.values.get(f, "") for f in fields)), row)
                for row in checked.rows[:PREVIEW_ROWS]
            ],
            headers=("Row", *(FIELDS[f][0] for f in fields)),
        )
        self.problem_list.clear()
        self.problem_list.addItems(list(checked.problems))
        count = len(checked.problems)
        rows = len(self._table.rows)
        self.problems_heading.setText(f"Problems ({count})" if count else "No problems found")
        if count:
            self.preview_summary.setText(
                f"{counted(rows, 'row')} read; {counted(count, 'problem')} to fix before "
                "importing. Correct them in the spreadsheet and read the file again, or change "
                "the columns."
            )
        else:
            self.preview_summary.setText(
                f"{counted(rows, 'row')} read, with no problems. Each row becomes one case."
            )
        self.import_button.setEnabled(checked.ok and rows > 0)
        self.import_button.setText(f"Import {counted(rows, 'case')}" if checked.ok else "Import")
        self.stack.setCurrentIndex(STEP_PREVIEW)

    def _on_back_button_clicked(self) -> None:
        self.status.clear_message()
        self.stack.setCurrentIndex(STEP_MAPPING)

    def _on_reread_button_clicked(self) -> None:
        self.status.clear_message()
        try:
            table = csv_import.read_csv(self._path)
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        if table.headers != self._table.headers:
            self.status.show_error(
                "The file's columns have changed; close this window and import the file again."
            )
            return
        self._table = table
        self.show_preview()

    def _on_import_button_clicked(self) -> None:
        self.status.clear_message()
        workspace, table, mapping, today = self._workspace, self._table, self.mapping(), self._today
        started = background.runner().start(
            "Importing the spreadsheet",
            lambda progress: csv_import.import_rows(workspace, table, mapping, today, progress),
            self._on_imported,
            failed=self._on_import_failed,
            stopped=self._on_import_stopped,
            owner=self,
        )
        if not started:
            self.status.show_error(background.runner().refusal())
            return
        self._importing = True
        self.import_button.setEnabled(False)
        self.back_button.setEnabled(False)
        self.status.show_note("Importing…")

    def _end_import(self) -> None:
        self._importing = False
        self.back_button.setEnabled(True)
        self.import_button.setEnabled(True)

    def _on_imported(self, summary: ImportSummary) -> None:
        self._end_import()
        self.summary = summary
        self.status.clear_message()
        self.done_label.setText(summary_text(summary))
        self.stack.setCurrentIndex(STEP_DONE)

    def _on_import_failed(self, error: UserFacingError) -> None:
        self._end_import()
        if isinstance(error, BundleError):
            self.problem_list.clear()
            self.problem_list.addItems(error.problems)
            self.import_button.setEnabled(False)
            self.status.show_error("Nothing was imported: fix the problems listed.")
            return
        self.status.show_error(str(error))

    def _on_import_stopped(self) -> None:
        self._end_import()
        self.status.show_note(STOPPED_IMPORT)

    @override
    def reject(self) -> None:
        """Closing while the import runs stops it (all or nothing), and the dialog stays."""
        if self._importing:
            background.runner().cancel()
            return
        super().reject()


def run_csv_import(parent: QWidget, workspace: Workspace, today: date | None = None) -> bool:
    """Ask for a CSV file and take it through the import; True if anything was imported."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import a MARAC spreadsheet", str(Path.home()), CSV_FILTER
    )
    if not name:
        return False
    path = Path(name)
    try:
        table = csv_import.read_csv(path)
    except UserFacingError as error:
        show_user_error(parent, error)
        return False
    dialog = CsvImportDialog(workspace, path, table, parent, today)
    dialog.exec()
    return dialog.summary is not None
