"""Home: who is signed in, and the work waiting for them, section by section for their role.
Each item opens its work (``open_requested``; the window shows the page and the record)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from marac_desktop.errors import UserFacingError
from marac_desktop.services import home

from marac_desktop.ui import background, style
from marac_desktop.ui.pages.home_work import Destination, sections
from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label
from marac_desktop.ui.widgets.work_item import WorkItem

if TYPE_CHECKING:
    from marac_desktop.services.home import HomeWork
    from marac_desktop.services.workspace import Workspace

LOADING = "Reading what is waiting for you…"


def role_label(workspace: Workspace) -> str:
    return workspace.user.role.label if workspace.user else "Recovery"


class HomePage(Page):
    open_requested = Signal(object)
    """A ``home_work.Destination``: the page, and the record on it, an item leads to."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        name = workspace.user.display_name if workspace.user else workspace.actor
        super().__init__(f"Welcome, {name}", parent=parent)
        self._workspace = workspace
        self.add_text(
            paragraph_label(f"You are signed in as {workspace.actor} ({role_label(workspace)}).")
        )
        self.add_text(muted_label(f"Database: {workspace.path or workspace.location}"))
        self.status = StatusLabel()
        self.add_text(self.status)
        self.items: list[WorkItem] = []
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.page_layout.addWidget(self.area, 1)
        self.loaded = False

    def refresh(self) -> None:
        """Read the work again (each time the page is shown), on the reading thread; what is
        shown stays until the new read is in."""
        workspace = self._workspace
        if not self.loaded:
            self.status.show_note(LOADING)
        background.runner().load(
            (self, "home"),
            lambda _progress: home.home(workspace),
            self._show,
            failed=self._failed,
            owner=self,
        )

    def _failed(self, error: UserFacingError) -> None:
        self.status.show_error(str(error))

    def _show(self, work: HomeWork) -> None:
        self.status.clear_message()
        self.loaded = True
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.items = []
        for section in sections(work):
            layout.addSpacing(8)
            layout.addWidget(heading_label(section.heading, 2))
            for item in section.items:
                if item.opens is None:
                    line = paragraph_label(item.text)
                    line.setMaximumWidth(style.text_max_width())
                    layout.addWidget(line)
                    continue
                button = WorkItem(item.text, item.warning)
                button.clicked.connect(partial(self._open, item.opens))
                layout.addWidget(button)
                self.items.append(button)
            if section.note:
                note = muted_label(section.note)
                note.setMaximumWidth(style.text_max_width())
                layout.addWidget(note)
        layout.addStretch(1)
        self.area.setWidget(content)  # the previous contents are deleted

    def _open(self, destination: Destination) -> None:
        self.open_requested.emit(destination)

    def item(self, starting: str) -> WorkItem:
        """The item whose text starts so (tests and previews)."""
        return next(i for i in self.items if i.text().startswith(starting))
