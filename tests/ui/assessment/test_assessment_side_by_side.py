"""Two people with the same checklist open: the later save over a newer one is refused in a
sentence, and neither what was typed on screen nor what the other saved is lost."""

from __future__ import annotations

from assessment_support import answer_by_clicking, make_case, risk_question, start
from pytestqt.qtbot import QtBot
from ui_support import MessageBoxes

from marac_desktop.risk import Answer
from marac_desktop.services import assessments
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui.assessment.wizard import AssessmentWizard

REFUSAL_END = "; your changes are still here — look at theirs, then save again."


def _wizard(qtbot: QtBot, workspace: Workspace, assessment_id: int) -> AssessmentWizard:
    wizard = AssessmentWizard(workspace, assessments.get(workspace, assessment_id))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def test_the_second_save_is_refused_and_keeps_what_was_typed(
    qtbot: QtBot, admin_ws: Workspace, idva_ws: Workspace, message_boxes: MessageBoxes
) -> None:
    draft = start(admin_ws, make_case(admin_ws))
    mine = _wizard(qtbot, idva_ws, draft.id)
    theirs = _wizard(qtbot, admin_ws, draft.id)

    answer_by_clicking(qtbot, theirs, {"q1": Answer.YES})
    qtbot.keyClicks(risk_question(theirs, "q1").comment_edit, "Saved first at the other desk")
    assert theirs.save_draft()

    answer_by_clicking(qtbot, mine, {"q1": Answer.NO, "q2": Answer.YES})
    qtbot.keyClicks(risk_question(mine, "q2").comment_edit, "Typed at this desk")
    assert not mine.save_draft()

    [refusal] = message_boxes.texts("warning")
    assert refusal.startswith("Alex Admin changed this checklist at ")
    assert refusal.endswith(REFUSAL_END)
    assert risk_question(mine, "q1").answer() is Answer.NO
    assert risk_question(mine, "q2").answer() is Answer.YES
    assert risk_question(mine, "q2").comment_edit.text() == "Typed at this desk"
    stored = assessments.get(idva_ws, draft.id).main
    assert stored.answers == {"q1": Answer.YES}
    assert stored.notes["q1"].comment == "Saved first at the other desk"

    # Having been told, saving again saves this desk's answers over theirs.
    assert mine.save_draft()
    assert assessments.get(admin_ws, draft.id).main.answers == {
        "q1": Answer.NO,
        "q2": Answer.YES,
    }
    assert len(message_boxes.texts("warning")) == 1
