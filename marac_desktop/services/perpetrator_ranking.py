"""Ranking perpetrators by the harm they are causing now (the priority model in
``risk_models/priority/``, or the area's own weights), the movement since the last ranking
kept, and nominations for tasking. Every ranking names the model id and version it used."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import PersonId
from marac_desktop.domain.permissions import Permission
from marac_desktop.errors import InvalidInputError, ModelDefinitionError
from marac_desktop.risk.flags import FlagRules
from marac_desktop.risk.perpetrator_priority import (
    PerpetratorHistory,
    PriorityScore,
    ScoreLine,
    collection_paused,
    rank,
    score,
)
from marac_desktop.risk.priority_model import (
    PriorityModel,
    default_priority_model,
    priority_model_from_text,
    priority_model_to_toml,
)
from marac_desktop.services import settings
from marac_desktop.services.perpetrator_work import require_perpetrator, written_reason
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import (
    perpetrator_history,
    perpetrator_register,
    perpetrator_work_repo,
    settings_repo,
)

MODEL_KEY = "priority_model"
"""The settings row holding an area's own weights, as the model file's TOML text."""
KEPT_PLACES = 500
"""How many of the top places a kept ranking remembers, to show movement against."""
MAX_TOP = 500


@dataclass(frozen=True, slots=True)
class RankFilter:
    top: int = 20
    window_days: int | None = None
    """None: the model's own window."""
    serial_only: bool = False
    with_children: bool = False
    area: str = ""
    """The start of a postcode (the perpetrator's or a victim's), such as "AB1"; empty: all."""


@dataclass(frozen=True, slots=True)
class RankedPerpetrator:
    place: int
    """The place among all perpetrators ranked (filters do not renumber it)."""
    person_id: PersonId
    family_name: str
    given_names: str
    score: int
    lines: tuple[ScoreLine, ...]
    victims: int
    """Victims the score counts (see ``PriorityScore.victims``)."""
    moved: int | None
    """Places moved up since the last kept ranking (negative: down); None: not in it."""
    nominated: bool


@dataclass(frozen=True, slots=True)
class Ranking:
    model_id: str
    model_version: int
    window_days: int
    ranked: int
    """How many perpetrators had anything inside the window."""
    last_kept: datetime | None
    """When the ranking that movement is measured against was kept; None: none yet."""
    rows: tuple[RankedPerpetrator, ...]


def _model(session: Session) -> PriorityModel:
    text = settings_repo.load(session, MODEL_KEY)
    if not text:
        return default_priority_model()
    return priority_model_from_text(str(text), "settings: priority model")


@requires(Permission.VIEW_PERPETRATORS)
def priority_model(workspace: Workspace) -> PriorityModel:
    """The weights in use: the area's own, or the shipped model."""
    with workspace.transaction() as session:
        return _model(session)


@requires(Permission.EDIT_SETTINGS)
def save_priority_model(workspace: Workspace, model: PriorityModel) -> PriorityModel:
    """An area's own weights, checked as the model file is. Changed weights need a higher
    version, so every ranking says which weights made it."""
    text = priority_model_to_toml(model)
    try:
        checked = priority_model_from_text(text, "the weights")
    except ModelDefinitionError as error:
        raise InvalidInputError(str(error)) from error
    with workspace.transaction() as session:
        current = _model(session)
        if checked == current:
            raise InvalidInputError("Nothing was changed.")
        if checked.version <= current.version:
            raise InvalidInputError(
                f"Changed weights need a version above {current.version}, so every ranking "
                "names the weights that made it."
            )
        settings_repo.store(session, MODEL_KEY, text)
        workspace.record(
            session,
            AuditAction.SETTING_CHANGED,
            "setting",
            MODEL_KEY,
            detail=f"{checked.id} v{current.version}->v{checked.version}",
        )
    return checked


def _windowed(model: PriorityModel, window_days: int | None) -> PriorityModel:
    if window_days is None or window_days == model.window_days:
        return model
    if not 1 <= window_days <= 3650:
        raise InvalidInputError("The window is 1 to 3,650 days.")
    return replace(model, window_days=window_days)


def _histories(
    session: Session, model: PriorityModel, today: date, only: int | None = None
) -> list[PerpetratorHistory]:
    start = today - timedelta(days=model.window_days)
    questions = {f.question for f in model.factors}
    with collection_paused():
        return perpetrator_history.histories(session, start, today, questions, only)


def _matching(
    session: Session,
    chosen: RankFilter,
    scored: list[PriorityScore],
) -> list[PriorityScore]:
    kept = scored
    if chosen.serial_only:
        serial = FlagRules(settings.area_policy(session)).serial_victims
        kept = [s for s in kept if s.victims >= serial]
    if chosen.with_children:
        children = perpetrator_history.with_children(session)
        kept = [s for s in kept if s.person in children]
    if chosen.area.strip():
        area = perpetrator_history.in_postcode_area(session, chosen.area)
        kept = [s for s in kept if s.person in area]
    return kept


@requires(Permission.VIEW_PERPETRATORS)
def ranked_list(workspace: Workspace, chosen: RankFilter, today: date | None = None) -> Ranking:
    """The top perpetrators by score, highest first, each with every point explained and
    their movement since the last kept ranking."""
    if not 1 <= chosen.top <= MAX_TOP:
        raise InvalidInputError(f"Show 1 to {MAX_TOP} perpetrators.")
    day = today or date.today()
    with workspace.transaction() as session:
        model = _windowed(_model(session), chosen.window_days)
        scored = rank(_histories(session, model, day), model, day)
        places = {s.person: place for place, s in enumerate(scored, start=1)}
        shown = _matching(session, chosen, scored)[: chosen.top]
        last = perpetrator_work_repo.last_ranking(session)
        before = last[1] if last else {}
        nominated = perpetrator_work_repo.nominated(session)
        names = {
            line.person_id: line
            for line in perpetrator_register.register_lines(session, [s.person for s in shown])
        }
        rows = tuple(
            RankedPerpetrator(
                places[s.person],
                PersonId(s.person),
                names[PersonId(s.person)].family_name,
                names[PersonId(s.person)].given_names,
                s.score,
                s.lines,
                s.victims,
                before[s.person] - places[s.person] if s.person in before else None,
                s.person in nominated,
            )
            for s in shown
            if s.person in names
        )
        workspace.record(
            session,
            AuditAction.VIEW,
            "perpetrator_ranking",
            detail=f"{model.id} v{model.version}, top {chosen.top}",
        )
    return Ranking(
        model.id,
        model.version,
        model.window_days,
        len(scored),
        last[0] if last else None,
        rows,
    )


@requires(Permission.MANAGE_PERPETRATORS)
def keep_ranking(workspace: Workspace, today: date | None = None) -> int:
    """Keep today's ranking (its top places), so the next one shows who moved; returns how
    many perpetrators were ranked."""
    day = today or date.today()
    with workspace.transaction() as session:
        model = _model(session)
        scored = rank(_histories(session, model, day), model, day)
        ranking_id = perpetrator_work_repo.save_ranking(
            session,
            workspace.actor,
            (model.id, model.version),
            len(scored),
            [(s.person, s.score) for s in scored[:KEPT_PLACES]],
        )
        workspace.record(
            session,
            AuditAction.CREATE,
            "perpetrator_ranking",
            str(ranking_id),
            detail=f"{model.id} v{model.version}, {len(scored)} ranked",
        )
    return len(scored)


def _score_now(session: Session, person_id: int, day: date) -> PriorityScore:
    model = _model(session)
    found = _histories(session, model, day, only=person_id)
    return score(found[0] if found else PerpetratorHistory(person_id), model, day)


@requires(Permission.VIEW_PERPETRATORS)
def perpetrator_score(
    workspace: Workspace, person_id: PersonId, today: date | None = None
) -> PriorityScore:
    """One perpetrator's score today, explained, under the weights in use."""
    with workspace.transaction() as session:
        require_perpetrator(session, person_id)
        return _score_now(session, person_id, today or date.today())


@requires(Permission.MANAGE_PERPETRATORS)
def nominate(
    workspace: Workspace, person_id: PersonId, reason: str, today: date | None = None
) -> PriorityScore:
    """Nominate the perpetrator for tasking, keeping the score and model of the day."""
    why = written_reason(reason, "reason for the nomination")
    day = today or date.today()
    with workspace.transaction() as session:
        require_perpetrator(session, person_id)
        now = _score_now(session, person_id, day)
        perpetrator_work_repo.add_nomination(
            session,
            person_id,
            day,
            why,
            workspace.actor,
            now.score,
            (now.model_id, now.model_version),
        )
        workspace.record(
            session,
            AuditAction.CREATE,
            "nomination",
            str(person_id),
            detail=f"score {now.score}, {now.model_id} v{now.model_version}",
        )
    return now
