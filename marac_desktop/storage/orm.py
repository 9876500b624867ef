"""ORM tables. Only the storage package sees these; it hands dataclasses to everyone else."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from marac_desktop.storage.utc_datetime import UtcDateTime


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime()}


class EditedRow:
    """A row a person edits: ``version`` rises with every saved edit, and ``changed_by`` /
    ``changed_at`` say whose save made it and when (``storage/versions.py``, migration 0013)."""

    version: Mapped[int] = mapped_column(default=1, server_default="1")
    changed_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    changed_at: Mapped[datetime | None]


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool]
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_actor", "actor", "id"),
        Index("ix_audit_log_target_type", "target_type", "id"),
        Index("ix_audit_log_at", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40), index=True)
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))
    signer_key: Mapped[str] = mapped_column(String(64), default="")
    signature: Mapped[str] = mapped_column(String(128), default="")


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class PersonRow(EditedRow, Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_name: Mapped[str] = mapped_column(String(200))
    given_names: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[date | None]
    created_at: Mapped[datetime]
    dob_precision: Mapped[str] = mapped_column(String(8), default="day")
    gender: Mapped[str] = mapped_column(String(32), default="")
    """A code of the gender vocabulary; ``gender_detail`` holds the person's own words."""
    gender_detail: Mapped[str] = mapped_column(Text, default="")
    ethnicity: Mapped[str] = mapped_column(String(64), default="")
    ethnicity_detail: Mapped[str] = mapped_column(Text, default="")
    sexuality: Mapped[str] = mapped_column(String(32), default="")
    sexuality_detail: Mapped[str] = mapped_column(Text, default="")
    disability: Mapped[bool | None] = mapped_column(default=None)
    language: Mapped[str] = mapped_column(String(64), default="")
    interpreter_needed: Mapped[bool | None] = mapped_column(default=None)
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(16), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    safe_to_call: Mapped[bool | None] = mapped_column(default=None)
    contact_notes: Mapped[str] = mapped_column(Text, default="")
    aliases: Mapped[list[AliasRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="AliasRow.id"
    )
    other_dobs: Mapped[list[OtherDobRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="OtherDobRow.id"
    )


class AliasRow(Base):
    __tablename__ = "person_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    family_name: Mapped[str] = mapped_column(String(200))
    given_names: Mapped[str] = mapped_column(String(200))


class OtherDobRow(Base):
    __tablename__ = "person_other_dobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    date_of_birth: Mapped[date]


class PersonMatchKeyRow(Base):
    """A blocking key a person is filed under (``matching.keys``), kept with every change to them.

    Keyed by (key, person) with no rowid on SQLite, so a search reads its candidates straight
    from the key's entries. Derived data, written only with the person: no foreign key, whose
    check of ``people`` for every row made filing a large register (0011) many times slower.
    """

    __tablename__ = "person_match_keys"
    __table_args__ = {"sqlite_with_rowid": False}

    key: Mapped[str] = mapped_column(String(48), primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class CaseRow(EditedRow, Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime]
    last_referral: Mapped[date | None]
    """The day of the case's latest referral, kept by triggers on ``referrals`` (0009)."""
    victim: Mapped[PersonRow] = relationship(lazy="joined")


class AssessmentRow(EditedRow, Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int]
    model_id: Mapped[str] = mapped_column(String(64))
    model_version: Mapped[int]
    assessment_date: Mapped[date]
    assessor: Mapped[str] = mapped_column(String(32))
    victim_age: Mapped[int | None]
    incident_dates: Mapped[str] = mapped_column(Text)
    last_marac_referral: Mapped[date | None]
    concerns: Mapped[str] = mapped_column(Text)
    judgement_raised: Mapped[bool]
    judgement_reason: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16))
    actuarial_level: Mapped[str] = mapped_column(String(16))
    yes_count: Mapped[int]
    refer_to_marac: Mapped[bool]
    result_json: Mapped[str] = mapped_column(Text)
    policy_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    answers: Mapped[list[AnswerRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="AnswerRow.question_id"
    )


class AnswerRow(Base):
    __tablename__ = "assessment_answers"

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    form_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    form_version: Mapped[int]
    answer: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    comment: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    options: Mapped[str] = mapped_column(Text)


class CasePartyRow(Base):
    __tablename__ = "case_people"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    relation: Mapped[str] = mapped_column("relationship", String(64), default="")
    """A code of the relationship vocabulary; the description typed is ``relation_detail``."""
    relation_detail: Mapped[str] = mapped_column("relationship_detail", Text, default="")
    person: Mapped[PersonRow] = relationship(lazy="joined")


class IncidentRow(Base):
    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_case_day", "case_id", "day", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    day: Mapped[date]
    kind: Mapped[str] = mapped_column(String(32))
    source_agency: Mapped[str] = mapped_column(String(64))
    source_agency_detail: Mapped[str] = mapped_column(Text, default="")
    reported_to_police: Mapped[bool]
    criminal: Mapped[bool]
    created_at: Mapped[datetime]


class ReferralRow(Base):
    __tablename__ = "referrals"
    __table_args__ = (Index("ix_referrals_case_day", "case_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    day: Mapped[date]
    referring_agency: Mapped[str] = mapped_column(String(64))
    """An agency code; an agency typed that is not in the vocabulary is ``other`` plus detail."""
    referring_agency_detail: Mapped[str] = mapped_column(Text, default="")
    visible_high_risk: Mapped[bool]
    professional_judgement: Mapped[bool]
    potential_escalation: Mapped[bool]
    repeat: Mapped[bool]
    status: Mapped[str] = mapped_column(String(16))
    meeting_day: Mapped[date | None]
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    created_at: Mapped[datetime]


class PersonLinkRow(Base):
    __tablename__ = "person_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_a: Mapped[int] = mapped_column(ForeignKey("people.id"))
    person_b: Mapped[int] = mapped_column(ForeignKey("people.id"))
    confirmed_by: Mapped[str] = mapped_column(String(40))
    confirmed_at: Mapped[datetime]
    undone_by: Mapped[str | None] = mapped_column(String(40))
    undone_at: Mapped[datetime | None]


class FlagRow(EditedRow, Base):
    __tablename__ = "flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    raised_on: Mapped[date]
    evidence: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    reviewed_by: Mapped[str | None] = mapped_column(String(40))
    review_reason: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime | None]


class MeetingRow(EditedRow, Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    venue: Mapped[str] = mapped_column(String(200))
    online: Mapped[bool]
    chair: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(200))
    cutoff: Mapped[date]
    slot_minutes: Mapped[int]
    status: Mapped[str] = mapped_column(String(16))
    last_number: Mapped[int] = mapped_column(default=0)
    """The last meeting case number given out; numbers are never reused within a meeting."""
    created_at: Mapped[datetime]


class MeetingCaseRow(EditedRow, Base):
    __tablename__ = "meeting_cases"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    number: Mapped[int]
    """Order of addition: the meeting case reference, which reordering never changes."""
    position: Mapped[int]
    section: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(200))
    research_agencies: Mapped[str] = mapped_column(Text)
    """JSON list of agency codes."""
    heard: Mapped[bool]
    minutes_used: Mapped[int | None]
    agency_summary: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")


class ResearchReturnRow(EditedRow, Base):
    """What one agency asked to research a listed case sent back (migration 0017). An agency
    asked with no row here has not returned yet."""

    __tablename__ = "research_returns"
    __table_args__ = (UniqueConstraint("meeting_id", "case_id", "agency"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    agency: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(24))
    returned_on: Mapped[date | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(200), default="")


class AttendanceRow(Base):
    __tablename__ = "meeting_attendance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    agency: Mapped[str] = mapped_column(String(64))
    attendee: Mapped[str] = mapped_column(String(200))
    present: Mapped[bool]
    apologies: Mapped[bool]
    information_sent: Mapped[bool]
    signed_confidentiality: Mapped[bool]


class ActionRow(EditedRow, Base):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    agency: Mapped[str] = mapped_column(String(64), index=True)
    agency_detail: Mapped[str] = mapped_column(Text, default="")
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200))
    due: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime]
    changes: Mapped[list[ActionChangeRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ActionChangeRow.id"
    )
    edits: Mapped[list[ActionEditRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ActionEditRow.id"
    )


class ActionChangeRow(Base):
    __tablename__ = "action_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    at: Mapped[datetime]
    by: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)


class ActionEditRow(Base):
    """One field of an action corrected, with its value before and after (migration 0018)."""

    __tablename__ = "action_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    at: Mapped[datetime]
    by: Mapped[str] = mapped_column(String(40))
    field: Mapped[str] = mapped_column(String(16))
    """An ``ActionField``: what, who or due (a due day's values are ``YYYY-MM-DD``)."""
    old: Mapped[str] = mapped_column(Text)
    new: Mapped[str] = mapped_column(Text)


class IdvaAllocationRow(Base):
    __tablename__ = "case_idvas"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    allocated_on: Mapped[date]
    ended_on: Mapped[date | None]
    account: Mapped[str | None] = mapped_column(String(32), index=True)
    """The user name of the IDVA's account (None: an IDVA from outside, or allocated before
    allocations named accounts)."""


class ReportStaleRow(Base):
    """A case whose report facts must be worked out again (filled by triggers, migration 0005)."""

    __tablename__ = "report_stale"

    case_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class ReportDiscussionRow(Base):
    """One discussion of a case as counted in ``report_days`` (``risk.discussions``; migration
    0016): codes, numbers and dates, never a name."""

    __tablename__ = "report_discussions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer, index=True)
    day: Mapped[date]
    meeting_id: Mapped[int | None]
    agency: Mapped[str] = mapped_column(String(64))
    repeat: Mapped[bool]
    wait: Mapped[int | None]
    victim_age: Mapped[int | None]
    children: Mapped[int]
    young_perpetrators: Mapped[int]
    high_risk: Mapped[bool]
    with_idva: Mapped[bool]
    ethnicity: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(64))
    sexuality: Mapped[str] = mapped_column(String(64))
    disability: Mapped[bool | None]


class ReportPerpetratorRow(Base):
    """One perpetrator of one discussion in ``report_discussions``, as the report's perpetrator
    figures count them (``risk.perpetrator_figures``; migration 0023): keys, a day and yes/no,
    never a name. Written and deleted with the case's discussions."""

    __tablename__ = "report_perpetrators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer, index=True)
    day: Mapped[date]
    person_id: Mapped[int]
    high_risk: Mapped[bool]
    repeat: Mapped[bool]
    under_18: Mapped[bool]
    """Under 18 on the day (``domain.cases.age_on``, ``risk.engine.ADULT_AGE``)."""

    __table_args__ = (
        # a period's perpetrators from the index alone; one perpetrator's days
        Index("ix_report_perpetrators_day", "day", "person_id", "high_risk", "repeat", "under_18"),
        Index("ix_report_perpetrators_person", "person_id", "day"),
    )


class ReportDayRow(Base):
    """One meeting's (or meeting day's) report counts (JSON: risk.report_counts.Counts)."""

    __tablename__ = "report_days"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    meeting_id: Mapped[int | None]
    counts: Mapped[str] = mapped_column(Text)


class CaseImportRow(Base):
    """One tracking-sheet row brought in as a referral: what the sheet recorded beside it.

    The DASH score is the score the sheet holds, recorded as imported, never as a completed
    checklist (migration 0012)."""

    __tablename__ = "case_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    sheet_row: Mapped[int]
    referral_day: Mapped[date]
    dash_score: Mapped[int | None]
    children_count: Mapped[int | None]
    created_at: Mapped[datetime]


class CaseNoteRow(Base):
    """A note kept on a case: an imported sheet's notes or any column kept as a note (0012)."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    heading: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class PerpetratorReferralRow(Base):
    """A partner agency's referral of a perpetrator for tasking (migration 0021)."""

    __tablename__ = "perpetrator_referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    day: Mapped[date]
    agency: Mapped[str] = mapped_column(String(64))
    agency_detail: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]


class InterventionRow(EditedRow, Base):
    """A referral of a perpetrator to a programme or process, and where it stands (0021)."""

    __tablename__ = "perpetrator_interventions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    """A code of the intervention vocabulary; ``kind_detail`` holds the words typed."""
    kind_detail: Mapped[str] = mapped_column(Text, default="")
    agency: Mapped[str] = mapped_column(String(64))
    referred_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), index=True)
    status_on: Mapped[date]
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]


class PerpetratorActionRow(EditedRow, Base):
    """An agency's action about a perpetrator, tracked like a case's actions (0021)."""

    __tablename__ = "perpetrator_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    agency: Mapped[str] = mapped_column(String(64))
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200))
    due: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime]


class NominationRow(Base):
    """A perpetrator nominated for tasking, with the score and model of the ranking (0021)."""

    __tablename__ = "perpetrator_nominations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    day: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(40))
    score: Mapped[int]
    model_id: Mapped[str] = mapped_column(String(64))
    model_version: Mapped[int]
    created_at: Mapped[datetime]


class RankingRow(Base):
    """A ranking produced, with the priority model it used (0021)."""

    __tablename__ = "perpetrator_rankings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    produced_at: Mapped[datetime]
    by: Mapped[str] = mapped_column(String(40))
    model_id: Mapped[str] = mapped_column(String(64))
    model_version: Mapped[int]
    ranked: Mapped[int]


class RankingPlaceRow(Base):
    """A perpetrator's place in a ranking (only the top places are kept)."""

    __tablename__ = "perpetrator_ranking_places"

    ranking_id: Mapped[int] = mapped_column(ForeignKey("perpetrator_rankings.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    place: Mapped[int]
    score: Mapped[int]
