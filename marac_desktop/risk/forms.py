"""Questionnaires as data: load and validate ``forms/*.toml`` into frozen dataclasses.

The format is described in ``forms/README.md``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from marac_desktop.risk.codes import Answer, QuestionKind
from marac_desktop.risk.definition_reader import (
    FILE_ID,
    Table,
    Where,
    check_file_name,
    check_keys,
    check_unique,
    get_bool,
    get_id,
    get_int,
    get_str,
    get_table,
    get_tables,
    read_toml,
)


class FromCase(StrEnum):
    """What a case already holds that fills in a concern or a free-text question when an
    assessment starts (``risk/prefill.py``), so the practitioner is not asked it again."""

    CHILDREN = "children"


@dataclass(frozen=True, slots=True)
class Option:
    """A sub-option of a question, such as who was threatened."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    help: str
    kind: QuestionKind
    options: tuple[Option, ...] = ()
    own_words: bool = False
    from_case: FromCase | None = None
    """Filled in from the case when an assessment starts (text questions only)."""


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    intro: str
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class Concern:
    """A practitioner concern flag that can open a follow-on form."""

    id: str
    label: str
    prompt: str = ""
    """What to do when the practitioner ticks this concern (shown as a prompt)."""
    from_case: FromCase | None = None
    """Ticked when an assessment starts if the case holds this (its children)."""


@dataclass(frozen=True, slots=True)
class AnswerCondition:
    question: str
    answer: Answer


@dataclass(frozen=True, slots=True)
class Trigger:
    """Open the follow-on ``form`` when a question gets an answer or a concern is flagged.

    Exactly one of ``when`` and ``concern`` is set.
    """

    form: str
    when: AnswerCondition | None = None
    concern: str | None = None

    def fires(self, answers: Mapping[str, Answer], concerns: Collection[str]) -> bool:
        if self.when is not None:
            return answers.get(self.when.question) == self.when.answer
        return self.concern in concerns


@dataclass(frozen=True, slots=True)
class FormDefinition:
    id: str
    version: int
    title: str
    description: str
    sections: tuple[Section, ...]
    concerns: tuple[Concern, ...] = ()
    triggers: tuple[Trigger, ...] = ()

    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions

    def questions_by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions()}

    def risk_factor_ids(self) -> tuple[str, ...]:
        """The scored questions, in form order."""
        return tuple(q.id for q in self.questions() if q.kind is QuestionKind.RISK_FACTOR)

    def concern(self, concern_id: str) -> Concern | None:
        return next((c for c in self.concerns if c.id == concern_id), None)


def load_form(path: Path) -> FormDefinition:
    """Read one form file; follow-on forms named by its triggers are checked by load_forms."""
    where = Where.of(path)
    data = read_toml(path)
    check_keys(
        data,
        where,
        required=("id", "version", "title", "description", "sections"),
        optional=("concerns", "triggers"),
    )
    form_id = get_id(data, "id", where, FILE_ID)
    check_file_name(path, form_id)
    sections = tuple(
        _section(table, where, number)
        for number, table in enumerate(get_tables(data, "sections", where, required=True), 1)
    )
    check_unique([s.id for s in sections], where, "section")
    check_unique([q.id for s in sections for q in s.questions], where, "question")
    questions = {q.id: q for s in sections for q in s.questions}
    concerns = tuple(
        _concern(table, where.at(f"concern {number}"))
        for number, table in enumerate(get_tables(data, "concerns", where, required=False), 1)
    )
    check_unique([c.id for c in concerns], where, "concern")
    triggers = tuple(
        _trigger(table, where.at(f"trigger {number}"), form_id, questions, concerns)
        for number, table in enumerate(get_tables(data, "triggers", where, required=False), 1)
    )
    return FormDefinition(
        id=form_id,
        version=get_int(data, "version", where),
        title=get_str(data, "title", where),
        description=get_str(data, "description", where),
        sections=sections,
        concerns=concerns,
        triggers=triggers,
    )


def load_forms(directory: Path) -> dict[str, FormDefinition]:
    """Every ``*.toml`` form in ``directory``, keyed by id, with triggers checked across files."""
    forms = {form.id: form for form in map(load_form, sorted(directory.glob("*.toml")))}
    for form in forms.values():
        where = Where(f"{directory.name}/{form.id}.toml")
        for number, trigger in enumerate(form.triggers, 1):
            if trigger.form not in forms:
                raise where.at(f"trigger {number}").error(
                    f"form '{trigger.form}' is not in {directory.name}/"
                )
    return forms


def _section(table: Table, file: Where, number: int) -> Section:
    section_id = get_id(table, "id", file.at(f"section {number}"))
    where = file.at(f"section {section_id}")
    check_keys(table, where, required=("id", "title", "questions"), optional=("intro",))
    questions = tuple(
        _question(item, file, where, n)
        for n, item in enumerate(get_tables(table, "questions", where, required=True), 1)
    )
    return Section(
        id=section_id,
        title=get_str(table, "title", where),
        intro=get_str(table, "intro", where, default=""),
        questions=questions,
    )


def _question(table: Table, file: Where, section: Where, number: int) -> Question:
    question_id = get_id(table, "id", section.at(f"question {number}"))
    where = file.at(f"question {question_id}")
    check_keys(
        table,
        where,
        required=("id", "text", "help", "kind"),
        optional=("options", "own_words", "from_case"),
    )
    kind_text = get_str(table, "kind", where)
    if kind_text not in set(QuestionKind):
        raise where.error(f"key 'kind' must be one of {', '.join(QuestionKind)}")
    kind = QuestionKind(kind_text)
    options = tuple(
        _option(item, where.at(f"option {n}"))
        for n, item in enumerate(get_tables(table, "options", where, required=False), 1)
    )
    if options and kind is not QuestionKind.RISK_FACTOR:
        raise where.error("key 'options' is only allowed on risk_factor questions")
    check_unique([o.id for o in options], where, "option")
    from_case = _from_case(table, where)
    if from_case is not None and kind is not QuestionKind.TEXT:
        raise where.error("key 'from_case' is only allowed on text questions")
    return Question(
        id=question_id,
        text=get_str(table, "text", where),
        help=get_str(table, "help", where),
        kind=kind,
        options=options,
        own_words=get_bool(table, "own_words", where, default=False),
        from_case=from_case,
    )


def _from_case(table: Table, where: Where) -> FromCase | None:
    text = get_str(table, "from_case", where, default="")
    if not text:
        return None
    if text not in set(FromCase):
        raise where.error(f"key 'from_case' must be one of {', '.join(FromCase)}")
    return FromCase(text)


def _option(table: Table, where: Where) -> Option:
    check_keys(table, where, required=("id", "label"))
    return Option(id=get_id(table, "id", where), label=get_str(table, "label", where))


def _concern(table: Table, where: Where) -> Concern:
    check_keys(table, where, required=("id", "label"), optional=("prompt", "from_case"))
    return Concern(
        id=get_id(table, "id", where),
        label=get_str(table, "label", where),
        prompt=get_str(table, "prompt", where, default=""),
        from_case=_from_case(table, where),
    )


def _trigger(
    table: Table,
    where: Where,
    form_id: str,
    questions: Mapping[str, Question],
    concerns: tuple[Concern, ...],
) -> Trigger:
    check_keys(table, where, required=("form",), optional=("when", "concern"))
    target = get_id(table, "form", where, FILE_ID)
    if target == form_id:
        raise where.error("key 'form' names this form itself")
    if ("when" in table) == ("concern" in table):
        raise where.error("give exactly one of the keys 'when' and 'concern'")
    if "concern" in table:
        concern = get_id(table, "concern", where)
        if concern not in {c.id for c in concerns}:
            raise where.error(f"concern '{concern}' is not listed under [[concerns]]")
        return Trigger(form=target, concern=concern)
    when = get_table(table, "when", where)
    where = where.at("when")
    check_keys(when, where, required=("question", "answer"))
    question_id = get_str(when, "question", where)
    question = questions.get(question_id)
    if question is None:
        raise where.error(f"question '{question_id}' is not in this form")
    if question.kind is not QuestionKind.RISK_FACTOR:
        raise where.error(f"question '{question_id}' is not a risk_factor question")
    answer = get_str(when, "answer", where)
    if answer not in set(Answer):
        raise where.error(f"key 'answer' must be one of {', '.join(Answer)}")
    return Trigger(form=target, when=AnswerCondition(question_id, Answer(answer)))
