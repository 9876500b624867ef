"""Reading the audit log: the newest entries, filtered in the database, with cases named by
their references."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from marac_desktop.domain import audit_references
from marac_desktop.domain.audit import AuditEntry, AuditFilter
from marac_desktop.domain.audit_references import AuditLine
from marac_desktop.domain.permissions import Permission
from marac_desktop.errors import InvalidInputError
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import audit_log, records_repo
from marac_desktop.storage.audit_log import AuditQuery

PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class AuditEntries:
    lines: tuple[AuditLine, ...]
    more: bool
    """Older entries match as well (ask again with ``before`` = ``oldest``)."""

    @property
    def oldest(self) -> int | None:
        return self.lines[-1].entry.id if self.lines else None


@dataclass(frozen=True, slots=True)
class AuditChoices:
    """What the log holds to filter by: each account, action and record type named in it."""

    actors: tuple[str, ...]
    actions: tuple[str, ...]
    target_types: tuple[str, ...]


@requires(Permission.VIEW_AUDIT_LOG)
def recent_entries(workspace: Workspace, limit: int = 200) -> list[AuditEntry]:
    with workspace.transaction() as session:
        return audit_log.recent(session, limit)


def _utc(day: date) -> str:
    """The start of a local day as the log writes times (UTC, to the second)."""
    start = datetime.combine(day, time.min).astimezone()
    return start.astimezone(UTC).isoformat(timespec="seconds")


def _query(shown: AuditFilter) -> AuditQuery:
    first, last = shown.first_day, shown.last_day
    if first is not None and last is not None and first > last:
        raise InvalidInputError("The 'from' day is after the 'to' day; swap them or change one.")
    return AuditQuery(
        actor=shown.actor,
        action=shown.action,
        target_type=shown.target_type,
        at_from=_utc(first) if first is not None else "",
        at_before=_utc(last + timedelta(days=1)) if last is not None else "",
    )


@requires(Permission.VIEW_AUDIT_LOG)
def entries(
    workspace: Workspace,
    shown: AuditFilter | None = None,
    before: int | None = None,
    limit: int = PAGE_SIZE,
) -> AuditEntries:
    """The newest ``limit`` entries ``shown`` matches (older than entry ``before``, to page
    on), with the case each names shown by its reference: one read for the entries and one
    for every reference on the page."""
    query = _query(shown or AuditFilter())
    with workspace.transaction() as session:
        found = audit_log.newest(session, query, before, limit + 1)
        page = found[:limit]
        wanted = set().union(*(audit_references.case_ids(e) for e in page)) if page else set()
        references = records_repo.case_references(session, wanted) if wanted else {}
    return AuditEntries(tuple(audit_references.lines(page, references)), len(found) > limit)


@requires(Permission.VIEW_AUDIT_LOG)
def filter_choices(workspace: Workspace) -> AuditChoices:
    with workspace.transaction() as session:
        return AuditChoices(
            *(tuple(audit_log.distinct_values(session, c)) for c in audit_log.DISTINCT_COLUMNS)
        )
