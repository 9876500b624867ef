"""The dialogs that mention an age, a window or a count say what the stored area policy says."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import Criterion
from marac_desktop.domain.people import PersonDetails
from marac_desktop.risk import AreaPolicy
from marac_desktop.services import records, settings
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.assessment.new_victim_dialog import NewVictimDialog
from marac_desktop.ui.cases.referral_dialog import ReferralDialog
from marac_desktop.ui.widgets.dates import to_qdate

TODAY = date(2026, 3, 6)


def _dialog(qtbot: QtBot, workspace: Workspace) -> NewVictimDialog:
    dialog = NewVictimDialog(workspace, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _born(dialog: NewVictimDialog, day: date) -> bool:
    """Enter the date of birth; whether the dialog then warns about the minimum age."""
    dialog.birth_unknown_box.setChecked(False)
    dialog.birth_edit.setDate(to_qdate(day))
    return dialog.age_note.isVisible()


@pytest.mark.parametrize("minimum", [16, 18])
def test_new_victim_dialog_uses_the_areas_minimum_age(
    qtbot: QtBot, admin_ws: Workspace, minimum: int
) -> None:
    settings.save_policy(admin_ws, AreaPolicy(minimum_victim_age=minimum))
    dialog = _dialog(qtbot, admin_ws)
    words = " ".join(label.text() for label in dialog.findChildren(type(dialog.age_note)))
    assert f"victims under {minimum} go to children's services" in words
    assert "under 16" not in words or minimum == 16
    just_old_enough = date(TODAY.year - minimum, TODAY.month, TODAY.day)
    one_day_short = date(TODAY.year - minimum, TODAY.month, TODAY.day + 1)
    assert not _born(dialog, just_old_enough)
    assert _born(dialog, one_day_short)
    assert f"Aged {minimum - 1} today, under the minimum age of {minimum}" in dialog.age_note.text()
    dialog.birth_unknown_box.setChecked(True)
    assert not dialog.age_note.isVisible()


def test_referral_tick_boxes_give_the_areas_figures(qtbot: QtBot, admin_ws: Workspace) -> None:
    policy = AreaPolicy(
        high_threshold=15, escalation_incidents=4, escalation_window_days=200, repeat_window_days=90
    )
    settings.save_policy(admin_ws, policy)
    case = records.open_case(admin_ws, PersonDetails("Okafor", "Test"), today=TODAY)
    dialog = ReferralDialog(admin_ws, CaseId(case.id), today=TODAY)
    qtbot.addWidget(dialog)
    boxes = {c: box.text() for c, box in dialog.fields.criteria_boxes.items()}
    assert list(boxes) == list(Criterion)
    assert "15 or more yes answers" in boxes[Criterion.VISIBLE_HIGH_RISK]
    assert "4 or more incidents within 200 days" in boxes[Criterion.POTENTIAL_ESCALATION]
    assert "within 90 days of the last MARAC referral" in boxes[Criterion.REPEAT]
    assert "12 months" not in " ".join(boxes.values())
