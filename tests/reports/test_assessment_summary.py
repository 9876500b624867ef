"""The assessment summary: every answer in full, scripts, page furniture, metadata and atomic
writing."""

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
        "Source: police officer",
        "Keeping the children at their school.",
        "Stalking and harassment questions 1 of 11 answered yes.",
        "1 Jun 1988",
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


LONG_WORDS = " ".join(
    f"Sentence {n} of what she said: he waits by the school gate and follows the bus home."
    for n in range(1, 61)
)
FEAR_COMMENT = "Afraid he will take the children to his brother's flat and not bring them back"
SUB_ANSWERS = ("You", "The children", "Drugs", "Alcohol", "Bail conditions")


def _full(ws: Workspace) -> tuple[CaseSummary, int]:
    """A completed assessment with something in every kind of field."""
    case = assessments.create_case(ws, "Kowalczyk", "Marta", date(1990, 3, 4))
    record = assessments.start(ws, case.id, TODAY, today=TODAY)
    answers = {f"q{n}": Answer.NO for n in range(1, 25)}
    answers |= {q: Answer.YES for q in ("q3", "q8", "q21", "q23")}
    main = AssessmentInput(
        "dash",
        TODAY,
        answers,
        victim_age=36,
        incident_dates=(date(2026, 10, 2), date(2026, 11, 14)),
        notes={
            "q3": AnswerNote(FEAR_COMMENT, "", ("victim", "children")),
            "q21": AnswerNote("", "probation officer", ("drugs", "alcohol")),
            "q23": AnswerNote("Went to her mother's house", "", ("bail",)),
        },
        texts={"own_fears": LONG_WORDS, "other_information": "Needs a Polish interpreter."},
    )
    stalking = AssessmentInput(
        "stalking",
        TODAY,
        {"s1": Answer.YES, "s2": Answer.NO, "s5": Answer.DONT_KNOW},
        notes={"s1": AnswerNote("Forty texts a day from new numbers", "the victim")},
    )
    done = assessments.complete(ws, record.id, main, {"stalking": stalking}, today=TODAY)
    return case, done.id


def _flat(pdf: bytes) -> str:
    return " ".join(_text(pdf)[0].split())


def test_every_answer_is_printed_in_full(admin: Workspace) -> None:
    case, assessment_id = _full(admin)
    flat = _flat(assessment_reports.summary_pdf_bytes(admin, assessment_id))
    for expected in (
        *SUB_ANSWERS,
        f"Comment: {FEAR_COMMENT}",
        "Source: probation officer",
        "Comment: Went to her mother's house",
        LONG_WORDS,
        "Needs a Polish interpreter.",
        "Incident dates: 2 Oct 2026; 14 Nov 2026",
        "Stalking and harassment questions 1 of 11 answered yes.",
        "Comment: Forty texts a day from new numbers",
        "Source: the victim",
        "Have they stalked or harassed you, or anyone else, before? – No",
        "– Don't know",
    ):
        assert expected in flat, expected
    assert "Ticked: You; The children" in flat
    assert "Ticked: Drugs; Alcohol" in flat


def test_a_long_summary_flows_onto_numbered_pages(admin: Workspace) -> None:
    case, assessment_id = _full(admin)
    reader = PdfReader(io.BytesIO(assessment_reports.summary_pdf_bytes(admin, assessment_id)))
    total = len(reader.pages)
    assert total >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {total}" in text
        assert case.reference in text
        assert text.count("OFFICIAL-SENSITIVE") == 2


def test_the_assessor_is_named_by_their_display_name(admin: Workspace) -> None:
    _, assessment_id = _full(admin)
    flat = _flat(assessment_reports.summary_pdf_bytes(admin, assessment_id))
    assert "Assessor Test Administrator" in flat


FOLLOW_ON_PROMPT = "Ask the follow-on questions on stalking"


def _stalking_yes(ws: Workspace, follow_ons: dict[str, AssessmentInput], done: bool) -> bytes:
    case = assessments.create_case(ws, "Nowak", "Ewa", date(1985, 1, 1))
    record = assessments.start(ws, case.id, TODAY, today=TODAY)
    answers = {f"q{n}": Answer.NO for n in range(1, 25)} | {"q8": Answer.YES}
    main = AssessmentInput("dash", TODAY, answers, victim_age=41)
    save = assessments.complete if done else assessments.save_draft
    saved = save(ws, record.id, main, follow_ons, today=TODAY)
    return assessment_reports.summary_pdf_bytes(ws, saved.id)


def test_follow_on_prompt_only_while_the_questions_are_to_be_asked(admin: Workspace) -> None:
    stalking = {"stalking": AssessmentInput("stalking", TODAY, {"s1": Answer.YES})}
    assert FOLLOW_ON_PROMPT in _flat(_stalking_yes(admin, {}, done=False))
    assert FOLLOW_ON_PROMPT not in _flat(_stalking_yes(admin, stalking, done=False))
    assert FOLLOW_ON_PROMPT not in _flat(_stalking_yes(admin, stalking, done=True))
    unasked = _flat(_stalking_yes(admin, {}, done=True))
    assert FOLLOW_ON_PROMPT not in unasked
    assert "Stalking and harassment questions These questions were not asked." in unasked
