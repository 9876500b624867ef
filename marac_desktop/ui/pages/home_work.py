"""Home's sections in words, each item with where it leads: the page, and the record on it.

Pure: given what ``services.home.home`` read, so the wording is tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marac_desktop.domain.assessments import REASSESSMENT_DAYS
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.meetings import MeetingId
from marac_desktop.domain.users import User
from marac_desktop.domain.words import counted, have
from marac_desktop.risk.flags import FlagKind
from marac_desktop.services.backups import BACKUP_WARNING_DAYS
from marac_desktop.services.home import (
    SHOWN,
    AccountWork,
    AssessmentWork,
    BackupWork,
    CaseItem,
    DueItem,
    DueReason,
    FlagWork,
    HomeWork,
    MeetingWork,
    NextMeeting,
)

from marac_desktop.ui.cases.words import day_text, flag_words
from marac_desktop.ui.meetings.words import when_text


@dataclass(frozen=True, slots=True)
class OpenDraft:
    """The draft in the wizard (from the Assessments page, with its case selected)."""

    case_id: CaseId
    assessment_id: int


@dataclass(frozen=True, slots=True)
class OpenAssessments:
    """The Assessments page, with this case selected (or as it was)."""

    case_id: CaseId | None = None


@dataclass(frozen=True, slots=True)
class OpenMeeting:
    """The Meetings page, with this meeting selected (or as it was)."""

    meeting_id: MeetingId | None = None


@dataclass(frozen=True, slots=True)
class OpenOverdueActions:
    """The Actions page showing every overdue action."""


@dataclass(frozen=True, slots=True)
class OpenFlags:
    """The Flags page showing what waits, of the kinds this choice of its Kind list names."""

    kind_choice: str


@dataclass(frozen=True, slots=True)
class OpenPage:
    title: str


Destination = OpenDraft | OpenAssessments | OpenMeeting | OpenOverdueActions | OpenFlags | OpenPage


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    opens: Destination | None = None
    """None: nothing waits, so the line only says so."""
    warning: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    items: tuple[Item, ...]
    note: str = ""
    """How the section's items are chosen, shown under them."""


NOTICES_CHOICE = "12-month notices"
"""The Flags page's Kind choice for the notices (``flags_page.KIND_CHOICES``)."""
REASSESSMENT_NOTE = (
    f"A case of yours is due a reassessment {REASSESSMENT_DAYS} days after your last completed "
    "assessment, or as soon as an incident is recorded after it."
)


def _case_words(case: CaseItem) -> str:
    return f"{case.reference} · {case.victim}"


def _due_words(due: DueItem) -> str:
    last = f"last assessed {day_text(due.case.assessed_on)}"
    if due.reason is DueReason.NEW_INCIDENT:
        return f"Reassess {_case_words(due.case)}: new incident {day_text(due.since)}, {last}"
    return f"Reassess {_case_words(due.case)}: {last}"


def _assessments(work: AssessmentWork) -> Section:
    items = [
        Item(
            f"Resume the draft for {_case_words(d)} ({day_text(d.assessed_on)})",
            OpenDraft(d.case_id, d.assessment_id),
        )
        for d in work.drafts
    ]
    if work.draft_count > SHOWN:
        more = work.draft_count - SHOWN
        items.append(
            Item(f"{counted(more, 'more draft')} on the Assessments page", OpenAssessments())
        )
    items.extend(Item(_due_words(d), OpenAssessments(d.case.case_id)) for d in work.due)
    if work.due_count > SHOWN:
        more = work.due_count - SHOWN
        items.append(Item(f"{counted(more, 'more case')} due a reassessment", OpenAssessments()))
    if not items:
        items.append(Item("No drafts, and none of your cases is due a reassessment."))
    return Section("Your assessments", tuple(items), REASSESSMENT_NOTE)


def cutoff_words(next_meeting: NextMeeting, today: date) -> str:
    """Cut-off in 3 working days (26 Nov 2026); on the day, today; then when the list closed."""
    cutoff = next_meeting.meeting.cutoff
    if cutoff < today:
        return f"List closed on {day_text(cutoff)}"
    if cutoff == today:
        return "Cut-off today"
    return f"Cut-off in {counted(next_meeting.cutoff_in, 'working day')} ({day_text(cutoff)})"


def _meetings(work: MeetingWork, today: date) -> Section:
    upcoming = work.next_meeting
    meeting_id = upcoming.meeting.id if upcoming else None
    items: list[Item] = []
    if upcoming is None:
        items.append(Item("No meeting is planned: arrange the next one", OpenMeeting()))
    else:
        meeting = upcoming.meeting
        items.append(
            Item(
                f"Next meeting {when_text(meeting.starts_at)}, {meeting.area} · "
                f"{cutoff_words(upcoming, today)} · {counted(upcoming.listed, 'case')} listed",
                OpenMeeting(meeting_id),
            )
        )
        if upcoming.returns_missing:
            text = f"{counted(upcoming.returns_missing, 'research return')} still to come"
            if upcoming.returns_overdue:
                text += f", {upcoming.returns_overdue} overdue"
            items.append(Item(text, OpenMeeting(meeting_id), warning=upcoming.returns_overdue > 0))
    waiting = work.waiting_referrals
    items.append(
        Item(f"{counted(waiting, 'referral')} waiting to be listed", OpenMeeting(meeting_id))
        if waiting
        else Item("No referrals waiting to be listed.")
    )
    overdue = work.overdue_actions
    items.append(
        Item(f"{counted(overdue, 'overdue action')}", OpenOverdueActions(), warning=True)
        if overdue
        else Item("No overdue actions.")
    )
    return Section("Meetings", tuple(items))


def _flags(work: FlagWork) -> Section:
    items = [
        Item(
            f"{flag_words(kind.value)}: {n:,} waiting for review", OpenFlags(flag_words(kind.value))
        )
        for kind, n in work.waiting
    ]
    if work.notices:
        notice = flag_words(FlagKind.TWELVE_MONTH_NOTICE.value)
        items.append(Item(f"{notice}: {work.notices:,} to acknowledge", OpenFlags(NOTICES_CHOICE)))
    if not items:
        items.append(Item("No flags are waiting for review, and no notices."))
    return Section("Flags", tuple(items))


def backup_words(work: BackupWork, today: date) -> str:
    if work.on_server:
        return "Backups of the server are made by its operator: verify the server"
    if work.last_backup is None:
        return "No backup of this database has been made: back up now"
    day = work.last_backup.astimezone().date()
    age = (today - day).days
    when = "today" if age <= 0 else f"{counted(age, 'day')} ago ({day_text(day)})"
    return f"Last backup {when}" + (": back up now" if work.old else "")


def _backups(work: BackupWork, today: date) -> Section:
    note = (
        ""
        if work.on_server
        else f"A backup older than {counted(BACKUP_WARNING_DAYS, 'day')} is warned of."
    )
    return Section(
        "Backups", (Item(backup_words(work, today), OpenPage("Backups"), work.old),), note
    )


def _names(accounts: tuple[User, ...]) -> str:
    return ", ".join(u.display_name or u.username for u in accounts)


def _accounts(work: AccountWork) -> Section:
    items: list[Item] = []
    users = OpenPage("Users")
    if work.failed_sign_ins:
        items.append(
            Item(
                f"Failed sign-ins since the last successful one: {_names(work.failed_sign_ins)}",
                users,
                warning=True,
            )
        )
    if work.never_signed_in:
        count = len(work.never_signed_in)
        items.append(
            Item(
                f"{counted(count, 'account')} {have(count)} never signed in: "
                f"{_names(work.never_signed_in)}",
                users,
            )
        )
    if not items:
        items.append(
            Item("Every account has signed in, with no failed sign-ins since.")
            if work.sign_ins_read
            else Item("Staff accounts", users)
        )
    return Section("Accounts", tuple(items))


def sections(work: HomeWork) -> list[Section]:
    """The sections the service read, in the order of a working day."""
    found: list[Section] = []
    if work.assessments is not None:
        found.append(_assessments(work.assessments))
    if work.meetings is not None:
        found.append(_meetings(work.meetings, work.today))
    if work.flags is not None:
        found.append(_flags(work.flags))
    if work.backups is not None:
        found.append(_backups(work.backups, work.today))
    if work.accounts is not None:
        found.append(_accounts(work.accounts))
    return found
