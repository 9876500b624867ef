"""Printing a PDF through pdfium onto a QPrinter, and saving the summary under its case reference
and date."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pypdf
import pytest
from assessment_support import make_case, start
from pytestqt.qtbot import QtBot
from ui_support import wait_for_jobs

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from marac_desktop.errors import UserFacingError
from marac_desktop.services import assessment_reports, assessments
from marac_desktop.services.workspace import Workspace

from marac_desktop.ui import printing
from marac_desktop.ui.assessment import assessments_page
from marac_desktop.ui.assessment.assessments_page import AssessmentsPage, summary_file_name
from marac_desktop.ui.printing import print_pdf


@pytest.fixture
def summary_pdf(admin: Workspace) -> bytes:
    record = start(admin, make_case(admin))
    return assessment_reports.summary_pdf_bytes(admin, record.id)


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_prints_every_page_to_a_pdf_printer(
    qtbot: QtBot, summary_pdf: bytes, tmp_path: Path
) -> None:
    target = tmp_path / "printed.pdf"
    assert print_pdf(None, summary_pdf, _pdf_printer(target)) is True
    assert target.read_bytes().startswith(b"%PDF")
    printed = pypdf.PdfReader(target)
    source = pypdf.PdfReader(io.BytesIO(summary_pdf))
    assert len(printed.pages) == len(source.pages) >= 1
    for page in printed.pages:
        resources = page["/Resources"]
        assert "/XObject" in resources, "each page carries the rendered image"


def test_unreadable_pdf_is_refused_plainly(qtbot: QtBot, tmp_path: Path) -> None:
    with pytest.raises(UserFacingError, match="could not be read; nothing was printed"):
        print_pdf(None, b"not a pdf", _pdf_printer(tmp_path / "never.pdf"))


def test_cancelled_print_dialog_prints_nothing(
    qtbot: QtBot, summary_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Rejected)
    assert print_pdf(None, summary_pdf) is False


def _page_with_assessment(qtbot: QtBot, admin: Workspace) -> AssessmentsPage:
    case = make_case(admin)
    start(admin, case)
    page = AssessmentsPage(admin)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    page.select_case(case.id)
    wait_for_jobs()
    assert page.selected_point() is not None
    return page


def test_save_summary_suggests_the_reference_and_date_and_no_name(
    qtbot: QtBot, admin: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page_with_assessment(qtbot, admin)
    case = page.selected_case()
    assert case is not None
    suggested: list[str] = []

    def choose(_parent: QWidget, _title: str, directory: str, _filter: str) -> tuple[str, str]:
        suggested.append(directory)
        return str(tmp_path / "for the meeting"), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    qtbot.mouseClick(page.save_pdf_button, assessments_page.Qt.MouseButton.LeftButton)
    wait_for_jobs()
    [default] = suggested
    point = page.selected_point()
    assert point is not None
    day = point.assessment_date.isoformat()
    assert Path(default).name == f"{case.reference} risk assessment {day}.pdf"
    for personal in (case.victim.family_name, case.victim.given_names, "1990"):
        assert personal not in default
    saved = tmp_path / "for the meeting.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(saved).pages)
    assert case.reference in text
    assert page.status.text() == f"Summary saved to {saved}."


def test_print_button_prints_the_summary(
    qtbot: QtBot, admin: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page_with_assessment(qtbot, admin)
    target = tmp_path / "sent.pdf"

    def to_file(parent: QWidget | None, pdf: bytes, printer: QPrinter | None = None) -> bool:
        assert printer is None and parent is page
        return printing.print_pdf(parent, pdf, _pdf_printer(target))

    monkeypatch.setattr(assessments_page, "print_pdf", to_file)
    qtbot.mouseClick(page.print_button, assessments_page.Qt.MouseButton.LeftButton)
    wait_for_jobs()
    assert target.read_bytes().startswith(b"%PDF")
    assert page.status.text() == "The summary was sent to the printer."
    point = page.selected_point()
    assert point is not None
    assert assessments.get(admin, point.id).case.id == page.selected_case().id  # type: ignore[union-attr]


def test_print_is_audited_only_when_it_was_sent(
    qtbot: QtBot, admin: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marac_desktop.services import audit

    page = _page_with_assessment(qtbot, admin)
    printed = [False]
    monkeypatch.setattr(assessments_page, "print_pdf", lambda *args: printed[0])

    def prints() -> int:
        return sum(1 for e in audit.recent_entries(admin) if e.action == "print")

    qtbot.mouseClick(page.print_button, assessments_page.Qt.MouseButton.LeftButton)
    wait_for_jobs()
    assert prints() == 0
    printed[0] = True
    qtbot.mouseClick(page.print_button, assessments_page.Qt.MouseButton.LeftButton)
    wait_for_jobs()
    assert prints() == 1


def test_a_file_name_keeps_only_the_reference_and_date() -> None:
    day = date(2026, 12, 1)
    assert summary_file_name("C-000123", day) == "C-000123 risk assessment 2026-12-01.pdf"
    assert summary_file_name("../x/C 9", day) == "x-C-9 risk assessment 2026-12-01.pdf"
    assert summary_file_name("//", day) == "case risk assessment 2026-12-01.pdf"
