"""Import a coordinator's tracking sheet (CSV or .xlsx) as it is.

Steps: columns (a field suggested for each, the name and date rules) → check (every row as it
will be read, the split of each name, every problem by Excel row and column, the dates whose
century was chosen, the columns not imported) → same person? (likely pairs to join, none
ticked) → the counts. Checking and importing run on the background runner; stopping the import
saves nothing. The command line's ``import-sheet`` uses the same service.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from typing_extensions import override

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.name_split import NameOrder
from marac_desktop.domain.progress import Progress
from marac_desktop.domain.sheet_dates import DateOrder
from marac_desktop.errors import UserFacingError
from marac_desktop.services import sheet_import
from marac_desktop.services.sheet_check import PersonPair, SheetCheck, SheetEntry
from marac_desktop.services.sheet_import import SheetImportSummary, SheetProblemsError
from marac_desktop.services.sheet_mapping import SheetMapping, Target, mapping_problems
from marac_desktop.services.sheet_reader import Sheet, column_letter, read_sheet

from marac_desktop.ui import background, style
from marac_desktop.ui.cases.text_table_model import TextRow, TextTableModel
from marac_desktop.ui.cases.words import day_text
from marac_desktop.ui.messages import show_user_error
from marac_desktop.ui.widgets.job_panel import JobPanel
from marac_desktop.ui.widgets.sizing import fit_to_contents
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

T = TypeVar("T")

STEP_COLUMNS = 0
STEP_CHECK = 1
STEP_PAIRS = 2
STEP_DONE = 3
PREVIEW_ROWS = 200
SAMPLE_VALUES = 3
SHEET_FILTER = "Tracking sheets (*.xlsx *.xlsm *.csv *.txt);;All files (*)"
STOPPED_IMPORT = "Stopped; nothing was imported."
COL_TARGET = 3
SAME_CASE_ROLE = Qt.ItemDataRole.UserRole + 1
_PREVIEW_HEADERS = (
    "Row",
    "Family name",
    "Given names",
    "Split by",
    "Perpetrator",
    "Referral date",
    "MARAC date",
    "Agency",
    "DASH",
    "Children",
    "Criteria",
)


def _day(value: date | None) -> str:
    return day_text(value, "")


def _preview_row(entry: SheetEntry) -> TextRow:
    perpetrator = entry.perpetrator
    return TextRow(
        (
            str(entry.row),
            entry.victim.family_name,
            entry.victim.given_names,
            entry.victim_split.how.value if entry.victim_split else "columns",
            perpetrator.display_name.rstrip(", ") if perpetrator else "",
            _day(entry.referral_day) + (" (MARAC date)" if entry.referral_from_marac else ""),
            _day(entry.marac_day),
            entry.agency,
            "" if entry.dash_score is None else str(entry.dash_score),
            "" if entry.children is None else str(entry.children),
            ", ".join(c.label for c in entry.criteria.met()),
        ),
        entry,
    )


def _pair_text(pair: PersonPair) -> str:
    who = "victims" if pair.role == "victim" else "perpetrators"
    text = (
        f"Rows {pair.first_row} and {pair.second_row} ({who}): {pair.first_name} / "
        f"{pair.second_name}. Score {pair.score}: {'; '.join(pair.reasons)}."
    )
    if pair.same_case:
        text += " The perpetrators agree too: joining makes the rows one case."
    return text


class SheetImportDialog(QDialog):
    """Built for a sheet already read; ``summary`` holds the counts after an import."""

    def __init__(
        self,
        workspace: Workspace,
        path: Path,
        sheet: Sheet,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._path = path
        self._sheet = sheet
        self._today = today
        self.checked: SheetCheck | None = None
        self.summary: SheetImportSummary | None = None
        self._busy = False
        self.setWindowTitle("Import a tracking sheet")
        self.setMinimumSize(980, 680)

        self.sheet_combo = QComboBox()
        self.columns_table = QTableWidget()
        self.columns_table.setAccessibleName("What each column holds")
        self.target_combos: list[QComboBox] = []
        self.name_order_combo = QComboBox()
        self.name_order_combo.setAccessibleDescription(
            "Whether this sheet writes the surname first"
        )
        self.particles_edit = QLineEdit()
        self.date_order_combo = QComboBox()
        self.date_order_combo.setAccessibleDescription(
            "How this sheet writes dates with numbers only"
        )
        self.fallback_check = QCheckBox(
            "When a row has no referral date, use its MARAC date (a note says so on the case)"
        )
        self.check_button = QPushButton("Check the rows")
        self.columns_summary = paragraph_label()

        self.preview_summary = paragraph_label()
        self.preview_model = TextTableModel(_PREVIEW_HEADERS, self)
        self.preview_table = QTableView()
        self.preview_table.setAccessibleName("The sheet's first rows")
        self.notes_tabs = QTabWidget()
        self.notes_tabs.setAccessibleName("What the import keeps")
        self.problem_list = QListWidget()
        self.problem_list.setAccessibleName("Rows that cannot be imported")
        self.dates_list = QListWidget()
        self.dates_list.setAccessibleName("Dates to check")
        self.columns_list = QListWidget()
        self.columns_list.setAccessibleName("Columns kept as notes")
        self.back_button = QPushButton("Back to the columns")
        self.reread_button = QPushButton("Read the file again")
        self.clean_only_check = QCheckBox("Import only the rows with no problem")
        self.to_pairs_button = QPushButton("Next: same person?")

        self.pairs_summary = paragraph_label()
        self.pair_list = QListWidget()
        self.pair_list.setAccessibleName("Names that may be one person")
        self.tick_all_button = QPushButton("Tick all")
        self.tick_cases_button = QPushButton("Tick those that make one case")
        self.untick_all_button = QPushButton("Untick all")
        self.pairs_back_button = QPushButton("Back to the check")
        self.import_button = QPushButton("Import")

        self.done_label = paragraph_label()
        self.close_button = QPushButton("Close")
        self.cancel_button = QPushButton("Cancel")
        self.status = StatusLabel()

        self.stack = QStackedWidget()
        self.stack.addWidget(self._columns_step())
        self.stack.addWidget(self._check_step())
        self.stack.addWidget(self._pairs_step())
        self.stack.addWidget(self._done_step())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(style.DIALOG_MARGIN,) * 4)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        self.job_panel = JobPanel(background.runner())
        layout.addWidget(self.job_panel)

        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.reread_button.clicked.connect(self._on_reread_button_clicked)
        self.to_pairs_button.clicked.connect(self._on_to_pairs_button_clicked)
        self.clean_only_check.toggled.connect(self._on_clean_only_check_toggled)
        self.tick_all_button.clicked.connect(self._on_tick_all_button_clicked)
        self.tick_cases_button.clicked.connect(self._on_tick_cases_button_clicked)
        self.untick_all_button.clicked.connect(self._on_untick_all_button_clicked)
        self.pairs_back_button.clicked.connect(self._on_pairs_back_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.close_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.sheet_combo.activated.connect(self._on_sheet_combo_activated)
        self._fill_columns(sheet_import.suggested_mapping(workspace, sheet))
        self.check_button.setDefault(True)
        fit_to_contents(self)

    # ----- step 1: columns ---------------------------------------------------------------

    def _columns_step(self) -> QWidget:
        self.columns_table.setColumnCount(4)
        self.columns_table.setHorizontalHeaderLabels(
            ("Column", "Header", "First values", "Goes to")
        )
        self.columns_table.verticalHeader().setVisible(False)
        self.columns_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.columns_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.columns_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for name_order in NameOrder:
            self.name_order_combo.addItem(name_order.label, name_order.value)
        for date_order in DateOrder:
            first = "Day" if date_order is DateOrder.DAY_FIRST else "Month"
            self.date_order_combo.addItem(f"{first} first ({date_order.example})", date_order.value)
        self.particles_edit.setToolTip(
            "Words that belong to the family name after them, separated by spaces"
        )
        rules = QFormLayout()
        rules.addRow("Full names", self.name_order_combo)
        rules.addRow("Family-name particles", self.particles_edit)
        rules.addRow("Dates", self.date_order_combo)
        rules.addRow("", self.fallback_check)
        step = QWidget()
        layout = QVBoxLayout(step)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SECTION_SPACING)
        top = QHBoxLayout()
        top.addWidget(heading_label("Where each column goes", 2), 1)
        if self._sheet.sheet_names:
            for name in self._sheet.sheet_names:
                self.sheet_combo.addItem(name)
            self.sheet_combo.setCurrentText(self._sheet.sheet_name)
            top.addWidget(muted_label("Sheet"))
            top.addWidget(self.sheet_combo)
        layout.addLayout(top)
        layout.addWidget(self.columns_summary)
        layout.addWidget(self.columns_table, 1)
        layout.addLayout(rules)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.check_button)
        layout.addLayout(buttons)
        return step

    def _fill_columns(self, mapping: SheetMapping) -> None:
        sheet = self._sheet
        rows = len(sheet.rows)
        self.columns_summary.setText(
            f"{sheet.file_name}{f', sheet {sheet.sheet_name!r}' if sheet.sheet_name else ''}: "
            f"read as {sheet.encoding}; {len(sheet.headers)} columns, {rows} "
            f"row{'s' if rows != 1 else ''} under the headers in row {sheet.header_row} "
            f"({sheet.blank_rows} blank row{'s' if sheet.blank_rows != 1 else ''} skipped, "
            "still counted in row numbers). A field is suggested for each column"
            f"{' (the suggestion)' if mapping.suggested else ''}; change any of them."
        )
        self.columns_table.setRowCount(len(sheet.headers))
        self.target_combos = []
        for index, header in enumerate(sheet.headers):
            values = [row.cells[index] for row in sheet.rows[:20]]
            sample = [_day(v) if isinstance(v, date) else v for v in values if v != ""]
            cells = (column_letter(index), header, " · ".join(sample[:SAMPLE_VALUES]))
            for column, text in enumerate(cells):
                self.columns_table.setItem(index, column, QTableWidgetItem(text))
            combo = QComboBox()
            combo.setAccessibleName(f"What column {column_letter(index)} holds")
            combo.setAccessibleDescription("What the import makes of this column")
            for target in Target:
                combo.addItem(target.label, target.value)
            combo.setCurrentIndex(combo.findData(mapping.columns[index].value))
            self.columns_table.setCellWidget(index, COL_TARGET, combo)
            self.target_combos.append(combo)
        self.name_order_combo.setCurrentIndex(
            self.name_order_combo.findData(mapping.name_order.value)
        )
        self.particles_edit.setText(" ".join(mapping.particles))
        self.date_order_combo.setCurrentIndex(
            self.date_order_combo.findData(mapping.date_order.value)
        )
        self.fallback_check.setChecked(mapping.referral_from_marac)

    def mapping(self) -> SheetMapping:
        return SheetMapping(
            tuple(Target(c.currentData()) for c in self.target_combos),
            name_order=NameOrder(self.name_order_combo.currentData()),
            particles=tuple(self.particles_edit.text().split()),
            date_order=DateOrder(self.date_order_combo.currentData()),
            referral_from_marac=self.fallback_check.isChecked(),
        )

    def set_target(self, column: int, target: Target) -> None:
        combo = self.target_combos[column]
        combo.setCurrentIndex(combo.findData(target.value))

    def _on_sheet_combo_activated(self, _index: int) -> None:
        try:
            sheet = read_sheet(self._path, self.sheet_combo.currentText())
        except UserFacingError as error:
            self.status.show_error(str(error))
            return
        self._sheet = sheet
        self._fill_columns(sheet_import.suggested_mapping(self._workspace, sheet))

    # ----- step 2: check -----------------------------------------------------------------

    def _check_step(self) -> QWidget:
        self.preview_table.setModel(self.preview_model)
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setAlternatingRowColors(True)
        self.preview_table.verticalHeader().setVisible(False)
        header = self.preview_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for listing in (self.problem_list, self.dates_list, self.columns_list):
            listing.setWordWrap(True)
        self.notes_tabs.addTab(self.problem_list, "Problems")
        self.notes_tabs.addTab(self.dates_list, "Dates read")
        self.notes_tabs.addTab(self.columns_list, "Columns")
        rows = QWidget()
        rows_layout = QVBoxLayout(rows)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        rows_layout.addWidget(
            muted_label(f"The first {PREVIEW_ROWS} rows that can be imported, as they will be:")
        )
        rows_layout.addWidget(self.preview_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(rows)
        splitter.addWidget(self.notes_tabs)
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
        buttons.addWidget(self.clean_only_check)
        buttons.addWidget(self.to_pairs_button)
        layout.addLayout(buttons)
        return step

    def _on_check_button_clicked(self) -> None:
        self.status.clear_message()
        mapping = self.mapping()
        problems = mapping_problems(mapping, self._sheet.headers)
        if problems:
            self.status.show_error(" ".join(problems))
            return
        workspace, sheet, today = self._workspace, self._sheet, self._today
        self._start(
            "Checking the sheet",
            lambda progress: sheet_import.check(workspace, sheet, mapping, today, True, progress),
            self.show_check,
        )

    def show_check(self, checked: SheetCheck) -> None:
        self._end()
        self.checked = checked
        self.preview_model.set_rows([_preview_row(e) for e in checked.entries[:PREVIEW_ROWS]])
        self.problem_list.clear()
        self.problem_list.addItems([p.text for p in checked.problems])
        self.dates_list.clear()
        self.dates_list.addItems([d.text for d in checked.resolved_dates])
        self.dates_list.addItems(
            [
                f"Row {row}: no referral date; the MARAC date is used."
                for row in checked.fallback_rows
            ]
        )
        self.columns_list.clear()
        self.columns_list.addItems([f"{c}: not imported" for c in checked.not_imported])
        self.columns_list.addItems(
            [f"{c}: kept as a note on each case" for c in checked.kept_as_notes]
        )
        count = len(checked.problems)
        self.notes_tabs.setTabText(0, f"Problems ({count})")
        self.notes_tabs.setTabText(1, f"Dates read ({self.dates_list.count()})")
        self.notes_tabs.setTabText(
            2,
            f"Columns: {len(checked.not_imported)} not imported, "
            f"{len(checked.kept_as_notes)} kept as notes",
        )
        self.notes_tabs.setCurrentIndex(0 if count else 1)
        waiting = len(checked.waiting_rows)
        text = (
            f"{len(checked.entries)} row(s) can be imported"
            + (f"; {len(checked.refused_rows)} row(s) have {count} problem(s)" if count else "")
            + ". Each problem names the sheet's own row and column."
        )
        if waiting:
            text += f" {waiting} row(s) have no MARAC date and come in as waiting referrals."
        if checked.no_criterion_rows:
            text += (
                f" {len(checked.no_criterion_rows)} row(s) show no referral criterion and come "
                "in with none ticked."
            )
        if count:
            text += (
                " Fix them in the sheet and open it again, or import only the rows with no "
                "problem (the others are written to a file you choose)."
            )
        self.preview_summary.setText(text)
        self.clean_only_check.setVisible(bool(count))
        self.clean_only_check.setChecked(False)
        self._enable_next()
        self.stack.setCurrentIndex(STEP_CHECK)

    def _enable_next(self) -> None:
        checked = self.checked
        can = bool(checked and checked.entries) and (
            not (checked and checked.problems) or self.clean_only_check.isChecked()
        )
        self.to_pairs_button.setEnabled(can)

    def _on_clean_only_check_toggled(self, _checked: bool) -> None:
        self._enable_next()

    def _on_reread_button_clicked(self) -> None:
        """After fixing the sheet in Excel: read it again and check it under the same columns."""
        self.status.clear_message()
        workspace, path, today, mapping = self._workspace, self._path, self._today, self.mapping()
        wanted, headers = self._sheet.sheet_name or None, self._sheet.headers

        def read_and_check(progress: Progress) -> tuple[Sheet, SheetCheck | None]:
            sheet = read_sheet(path, wanted)
            if sheet.headers != headers:
                return sheet, None
            return sheet, sheet_import.check(workspace, sheet, mapping, today, True, progress)

        self._start("Reading the sheet again", read_and_check, self._on_reread)

    def _on_reread(self, result: tuple[Sheet, SheetCheck | None]) -> None:
        sheet, checked = result
        self._sheet = sheet
        if checked is None:
            self._end()
            self._fill_columns(sheet_import.suggested_mapping(self._workspace, sheet))
            self.stack.setCurrentIndex(STEP_COLUMNS)
            self.status.show_error(
                "The sheet's columns have changed: check where each one goes, then check again."
            )
            return
        self.show_check(checked)

    def _on_back_button_clicked(self) -> None:
        self.status.clear_message()
        self.stack.setCurrentIndex(STEP_COLUMNS)

    # ----- step 3: same person? ----------------------------------------------------------

    def _pairs_step(self) -> QWidget:
        self.pair_list.setWordWrap(True)
        step = QWidget()
        layout = QVBoxLayout(step)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label("The same person on more than one row?", 2))
        layout.addWidget(self.pairs_summary)
        layout.addWidget(self.pair_list, 1)
        ticks = QHBoxLayout()
        ticks.addWidget(self.tick_all_button)
        ticks.addWidget(self.tick_cases_button)
        ticks.addWidget(self.untick_all_button)
        ticks.addStretch(1)
        layout.addLayout(ticks)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pairs_back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        layout.addLayout(buttons)
        return step

    def _on_to_pairs_button_clicked(self) -> None:
        checked = self.checked
        if checked is None:
            return
        self.pair_list.clear()
        for pair in checked.pairs:
            item = QListWidgetItem(_pair_text(pair))
            item.setData(Qt.ItemDataRole.UserRole, pair.key)
            item.setData(SAME_CASE_ROLE, pair.same_case)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.pair_list.addItem(item)
        self.pairs_summary.setText(
            f"{len(checked.pairs)} pair(s) of rows may hold the same person. Nothing is joined "
            "unless you tick it. Joined victims are one person; when their perpetrators agree "
            "too, the rows become one case, so its earlier MARAC counts for the repeat rule."
            if checked.pairs
            else "No two rows look like the same person. Each row becomes its own case."
        )
        imported = len(checked.entries)
        self.import_button.setText(f"Import {imported} row{'s' if imported != 1 else ''}")
        self.stack.setCurrentIndex(STEP_PAIRS)

    def _set_all_ticks(self, state: Qt.CheckState) -> None:
        for index in range(self.pair_list.count()):
            self.pair_list.item(index).setCheckState(state)

    def _on_tick_all_button_clicked(self) -> None:
        self._set_all_ticks(Qt.CheckState.Checked)

    def _on_tick_cases_button_clicked(self) -> None:
        for index in range(self.pair_list.count()):
            item = self.pair_list.item(index)
            if item.data(SAME_CASE_ROLE):
                item.setCheckState(Qt.CheckState.Checked)

    def _on_untick_all_button_clicked(self) -> None:
        self._set_all_ticks(Qt.CheckState.Unchecked)

    def _on_pairs_back_button_clicked(self) -> None:
        self.stack.setCurrentIndex(STEP_CHECK)

    def joins(self) -> list[str]:
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.pair_list.item(i) for i in range(self.pair_list.count()))
            if item.checkState() is Qt.CheckState.Checked
        ]

    def tick_pair(self, key: str) -> None:
        for index in range(self.pair_list.count()):
            item = self.pair_list.item(index)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                item.setCheckState(Qt.CheckState.Checked)

    def refused_file_name(self) -> str:
        """Asks where the refused rows go (a test replaces this)."""
        suggested = self._path.with_name(f"{self._path.stem} refused rows.csv")
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the refused rows (they hold case data)", str(suggested), "CSV (*.csv)"
        )
        return name

    def _on_import_button_clicked(self) -> None:
        self.status.clear_message()
        checked = self.checked
        if checked is None:
            return
        clean_only = bool(checked.problems) and self.clean_only_check.isChecked()
        refused: Path | None = None
        if clean_only:
            name = self.refused_file_name()
            if not name:
                return
            refused = Path(name)
        workspace, sheet, today = self._workspace, self._sheet, self._today
        mapping, joins = self.mapping(), self.joins()
        self._start(
            "Importing the tracking sheet",
            lambda progress: sheet_import.import_sheet(
                workspace, sheet, mapping, joins, clean_only, refused, today, progress
            ),
            self._on_imported,
            stopped_text=STOPPED_IMPORT,
        )

    # ----- running -------------------------------------------------------------------------

    def _start(
        self,
        title: str,
        work: Callable[[Progress], T],
        done: Callable[[T], None],
        stopped_text: str = "Stopped.",
    ) -> None:
        started = background.runner().start(
            title,
            work,
            done,
            failed=self._on_failed,
            stopped=lambda: self._on_stopped(stopped_text),
            owner=self,
        )
        if not started:
            self.status.show_error(background.runner().refusal())
            return
        self._busy = True
        for button in self._step_buttons():
            button.setEnabled(False)
        self.status.show_note(f"{title}…")

    def _step_buttons(self) -> Sequence[QPushButton]:
        return (
            self.check_button,
            self.back_button,
            self.reread_button,
            self.to_pairs_button,
            self.pairs_back_button,
            self.import_button,
        )

    def _end(self) -> None:
        self._busy = False
        for button in self._step_buttons():
            button.setEnabled(True)
        self._enable_next()
        self.status.clear_message()

    def _on_imported(self, summary: SheetImportSummary) -> None:
        self._end()
        self.summary = summary
        text = (
            f"{summary.rows_imported} row(s) imported as {summary.cases} case(s) and "
            f"{summary.people} people; {summary.heard} heard at MARAC "
            f"({summary.meetings_made} meeting(s) added as held); {summary.flags} flag(s) "
            f"raised; {summary.notes} note(s) kept."
        )
        if summary.rows_refused:
            text += f" {summary.rows_refused} row(s) were not imported. {summary.warning}"
        self.done_label.setText(text)
        self.stack.setCurrentIndex(STEP_DONE)

    def _on_failed(self, error: UserFacingError) -> None:
        self._end()
        if isinstance(error, SheetProblemsError):
            self.problem_list.clear()
            self.problem_list.addItems([p.text for p in error.problems])
            self.stack.setCurrentIndex(STEP_CHECK)
            self.status.show_error("Nothing was imported: fix the problems listed.")
            return
        self.status.show_error(str(error))

    def _on_stopped(self, text: str) -> None:
        self._end()
        self.status.show_note(text)

    # ----- step 4: done --------------------------------------------------------------------

    def _done_step(self) -> QWidget:
        step = QWidget()
        layout = QVBoxLayout(step)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label("Imported", 2))
        layout.addWidget(self.done_label)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        return step

    @override
    def reject(self) -> None:
        """Closing while work runs stops it (the import is all or nothing); the dialog stays."""
        if self._busy:
            background.runner().cancel()
            return
        super().reject()


def run_sheet_import(
    parent: QWidget,
    workspace: Workspace,
    today: date | None = None,
    imported: Callable[[], None] | None = None,
) -> None:
    """Ask for a sheet, read it on the background runner, then take it through the import;
    ``imported`` is called once anything was imported."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import a tracking sheet", str(Path.home()), SHEET_FILTER
    )
    if name:
        open_sheet(parent, workspace, Path(name), today, imported)


def open_sheet(
    parent: QWidget,
    workspace: Workspace,
    path: Path,
    today: date | None = None,
    imported: Callable[[], None] | None = None,
) -> bool:
    """Read ``path`` in the background, then show the dialog; False if the runner is busy."""

    def read(_progress: Progress) -> Sheet:
        return read_sheet(path)

    def show(sheet: Sheet) -> None:
        dialog = SheetImportDialog(workspace, path, sheet, parent, today)
        dialog.exec()
        if dialog.summary is not None and imported is not None:
            imported()

    return background.runner().start(
        "Reading the sheet",
        read,
        show,
        failed=lambda error: show_user_error(parent, error),
        owner=parent,
    )
