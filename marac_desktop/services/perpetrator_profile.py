"""A perpetrator's restricted subject profile (``reports/perpetrator_profile_pdf.py``), made
from their file and their score today, for the lead and the coordinator; every one written is
audited.

The subject is identified only by the fields the area allows on restricted documents (its
research-list fields); each victim appears as the reference of their case, and nothing typed
about a victim is read.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import PersonId
from marac_desktop.domain.meetings import ActionStatus
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.perpetrators import NOT_HEARD, PerpetratorFile
from marac_desktop.domain.records import incident_words
from marac_desktop.domain.vocabulary import Vocabularies
from marac_desktop.errors import InvalidInputError
from marac_desktop.reports import perpetrator_profile_pdf, research_list_pdf
from marac_desktop.reports.perpetrator_profile_pdf import (
    ProfileAction,
    ProfileCase,
    ProfileDocument,
    ProfileIncident,
    ProfileIntervention,
)
from marac_desktop.services import (
    marking,
    meeting_settings,
    perpetrator_ranking,
    perpetrators,
    vocabularies,
)
from marac_desktop.services.meeting_documents import identifying_details, short_day
from marac_desktop.services.meeting_settings import RESEARCH_FIELD_LABELS
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import records_repo
from marac_desktop.storage.atomic import atomic_writer


def _described(found: PerpetratorFile) -> tuple[tuple[str, str, str], ...]:
    return tuple((short_day(d.assessment_date), d.case_reference, d.text) for d in found.described)


def _open_actions(found: PerpetratorFile, words: Vocabularies, today: date) -> list[ProfileAction]:
    return [
        ProfileAction(
            words.agency.label(a.agency),
            a.what,
            a.who,
            short_day(a.due),
            "Open, overdue" if a.overdue(today) else a.status.label,
        )
        for a in sorted(found.actions, key=lambda a: a.due)
        if a.status is ActionStatus.OPEN
    ]


@requires(Permission.VIEW_PERPETRATORS)
def profile_document(
    workspace: Workspace, person_id: PersonId, today: date | None = None
) -> ProfileDocument:
    day = today or date.today()
    found = perpetrators.perpetrator_file(workspace, person_id)
    now = perpetrator_ranking.perpetrator_score(workspace, person_id, day)
    fields = meeting_settings.load_meeting_settings(workspace).research_fields
    with workspace.transaction() as session:
        person = records_repo.get_person(session, person_id)
    if person is None:  # removed since the file was read
        raise InvalidInputError("That person is not recorded as a perpetrator.")
    details = identifying_details(person, fields)
    words = vocabularies.current(workspace)
    return ProfileDocument(
        marking.protective_marking(workspace),
        f"person {person_id}",
        tuple((RESEARCH_FIELD_LABELS[f], details[f] or "Not recorded") for f in fields),
        now.score,
        f"{now.model_id} v{now.model_version}",
        tuple(line.shown() for line in now.lines),
        tuple(
            ProfileCase(
                c.reference,
                words.relationship.label(c.relationship),
                short_day(c.last_referral) if c.last_referral else "None",
                ", ".join(short_day(d) for d in c.heard_at) or NOT_HEARD,
            )
            for c in found.cases
        ),
        tuple(
            ProfileIncident(short_day(i.day), incident_words(i.kind), i.case_reference)
            for i in found.incidents
        ),
        _described(found),
        tuple(
            ProfileIntervention(
                short_day(i.referred_on),
                words.intervention.label(i.kind),
                words.agency.label(i.agency),
                f"{i.status.label} on {short_day(i.status_on)}",
            )
            for i in found.interventions
        ),
        tuple(_open_actions(found, words, day)),
        short_day(day),
    )


@requires(Permission.VIEW_PERPETRATORS)
def profile_bytes(
    workspace: Workspace,
    person_id: PersonId,
    password: str | None = None,
    today: date | None = None,
) -> bytes:
    """The profile as a PDF; encrypted with AES-256 when a password is given."""
    buffer = io.BytesIO()
    perpetrator_profile_pdf.build_profile(profile_document(workspace, person_id, today), buffer)
    pdf = buffer.getvalue()
    return research_list_pdf.encrypt(pdf, password) if password is not None else pdf


@requires(Permission.VIEW_PERPETRATORS)
def save_profile(
    workspace: Workspace,
    person_id: PersonId,
    path: Path,
    password: str | None = None,
    today: date | None = None,
) -> Path:
    """Write the profile into a temporary file beside ``path`` that replaces it once whole."""
    data = profile_bytes(workspace, person_id, password, today)
    with atomic_writer(path) as handle:
        handle.write(data)
    detail = "perpetrator profile" + (", encrypted" if password else "")
    workspace.audit(
        AuditAction.EXPORT, "document", f"perpetrator_profile/{person_id}", detail=detail
    )
    return path


@requires(Permission.VIEW_PERPETRATORS)
def record_print(workspace: Workspace, person_id: PersonId) -> None:
    """Audit a printed profile, once the print dialog reports that it succeeded."""
    workspace.audit(
        AuditAction.PRINT, "document", f"perpetrator_profile/{person_id}", detail="printed"
    )
