"""Every control a person can reach with the keyboard says what it is to a screen reader.

The walk goes through the widget tree of every page (as an administrator, who sees them all)
and of every dialog in the application, found by introspection: a dialog added later without
a way to build it here fails ``test_every_dialog_is_walked``. A widget reachable by Tab (or a
click) needs a name as assistive technology reads it (``QAccessible``): its own accessible
name, the text of its label in a form, or its own text for a button; a field to type or
choose in also needs a description, which says what goes in it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QWidget,
    QWizard,
)

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.people import PersonDetails
from marac_desktop.services import (
    actions,
    assessments,
    flags,
    meeting_list,
    meetings,
    people_matching,
    perpetrator_work,
    records,
    research_returns,
    users,
    vocabularies,
)
from marac_desktop.services.csv_import import CsvTable
from marac_desktop.services.sheet_reader import Sheet, SheetRow
from marac_desktop.services.workspace import Workspace

import marac_desktop.ui as ui_package
from marac_desktop.ui.main_window import MainWindow

TODAY = date.today()
STARTS = datetime.combine(TODAY + timedelta(days=10), datetime.min.time()).replace(hour=10)


INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox)
"""Fields a person types or chooses in."""


def _spoken(widget: QWidget, what: QAccessible.Text) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(what).strip() if interface is not None else ""


def spoken_name(widget: QWidget) -> str:
    return _spoken(widget, QAccessible.Text.Name)


def _shown_within(widget: QWidget, top: QWidget) -> bool:
    """Shown once its window is: nothing between it and ``top`` is hidden, except a page of a
    stack (a tab, a wizard page, a step) that the person can turn to."""
    at: QWidget | None = widget
    while at is not None and at is not top:
        parent = at.parentWidget()
        if at.isHidden() and not isinstance(parent, QStackedWidget):
            return False
        at = parent
    return True


def _part_of_another(widget: QWidget) -> bool:
    """Qt's own pieces of a control (a spin box's text, a combo box's list) are named by it."""
    parent = widget.parentWidget()
    return widget.objectName().startswith("qt_") or isinstance(
        parent, (QAbstractSpinBox, QComboBox)
    )


def unnamed(top: QWidget) -> list[str]:
    """Each control under ``top`` that the keyboard reaches and nothing names."""
    found = []
    for widget in top.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or _part_of_another(widget):
            continue
        if not _shown_within(widget, top):
            continue
        if isinstance(widget, QLabel) and not widget.text():
            continue  # an empty message line: nothing to read until it says something
        if not spoken_name(widget):
            found.append(f"{type(top).__name__}: {_called(widget, top)}")
        elif isinstance(widget, INPUTS) and not _spoken(widget, QAccessible.Text.Description):
            found.append(f"{type(top).__name__}: {_called(widget, top)} (no description)")
    return found


def _called(widget: QWidget, top: QWidget) -> str:
    """The widget as its code names it: the attribute that holds it, on it or above it."""
    at: QWidget | None = widget.parentWidget()
    while at is not None:
        for attribute, value in vars(at).items():
            if value is widget:
                return f"{type(at).__name__}.{attribute}"
        if at is top:
            break
        at = at.parentWidget()
    return f"a {type(widget).__name__} in {type(widget.parentWidget()).__name__}"


# ----- one of everything the dialogs show ------------------------------------------------------


@dataclass
class Things:
    ws: Workspace
    case_id: Any
    person_id: Any
    meeting_id: Any
    action: Any
    record: Any
    flag: Any
    candidates: Any
    tmp: Path
    perpetrator: Any
    intervention: Any
    perpetrator_action: Any


def _things(ws: Workspace, tmp: Path) -> Things:
    criteria = ReferralCriteria(visible_high_risk=True)
    cases = []
    for family in ("Testvictim", "Testother"):
        case = records.open_case(ws, PersonDetails(family, "Ada"), today=TODAY)
        records.record_referral(ws, case.id, TODAY, "Police", criteria, today=TODAY)
        cases.append(case)
    perpetrator = records.add_person_to_case(
        ws, cases[0].id, PersonDetails("Testharm", "Ben"), records.PartyRole.PERPETRATOR
    )
    records.add_person_to_case(ws, cases[1].id, perpetrator.id, records.PartyRole.PERPETRATOR)
    for case in cases:
        flags.refresh(ws, case.id, today=TODAY)
    meeting = meetings.create_meeting(ws, STARTS, "Hall", False, "Chair", "Leeds", TODAY)
    meeting_list.build_list(ws, meeting.id, today=TODAY)
    action = actions.add_action(ws, meeting.id, cases[0].id, "Police", "Visit", "PC", STARTS.date())
    found = people_matching.find_candidates(ws, PersonDetails("Testvictim", "Ada"))
    harm = perpetrator.id
    intervention = perpetrator_work.add_intervention(ws, harm, "MATAC", "Police", TODAY)
    harm_action = perpetrator_work.add_action(ws, harm, "Police", "Visit", "PC", TODAY)
    return Things(
        ws,
        cases[0].id,
        cases[0].victim.id,
        meeting.id,
        action,
        assessments.start(ws, cases[0].id, TODAY, today=TODAY),
        flags.queue(ws)[0],
        found,
        tmp,
        harm,
        intervention,
        harm_action,
    )


def _sheet() -> Sheet:
    headers = ("Victim name", "Referral date", "Referring agency")
    row = SheetRow(2, ("Test Petrov", TODAY.strftime("%d/%m/%Y"), "Police"))
    return Sheet("tracking.csv", "UTF-8", "", (), 1, headers, (row,), 0)


def _research(t: Things) -> Any:
    return research_returns.research_status(t.ws, t.meeting_id).cases[0]


DIALOGS: dict[str, Callable[[Things], QDialog]] = {
    "actions.edit_dialog.ActionEditDialog": lambda t: _ui(
        "actions.edit_dialog", "ActionEditDialog"
    )(t.ws, t.action, "M1-01", STARTS.date()),
    "actions.status_dialog.ActionStatusDialog": lambda t: _ui(
        "actions.status_dialog", "ActionStatusDialog"
    )(t.ws, t.action, "M1-01"),
    "assessment.assessment_date_dialog.AssessmentDateDialog": lambda t: _ui(
        "assessment.assessment_date_dialog", "AssessmentDateDialog"
    )(),
    "assessment.new_victim_dialog.NewVictimDialog": lambda t: _ui(
        "assessment.new_victim_dialog", "NewVictimDialog"
    )(t.ws),
    "assessment.wizard.AssessmentWizard": lambda t: _ui("assessment.wizard", "AssessmentWizard")(
        t.ws, t.record
    ),
    "cases.add_person_dialog.AddPersonDialog": lambda t: _ui(
        "cases.add_person_dialog", "AddPersonDialog"
    )(t.ws, t.case_id),
    "cases.idva_dialog.IdvaDialog": lambda t: _ui("cases.idva_dialog", "IdvaDialog")(
        t.ws, t.case_id
    ),
    "cases.incident_dialog.IncidentDialog": lambda t: _ui(
        "cases.incident_dialog", "IncidentDialog"
    )(t.ws, t.case_id),
    "cases.link_records_dialog.LinkRecordsDialog": lambda t: _ui(
        "cases.link_records_dialog", "LinkRecordsDialog"
    )(t.candidates[0], t.candidates[1:]),
    "cases.new_referral_dialog.NewReferralDialog": lambda t: _ui(
        "cases.new_referral_dialog", "NewReferralDialog"
    )(t.ws),
    "cases.person_dialog.PersonDialog": lambda t: _ui("cases.person_dialog", "PersonDialog")(
        t.ws, t.person_id
    ),
    "cases.referral_dialog.ReferralDialog": lambda t: _ui(
        "cases.referral_dialog", "ReferralDialog"
    )(t.ws, t.case_id),
    "dialogs.about_dialog.AboutDialog": lambda t: _ui("dialogs.about_dialog", "AboutDialog")(),
    "dialogs.add_user_dialog.AddUserDialog": lambda t: _ui(
        "dialogs.add_user_dialog", "AddUserDialog"
    )(t.ws),
    "dialogs.change_password_dialog.ChangePasswordDialog": lambda t: _ui(
        "dialogs.change_password_dialog", "ChangePasswordDialog"
    )(t.ws),
    "dialogs.change_role_dialog.ChangeRoleDialog": lambda t: _ui(
        "dialogs.change_role_dialog", "ChangeRoleDialog"
    )(t.ws, users.list_users(t.ws)[0]),
    "dialogs.rename_user_dialog.RenameUserDialog": lambda t: _ui(
        "dialogs.rename_user_dialog", "RenameUserDialog"
    )(t.ws, users.list_users(t.ws)[0]),
    "dialogs.connect_dialog.ConnectDialog": lambda t: _ui(
        "dialogs.connect_dialog", "ConnectDialog"
    )(),
    "dialogs.error_dialog.ErrorDialog": lambda t: _ui("dialogs.error_dialog", "ErrorDialog")(
        RuntimeError("synthetic")
    ),
    "dialogs.first_run_wizard.FirstRunWizard": lambda t: _ui(
        "dialogs.first_run_wizard", "FirstRunWizard"
    )(t.tmp / "new.db", TEST_KDF),
    "dialogs.recovery_dialog.RecoveryDialog": lambda t: _ui(
        "dialogs.recovery_dialog", "RecoveryDialog"
    )(t.ws.path),
    "dialogs.reset_password_dialog.ResetPasswordDialog": lambda t: _ui(
        "dialogs.reset_password_dialog", "ResetPasswordDialog"
    )(t.ws, "admin"),
    "dialogs.start_dialog.StartDialog": lambda t: _ui("dialogs.start_dialog", "StartDialog")(),
    "dialogs.unlock_dialog.UnlockDialog": lambda t: _ui("dialogs.unlock_dialog", "UnlockDialog")(
        t.ws.path
    ),
    "flags.review_dialog.ReviewDialog": lambda t: _ui("flags.review_dialog", "ReviewDialog")(
        t.ws, t.flag, "C-000001", True
    ),
    "importing.bundle_files.BundleProblemsDialog": lambda t: _ui(
        "importing.bundle_files", "BundleProblemsDialog"
    )(["Row 2: synthetic problem"]),
    "importing.csv_import_dialog.CsvImportDialog": lambda t: _ui(
        "importing.csv_import_dialog", "CsvImportDialog"
    )(
        t.ws,
        t.tmp / "in.csv",
        CsvTable(("Surname", "Referral date"), (("Petrov", TODAY.isoformat()),)),
    ),
    "importing.sheet_import_dialog.SheetImportDialog": lambda t: _ui(
        "importing.sheet_import_dialog", "SheetImportDialog"
    )(t.ws, t.tmp / "tracking.csv", _sheet()),
    "perpetrators.action_dialog.PerpetratorActionDialog": lambda t: _ui(
        "perpetrators.action_dialog", "PerpetratorActionDialog"
    )(t.ws, t.perpetrator, "TESTHARM, Ben"),
    "perpetrators.action_status_dialog.PerpetratorActionStatusDialog": lambda t: _ui(
        "perpetrators.action_status_dialog", "PerpetratorActionStatusDialog"
    )(t.ws, t.perpetrator_action, "Police"),
    "perpetrators.intervention_dialog.InterventionDialog": lambda t: _ui(
        "perpetrators.intervention_dialog", "InterventionDialog"
    )(t.ws, t.perpetrator, "TESTHARM, Ben"),
    "perpetrators.intervention_status_dialog.InterventionStatusDialog": lambda t: _ui(
        "perpetrators.intervention_status_dialog", "InterventionStatusDialog"
    )(t.ws, t.intervention, "MATAC tasking"),
    "perpetrators.nominate_dialog.NominateDialog": lambda t: _ui(
        "perpetrators.nominate_dialog", "NominateDialog"
    )(t.ws, t.perpetrator, "TESTHARM, Ben"),
    "perpetrators.partner_referral_dialog.PartnerReferralDialog": lambda t: _ui(
        "perpetrators.partner_referral_dialog", "PartnerReferralDialog"
    )(t.ws, t.perpetrator, "TESTHARM, Ben"),
    "meetings.add_case_dialog.AddCaseDialog": lambda t: _ui(
        "meetings.add_case_dialog", "AddCaseDialog"
    )(t.ws, t.meeting_id),
    "meetings.meeting_mode.MeetingModeDialog": lambda t: _ui(
        "meetings.meeting_mode", "MeetingModeDialog"
    )(t.ws, t.meeting_id),
    "meetings.new_meeting_dialog.NewMeetingDialog": lambda t: _ui(
        "meetings.new_meeting_dialog", "NewMeetingDialog"
    )(t.ws),
    "meetings.remove_case_dialog.RemoveCaseDialog": lambda t: _ui(
        "meetings.remove_case_dialog", "RemoveCaseDialog"
    )("M1-01"),
    "meetings.research_dialog.ResearchDialog": lambda t: _ui(
        "meetings.research_dialog", "ResearchDialog"
    )(
        t.ws,
        t.meeting_id,
        _research(t),
        list(vocabularies.current(t.ws).agency.terms),
        None,
    ),
    "meetings.restricted_document_dialog.MinutesDialog": lambda t: _ui(
        "meetings.restricted_document_dialog", "MinutesDialog"
    )(),
    "meetings.restricted_document_dialog.ProfileDialog": lambda t: _ui(
        "meetings.restricted_document_dialog", "ProfileDialog"
    )(),
    "meetings.restricted_document_dialog.ResearchListDialog": lambda t: _ui(
        "meetings.restricted_document_dialog", "ResearchListDialog"
    )(["Police", "Housing"]),
    "meetings.restricted_document_dialog.RestrictedDocumentDialog": lambda t: _ui(
        "meetings.restricted_document_dialog", "RestrictedDocumentDialog"
    )("Minutes", "Synthetic explanation."),
}


def _ui(module: str, name: str) -> Any:
    return getattr(importlib.import_module(f"marac_desktop.ui.{module}"), name)


def _dialog_classes() -> Iterator[str]:
    for info in pkgutil.walk_packages(ui_package.__path__, f"{ui_package.__name__}."):
        module = importlib.import_module(info.name)
        for name, found in inspect.getmembers(module, inspect.isclass):
            if issubclass(found, QDialog) and found.__module__ == module.__name__:
                yield f"{module.__name__.removeprefix('marac_desktop.ui.')}.{name}"


def test_every_dialog_is_walked() -> None:
    assert sorted(_dialog_classes()) == sorted(DIALOGS)


def _walk_dialog(dialog: QDialog) -> list[str]:
    dialog.show()
    wait_for_jobs()
    missing = unnamed(dialog)
    if isinstance(dialog, QWizard):
        for page_id in dialog.pageIds():
            missing += unnamed(dialog.page(page_id))
    dialog.reject()
    return missing


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_every_control_of_every_dialog_is_named(
    qtbot: QtBot, admin_ws: Workspace, tmp_path: Path, name: str
) -> None:
    dialog = DIALOGS[name](_things(admin_ws, tmp_path))
    qtbot.addWidget(dialog)
    assert _walk_dialog(dialog) == []


def test_every_control_of_every_page_is_named(qtbot: QtBot, admin_ws: Workspace) -> None:
    _things(admin_ws, Path())
    window = MainWindow(admin_ws)
    qtbot.addWidget(window)
    window.show()
    missing: list[str] = []
    for title in window.page_titles():
        page = window.show_page(title)
        wait_for_jobs()
        missing += [f"{title} page: {m}" for m in unnamed(page)]
    assert missing == []
