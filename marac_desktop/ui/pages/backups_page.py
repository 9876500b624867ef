"""Back up, verify, and restore a backup into a new database file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QFileDialog, QGridLayout, QPushButton, QWidget

from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.words import counted
from marac_desktop.errors import UserFacingError
from marac_desktop.paths import backup_dir, keyslot_path
from marac_desktop.services import backups

from marac_desktop.ui import background
from marac_desktop.ui.messages import inform, show_user_error
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.domain.progress import Progress
    from marac_desktop.services.backups import VerifyReport
    from marac_desktop.services.workspace import Workspace

BACKUP_FILTER = f"MARAC backup (*{backups.BACKUP_SUFFIX})"
DATABASE_FILTER = "MARAC database (*.db)"
T = TypeVar("T")


def verify_summary(report: VerifyReport, on_server: bool = False) -> str:
    if report.ok:
        unit = "entry" if report.audit_rows == 1 else "entries"
        checked = (
            "The server passed every check: its protections"
            if on_server
            else "The database passed every check: the encrypted pages, the database structure"
        )
        return f"{checked} and the audit log ({report.audit_rows} {unit}, chain intact)."
    lines = [f"Verification found {counted(len(report.problems), 'problem')}:"]
    lines.extend(f"•  {problem}" for problem in report.problems)
    lines.append(
        "Ask the server's operator to look before anyone changes anything."
        if on_server
        else "Restore the most recent good backup, or ask for help before changing anything."
    )
    return "\n".join(lines)


def restored_message(new_database: Path) -> str:
    return (
        f"The backup was restored to {new_database}. The database you have open now has not "
        "been changed. To use the restored copy, quit and start the program with "
        f'--db "{new_database}", then sign in with the passwords that were valid when the '
        "backup was taken."
    )


SERVER_BACKUPS = (
    "On a partnership server, backups and restores are the server operator's (pg_dump or "
    "continuous archiving, kept encrypted; see docs/server.md), so they are not made here."
)


class BackupsPage(Page):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(
            "Backups",
            SERVER_BACKUPS
            if workspace.on_server
            else "A backup is an encrypted copy of the database together with its key slots: "
            "the same passwords open it. Keep copies somewhere other than this computer.",
            parent,
        )
        self._workspace = workspace
        self.back_up_button = QPushButton("Back up now")
        self.back_up_to_button = QPushButton("Back up to a chosen file…")
        self.verify_button = QPushButton(
            "Verify the server" if workspace.on_server else "Verify database"
        )
        self.restore_button = QPushButton("Restore a backup…")
        self.back_up_status = StatusLabel()
        self.verify_status = StatusLabel()
        self.restore_status = StatusLabel()
        self.verify_button.setEnabled(workspace.can(Permission.VERIFY_DATABASE))
        if not workspace.on_server:
            self._add_back_up_section(workspace.file_path)
        self._add_verify_section(workspace.on_server)
        if not workspace.on_server:
            self._add_restore_section()
        self.page_layout.addStretch(1)
        for button in (self.back_up_button, self.back_up_to_button, self.restore_button):
            button.setVisible(not workspace.on_server)

        self.back_up_button.clicked.connect(self._on_back_up_button_clicked)
        self.back_up_to_button.clicked.connect(self._on_back_up_to_button_clicked)
        self.verify_button.clicked.connect(self._on_verify_button_clicked)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)

    def _add_back_up_section(self, database: Path) -> None:
        self.page_layout.addWidget(heading_label("Back up", 2))
        self.add_text(
            muted_label(f"Backups are saved in {backup_dir(database)} unless you choose.")
        )
        self.page_layout.addLayout(self._button_row(self.back_up_button, self.back_up_to_button))
        self.add_text(self.back_up_status)
        self.page_layout.addSpacing(6)

    def _add_verify_section(self, on_server: bool) -> None:
        self.page_layout.addWidget(heading_label("Verify", 2))
        what = (
            "Checks the server's protections (grants, row-level security, the audit triggers) "
            "and the audit log's chain and signatures."
            if on_server
            else "Checks every encrypted page, the database structure and the audit log's chain."
        )
        self.add_text(paragraph_label(what))
        self.page_layout.addLayout(self._button_row(self.verify_button))
        self.add_text(self.verify_status)

    def _add_restore_section(self) -> None:
        self.page_layout.addSpacing(6)
        self.page_layout.addWidget(heading_label("Restore", 2))
        self.add_text(
            paragraph_label(
                "Restoring unpacks a backup into a new database file. The open database is not "
                "replaced or changed."
            )
        )
        self.page_layout.addLayout(self._button_row(self.restore_button))
        self.add_text(self.restore_status)

    @staticmethod
    def _button_row(*buttons: QPushButton) -> QGridLayout:
        row = QGridLayout()
        for column, button in enumerate(buttons):
            row.addWidget(button, 0, column)
        row.setColumnStretch(len(buttons), 1)
        return row

    def _start(
        self,
        status: StatusLabel,
        title: str,
        work: Callable[[Progress], T],
        done: Callable[[T], None],
    ) -> None:
        def failed(error: UserFacingError) -> None:
            status.clear_message()
            show_user_error(self, error)

        started = background.runner().start(
            title,
            work,
            done,
            failed=failed,
            stopped=lambda: status.show_note(background.STOPPED),
            owner=self,
        )
        if started:
            status.show_note(f"{title}…")
        else:
            status.show_error(background.runner().refusal())

    def _back_up(self, destination: Path | None) -> None:
        workspace = self._workspace
        self._start(
            self.back_up_status,
            "Backing up",
            lambda progress: backups.back_up(workspace, destination, progress),
            self._on_backed_up,
        )

    def _on_backed_up(self, written: Path) -> None:
        self.back_up_status.show_success(f"Backup saved: {written}")

    def _on_back_up_button_clicked(self) -> None:
        self._back_up(None)

    def _on_back_up_to_button_clicked(self) -> None:
        suggested = backups.default_backup_path(self._workspace.file_path)
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save backup as", str(suggested), BACKUP_FILTER
        )
        if not chosen:
            return
        destination = Path(chosen)
        if destination.suffix != backups.BACKUP_SUFFIX:
            destination = destination.with_name(destination.name + backups.BACKUP_SUFFIX)
        self._back_up(destination)

    def _on_verify_button_clicked(self) -> None:
        workspace = self._workspace
        self._start(
            self.verify_status,
            "Verifying the database",
            lambda progress: backups.verify(workspace, progress=progress),
            self._on_verified,
        )

    def _on_verified(self, report: VerifyReport) -> None:
        if report.ok:
            self.verify_status.show_success(verify_summary(report, self._workspace.on_server))
        else:
            self.verify_status.show_error(verify_summary(report, self._workspace.on_server))

    def _on_restore_button_clicked(self) -> None:
        backup, _filter = QFileDialog.getOpenFileName(
            self,
            "Choose a backup to restore",
            str(backup_dir(self._workspace.file_path)),
            BACKUP_FILTER,
        )
        if not backup:
            return
        suggested = self._workspace.file_path.with_name(f"{Path(backup).stem}-restored.db")
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            "Restore into a new database file",
            str(suggested),
            DATABASE_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not chosen:
            return
        new_database = Path(chosen)
        if new_database.exists() or keyslot_path(new_database).exists():
            self.restore_status.show_error(
                f"{new_database.name} already exists; restore into a new file name."
            )
            return
        workspace = self._workspace

        def restore(progress: Progress) -> Path:
            backups.restore(Path(backup), new_database, workspace, progress)
            backups.record_restore(workspace, Path(backup))
            return new_database

        self._start(self.restore_status, "Restoring a backup", restore, self._on_restored)

    def _on_restored(self, new_database: Path) -> None:
        self.restore_status.show_success(restored_message(new_database))
        inform(self, restored_message(new_database))
