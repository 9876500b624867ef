"""Home's wording: the cut-off countdown, the backup's age, and counts in plain words."""

from __future__ import annotations

from datetime import UTC, date, datetime

from marac_desktop.domain.meetings import Meeting, MeetingId, MeetingStatus
from marac_desktop.services.home import BackupWork, HomeWork, MeetingWork, NextMeeting

from marac_desktop.ui.pages.home_work import backup_words, cutoff_words, sections

MONDAY = date(2026, 11, 23)
MEETING = Meeting(
    MeetingId(7),
    datetime(2026, 12, 3, 10, 0),
    "Hall",
    False,
    "Chair",
    "Leeds",
    date(2026, 11, 26),
    15,
    MeetingStatus.PLANNED,
)


def test_the_cutoff_counts_down_in_working_days_then_says_the_list_closed() -> None:
    assert cutoff_words(NextMeeting(MEETING, 0, 3), MONDAY) == (
        "Cut-off in 3 working days (26 Nov 2026)"
    )
    assert cutoff_words(NextMeeting(MEETING, 0, 1), date(2026, 11, 25)) == (
        "Cut-off in 1 working day (26 Nov 2026)"
    )
    assert cutoff_words(NextMeeting(MEETING, 0, 0), date(2026, 11, 26)) == "Cut-off today"
    assert cutoff_words(NextMeeting(MEETING, 0, 0), date(2026, 11, 27)) == (
        "List closed on 26 Nov 2026"
    )


def test_counts_take_their_plurals() -> None:
    work = HomeWork(MONDAY, meetings=MeetingWork(NextMeeting(MEETING, 1, 3), 1, 2))
    (section,) = sections(work)
    texts = [item.text for item in section.items]
    assert texts == [
        "Next meeting Thu 3 Dec 2026, 10:00, Leeds · Cut-off in 3 working days (26 Nov 2026) · "
        "1 case listed",
        "1 referral waiting to be listed",
        "2 overdue actions",
    ]


def test_research_still_to_come_is_named_and_warns_once_overdue() -> None:
    work = HomeWork(MONDAY, meetings=MeetingWork(NextMeeting(MEETING, 1, 3, 4, 1), 0, 0))
    (section,) = sections(work)
    missing = section.items[1]
    assert missing.text == "4 research returns still to come, 1 overdue" and missing.warning
    work = HomeWork(MONDAY, meetings=MeetingWork(NextMeeting(MEETING, 1, 3, 1, 0), 0, 0))
    (section,) = sections(work)
    assert section.items[1].text == "1 research return still to come"
    assert not section.items[1].warning


def test_a_backup_says_how_old_it_is_and_warns_when_old_or_missing() -> None:
    made = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert backup_words(BackupWork(False, made, False), MONDAY) == (
        "Last backup 3 days ago (20 Nov 2026)"
    )
    assert backup_words(BackupWork(False, made, True), date(2026, 12, 1)) == (
        "Last backup 11 days ago (20 Nov 2026): back up now"
    )
    assert backup_words(BackupWork(False, None, True), MONDAY) == (
        "No backup of this database has been made: back up now"
    )
