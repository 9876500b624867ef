"""What the partnership records about perpetrators (migration 0021): partners' referrals,
interventions, actions, nominations for tasking, and the rankings produced."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marac_desktop.domain.meetings import ActionStatus
from marac_desktop.domain.perpetrators import (
    Intervention,
    InterventionId,
    InterventionStatus,
    Nomination,
    PartnerReferral,
    PerpetratorAction,
    PerpetratorActionId,
)
from marac_desktop.storage.anonymised import anonymised_select
from marac_desktop.storage.orm import (
    InterventionRow,
    NominationRow,
    PerpetratorActionRow,
    PerpetratorReferralRow,
    RankingPlaceRow,
    RankingRow,
)


def _now() -> datetime:
    return datetime.now(UTC)


def add_partner_referral(
    session: Session,
    person_id: int,
    day: date,
    agency: str,
    agency_detail: str,
    reason: str,
    by: str,
) -> int:
    row = PerpetratorReferralRow(
        person_id=person_id,
        day=day,
        agency=agency,
        agency_detail=agency_detail,
        reason=reason,
        by=by,
        created_at=_now(),
    )
    session.add(row)
    session.flush()
    return row.id


def partner_referrals(session: Session, person_id: int) -> list[PartnerReferral]:
    rows = session.scalars(
        select(PerpetratorReferralRow)
        .where(PerpetratorReferralRow.person_id == person_id)
        .order_by(PerpetratorReferralRow.day, PerpetratorReferralRow.id)
    )
    return [PartnerReferral(r.id, r.day, r.agency, r.agency_detail, r.reason, r.by) for r in rows]


def _intervention(row: InterventionRow) -> Intervention:
    return Intervention(
        InterventionId(row.id),
        row.kind,
        row.kind_detail,
        row.agency,
        row.referred_on,
        InterventionStatus(row.status),
        row.status_on,
        row.notes,
        row.version,
    )


def add_intervention(
    session: Session, person_id: int, intervention: Intervention, editor: str
) -> Intervention:
    row = InterventionRow(
        person_id=person_id,
        kind=intervention.kind,
        kind_detail=intervention.kind_detail,
        agency=intervention.agency,
        referred_on=intervention.referred_on,
        status=intervention.status.value,
        status_on=intervention.status_on,
        notes=intervention.notes,
        created_at=_now(),
        changed_by=editor,
        changed_at=_now(),
    )
    session.add(row)
    session.flush()
    return _intervention(row)


def intervention_status(session: Session, intervention_id: int) -> Intervention:
    return _intervention(session.get_one(InterventionRow, intervention_id))


def set_intervention_status(
    session: Session, intervention_id: int, status: InterventionStatus, on: date, notes: str
) -> Intervention:
    """The caller has already moved the version on (``storage/versions.save_edit``)."""
    row = session.get_one(InterventionRow, intervention_id)
    row.status = status.value
    row.status_on = on
    row.notes = notes
    session.flush()
    return _intervention(row)


def interventions(session: Session, person_id: int) -> list[Intervention]:
    rows = session.scalars(
        select(InterventionRow)
        .where(InterventionRow.person_id == person_id)
        .order_by(InterventionRow.referred_on, InterventionRow.id)
    )
    return [_intervention(r) for r in rows]


def intervention_outcomes(session: Session, start: date, end: date) -> dict[str, int]:
    """Interventions whose status was last set between ``start`` and ``end``, by status: for
    the performance report, so read as codes and dates only."""
    rows = session.execute(
        anonymised_select(InterventionRow.status, func.count())
        .where(InterventionRow.status_on >= start, InterventionRow.status_on <= end)
        .group_by(InterventionRow.status)
    )
    return {status: int(n) for status, n in rows}


def _action(row: PerpetratorActionRow) -> PerpetratorAction:
    return PerpetratorAction(
        PerpetratorActionId(row.id),
        row.agency,
        row.what,
        row.who,
        row.due,
        ActionStatus(row.status),
        row.version,
    )


def add_action(
    session: Session, person_id: int, agency: str, what: str, who: str, due: date, editor: str
) -> PerpetratorAction:
    row = PerpetratorActionRow(
        person_id=person_id,
        agency=agency,
        what=what,
        who=who,
        due=due,
        status=ActionStatus.OPEN.value,
        created_at=_now(),
        changed_by=editor,
        changed_at=_now(),
    )
    session.add(row)
    session.flush()
    return _action(row)


def action_status(session: Session, action_id: int) -> ActionStatus:
    return ActionStatus(session.get_one(PerpetratorActionRow, action_id).status)


def set_action_status(session: Session, action_id: int, status: ActionStatus) -> PerpetratorAction:
    """The caller has already moved the version on (``storage/versions.save_edit``)."""
    row = session.get_one(PerpetratorActionRow, action_id)
    row.status = status.value
    session.flush()
    return _action(row)


def actions(session: Session, person_id: int) -> list[PerpetratorAction]:
    rows = session.scalars(
        select(PerpetratorActionRow)
        .where(PerpetratorActionRow.person_id == person_id)
        .order_by(PerpetratorActionRow.due, PerpetratorActionRow.id)
    )
    return [_action(r) for r in rows]


def add_nomination(
    session: Session,
    person_id: int,
    day: date,
    reason: str,
    by: str,
    score: int,
    model: tuple[str, int],
) -> None:
    session.add(
        NominationRow(
            person_id=person_id,
            day=day,
            reason=reason,
            by=by,
            score=score,
            model_id=model[0],
            model_version=model[1],
            created_at=_now(),
        )
    )
    session.flush()


def nominations(session: Session, person_id: int) -> list[Nomination]:
    rows = session.scalars(
        select(NominationRow)
        .where(NominationRow.person_id == person_id)
        .order_by(NominationRow.day, NominationRow.id)
    )
    return [
        Nomination(r.day, r.reason, r.by, r.score, f"{r.model_id} v{r.model_version}") for r in rows
    ]


def nominated(session: Session) -> set[int]:
    return set(session.scalars(select(NominationRow.person_id).distinct()))


def save_ranking(
    session: Session,
    by: str,
    model: tuple[str, int],
    ranked: int,
    places: Sequence[tuple[int, int]],
) -> int:
    """Keep a ranking: ``places`` holds (person, score) for the top places, best first."""
    row = RankingRow(
        produced_at=_now(), by=by, model_id=model[0], model_version=model[1], ranked=ranked
    )
    session.add(row)
    session.flush()
    session.add_all(
        RankingPlaceRow(ranking_id=row.id, person_id=person, place=place, score=score)
        for place, (person, score) in enumerate(places, start=1)
    )
    session.flush()
    return row.id


def last_ranking(session: Session) -> tuple[datetime, dict[int, int]] | None:
    """When the latest kept ranking was produced, and each kept perpetrator's place in it."""
    latest = session.scalar(select(RankingRow).order_by(RankingRow.id.desc()).limit(1))
    if latest is None:
        return None
    places = session.execute(
        select(RankingPlaceRow.person_id, RankingPlaceRow.place).where(
            RankingPlaceRow.ranking_id == latest.id
        )
    )
    return latest.produced_at, {r[0]: r[1] for r in places}
