"""Asks the database every few seconds, on the reading thread, whether another account has
saved a change; says so by signal, never what changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from marac_desktop.domain.audit import ChangeCheck
from marac_desktop.errors import UserFacingError
from marac_desktop.services import changes

from marac_desktop.ui import background

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

CHECK_INTERVAL_MS = 5_000


class ChangeWatcher(QObject):
    """``others_changed`` fires once for each check that finds someone else's change."""

    others_changed = Signal()

    def __init__(
        self,
        workspace: Workspace,
        interval_ms: int = CHECK_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._head: int | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        """Take the present head as the starting point, then check every interval."""
        self.check()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        background.runner().stop_load((self, "changes"))

    def check(self) -> None:
        runner = background.runner()
        if runner.is_loading((self, "changes")):
            return
        workspace, since = self._workspace, self._head
        runner.load(
            (self, "changes"),
            lambda _progress: changes.changes_since(workspace, since),
            self._on_checked,
            failed=self._on_failed,
            owner=self,
        )

    def _on_checked(self, check: ChangeCheck) -> None:
        self._head = check.head
        if check.changed:
            self.others_changed.emit()

    def _on_failed(self, _error: UserFacingError) -> None:
        """A check that cannot be made (the server is unreachable) is tried again next time;
        the page's own reads say what is wrong."""
