"""Export and import the versioned JSON bundle (format: docs/bundle-format.md and
docs/bundle.schema.json). Import checks everything first and saves nothing if anything is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from marac_desktop.domain.assessments import (
    AssessmentId,
    AssessmentStatus,
    StoredAnswer,
    StoredAssessment,
)
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.people import Person, PersonDetails
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.progress import Progress, quiet
from marac_desktop.domain.records import CaseRecord, PartyRole
from marac_desktop.domain.vocabulary import OTHER
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import Answer, AreaPolicy, AssessmentInput, ProfessionalJudgement
from marac_desktop.risk.flags import FlagRules
from marac_desktop.services import checklists, flags, settings
from marac_desktop.services.bundle_reader import (
    FORMAT,
    MAX_INTEGER,
    VERSION,
    Problems,
    check_bundle,
)
from marac_desktop.services.freeing import free_in_slices
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import assessments_repo, records_repo
from marac_desktop.storage.atomic import atomic_writer

MAX_BUNDLE_BYTES = 512 * 1024 * 1024
MAX_INTEGER_DIGITS = len(str(MAX_INTEGER))
MAX_AGE = 130
STEP_CASES = 200
"""Cases between two reports of how far an export or import is (and two chances to stop)."""
EXPORTING = "Exporting: reading the cases"
IMPORTING = "Importing: saving the cases"
FLAGGING = "Importing: checking the new cases for flags"


class BundleError(InvalidInputError):
    """A bundle with problems; ``problems`` lists every one with where it is."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"The bundle has {len(problems)} problem(s), so nothing was imported; the first is "
            f"{problems[0]}."
        )


@dataclass(frozen=True, slots=True)
class ImportSummary:
    people: int
    cases: int
    incidents: int
    referrals: int
    assessments: int


# ----- export -------------------------------------------------------------------------------


def _typed(code: str, detail: str) -> str:
    """A coded value as the bundle carries it: the code, or for ``other`` the words typed, so
    the importing database codes it again by its own vocabulary."""
    return detail if code == OTHER and detail else code


def _person_json(key: str, details: PersonDetails) -> dict[str, Any]:
    return {
        "id": key,
        "family_name": details.family_name,
        "given_names": details.given_names,
        "aliases": [
            {"family_name": a.family_name, "given_names": a.given_names} for a in details.aliases
        ],
        "date_of_birth": details.date_of_birth.isoformat() if details.date_of_birth else None,
        "dob_precision": details.dob_precision.value,
        "other_dobs": [d.isoformat() for d in details.other_dobs],
        **{
            k: _typed(getattr(details, k), getattr(details, f"{k}_detail"))
            for k in ("gender", "ethnicity", "sexuality")
        },
        **{
            k: getattr(details, k)
            for k in (
                "disability",
                "language",
                "interpreter_needed",
                "address",
                "postcode",
                "phone",
                "safe_to_call",
                "contact_notes",
            )
        },
    }


def _assessment_json(case_key: str, stored: StoredAssessment) -> dict[str, Any]:
    return {
        "case": case_key,
        "status": stored.status.value,
        "form": stored.form_id,
        "form_version": stored.form_version,
        "model": stored.model_id,
        "model_version": stored.model_version,
        "assessment_date": stored.assessment_date.isoformat(),
        "assessor": stored.assessor,
        "victim_age": stored.victim_age,
        "incident_dates": [d.isoformat() for d in stored.incident_dates],
        "last_marac_referral": (
            stored.last_marac_referral.isoformat() if stored.last_marac_referral else None
        ),
        "concerns": list(stored.concerns),
        "professional_judgement": (
            {"raised": stored.judgement_raised, "reason": stored.judgement_reason}
            if stored.judgement_raised or stored.judgement_reason
            else None
        ),
        "policy": json.loads(stored.policy_json),
        "answers": [
            {
                "form": a.form_id,
                "form_version": a.form_version,
                "question": a.question_id,
                "answer": a.answer,
                "text": a.text,
                "comment": a.comment,
                "source": a.source,
                "options": list(a.options),
            }
            for a in stored.answers
        ],
    }


def _parties(record: CaseRecord, role: PartyRole) -> list[dict[str, str]]:
    return [
        {"person": f"p{p.person.id}", "relationship": _typed(p.relationship, p.relationship_detail)}
        for p in record.parties
        if p.role is role
    ]


def _case_records(
    session: Session, case_ids: list[int], people: dict[PersonId, Person], progress: Progress
) -> Iterator[CaseRecord]:
    """Every case's record, read ``STEP_CASES`` at a time with a chance to stop between."""
    for start in range(0, len(case_ids), STEP_CASES):
        progress.step(start, len(case_ids), EXPORTING)
        yield from records_repo.case_records(session, case_ids[start : start + STEP_CASES], people)


def _document(workspace: Workspace, progress: Progress | None = None) -> dict[str, Any]:
    progress = quiet(progress)
    with workspace.transaction() as session:
        people = records_repo.all_people(session)
        case_ids = records_repo.case_ids(session)
        stored = assessments_repo.for_cases(session, case_ids)
        cases, incidents, referrals, assessments = [], [], [], []
        by_id = {p.id: p for p in people}
        for record in _case_records(session, case_ids, by_id, progress):
            key = f"c{record.id}"

            cases.append(
                {
                    "id": key,
                    "reference": record.reference,
                    "victim": f"p{record.victim.id}",
                    "perpetrators": _parties(record, PartyRole.PERPETRATOR),
                    "children": _parties(record, PartyRole.CHILD),
                    "idvas": [
                        {
                            "name": a.name,
                            "allocated_on": a.allocated_on.isoformat(),
                            "ended_on": a.ended_on.isoformat() if a.ended_on else None,
                        }
                        for a in record.idvas
                    ],
                }
            )
            incidents += [
                {
                    "case": key,
                    "date": i.day.isoformat(),
                    "kind": i.kind.value,
                    "source_agency": _typed(i.source_agency, i.source_agency_detail),
                    "reported_to_police": i.reported_to_police,
                }
                for i in record.incidents
            ]
            referrals += [
                {
                    "case": key,
                    "date": r.day.isoformat(),
                    "referring_agency": _typed(r.referring_agency, r.referring_agency_detail),
                    "criteria": r.criteria.to_json_dict(),
                    "status": r.status.value,
                    "meeting_date": r.meeting_day.isoformat() if r.meeting_day else None,
                }
                for r in record.referrals
            ]
            assessments += [_assessment_json(key, s) for s in stored.get(record.id, [])]
        progress.step(len(case_ids), len(case_ids), EXPORTING)  # the last chance to stop
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "people": [_person_json(f"p{p.id}", p.details) for p in people],
        "cases": cases,
        "incidents": incidents,
        "referrals": referrals,
        "assessments": assessments,
    }
    by_id.clear()
    free_in_slices(people)  # what was read, now that the document holds it as text
    for case_id in list(stored):
        del stored[case_id]
    return document


def _audit_export(workspace: Workspace, cases: int) -> None:
    workspace.audit(AuditAction.EXPORT, "bundle", detail=f"{cases} case(s)")


@requires(Permission.BACK_UP)
def export_bundle(workspace: Workspace) -> dict[str, Any]:
    """Everything in the case records as one bundle (JSON-ready). Administrators only: it holds
    every record in plain text."""
    document = _document(workspace)
    _audit_export(workspace, len(document["cases"]))
    return document


WRITE_CHUNK = 1 << 20
"""Characters of JSON encoded and written at a time."""
WRITING = "Writing the bundle"


@requires(Permission.BACK_UP)
def write_bundle(workspace: Workspace, destination: Path, progress: Progress | None = None) -> int:
    """Write the bundle atomically, owner-only; audited once it is written. Stopped while the
    cases are read or the file is written, nothing is written.

    The text is encoded and written a piece at a time and the document freed a slice at a
    time: at 250,000 cases joining, encoding or freeing it in one call each held the
    interpreter lock, and so the window, for seconds.
    """
    progress = quiet(progress)
    document = _document(workspace, progress)
    try:
        cases = len(document["cases"])
        with atomic_writer(destination) as handle:
            _write_json(document, handle, progress)
        _audit_export(workspace, cases)
    finally:
        _release(document)
    return cases


def _write_json(document: dict[str, Any], handle: BinaryIO, progress: Progress) -> None:
    """The same text as ``json.dumps(document, ensure_ascii=False, indent=1)``."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=1)
    pieces: list[str] = []
    held = written = 0
    for piece in encoder.iterencode(document):
        pieces.append(piece)
        held += len(piece)
        if held >= WRITE_CHUNK:
            written += handle.write("".join(pieces).encode("utf-8"))
            pieces, held = [], 0
            progress.step(written, 0, WRITING)
    handle.write("".join(pieces).encode("utf-8"))


def _release(document: dict[str, Any]) -> None:
    for key in list(document):
        value = document.pop(key)
        if isinstance(value, list):
            free_in_slices(value)


# ----- import -------------------------------------------------------------------------------

_ASSESSMENT_FIELDS = (
    "case",
    "status",
    "form",
    "form_version",
    "model",
    "model_version",
    "assessment_date",
    "assessor",
    "victim_age",
    "incident_dates",
    "last_marac_referral",
    "concerns",
    "professional_judgement",
    "policy",
    "answers",
)


def _assessment_checker(today: date) -> Callable[[Mapping[str, Any], str, Problems], None]:
    def check(raw: Mapping[str, Any], where: str, problems: Problems) -> None:
        for key in raw:
            if key not in _ASSESSMENT_FIELDS:
                problems.add(f"{where}.{str(key)[:40]}", "is not a recognised field")
        try:
            _assessment_from(raw, CaseId(0), today)
        except InvalidInputError as error:
            problems.add(where, str(error).rstrip("."))
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as error:
            problems.add(where, f"is incomplete or malformed ({type(error).__name__})")

    return check


def _day(value: Any) -> date:
    return date.fromisoformat(value)


def _assessment_from(raw: Mapping[str, Any], case_id: CaseId, today: date) -> StoredAssessment:
    sheet = checklists.checklist(AreaPolicy.from_mapping(raw.get("policy") or {}))
    if raw["form"] != sheet.form.id:
        raise InvalidInputError(f"form must be {sheet.form.id}")
    status = AssessmentStatus(raw["status"])
    forms = {sheet.form.id: sheet.form, **sheet.follow_ons}
    answers: list[StoredAnswer] = []
    for n, item in enumerate(raw.get("answers", [])):
        form = forms.get(item["form"])
        question = form.questions_by_id().get(item["question"]) if form else None
        if question is None:
            raise InvalidInputError(f"answers[{n}] names a question that is not in the form")
        if any(a.form_id == item["form"] and a.question_id == item["question"] for a in answers):
            raise InvalidInputError(f"answers[{n}] answers a question already answered")
        answer = item.get("answer")
        if answer is not None and answer not in tuple(Answer):
            raise InvalidInputError(f"answers[{n}].answer must be yes, no, dont_know or not_asked")
        answers.append(
            StoredAnswer(
                item["form"],
                form.version if form else 0,
                item["question"],
                answer,
                str(item.get("text", "")),
                str(item.get("comment", "")),
                str(item.get("source", "")),
                tuple(str(o) for o in item.get("options", [])),
            )
        )
    judgement = raw.get("professional_judgement")
    age = raw.get("victim_age")
    if age is not None and (type(age) is not int or not 0 <= age <= MAX_AGE):
        raise InvalidInputError(f"victim_age must be a whole number from 0 to {MAX_AGE}")
    concerns = raw.get("concerns", [])
    if not isinstance(concerns, list) or not all(isinstance(c, str) for c in concerns):
        raise InvalidInputError("concerns must be a list of text")
    assessment_date = _day(raw["assessment_date"])
    if assessment_date > today:
        raise InvalidInputError("assessment_date is in the future")
    main = AssessmentInput(
        form_id=sheet.form.id,
        assessment_date=assessment_date,
        answers={
            a.question_id: Answer(a.answer)
            for a in answers
            if a.form_id == sheet.form.id and a.answer is not None
        },
        professional_judgement=(
            ProfessionalJudgement(bool(judgement["raised"]), str(judgement["reason"]))
            if judgement
            else None
        ),
        victim_age=age,
        incident_dates=tuple(_day(d) for d in raw.get("incident_dates", [])),
        last_marac_referral=(
            _day(raw["last_marac_referral"]) if raw.get("last_marac_referral") else None
        ),
        concerns=frozenset(concerns),
    )
    if status is AssessmentStatus.COMPLETED:
        missing = [q for q in sheet.form.risk_factor_ids() if q not in main.answers]
        if missing:
            raise InvalidInputError("a completed assessment must answer every risk factor")
    result = sheet.score(main)
    now = datetime.now(UTC)
    return StoredAssessment(
        id=AssessmentId(0),
        case_id=case_id,
        status=status,
        form_id=sheet.form.id,
        form_version=sheet.form.version,
        model_id=sheet.model.id,
        model_version=sheet.model.version,
        assessment_date=assessment_date,
        assessor=str(raw.get("assessor", ""))[:32],
        victim_age=main.victim_age,
        incident_dates=main.incident_dates,
        last_marac_referral=main.last_marac_referral,
        concerns=tuple(sorted(main.concerns)),
        judgement_raised=bool(judgement and judgement["raised"]),
        judgement_reason=str(judgement["reason"]) if judgement else "",
        level=result.level.value,
        actuarial_level=result.actuarial_level.value,
        yes_count=result.yes_count,
        refer_to_marac=result.refer_to_marac,
        result_json=json.dumps(result.to_json_dict(), ensure_ascii=False),
        policy_json=json.dumps(sheet.policy.to_mapping()),
        created_at=now,
        updated_at=now,
        completed_at=now if status is AssessmentStatus.COMPLETED else None,
        answers=tuple(answers),
    )


class _UnreadableError(ValueError):
    """A JSON value no bundle holds, met while parsing; the text says what it is."""


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _UnreadableError("holds a number too large for any bundle field")
    return int(text)


def _constant(text: str) -> object:
    raise _UnreadableError(f"holds {text}, which is not a JSON number")


def _fields(pairs: list[tuple[str, object]]) -> dict[str, object]:
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise _UnreadableError("has an object that gives the same field twice")
    return fields


def parse_bundle(data: bytes, name: str) -> object:
    """Strict JSON: duplicate fields, NaN/Infinity, huge integers and deep nesting refused."""
    try:
        return json.loads(
            data,
            parse_int=_integer,
            parse_constant=_constant,
            object_pairs_hook=_fields,
        )
    except _UnreadableError as error:
        raise InvalidInputError(f"{name} {error}, so it is not a bundle.") from None
    except RecursionError:
        raise InvalidInputError(f"{name} nests too deeply to be a bundle.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInputError(
            f"{name} is not valid JSON (line {getattr(error, 'lineno', '?')})."
        ) from None


def read_bundle_file(path: Path) -> object:
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise InvalidInputError(f"{path.name} is too large to be a bundle.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInputError(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise InvalidInputError(f"{path.name} is a folder, not a bundle file.") from None
    except PermissionError:
        raise InvalidInputError(f"{path.name} cannot be read (no permission).") from None
    return parse_bundle(data, path.name)


@requires(Permission.IMPORT_RECORDS)
def import_bundle(
    workspace: Workspace,
    document: object,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Check the whole bundle, then save it all in one transaction, or nothing at all (a stop
    rolls the transaction back)."""
    progress = quiet(progress)
    now = today or date.today()
    bundle, problems = check_bundle(document, now, _assessment_checker(now))
    if problems:
        raise BundleError(problems)
    with workspace.transaction() as session:
        person_ids = {
            key: records_repo.add_person(session, details).id
            for key, details in bundle.people.items()
        }
        case_ids: dict[str, int] = {}
        for number, case in enumerate(bundle.cases):
            if number % STEP_CASES == 0:
                progress.step(number, len(bundle.cases), IMPORTING)
            # References are always made here: an outside one could hold a name, and it would
            # reach window titles and the anonymised agenda.
            row = records_repo.new_case(session, person_ids[case.victim])
            case_ids[case.key] = row.id
            for allocation in case.idvas:
                records_repo.add_idva(session, row.id, allocation)
            for role, parties in (
                (PartyRole.PERPETRATOR, case.perpetrators),
                (PartyRole.CHILD, case.children),
            ):
                for person, relation in parties:
                    records_repo.add_party(session, row.id, person_ids[person], role, relation)
        for incident in bundle.incidents:
            records_repo.add_incident(
                session,
                case_ids[incident.case],
                incident.day,
                incident.kind,
                incident.source_agency,
                incident.reported_to_police,
            )
        for referral in bundle.referrals:
            records_repo.add_referral(
                session,
                case_ids[referral.case],
                referral.day,
                referral.agency,
                referral.criteria,
                referral.status,
                referral.meeting_day,
            )
        for case_key, raw in bundle.assessments:
            stored = _assessment_from(raw, CaseId(case_ids[case_key]), now)
            assessments_repo.save(session, stored)
        rules = FlagRules(settings.area_policy(session))
        for number, case_id in enumerate(case_ids.values()):
            if number % STEP_CASES == 0:
                progress.step(number, len(case_ids), FLAGGING)
            flags.refresh_case(session, case_id, rules, now)
        progress.step(len(case_ids), len(case_ids), FLAGGING)  # the last chance to stop
        summary = ImportSummary(
            len(bundle.people),
            len(bundle.cases),
            len(bundle.incidents),
            len(bundle.referrals),
            len(bundle.assessments),
        )
        workspace.record(
            session,
            AuditAction.CREATE,
            "bundle_import",
            detail=f"{summary.cases} case(s), {summary.people} people",
        )
    return summary
