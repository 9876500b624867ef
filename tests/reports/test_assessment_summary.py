"""The one-page assessment summary: content, scripts, metadata and atomic writing."""

from __future__ import annotations

import io
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from marac_desktop.domain.cases import CaseSummary
from marac_desktop.risk import Answer, AnswerNote, AssessmentInput, ProfessionalJudgement
from marac_desktop.services import assessment_reports, assessments, audit
from marac_desktop.services.workspace import Workspace

TODAY = date(2026, 11, 20)
NAMES = {
    "arabic": ("الزهراء", "فاطمة"),
    "chinese": ("王", "秀英"),
    "polish": ("Wójcik-Łukasiewicz", "Zofia"),
}


def _completed(ws: Workspace, family: str, given: str) -> tuple[CaseSummary, int]:
    case = assessments.create_case(ws, family, given, date(1988, 6, 1))
    record = assessments.start(ws, case.id, TODAY, today=TODAY)
    answers = {f"q{n}": (Answer.YES if n <= 11 else Answer.NO) for n in range(1, 25)}
    answers["q24"] = Answer.DONT_KNOW
    main = AssessmentInput(
        "dash",
        TODAY,
        answers,
        victim_age=38,
        professional_judgement=ProfessionalJudgement(True, "He has found her new address."),
        notes={"q1": AnswerNote("Bruised wrist", "police officer")},
        texts={"own_safety_priorities": "Keeping the children at their school."},
    )
    stalking = {"stalking": AssessmentInput("stalking", TODAY, {"s1": Answer.YES})}
    done = assessments.complete(ws, record.id, main, stalking, today=TODAY)
    return case, done.id


def _text(pdf: bytes) -> tuple[str, dict[str, str], int]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text, dict(reader.metadata or {}), len(reader.pages)


@pytest.mark.parametrize("script", sorted(NAMES))
def test_summary_content_and_metadata(admin: Workspace, tmp_path: Path, script: str) -> None:
    family, given = NAMES[script]
    case, assessment_id = _completed(admin, family, given)
    out = tmp_path / "summary.pdf"
    assessment_reports.save_summary_pdf(admin, assessment_id, out)
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and out.stat().st_mode & 0o077 == 0
    text, metadata, pages = _text(pdf)
    assert pages == 1
    flat = " ".join(text.split())
    for expected in (
        "Risk assessment summary",
        "OFFICIAL-SENSITIVE",
        case.reference,
        "HIGH RISK",
        "11 of 24",
        "Raised by professional judgement",
        "Refer to MARAC: yes",
        "He has found her new address.",
        "Bruised wrist",
        "source: police officer",
        "Keeping the children at their school.",
        "Stalking and harassment questions: 1 of 11",
        "01 Jun 1988",
    ):
        assert expected in flat, expected
    # Arabic is drawn in joined presentation forms; NFKC maps them back to the letters.
    readable = unicodedata.normalize("NFKC", flat)
    assert given in readable and family in readable
    for value in metadata.values():
        assert family not in str(value) and given not in str(value)
    assert metadata.get("/Title") == "Risk assessment summary"
    assert any(e.action == "export" for e in audit.recent_entries(admin))


def test_draft_is_marked(admin: Workspace) -> None:
    case = assessments.create_case(admin, "Nowak", "Ola", None)
    record = assessments.start(admin, case.id, TODAY, today=TODAY)
    text, _, _ = _text(assessment_reports.summary_pdf_bytes(admin, record.id))
    assert "Draft – not final" in text and "DRAFT" in text and "not recorded" in text


def test_failed_write_leaves_nothing(
    admin: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, assessment_id = _completed(admin, "Okafor", "Ada")
    target = tmp_path / "out" / "summary.pdf"
    target.parent.mkdir()
    target.write_bytes(b"the previous file")

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    with pytest.raises(Exception, match="disk is full"):
        assessment_reports.save_summary_pdf(admin, assessment_id, target)
    assert target.read_bytes() == b"the previous file"
    assert [p.name for p in target.parent.iterdir()] == ["summary.pdf"]
