"""A completed checklist as input to scoring, and the strict reader of its JSON form.

The JSON layout is documented in ``forms/README.md`` ("Answers files"). Every problem becomes an
InvalidInputError with one sentence that names the field, such as ``answers.q25``. Messages never
repeat free text from the file (it may be case data).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from marac_desktop.errors import InvalidInputError
from marac_desktop.risk.codes import Answer, QuestionKind
from marac_desktop.risk.definition_reader import FILE_ID
from marac_desktop.risk.forms import FormDefinition, Question

__all__ = [
    "Answer",
    "AnswerNote",
    "AssessmentInput",
    "ProfessionalJudgement",
    "parse_answers_json",
]

MAX_VICTIM_AGE = 120
EARLIEST_YEAR = 1900
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FIELDS = frozenset(
    {
        "form",
        "form_version",
        "model",
        "assessment_date",
        "answers",
        "concerns",
        "professional_judgement",
        "victim_age",
        "incident_dates",
        "last_marac_referral",
    }
)
_ANSWERS = frozenset(Answer)
_ANSWER_CHOICES = "yes, no, dont_know or not_asked"


@dataclass(frozen=True, slots=True)
class ProfessionalJudgement:
    """The practitioner's own view; when raised it lifts the level to high, never lowers it."""

    raised: bool
    reason: str

    def __post_init__(self) -> None:
        if self.raised and not self.reason.strip():
            raise _error(
                "professional_judgement.reason",
                "write down the reason whenever professional judgement is raised",
            )


@dataclass(frozen=True, slots=True)
class AnswerNote:
    """What was said beside a risk-factor answer."""

    comment: str = ""
    source: str = ""
    """Who gave the information, when it was not the victim."""
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    form_id: str
    assessment_date: date
    answers: Mapping[str, Answer]
    """Risk-factor answers by question id; a question left out has no answer."""
    professional_judgement: ProfessionalJudgement | None = None
    victim_age: int | None = None
    incident_dates: tuple[date, ...] = ()
    last_marac_referral: date | None = None
    concerns: frozenset[str] = frozenset()
    notes: Mapping[str, AnswerNote] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)
    """Answers to free-text questions by question id."""
    model_id: str | None = None
    """The risk model to use, when the form has more than one."""


def parse_answers_json(
    data: Mapping[str, object], forms: Mapping[str, FormDefinition], today: date
) -> AssessmentInput:
    if not isinstance(data, Mapping):
        raise InvalidInputError("The answers must be one JSON object {...}.")
    for key in data:
        if key not in _FIELDS:
            raise _error(key, f"this field is not recognised; use {', '.join(sorted(_FIELDS))}")
    form = _form(data, forms)
    assessment_date = _date(data.get("assessment_date"), "assessment_date", None)
    if assessment_date > today:
        raise _error(
            "assessment_date", "the date is in the future; use the day the checklist was done"
        )
    answers, notes, texts = _answers(data.get("answers"), form)
    incident_dates = data.get("incident_dates", [])
    if not isinstance(incident_dates, list):
        raise _error("incident_dates", "give a list of dates written as YYYY-MM-DD")
    referral = data.get("last_marac_referral")
    return AssessmentInput(
        form_id=form.id,
        assessment_date=assessment_date,
        answers=answers,
        professional_judgement=_judgement(data.get("professional_judgement")),
        victim_age=_age(data.get("victim_age")),
        incident_dates=tuple(
            _date(value, f"incident_dates[{index}]", assessment_date)
            for index, value in enumerate(incident_dates)
        ),
        last_marac_referral=(
            None if referral is None else _date(referral, "last_marac_referral", assessment_date)
        ),
        concerns=_concerns(data.get("concerns", []), form),
        notes=notes,
        texts=texts,
        model_id=_model(data.get("model")),
    )


def _error(name: str, problem: str) -> InvalidInputError:
    return InvalidInputError(f"Field '{_printable(name)}': {problem}.")


def _printable(name: str) -> str:
    """A field name from the file, made safe and short enough to show."""
    shown = "".join(c if c.isprintable() else "?" for c in str(name))
    return shown if len(shown) <= 40 else shown[:39] + "…"


def _form(data: Mapping[str, object], forms: Mapping[str, FormDefinition]) -> FormDefinition:
    form_id = data.get("form")
    if not isinstance(form_id, str):
        raise _error("form", "give the id of the form these answers belong to, such as dash")
    form = forms.get(form_id)
    if form is None:
        raise _error("form", f"there is no form {_printable(form_id)}; use {', '.join(forms)}")
    if "form_version" in data:
        version = data["form_version"]
        if type(version) is not int:
            raise _error("form_version", "give a whole number")
        if version != form.version:
            raise _error(
                "form_version",
                f"these answers are for version {version} of form {form.id}, "
                f"but version {form.version} is installed",
            )
    return form


def _model(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 64 or not FILE_ID.fullmatch(value):
        raise _error("model", "give the id of a risk model, such as dash-safelives")
    return value


def _date(value: object, name: str, latest: date | None) -> date:
    if value is None:
        raise _error(name, "the date is missing; write it as YYYY-MM-DD")
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise _error(name, "write the date as YYYY-MM-DD")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise _error(name, "this is not a real date; write it as YYYY-MM-DD") from None
    if parsed.year < EARLIEST_YEAR:
        raise _error(name, f"the date is before {EARLIEST_YEAR}")
    if latest is not None and parsed > latest:
        raise _error(name, "the date is after the assessment date")
    return parsed


def _answers(
    value: object, form: FormDefinition
) -> tuple[dict[str, Answer], dict[str, AnswerNote], dict[str, str]]:
    if value is None:
        raise _error("answers", "the answers are missing; give an object of question ids")
    if not isinstance(value, Mapping):
        raise _error("answers", "give an object that maps question ids to answers")
    questions = form.questions_by_id()
    answers: dict[str, Answer] = {}
    notes: dict[str, AnswerNote] = {}
    texts: dict[str, str] = {}
    for key, item in value.items():
        name = f"answers.{key}"
        question = questions.get(key)
        if question is None:
            raise _error(name, f"there is no question {_printable(key)} in form {form.id}")
        if item is None:
            continue
        if question.kind is QuestionKind.TEXT:
            if not isinstance(item, str):
                raise _error(name, "this question takes free text")
            texts[key] = item
            continue
        answers[key], note = _risk_answer(item, question, name)
        if note != AnswerNote():
            notes[key] = note
    return answers, notes, texts


def _risk_answer(item: object, question: Question, name: str) -> tuple[Answer, AnswerNote]:
    if not isinstance(item, Mapping):
        return _answer(item, name), AnswerNote()
    for key in item:
        if key not in ("answer", "comment", "source", "options"):
            raise _error(f"{name}.{key}", "use only answer, comment, source and options")
    note = AnswerNote(
        comment=_text(item.get("comment", ""), f"{name}.comment"),
        source=_text(item.get("source", ""), f"{name}.source"),
        options=_options(item.get("options", []), question, f"{name}.options"),
    )
    return _answer(item.get("answer"), f"{name}.answer"), note


def _answer(value: object, name: str) -> Answer:
    if isinstance(value, str) and value in _ANSWERS:
        return Answer(value)
    raise _error(name, f"the answer must be {_ANSWER_CHOICES}")


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise _error(name, "give text")
    return value


def _options(value: object, question: Question, name: str) -> tuple[str, ...]:
    known = [option.id for option in question.options]
    if not isinstance(value, list):
        raise _error(name, "give a list of option ids")
    for index, option in enumerate(value):
        if not isinstance(option, str) or option not in known:
            problem = f"choose from {', '.join(known)}" if known else "this question has no options"
            raise _error(f"{name}[{index}]", problem)
    return tuple(dict.fromkeys(value))


def _judgement(value: object) -> ProfessionalJudgement | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise _error("professional_judgement", 'give {"raised": true, "reason": "..."} or null')
    for key in value:
        if key not in ("raised", "reason"):
            raise _error(f"professional_judgement.{key}", "use only raised and reason")
    raised = value.get("raised")
    if not isinstance(raised, bool):
        raise _error("professional_judgement.raised", "give true or false")
    reason = _text(value.get("reason", ""), "professional_judgement.reason")
    return ProfessionalJudgement(raised=raised, reason=reason.strip())


def _age(value: object) -> int | None:
    if value is None:
        return None
    if type(value) is not int or not 0 <= value <= MAX_VICTIM_AGE:
        raise _error("victim_age", f"give the age in whole years, from 0 to {MAX_VICTIM_AGE}")
    return value


def _concerns(value: object, form: FormDefinition) -> frozenset[str]:
    if not isinstance(value, list):
        raise _error("concerns", "give a list of concern ids")
    known = [concern.id for concern in form.concerns]
    for index, concern in enumerate(value):
        if not isinstance(concern, str) or concern not in known:
            problem = f"choose from {', '.join(known)}" if known else "this form has no concerns"
            raise _error(f"concerns[{index}]", problem)
    return frozenset(value)
