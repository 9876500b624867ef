"""Helpers shared by the case-screen tests (a module name no other test folder uses)."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import CaseRecord
from marac_desktop.services import records
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.cases.case_view import CaseView

HIGH_RISK = ReferralCriteria(visible_high_risk=True)


def referred_case(
    workspace: Workspace,
    details: PersonDetails,
    referral_day: date = date(2025, 3, 1),
    agency: str = "Police",
) -> CaseRecord:
    """A case for a new victim with one referral."""
    record = records.open_case(workspace, details)
    records.record_referral(workspace, record.id, referral_day, agency, HIGH_RISK)
    return records.case_record(workspace, record.id)


def victim_id(workspace: Workspace, case_id: CaseId) -> int:
    return int(records.case_record(workspace, case_id).victim.id)


def click(qtbot: QtBot, widget: QWidget) -> None:
    """Click, then let any background job the click started (a people search) report back."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    wait_for_jobs()


def shown_case_view(qtbot: QtBot, workspace: Workspace) -> CaseView:
    view = CaseView(workspace)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    return view
