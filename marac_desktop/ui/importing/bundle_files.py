"""Import and export the JSON bundle through file dialogs; a broken bundle lists every problem."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.errors import UserFacingError
from marac_desktop.services import bundle
from marac_desktop.services.bundle import BundleError, ImportSummary

from marac_desktop.ui import style
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.messages import confirm, inform, show_user_error
from marac_desktop.ui.widgets.text import heading_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

EXPORT_FILE_NAME = "marac-export.json"
BUNDLE_FILTER = "JSON bundle (*.json);;All files (*)"
EXPORT_WARNING = (
    "The bundle holds every case record, with names and addresses, in a file that is not "
    "encrypted. Save it only on an encrypted drive, and delete it once it has been imported "
    "elsewhere. Export now?"
)
NOTHING_IMPORTED = "Nothing was imported."


def summary_text(summary: ImportSummary) -> str:
    return (
        f"Imported {summary.cases} case(s), {summary.people} people, {summary.incidents} "
        f"incident(s), {summary.referrals} referral(s) and {summary.assessments} assessment(s)."
    )


class BundleProblemsDialog(QDialog):
    """Every problem found in a file, in a scrollable list; nothing has been imported."""

    def __init__(self, problems: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import problems")
        self.setMinimumSize(640, 420)
        self.problem_list = QListWidget()
        self.problem_list.setUniformItemSizes(True)
        self.problem_list.setWordWrap(True)
        self.problem_list.addItems(list(problems))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        count = len(problems)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(style.DIALOG_MARGIN,) * 4)
        layout.setSpacing(style.SECTION_SPACING)
        layout.addWidget(heading_label(NOTHING_IMPORTED, 2))
        layout.addWidget(
            paragraph_label(
                f"The file has {count} problem{'s' if count != 1 else ''}, listed below with "
                "where each one is. Nothing has been saved. Correct the file and import it "
                "again."
            )
        )
        layout.addWidget(self.problem_list, 1)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)


def import_bundle_file(parent: QWidget, workspace: Workspace, path: Path) -> ImportSummary | None:
    try:
        with busy_cursor():
            document = bundle.read_bundle_file(path)
            summary = bundle.import_bundle(workspace, document)
    except BundleError as error:
        BundleProblemsDialog(error.problems, parent).exec()
        return None
    except UserFacingError as error:
        show_user_error(parent, error)
        return None
    inform(parent, summary_text(summary))
    return summary


def import_bundle(parent: QWidget, workspace: Workspace) -> ImportSummary | None:
    """Ask for a bundle file and import it, all or nothing."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import a bundle", str(Path.home()), BUNDLE_FILTER
    )
    if not name:
        return None
    return import_bundle_file(parent, workspace, Path(name))


def export_bundle(parent: QWidget, workspace: Workspace) -> int | None:
    """Ask where to save, then write every case to a bundle; the number of cases written."""
    if not confirm(parent, EXPORT_WARNING):
        return None
    name, _ = QFileDialog.getSaveFileName(
        parent, "Export a bundle", str(Path.home() / EXPORT_FILE_NAME), BUNDLE_FILTER
    )
    if not name:
        return None
    path = Path(name)
    try:
        with busy_cursor():
            written = bundle.write_bundle(workspace, path)
    except UserFacingError as error:
        show_user_error(parent, error)
        return None
    inform(parent, f"Exported {written} case(s) to {path.name}.")
    return written
