"""Import and export the JSON bundle through file dialogs; a broken bundle lists every problem."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.words import counted
from marac_desktop.errors import UserFacingError
from marac_desktop.services import bundle
from marac_desktop.services.bundle import BundleError, ImportSummary

from marac_desktop.ui import background, style
from marac_desktop.ui.messages import confirm, inform, show_user_error
from marac_desktop.ui.widgets.text import heading_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.domain.progress import Progress
    from marac_desktop.services.workspace import Workspace

T = TypeVar("T")

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
        f"Imported {counted(summary.cases, 'case')}, "
        f"{counted(summary.people, 'person', 'people')}, "
        f"{counted(summary.incidents, 'incident')}, {counted(summary.referrals, 'referral')} and "
        f"{counted(summary.assessments, 'assessment')}."
    )


class BundleProblemsDialog(QDialog):
    """Every problem found in a file, in a scrollable list; nothing has been imported."""

    def __init__(self, problems: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import problems")
        self.setMinimumSize(640, 420)
        self.problem_list = QListWidget()
        self.problem_list.setAccessibleName("Problems found in the file")
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


def start_job(
    parent: QWidget,
    title: str,
    work: Callable[[Progress], T],
    done: Callable[[T], None],
    failed: Callable[[UserFacingError], None] | None = None,
) -> bool:
    """Run ``work`` on the background runner for a window with no status line of its own:
    a refusal or an error is shown in a message box; a stop is noted by the job panel."""
    runner = background.runner()

    def show_error(error: UserFacingError) -> None:
        show_user_error(parent, error)

    if runner.start(title, work, done, failed=failed or show_error, owner=parent):
        return True
    show_user_error(parent, UserFacingError(runner.refusal()))
    return False


def import_bundle_file(
    parent: QWidget,
    workspace: Workspace,
    path: Path,
    imported: Callable[[ImportSummary], None] | None = None,
) -> bool:
    """Import the file in the background, all or nothing; ``imported`` is told once it is in."""

    def work(progress: Progress) -> ImportSummary:
        document = bundle.read_bundle_file(path)
        progress.step(0, 0, bundle.IMPORTING)
        return bundle.import_bundle(workspace, document, progress=progress)

    def done(summary: ImportSummary) -> None:
        inform(parent, summary_text(summary))
        if imported is not None:
            imported(summary)

    def failed(error: UserFacingError) -> None:
        if isinstance(error, BundleError):
            BundleProblemsDialog(error.problems, parent).exec()
        else:
            show_user_error(parent, error)

    return start_job(parent, "Importing a bundle", work, done, failed)


def import_bundle(
    parent: QWidget,
    workspace: Workspace,
    imported: Callable[[ImportSummary], None] | None = None,
) -> bool:
    """Ask for a bundle file and import it, all or nothing; False if nothing was started."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import a bundle", str(Path.home()), BUNDLE_FILTER
    )
    if not name:
        return False
    return import_bundle_file(parent, workspace, Path(name), imported)


def export_bundle(
    parent: QWidget, workspace: Workspace, exported: Callable[[int], None] | None = None
) -> bool:
    """Ask where to save, then write every case to a bundle in the background."""
    if not confirm(parent, EXPORT_WARNING):
        return False
    name, _ = QFileDialog.getSaveFileName(
        parent, "Export a bundle", str(Path.home() / EXPORT_FILE_NAME), BUNDLE_FILTER
    )
    if not name:
        return False
    path = Path(name)

    def done(written: int) -> None:
        inform(parent, f"Exported {counted(written, 'case')} to {path.name}.")
        if exported is not None:
            exported(written)

    return start_job(
        parent,
        "Exporting a bundle",
        lambda progress: bundle.write_bundle(workspace, path, progress),
        done,
    )
