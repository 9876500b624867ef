"""Render the assessment screens to PNG files, to look at (not a test; run it by hand).

    python tests/ui/assessment/render_wizard.py [FOLDER]     (default /tmp/marac-renders/wizard)

Uses a throwaway database with synthetic victims whose names are in Arabic and Chinese script.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SCRATCH = Path(tempfile.mkdtemp(prefix="marac-render-"))
os.environ.setdefault("MARAC_DESKTOP_DATA_DIR", str(_SCRATCH / "data"))
os.environ.setdefault("MARAC_DESKTOP_LOG_DIR", str(_SCRATCH / "logs"))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from marac_desktop.domain.key_derivation import TEST_KDF  # noqa: E402
from marac_desktop.paths import resource_path  # noqa: E402
from marac_desktop.risk import (  # noqa: E402
    Answer,
    AnswerNote,
    AssessmentInput,
)
from marac_desktop.services import access, assessments  # noqa: E402
from marac_desktop.services.workspace import Workspace  # noqa: E402

from marac_desktop.ui import background  # noqa: E402
from marac_desktop.ui.fonts import load_bundled_fonts, use_bundled_fonts  # noqa: E402

DEFAULT_FOLDER = Path("/tmp/marac-renders/wizard")
RISK_FACTORS = [f"q{n}" for n in range(1, 25)]


def _answers(yes: list[str]) -> dict[str, Answer]:
    return {q: Answer.YES if q in yes else Answer.NO for q in RISK_FACTORS}


def _history(workspace: Workspace, case_id: int, today: date) -> None:
    """Three completed assessments that rise from standard to high, and one draft."""
    plans = [
        (today - timedelta(days=300), ["q1", "q2", "q5", "q12", "q20"], None),
        (
            today - timedelta(days=150),
            [f"q{n}" for n in (1, 2, 3, 5, 6, 10, 11, 12, 20, 21, 24)],
            None,
        ),
        (today - timedelta(days=40), [f"q{n}" for n in range(1, 16)], None),
        (today - timedelta(days=3), ["q1", "q2", "q6", "q8"], "draft"),
    ]
    for day, yes, kind in plans:
        record = assessments.start(workspace, case_id, day)
        main = AssessmentInput(
            form_id="dash",
            assessment_date=day,
            answers=_answers(yes) if kind is None else {q: Answer.YES for q in yes},
            victim_age=record.main.victim_age,
            notes={"q2": AnswerNote("Says she cannot sleep for fear.", "")},
        )
        if kind is None:
            assessments.complete(workspace, record.id, main, {})
        else:
            assessments.save_draft(workspace, record.id, main, {})


def _save(widget: QWidget, folder: Path, name: str) -> Path:
    background.runner().wait()  # what the page is reading, then its result
    QApplication.processEvents()
    QApplication.processEvents()
    path = folder / name
    widget.grab().save(str(path))
    print(path)
    return path


def main(folder: Path) -> None:
    application = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(application, QApplication)
    use_bundled_fonts(application, load_bundled_fonts(resource_path("fonts")))

    from marac_desktop.ui.assessment.assessments_page import AssessmentsPage
    from marac_desktop.ui.assessment.new_victim_dialog import NewVictimDialog
    from marac_desktop.ui.assessment.wizard import AssessmentWizard

    folder.mkdir(parents=True, exist_ok=True)
    database = _SCRATCH / "render.db"
    access.create_database(database, "idva.demo", "quiet lantern test phrase", kdf=TEST_KDF)
    workspace = access.unlock(database, "idva.demo", "quiet lantern test phrase")
    today = date.today()
    arabic = assessments.create_case(workspace, "الزهراء", "فاطمة", date(1991, 5, 17))
    chinese = assessments.create_case(workspace, "王", "秀英", date(1986, 11, 2))
    assessments.create_case(workspace, "Wiśniewska", "Zofia Łucja", None)
    _history(workspace, arabic.id, today)

    page = AssessmentsPage(workspace)
    page.resize(1240, 780)
    page.show()
    page.refresh()
    page.select_case(arabic.id)
    _save(page, folder, "01-assessments-page.png")

    dialog = NewVictimDialog(workspace)
    dialog.person_fields.family_name_edit.setText("王")
    dialog.person_fields.given_names_edit.setText("秀英")
    dialog.show()
    _save(dialog, folder, "02-new-victim-dialog.png")
    dialog.close()

    record = assessments.start(workspace, chinese.id, today)
    wizard = AssessmentWizard(workspace, record)
    wizard.show()
    context = wizard.context_page
    for days in (200, 90, 12):
        context.incident_edit.set_value(record.main.assessment_date - timedelta(days=days))
        context.add_incident_button.click()
    context.concern_boxes["children_in_household"].click()
    _save(wizard, folder, "03-context-page.png")

    yes = {f"q{n}" for n in (1, 2, 3, 6, 8, 10, 11, 12, 13, 14, 15, 18, 20, 23)}
    for section in wizard.section_pages:
        for question in section.risk_questions:
            question.answers.choose(Answer.YES if question.question.id in yes else Answer.NO)
    first = wizard.section_pages[0]
    first.risk_questions[1].comment_edit.setText("I am frightened all the time.")
    first.risk_questions[2].option_boxes["victim"].click()
    first.risk_questions[2].option_boxes["children"].click()
    wizard.go_to_page(first)
    first.first_focus()
    _save(wizard, folder, "04-section-page-high.png")

    stalking = wizard.follow_on_pages["stalking"][0]
    wizard.go_to_page(stalking)
    for question in stalking.risk_questions[:4]:
        question.answers.choose(Answer.YES)
    _save(wizard, folder, "05-stalking-follow-on.png")

    wizard.go_to_page(wizard.follow_on_pages["children-dependants"][0])
    _save(wizard, folder, "06-children-follow-on.png")

    wizard.go_to_page(wizard.judgement_page)
    _save(wizard, folder, "07-judgement-page-high.png")

    wizard.save_draft()
    wizard.close()

    medium = assessments.start(workspace, chinese.id, today)
    judged = AssessmentWizard(workspace, medium)
    judged.show()
    nine = {f"q{n}" for n in (1, 2, 3, 5, 10, 11, 12, 20, 21)}
    for section in judged.section_pages:
        for question in section.risk_questions:
            question.answers.choose(Answer.YES if question.question.id in nine else Answer.NO)
    judged.go_to_page(judged.judgement_page)
    judged.judgement_page.raise_box.click()
    _save(judged, folder, "08-judgement-needs-reason.png")
    judged.judgement_page.reason_edit.setPlainText(
        "She describes recent threats with a knife that she has not yet disclosed to police."
    )
    _save(judged, folder, "09-judgement-raised.png")
    judged.done(0)  # close without the "lose changes?" question

    latest = assessments.level_history(workspace, arabic.id)[-2]
    read_only = AssessmentWizard(workspace, assessments.get(workspace, latest.id))
    read_only.show()
    read_only.go_to_page(read_only.section_pages[3])
    _save(read_only, folder, "10-read-only-completed.png")
    read_only.go_to_page(read_only.section_pages[0])
    _save(read_only, folder, "11-read-only-first-section.png")
    read_only.close()

    page.refresh()
    page.select_case(chinese.id)
    _save(page, folder, "12-assessments-page-chinese.png")
    workspace.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER)
