"""The perpetrator priority model as data: read ``risk_models/priority/*.toml``, or the text an
administrator saved, through the same strict checks, and write a model back to TOML text.

The format is described in ``risk_models/priority/README.md``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from marac_desktop import paths
from marac_desktop.domain.records import IncidentKind
from marac_desktop.risk.codes import QuestionKind
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
    get_table,
    get_tables,
    read_toml,
)
from marac_desktop.risk.forms import FormDefinition, load_form

DEFAULT_PRIORITY_MODEL = "matac-priority"
FACTOR_FORM = "dash"
"""The checklist whose risk_factor questions may describe the perpetrator."""
MAX_WINDOW_DAYS = 3660
MAX_POINTS = 1000


@dataclass(frozen=True, slots=True)
class RecencyBand:
    """Points when the last incident or referral was at most ``within_days`` days ago."""

    within_days: int
    points: int


@dataclass(frozen=True, slots=True)
class FrequencyBand:
    """Points when there were at least ``min_incidents`` incidents in the window."""

    min_incidents: int
    points: int


@dataclass(frozen=True, slots=True)
class KindWeight:
    """Points for each incident of one kind in the window."""

    kind: IncidentKind
    points: int


@dataclass(frozen=True, slots=True)
class FactorWeight:
    """Points, once, when an assessment in the window answered ``question`` yes."""

    question: str
    points: int
    label: str
    """The explanation line's words, e.g. "non-fatal strangulation reported"."""


@dataclass(frozen=True, slots=True)
class VictimWeights:
    more_than_one: int
    """Points for two or more victims in the window."""
    per_victim_beyond_two: int = 0
    child: int = 0
    """Points for each victim in the window who is under 18."""
    pregnant: int = 0
    """Points for each victim in the window who is pregnant."""


@dataclass(frozen=True, slots=True)
class PriorityModel:
    id: str
    version: int
    title: str
    description: str
    window_days: int
    recency: tuple[RecencyBand, ...]
    """Nearest first: ``within_days`` strictly increasing, ``points`` never increasing."""
    frequency: tuple[FrequencyBand, ...]
    """Fewest first: ``min_incidents`` strictly increasing, ``points`` never decreasing."""
    incident_kinds: tuple[KindWeight, ...]
    """One for every IncidentKind, in the enum's order."""
    factors: tuple[FactorWeight, ...]
    victims: VictimWeights


def load_priority_model(path: Path, form: FormDefinition | None = None) -> PriorityModel:
    """Read and check one model file; ``form`` is the DASH checklist (read from forms/ if not
    given) whose questions the factors name."""
    model = _model(read_toml(path), Where.of(path), form or _factor_form())
    check_file_name(path, model.id)
    return model


def priority_model_from_text(
    text: str, name: str, form: FormDefinition | None = None
) -> PriorityModel:
    """Read and check a model held as TOML text (an area's edited weights); ``name`` says where
    the text came from and starts every error."""
    where = Where(name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise where.error(f"the text is not valid TOML ({error})") from error
    return _model(data, where, form or _factor_form())


def default_priority_model() -> PriorityModel:
    return load_priority_model(paths.priority_models_dir() / f"{DEFAULT_PRIORITY_MODEL}.toml")


def _factor_form() -> FormDefinition:
    return load_form(paths.forms_dir() / f"{FACTOR_FORM}.toml")


def _model(data: Table, where: Where, form: FormDefinition) -> PriorityModel:
    check_keys(
        data,
        where,
        required=(
            "id",
            "version",
            "title",
            "description",
            "window_days",
            "recency",
            "frequency",
            "incident_kinds",
            "victims",
        ),
        optional=("factors",),
    )
    model_id = get_id(data, "id", where, FILE_ID)
    window_days = get_int(data, "window_days", where, maximum=MAX_WINDOW_DAYS)
    return PriorityModel(
        id=model_id,
        version=get_int(data, "version", where),
        title=get_str(data, "title", where),
        description=get_str(data, "description", where),
        window_days=window_days,
        recency=_recency(get_tables(data, "recency", where, required=True), where, window_days),
        frequency=_frequency(get_tables(data, "frequency", where, required=True), where),
        incident_kinds=_kinds(get_table(data, "incident_kinds", where), where),
        factors=_factors(get_tables(data, "factors", where, required=False), where, form),
        victims=_victims(get_table(data, "victims", where), where.at("victims")),
    )


def _points(table: Table, key: str, where: Where, *, minimum: int = 0) -> int:
    return get_int(table, key, where, minimum=minimum, maximum=MAX_POINTS)


def _recency(tables: Sequence[Table], file: Where, window_days: int) -> tuple[RecencyBand, ...]:
    bands: list[RecencyBand] = []
    for number, table in enumerate(tables, 1):
        where = file.at(f"recency band {number}")
        check_keys(table, where, required=("within_days", "points"))
        band = RecencyBand(
            within_days=get_int(table, "within_days", where, minimum=0),
            points=_points(table, "points", where),
        )
        if band.within_days > window_days:
            raise where.error(f"key 'within_days' is more than window_days ({window_days})")
        if bands and band.within_days <= bands[-1].within_days:
            raise where.error(
                f"key 'within_days' must be more than recency band {number - 1}'s "
                f"({bands[-1].within_days})"
            )
        if bands and band.points > bands[-1].points:
            raise where.error(
                f"key 'points' must not be more than recency band {number - 1}'s "
                f"({bands[-1].points})"
            )
        bands.append(band)
    return tuple(bands)


def _frequency(tables: Sequence[Table], file: Where) -> tuple[FrequencyBand, ...]:
    bands: list[FrequencyBand] = []
    for number, table in enumerate(tables, 1):
        where = file.at(f"frequency band {number}")
        check_keys(table, where, required=("min_incidents", "points"))
        band = FrequencyBand(
            min_incidents=get_int(table, "min_incidents", where),
            points=_points(table, "points", where),
        )
        if bands and band.min_incidents <= bands[-1].min_incidents:
            raise where.error(
                f"key 'min_incidents' must be more than frequency band {number - 1}'s "
                f"({bands[-1].min_incidents})"
            )
        if bands and band.points < bands[-1].points:
            raise where.error(
                f"key 'points' must not be less than frequency band {number - 1}'s "
                f"({bands[-1].points})"
            )
        bands.append(band)
    return tuple(bands)


def _kinds(table: Table, file: Where) -> tuple[KindWeight, ...]:
    where = file.at("incident_kinds")
    check_keys(table, where, required=tuple(IncidentKind))
    return tuple(KindWeight(kind, _points(table, kind, where)) for kind in IncidentKind)


def _factors(
    tables: Sequence[Table], where: Where, form: FormDefinition
) -> tuple[FactorWeight, ...]:
    factors = tuple(_factor(table, where, number, form) for number, table in enumerate(tables, 1))
    check_unique([factor.question for factor in factors], where, "factor")
    return factors


def _factor(table: Table, file: Where, number: int, form: FormDefinition) -> FactorWeight:
    question_id = get_id(table, "question", file.at(f"factor {number}"))
    where = file.at(f"factor {question_id}")
    check_keys(table, where, required=("question", "points", "label"))
    question = form.questions_by_id().get(question_id)
    if question is None:
        raise where.error(f"question '{question_id}' is not in form {form.id}")
    if question.kind is not QuestionKind.RISK_FACTOR:
        raise where.error(f"question '{question_id}' is not a risk_factor question in {form.id}")
    return FactorWeight(
        question=question_id,
        points=_points(table, "points", where),
        label=get_str(table, "label", where),
    )


def _victims(table: Table, where: Where) -> VictimWeights:
    optional = ("per_victim_beyond_two", "child", "pregnant")
    check_keys(table, where, required=("more_than_one",), optional=optional)
    given = {key: _points(table, key, where) for key in optional if key in table}
    return VictimWeights(more_than_one=_points(table, "more_than_one", where, minimum=1), **given)


def priority_model_to_toml(model: PriorityModel) -> str:
    """The model as TOML text that ``priority_model_from_text`` reads back to an equal model."""
    lines = [
        f"id = {_quoted(model.id)}",
        f"version = {model.version}",
        f"title = {_quoted(model.title)}",
        f"description = {_quoted(model.description)}",
        f"window_days = {model.window_days}",
    ]
    for recency in model.recency:
        lines += ["", "[[recency]]", f"within_days = {recency.within_days}"]
        lines.append(f"points = {recency.points}")
    for frequency in model.frequency:
        lines += ["", "[[frequency]]", f"min_incidents = {frequency.min_incidents}"]
        lines.append(f"points = {frequency.points}")
    lines += ["", "[incident_kinds]"]
    lines += [f"{weight.kind.value} = {weight.points}" for weight in model.incident_kinds]
    for factor in model.factors:
        lines += ["", "[[factors]]", f"question = {_quoted(factor.question)}"]
        lines += [f"points = {factor.points}", f"label = {_quoted(factor.label)}"]
    victims = model.victims
    lines += [
        "",
        "[victims]",
        f"more_than_one = {victims.more_than_one}",
        f"per_victim_beyond_two = {victims.per_victim_beyond_two}",
        f"child = {victims.child}",
        f"pregnant = {victims.pregnant}",
    ]
    return "\n".join(lines) + "\n"


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _quoted(text: str) -> str:
    """A TOML basic string: quote and backslash escaped, control characters as escapes."""
    out = []
    for character in text:
        if character in _ESCAPES:
            out.append(_ESCAPES[character])
        elif character < " " or character == "\x7f":
            out.append(f"\\u{ord(character):04x}")
        else:
            out.append(character)
    return '"' + "".join(out) + '"'
