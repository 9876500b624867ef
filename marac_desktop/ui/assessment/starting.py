"""Starting an assessment of a case, the same way from the Assessments page and from the case:
ask its date, start the draft (filled in from the case), open the checklist."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from marac_desktop.domain.cases import CaseId
from marac_desktop.errors import UserFacingError
from marac_desktop.services import assessments
from marac_desktop.services.assessments import AssessmentRecord

from marac_desktop.ui.assessment.assessment_date_dialog import AssessmentDateDialog
from marac_desktop.ui.assessment.wizard import AssessmentWizard
from marac_desktop.ui.busy import busy_cursor
from marac_desktop.ui.messages import show_user_error

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace


def ask_and_start(
    workspace: Workspace, case_id: CaseId, parent: QWidget, today: date | None = None
) -> AssessmentRecord | None:
    """Ask the assessment's date and start the draft; None if cancelled or refused (the
    refusal is shown)."""
    dialog = AssessmentDateDialog(parent, today)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    try:
        with busy_cursor():
            return assessments.start(workspace, case_id, dialog.assessment_date(), today)
    except UserFacingError as error:
        show_user_error(parent, error)
        return None


def open_wizard(
    workspace: Workspace, record: AssessmentRecord, parent: QWidget
) -> AssessmentWizard:
    """The checklist for ``record``, opened over ``parent`` (it stays until closed)."""
    wizard = AssessmentWizard(workspace, record, parent)
    wizard.open()
    return wizard
