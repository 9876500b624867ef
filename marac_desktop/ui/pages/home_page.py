"""Welcome: who is signed in, where the database is, and what this version can do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from marac_desktop.domain.permissions import Permission

from marac_desktop.ui.pages.page import Page
from marac_desktop.ui.widgets.text import heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


def role_label(workspace: Workspace) -> str:
    return workspace.user.role.label if workspace.user else "Recovery"


def _available_now(workspace: Workspace) -> list[str]:
    server = workspace.on_server
    items = [
        "Locking: press Ctrl+L, or the database locks itself after the idle time set in "
        "Settings. Locking closes the database and forgets the "
        + ("connection" if server else "key")
        + " until you sign in again.",
        "Changing your own password, from the Account menu.",
    ]
    if workspace.can(Permission.MANAGE_CASES):
        items.append(
            "Cases: people, incidents and referrals, with a check for people already on "
            "record, a timeline of each case, and import and export."
        )
    if workspace.can(Permission.REVIEW_FLAGS):
        items.append(
            "Flags: repeat, escalation and serial-perpetrator flags with their evidence, to "
            "confirm or dismiss with a reason, and 12-month notices to acknowledge."
        )
    if workspace.can(Permission.MANAGE_MEETINGS):
        items.append(
            "Meetings: build each meeting's list in the suggested agenda order, print the "
            "anonymised agenda and the research lists, run the meeting case by case, and "
            "track the actions agreed."
        )
    if workspace.can(Permission.VIEW_REPORTS):
        items.append(
            "Reports: the quarterly MARAC data return, trends, time to hearing, actions by "
            "agency and who is reached, with CSV, XLSX and PDF exports."
        )
    if workspace.can(Permission.RECORD_ASSESSMENTS):
        items.append(
            "Assessments: the risk checklist with a victim, with the level, red flags and MARAC "
            "referral criteria explained as you go; drafts, completion and a one-page summary."
        )
    if workspace.can(Permission.MANAGE_USERS):
        items.append(
            "Users: add staff accounts, reset passwords and revoke accounts."
            if server
            else "Users: add staff accounts, reset passwords, revoke accounts and re-encrypt the "
            "database."
        )
    if workspace.can(Permission.BACK_UP):
        items.append(
            "Backups: verify the server (its backups are made by the server's operator)."
            if server
            else "Backups: back up, verify the database and restore a backup to a new file."
        )
    if workspace.can(Permission.VIEW_AUDIT_LOG):
        items.append("Audit log: every sign-in, change and failed attempt, newest first.")
    return items


class HomePage(Page):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        name = workspace.user.display_name if workspace.user else workspace.actor
        super().__init__(f"Welcome, {name}", parent=parent)
        self.add_text(
            paragraph_label(f"You are signed in as {workspace.actor} ({role_label(workspace)}).")
        )
        self.add_text(muted_label(f"Database: {workspace.path or workspace.location}"))
        self.page_layout.addSpacing(8)
        self.page_layout.addWidget(heading_label("What works in this version", 2))
        for item in _available_now(workspace):
            self.add_text(paragraph_label(f"•  {item}"))
        self.page_layout.addStretch(1)
