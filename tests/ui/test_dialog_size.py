"""A dialog that refuses what was entered keeps its size, and its accepting button stays under
the mouse: the person who pressed it can correct the field and press again in the same place.

Every dialog of the application (the introspected table of the accessibility walk) is either
refused here as a person would refuse it (fields left as they open, or one wrong value where
empty is accepted, then the accepting button pressed) or says why it cannot be refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_accessibility import DIALOGS, _things
from ui_support import ADMIN, ADMIN_PASSWORD, MessageBoxes, wait_for_jobs

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

from marac_desktop.domain.research import ResearchStatus
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.widgets.text import StatusLabel

pytestmark = pytest.mark.gui

STRONG = "orchard pebble lighthouse"


def _as_it_opens(_dialog: QDialog, _qtbot: QtBot) -> None:
    """Nothing typed: what the dialog opens with is refused."""


def _type(field: str, text: str, *more: tuple[str, str]) -> Callable[[QDialog, QtBot], None]:
    """Type ``text`` over what ``field`` (an attribute path of the dialog) holds."""

    def fill(dialog: QDialog, qtbot: QtBot) -> None:
        for name, typed in ((field, text), *more):
            widget = dialog
            for part in name.split("."):
                widget = getattr(widget, part)
            widget.clear()
            if typed:
                qtbot.keyClicks(widget, typed)

    return fill


def _returned_on_no_date(dialog: QDialog, qtbot: QtBot) -> None:
    combo = dialog.status_combo  # type: ignore[attr-defined]
    combo.setFocus()
    while not ResearchStatus(combo.currentData()).returned:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    dialog.returned_edit.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.returned_edit, "no date")  # type: ignore[attr-defined]


def _victim_name_not_imported(dialog: QDialog, qtbot: QtBot) -> None:
    combo = dialog.target_combos[0]  # type: ignore[attr-defined]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # "Not imported"


@dataclass(frozen=True)
class Refused:
    how: str
    fill: Callable[[QDialog, QtBot], None] = _as_it_opens


REFUSALS: dict[str, Refused | str] = {
    "actions.edit_dialog.ActionEditDialog": Refused("saved unchanged"),
    "actions.status_dialog.ActionStatusDialog": Refused("the status it already has"),
    "assessment.assessment_date_dialog.AssessmentDateDialog": Refused(
        "a date it cannot read", _type("date_edit", "someday")
    ),
    "assessment.new_victim_dialog.NewVictimDialog": Refused("no name"),
    "assessment.wizard.AssessmentWizard": (
        "a wizard: Next and Back move between pages, and a page's refusal shows in the footer "
        "of a window sized for the largest page (its own tests cover the pages)"
    ),
    "cases.add_person_dialog.AddPersonDialog": Refused("no name"),
    "cases.idva_dialog.IdvaDialog": Refused("no IDVA"),
    "cases.incident_dialog.IncidentDialog": Refused("no source agency"),
    "cases.link_records_dialog.LinkRecordsDialog": (
        "it only offers the records found to choose from; every choice is accepted"
    ),
    "cases.new_referral_dialog.NewReferralDialog": Refused("no name"),
    "cases.person_dialog.PersonDialog": Refused("a search that finds no other record"),
    "cases.referral_dialog.ReferralDialog": Refused("no referring agency"),
    "dialogs.about_dialog.AboutDialog": "it only informs; its one button closes it",
    "dialogs.add_user_dialog.AddUserDialog": Refused(
        "a user name that is taken",
        _type(
            "username_edit",
            ADMIN,
            ("passwords.password_edit", STRONG),
            ("passwords.confirm_edit", STRONG),
        ),
    ),
    "dialogs.change_password_dialog.ChangePasswordDialog": Refused(
        "a wrong current password",
        _type(
            "current_edit",
            "not my password",
            ("passwords.password_edit", STRONG),
            ("passwords.confirm_edit", STRONG),
        ),
    ),
    "dialogs.change_role_dialog.ChangeRoleDialog": Refused("the administrator's own role"),
    "dialogs.rename_user_dialog.RenameUserDialog": Refused("no name", _type("name_edit", "")),
    "dialogs.connect_dialog.ConnectDialog": Refused(
        "an address it cannot read",
        _type(
            "address_edit",
            "not an address//",
            ("username_edit", ADMIN),
            ("password_edit", ADMIN_PASSWORD),
        ),
    ),
    "dialogs.error_dialog.ErrorDialog": "it only informs; its one button closes it",
    "dialogs.first_run_wizard.FirstRunWizard": (
        "a wizard: Next moves between pages of different sizes (its own tests cover the "
        "refusals on each page)"
    ),
    "dialogs.recovery_dialog.RecoveryDialog": Refused(
        "a wrong recovery code",
        _type(
            "code_edit",
            "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA",
            ("account_edit", ADMIN),
            ("passwords.password_edit", STRONG),
            ("passwords.confirm_edit", STRONG),
        ),
    ),
    "dialogs.reset_password_dialog.ResetPasswordDialog": Refused(
        "a password too short", _type("passwords.password_edit", "short")
    ),
    "dialogs.start_dialog.StartDialog": (
        "it only offers where to work (this computer's file or a server); every choice is "
        "accepted and the next dialog asks the rest"
    ),
    "dialogs.unlock_dialog.UnlockDialog": Refused(
        "a wrong password",
        _type("username_edit", ADMIN, ("password_edit", "wrong password here")),
    ),
    "flags.review_dialog.ReviewDialog": Refused("no reason"),
    "importing.bundle_files.BundleProblemsDialog": (
        "it only lists problems; its one button closes it"
    ),
    "importing.csv_import_dialog.CsvImportDialog": Refused("columns left unmatched"),
    "importing.sheet_import_dialog.SheetImportDialog": Refused(
        "the victim's name not imported", _victim_name_not_imported
    ),
    "perpetrators.action_dialog.PerpetratorActionDialog": Refused("no agency"),
    "perpetrators.action_status_dialog.PerpetratorActionStatusDialog": Refused(
        "the status it already has"
    ),
    "perpetrators.intervention_dialog.InterventionDialog": Refused("no programme or process"),
    "perpetrators.intervention_status_dialog.InterventionStatusDialog": Refused(
        "a date it cannot read", _type("date_edit", "someday")
    ),
    "perpetrators.nominate_dialog.NominateDialog": Refused("no reason"),
    "perpetrators.partner_referral_dialog.PartnerReferralDialog": Refused("no agency"),
    "meetings.add_case_dialog.AddCaseDialog": Refused("no case found yet"),
    "meetings.meeting_mode.MeetingModeDialog": Refused("an action with no text"),
    "meetings.new_meeting_dialog.NewMeetingDialog": Refused("no venue"),
    "meetings.remove_case_dialog.RemoveCaseDialog": (
        "it only offers a fixed list of reasons; every one is accepted"
    ),
    "meetings.research_dialog.ResearchDialog": Refused(
        "returned, on a day it cannot read", _returned_on_no_date
    ),
    "meetings.restricted_document_dialog.MinutesDialog": Refused("no password"),
    "meetings.restricted_document_dialog.ProfileDialog": Refused("no password"),
    "meetings.restricted_document_dialog.ResearchListDialog": Refused("no password"),
    "meetings.restricted_document_dialog.RestrictedDocumentDialog": Refused("no password"),
}


def test_every_dialog_is_refused_or_says_why_not() -> None:
    assert sorted(REFUSALS) == sorted(DIALOGS)
    assert all(isinstance(r, Refused) or r.startswith(("it ", "a ")) for r in REFUSALS.values())


def accepting_button(dialog: QDialog) -> QPushButton:
    """The button Enter presses: the default one, else the button box's accepting one."""
    for button in dialog.findChildren(QPushButton):
        if button.isDefault() and button.isVisible():
            return button
    for box in dialog.findChildren(QDialogButtonBox):
        for button in box.buttons():
            if box.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole:
                return button  # type: ignore[return-value]
    raise AssertionError(f"{type(dialog).__name__} has no accepting button")


def _refusal_said(dialog: QDialog, button: QPushButton, boxes: MessageBoxes) -> bool:
    """The dialog says why: a message in it, a message box, or a button it will not press."""
    shown = [s for s in dialog.findChildren(StatusLabel) if s.isVisible() and s.text()]
    return bool(shown or boxes.shown or not button.isEnabled())


REFUSABLE = sorted(name for name, refusal in REFUSALS.items() if isinstance(refusal, Refused))


@pytest.mark.parametrize("name", REFUSABLE)
def test_a_refusal_keeps_the_size_and_the_button_in_place(
    qtbot: QtBot, admin_ws: Workspace, tmp_path: Path, message_boxes: MessageBoxes, name: str
) -> None:
    refusal = REFUSALS[name]
    assert isinstance(refusal, Refused)
    dialog = DIALOGS[name](_things(admin_ws, tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    wait_for_jobs()
    button = accepting_button(dialog)
    size, place = QSize(dialog.size()), button.mapToGlobal(QPoint(0, 0))
    refusal.fill(dialog, qtbot)
    if button.isEnabled():
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        wait_for_jobs()
    assert dialog.isVisible(), f"{refusal.how} was accepted"
    assert _refusal_said(dialog, button, message_boxes), (
        f"nothing said why {refusal.how} was refused"
    )
    assert (dialog.size(), button.mapToGlobal(QPoint(0, 0))) == (size, place)
    dialog.reject()
