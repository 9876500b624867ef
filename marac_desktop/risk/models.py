"""Scoring models as data: load ``risk_models/*.toml`` and check them against their form.

The format is described in ``risk_models/README.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from marac_desktop.risk.codes import Answer
from marac_desktop.risk.definition_reader import (
    FILE_ID,
    Table,
    Where,
    check_file_name,
    check_keys,
    check_unique,
    get_id,
    get_int,
    get_str,
    get_str_list,
    get_table,
    get_tables,
    read_toml,
)
from marac_desktop.risk.forms import FormDefinition


@dataclass(frozen=True, slots=True)
class Bands:
    """Lowest number of yes answers for each level; anything below ``medium`` is standard."""

    high: int
    medium: int


@dataclass(frozen=True, slots=True)
class RedFlag:
    """Raised when every ``all_yes`` question, and one ``any_yes`` question if listed, is yes."""

    id: str
    label: str
    """A few words for lists and summaries, e.g. "threats to kill"."""
    all_yes: tuple[str, ...]
    any_yes: tuple[str, ...]
    explanation: str

    def raised(self, answers: Mapping[str, Answer]) -> bool:
        return all(answers.get(q) is Answer.YES for q in self.all_yes) and (
            not self.any_yes or any(answers.get(q) is Answer.YES for q in self.any_yes)
        )

    def yes_questions(self, answers: Mapping[str, Answer]) -> tuple[str, ...]:
        """The questions that raised this flag, in the order the model lists them."""
        return tuple(q for q in (*self.all_yes, *self.any_yes) if answers.get(q) is Answer.YES)


@dataclass(frozen=True, slots=True)
class RiskModel:
    id: str
    version: int
    title: str
    description: str
    form: str
    bands: Bands
    red_flags: tuple[RedFlag, ...] = ()


def load_model(path: Path, forms: Mapping[str, FormDefinition]) -> RiskModel:
    where = Where.of(path)
    data = read_toml(path)
    check_keys(
        data,
        where,
        required=("id", "version", "title", "description", "form", "bands"),
        optional=("red_flags",),
    )
    model_id = get_id(data, "id", where, FILE_ID)
    check_file_name(path, model_id)
    form_id = get_id(data, "form", where, FILE_ID)
    form = forms.get(form_id)
    if form is None:
        raise where.error(f"form '{form_id}' is not in the forms folder")
    scored = form.risk_factor_ids()
    red_flags = tuple(
        _red_flag(table, where, number, form.id, scored)
        for number, table in enumerate(get_tables(data, "red_flags", where, required=False), 1)
    )
    check_unique([flag.id for flag in red_flags], where, "red flag")
    return RiskModel(
        id=model_id,
        version=get_int(data, "version", where),
        title=get_str(data, "title", where),
        description=get_str(data, "description", where),
        form=form_id,
        bands=_bands(get_table(data, "bands", where), where.at("bands"), len(scored)),
        red_flags=red_flags,
    )


def load_models(directory: Path, forms: Mapping[str, FormDefinition]) -> dict[str, RiskModel]:
    """Every ``*.toml`` model in ``directory``, keyed by id."""
    return {
        model.id: model
        for model in (load_model(p, forms) for p in sorted(directory.glob("*.toml")))
    }


def _bands(table: Table, where: Where, question_count: int) -> Bands:
    check_keys(table, where, required=("high", "medium"))
    bands = Bands(high=get_int(table, "high", where), medium=get_int(table, "medium", where))
    if bands.medium >= bands.high:
        raise where.error("key 'medium' must be lower than key 'high'")
    if bands.high > question_count:
        raise where.error(f"key 'high' is more than the {question_count} scored questions")
    return bands


def _red_flag(
    table: Table, file: Where, number: int, form_id: str, scored: tuple[str, ...]
) -> RedFlag:
    flag_id = get_id(table, "id", file.at(f"red flag {number}"))
    where = file.at(f"red flag {flag_id}")
    check_keys(
        table, where, required=("id", "label", "explanation"), optional=("all_yes", "any_yes")
    )
    flag = RedFlag(
        id=flag_id,
        label=get_str(table, "label", where),
        all_yes=get_str_list(table, "all_yes", where),
        any_yes=get_str_list(table, "any_yes", where),
        explanation=get_str(table, "explanation", where),
    )
    if not flag.all_yes and not flag.any_yes:
        raise where.error("give at least one question in 'all_yes' or 'any_yes'")
    for question_id in (*flag.all_yes, *flag.any_yes):
        if question_id not in scored:
            raise where.error(
                f"question '{question_id}' is not a scored question in form {form_id}"
            )
    return flag
