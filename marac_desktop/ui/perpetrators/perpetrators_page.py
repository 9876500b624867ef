"""The Perpetrators page: the register, the ranked list, and one perpetrator's file."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QTabWidget, QWidget

from marac_desktop.domain.cases import PersonId
from marac_desktop.domain.permissions import Permission

from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.perpetrators.file_view import PerpetratorFileView
from marac_desktop.ui.perpetrators.ranked_panel import RankedPanel
from marac_desktop.ui.perpetrators.register_panel import RegisterPanel
from marac_desktop.ui.perpetrators.words import NOT_ALLOWED
from marac_desktop.ui.widgets.text import paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

INTRODUCTION = (
    "Everyone recorded as causing harm, with their victims, incidents and what is done about "
    "them. The ranked list puts those causing the most harm now first, every point of their "
    "score explained. Open a file with Enter or a double-click."
)
OWN_INTRODUCTION = (
    "The people causing harm in the cases you are the IDVA on, with what those cases hold on "
    "them. The rest of the register, the ranked list and what partners do about them are for "
    "coordinators and safeguarding leads. Open a file with Enter or a double-click."
)
LISTS, FILE = 0, 1
TAB_REGISTER, TAB_RANKED = 0, 1


class PerpetratorsPage(Page):
    """``case_requested`` asks the window to open one of a perpetrator's cases."""

    case_requested = Signal(int)

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__("Perpetrators", parent=parent)
        self._workspace = workspace
        everyone = workspace.can(Permission.VIEW_PERPETRATORS)
        self.own_only = not everyone and workspace.can(Permission.VIEW_OWN_PERPETRATORS)
        """An IDVA: the perpetrators of their own cases, and only what those cases hold."""
        self.allowed = everyone or self.own_only
        title = self.page_layout.itemAt(0)
        self._title = title.widget() if title is not None else None
        if not self.allowed:
            self.not_allowed_label = self.add_refusal(NOT_ALLOWED)
            return
        self.introduction = self.add_text(
            paragraph_label(OWN_INTRODUCTION if self.own_only else INTRODUCTION)
        )
        self.register = RegisterPanel(workspace, own=self.own_only)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("The register or the ranked list")
        self.tabs.addTab(self.register, "Register")
        if self.own_only:
            self.tabs.setTabText(TAB_REGISTER, "In your cases")
        else:
            self.ranked = RankedPanel(workspace, today=today)
            self.tabs.addTab(self.ranked, "Ranked list")
            self.ranked.open_requested.connect(self._on_open_requested)
        self.file_view = PerpetratorFileView(workspace, today=today)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.file_view)
        self.page_layout.addWidget(self.stack, 1)
        self._ranking_stale = False
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.register.open_requested.connect(self._on_open_requested)
        self.file_view.back_requested.connect(self.show_lists)
        self.file_view.case_requested.connect(self.case_requested)
        self.file_view.changed.connect(self._on_file_view_changed)

    def refresh(self) -> None:
        """Read again what is shown: the file, the register, or the ranking once asked for."""
        if not self.allowed:
            return
        if self.stack.currentIndex() == FILE:
            self.file_view.reload()
        elif self.tabs.currentIndex() == TAB_RANKED:
            self.ranked.load()
        else:
            self.register.reload()

    def open_perpetrator(self, person_id: PersonId) -> None:
        """Read one perpetrator's file, then show it (also asked for by other pages)."""
        if self.allowed:
            self.file_view.open(person_id, shown=self._show_file)

    def show_ranked_list(self) -> None:
        self.show_lists()
        if not self.own_only:
            self.tabs.setCurrentIndex(TAB_RANKED)

    def _show_file(self) -> None:
        self.stack.setCurrentIndex(FILE)
        self._set_header_visible(False)
        self.file_view.tabs.setFocus()

    def show_lists(self) -> None:
        self.file_view.clear()
        self.stack.setCurrentIndex(LISTS)
        self._set_header_visible(True)
        if self.tabs.currentIndex() == TAB_RANKED:
            if self._ranking_stale or not self.ranked.loaded:
                self._ranking_stale = False
                self.ranked.load()
            self.ranked.table.setFocus()
        else:
            self.register.table.setFocus()

    def _set_header_visible(self, visible: bool) -> None:
        if self._title is not None:
            self._title.setVisible(visible)
        self.introduction.setVisible(visible)

    def _on_tabs_current_changed(self, index: int) -> None:
        if index == TAB_RANKED and (self._ranking_stale or not self.ranked.loaded):
            self._ranking_stale = False
            self.ranked.load()

    def _on_open_requested(self, person_id: int) -> None:
        self.open_perpetrator(PersonId(person_id))

    def _on_file_view_changed(self) -> None:
        self._ranking_stale = True
