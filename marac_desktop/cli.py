"""Command line over the services. Nothing here imports Qt, so commands start fast.

Exit status: 0 success, 1 a problem the user can fix (wrong password, damaged file, refused
permission), 2 bad input or usage, 3 verification found problems, 70 an unexpected error.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marac_desktop import __version__
from marac_desktop.domain import date_style

if TYPE_CHECKING:
    from marac_desktop.services.backups import VerifyReport
    from marac_desktop.services.workspace import Workspace

log = logging.getLogger(__name__)

EXIT_USER_ERROR = 1
EXIT_INPUT_ERROR = 2
EXIT_VERIFY_FAILED = 3
EXIT_UNEXPECTED = 70

ROLES = ("idva", "coordinator", "safeguarding_lead", "admin")


class Secrets:
    """Passwords from the terminal, or one per line from standard input."""

    def __init__(self, from_stdin: bool) -> None:
        self._lines: Iterator[str] | None = iter(sys.stdin.readline, "") if from_stdin else None

    def read(self, prompt: str) -> str:
        if self._lines is None:
            return getpass.getpass(prompt)
        line = next(self._lines, "")
        if not line:
            from marac_desktop.errors import InvalidInputError

            raise InvalidInputError(f"Standard input ended before the {prompt.rstrip(': ')}.")
        return line.rstrip("\r\n")

    def read_new(self, prompt: str) -> str:
        password = self.read(prompt)
        if self._lines is None and getpass.getpass("Repeat it: ") != password:
            from marac_desktop.errors import InvalidInputError

            raise InvalidInputError("The two passwords do not match.")
        return password


class _Given(Secrets):
    """A password already read (restore reads it once, to check the role first)."""

    def __init__(self, password: str) -> None:
        self._password = password

    def read(self, prompt: str) -> str:
        return self._password


def _emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _open(args: argparse.Namespace, secrets: Secrets) -> Workspace:
    from marac_desktop.services import access, server_access

    password = secrets.read(f"Password for {args.user}: ")
    if server_access.is_server(args.db):
        ca_file = Path(args.ca_file) if args.ca_file else None
        workspace = server_access.sign_in_at(args.db, args.user, password, ca_file)
    else:
        workspace = access.unlock(Path(args.db), args.user, password)
    from marac_desktop.services import settings
    from marac_desktop.services.audit_witness import as_sentence

    settings.use_date_style(workspace)  # documents write days as the area does
    for warning in workspace.warnings:
        sys.stderr.write(f"Warning: {as_sentence(warning)}\n")
    return workspace


def _with_workspace(
    action: Callable[[argparse.Namespace, Workspace, Secrets], int],
) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        secrets = Secrets(args.password_stdin)
        workspace = _open(args, secrets)
        try:
            return action(args, workspace, secrets)
        finally:
            workspace.lock()

    return run


# ----- commands ---------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from marac_desktop.services import access

    secrets = Secrets(args.password_stdin)
    password = secrets.read_new(f"New password for {args.user}: ")
    code = access.create_database(Path(args.db), args.user, password, args.display_name or "")
    _emit(
        {
            "database": str(Path(args.db)),
            "administrator": args.user,
            "recovery_code": code,
            "note": "Store the recovery code safely now: it is shown only once.",
        }
    )
    return 0


def _user_add(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.domain.users import Role
    from marac_desktop.services import users

    password = secrets.read_new(f"Password for the new account {args.name}: ")
    user = users.add_user(ws, args.name, Role(args.role), password, args.display_name or "")
    _emit({"added": user.username, "role": user.role.value})
    return 0


def _user_list(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import users

    _emit(
        [
            {
                "username": u.username,
                "display_name": u.display_name,
                "role": u.role.value,
                "active": u.active,
            }
            for u in users.list_users(ws)
        ]
    )
    return 0


def _user_passwd(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import users

    current = secrets.read("Current password again: ")
    users.change_own_password(ws, current, secrets.read_new("New password: "))
    _emit({"password_changed": args.user})
    return 0


def _user_reset(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import users

    users.reset_password(ws, args.name, secrets.read_new(f"New password for {args.name}: "))
    _emit({"password_reset": args.name})
    return 0


def cmd_user_reset(args: argparse.Namespace) -> int:
    if not args.recovery:
        if not args.user:
            from marac_desktop.errors import InvalidInputError

            raise InvalidInputError("Give --user ADMIN, or --recovery to use the recovery code.")
        return _with_workspace(_user_reset)(args)
    from marac_desktop.services import access

    secrets = Secrets(args.password_stdin)
    workspace = access.unlock_with_recovery(Path(args.db), secrets.read("Recovery code: "))
    try:
        return _user_reset(args, workspace, secrets)
    finally:
        workspace.lock()


def _user_rename(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import users

    user = users.rename_user(ws, args.name, args.display_name)
    _emit({"renamed": user.username, "display_name": user.display_name})
    return 0


def _user_role(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.domain.users import Role
    from marac_desktop.services import users

    user = users.change_role(ws, args.name, Role(args.role))
    _emit({"changed": user.username, "role": user.role.value, "note": users.ROLE_TAKES_EFFECT})
    return 0


def _user_revoke(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import users

    users.revoke_user(ws, args.name)
    _emit(
        {
            "revoked": args.name,
            "advice": users.REVOKE_ADVICE,
        }
    )
    return 0


def _rekey(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import users

    result = users.rekey(ws)
    _emit(
        {
            "rekeyed": str(ws.path),
            "backups_reencrypted": list(result.reencrypted),
            "backups_not_reencrypted": list(result.left_as_they_were),
            "protected": users.REKEY_PROTECTS,
            "not_protected": users.REKEY_DOES_NOT_REACH,
            "summary": result.summary(),
        }
    )
    return 0


def _backup(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import backups

    target = backups.back_up(ws, Path(args.out) if args.out else None)
    _emit({"backup": str(target)})
    return 0


def _report_verify(ws: Workspace) -> int:
    from marac_desktop.services import backups

    return _print_verify(backups.verify(ws))


def _print_verify(report: VerifyReport) -> int:
    _emit(
        {
            "ok": report.ok,
            "problems": list(report.problems),
            "audit_rows": report.audit_rows,
            "audit_head": {"row": report.audit_head_row, "hash": report.audit_head_hash},
            "audit_rows_before_signatures": report.unsigned_rows,
        }
    )
    if not report.ok:
        for problem in report.problems:
            sys.stderr.write(f"{problem}\n")
        return EXIT_VERIFY_FAILED
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from marac_desktop.services import server_access, verification

    if server_access.is_server(args.db):  # no file to check before signing in
        result: int = _with_workspace(lambda _args, ws, _secrets: _report_verify(ws))(args)
        return result
    secrets = Secrets(args.password_stdin)
    password = secrets.read(f"Password for {args.user}: ")
    return _print_verify(verification.verify_file(Path(args.db), args.user, password))


def cmd_restore(args: argparse.Namespace) -> int:
    from marac_desktop.services import backups

    backup = Path(args.backup)
    secrets = Secrets(args.password_stdin)
    password = secrets.read(f"Password for {args.user}: ")
    backups.check_may_restore(backup, args.user, password)  # before anything is written
    backups.restore(backup, Path(args.db))
    workspace = _open(args, _Given(password))
    try:
        backups.record_restore(workspace, backup)
        return _report_verify(workspace)
    finally:
        workspace.lock()


def _demo(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from dataclasses import asdict

    from marac_desktop.services import demo

    _emit(asdict(demo.generate(ws, args.cases, args.seed)))
    return 0


def _export(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import bundle

    cases = bundle.write_bundle(ws, Path(args.out))
    _emit({"exported": str(Path(args.out)), "cases": cases})
    return 0


def _import(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from dataclasses import asdict

    from marac_desktop.services import bundle

    try:
        summary = bundle.import_bundle(ws, bundle.read_bundle_file(Path(args.bundle)))
    except bundle.BundleError as error:
        for problem in error.problems:
            sys.stderr.write(f"{problem}\n")
        raise
    _emit({"imported": asdict(summary)})
    return 0


def _sheet_check_json(checked: Any) -> dict[str, Any]:
    return {
        "problems": [
            {"row": p.row, "column": p.column, "header": p.header, "problem": p.text}
            for p in checked.problems
        ],
        "resolved_dates": [
            {
                "row": d.row,
                "column": d.column,
                "typed": d.typed,
                "read_as": date_style.in_file(d.day),
            }
            for d in checked.resolved_dates
        ],
        "referral_date_from_marac_date_rows": list(checked.fallback_rows),
        "rows_without_marac_date": list(checked.waiting_rows),
        "rows_meeting_no_criterion": list(checked.no_criterion_rows),
        "columns_not_imported": list(checked.not_imported),
        "columns_kept_as_notes": list(checked.kept_as_notes),
        "pairs": [
            {
                "key": p.key,
                "role": p.role,
                "rows": [p.first_row, p.second_row],
                "score": p.score,
                "reasons": list(p.reasons),
                "joining_makes_one_case": p.same_case,
            }
            for p in checked.pairs
        ],
    }


def _import_sheet(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from dataclasses import asdict

    from marac_desktop.errors import InvalidInputError
    from marac_desktop.services import sheet_import, sheet_mapping
    from marac_desktop.services.sheet_reader import read_sheet

    sheet = read_sheet(Path(args.file), args.sheet)
    if args.mapping:
        mapping = sheet_mapping.read_mapping_file(Path(args.mapping), sheet.headers)
    else:
        mapping = sheet_import.suggested_mapping(ws, sheet)
    if args.clean_rows_only and not args.refused_out and not args.dry_run:
        raise InvalidInputError(
            "With --clean-rows-only, give --refused-out FILE for the rows left."
        )
    checked = sheet_import.check(ws, sheet, mapping)
    joins = [p.key for p in checked.pairs] if args.join_all else list(args.join)
    result: dict[str, Any] = {
        "file": sheet.file_name,
        "read_as": sheet.encoding,
        "sheet": sheet.sheet_name or None,
        "sheets": list(sheet.sheet_names),
        "mapping": sheet_mapping.mapping_json(mapping, sheet.headers),
        "mapping_is_suggested": mapping.suggested,
        "counts": {
            "rows": len(sheet.rows),
            "blank_rows": sheet.blank_rows,
            "clean_rows": len(checked.entries),
            "rows_with_problems": len(checked.refused_rows),
            "problems": len(checked.problems),
            "pairs": len(checked.pairs),
        },
        **_sheet_check_json(checked),
        "dry_run": bool(args.dry_run),
        "joined": joins,
        "imported": None,
    }
    blocked = bool(checked.problems) and not (args.clean_rows_only and checked.mapping_ok)
    if args.dry_run or blocked:
        _emit(result)
        if blocked and not args.dry_run:
            sys.stderr.write(
                f"The sheet has {len(checked.problems)} problem(s), so nothing was imported; "
                "fix them, or use --clean-rows-only with --refused-out FILE.\n"
            )
            return EXIT_INPUT_ERROR
        return 0
    summary = sheet_import.import_sheet(
        ws,
        sheet,
        mapping,
        joins,
        clean_rows_only=args.clean_rows_only,
        refused_file=Path(args.refused_out) if args.refused_out else None,
    )
    result["imported"] = asdict(summary)
    _emit(result)
    if summary.warning:
        sys.stderr.write(f"Warning: {summary.warning}\n")
    return 0


def _match(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from dataclasses import replace

    from marac_desktop.domain.people import PersonDetails
    from marac_desktop.errors import InvalidInputError
    from marac_desktop.matching import parse_birth_date
    from marac_desktop.matching.typed_name import split_full_name
    from marac_desktop.services import people_matching

    if args.name is not None and (args.family is not None or args.given is not None):
        raise InvalidInputError("Give either --name or --family and --given, not both.")
    if args.name is not None:
        family, given = split_full_name(args.name)
    else:
        family, given = args.family or "", args.given or ""
    if not family.strip() and not given.strip():
        raise InvalidInputError(
            'Give a name, e.g. --name "Ewa Nowak" or --family Nowak --given Ewa.'
        )
    birth = parse_birth_date(args.dob) if args.dob else None
    details = PersonDetails(family.strip(), given.strip())
    if birth is not None:
        details = replace(details, date_of_birth=birth.value, dob_precision=birth.precision)
    found = people_matching.find_candidates(ws, details, limit=args.limit)
    _emit(
        [
            {
                "id": c.person.id,
                "names": {
                    "family_name": c.person.details.family_name,
                    "given_names": c.person.details.given_names,
                    "aliases": [
                        f"{a.given_names} {a.family_name}" for a in c.person.details.aliases
                    ],
                },
                "date_of_birth": (
                    date_style.in_file(c.person.details.date_of_birth)
                    if c.person.details.date_of_birth
                    else None
                ),
                "score": c.score,
                "reasons": list(c.reasons),
                "cases": [{"reference": h.reference, "role": h.role.value} for h in c.cases],
            }
            for c in found
        ]
    )
    return 0


def _parse_start(text: str) -> Any:
    from datetime import datetime

    from marac_desktop.errors import InvalidInputError

    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise InvalidInputError(
            'Give the start as "YYYY-MM-DD HH:MM", e.g. "2026-03-12 10:00".'
        ) from None


def _meeting_json(meeting: Any) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "starts_at": meeting.starts_at.isoformat(timespec="minutes"),
        "venue": meeting.venue,
        "online": meeting.online,
        "chair": meeting.chair,
        "area": meeting.area,
        "cutoff": date_style.in_file(meeting.cutoff),
        "slot_minutes": meeting.slot_minutes,
        "status": meeting.status.value,
    }


def _meeting_create(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import meetings

    meeting = meetings.create_meeting(
        ws,
        _parse_start(args.starts),
        args.venue or "",
        args.online,
        args.chair,
        args.area,
        slot_minutes=args.slot_minutes,
    )
    _emit(_meeting_json(meeting))
    return 0


def _meeting_edit(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    """Change what is given; the rest stays as it is."""
    from marac_desktop.services import meetings

    now = meetings.get_meeting(ws, args.meeting)
    online = True if args.online else (False if args.venue else now.online)
    edited = meetings.edit_meeting(
        ws,
        args.meeting,
        _parse_start(args.starts) if args.starts else now.starts_at,
        args.venue or ("" if online else now.venue),
        online,
        args.chair or now.chair,
        args.area or now.area,
        slot_minutes=args.slot_minutes or now.slot_minutes,
        version=now.version,
    )
    _emit(_meeting_json(edited))
    return 0


def _meeting_cancel(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import meetings

    _emit(_meeting_json(meetings.cancel_meeting(ws, args.meeting)))
    return 0


def _meeting_add_case(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import meeting_list, records

    case_id = records.case_with_reference(ws, args.case)
    added = meeting_list.add_case(ws, args.meeting, case_id, args.reason)
    _emit({"meeting": args.meeting, "added": args.case, "meeting_reference": added.reference})
    return 0


def _meeting_remove_case(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.domain.meetings import RemovalReason
    from marac_desktop.services import meeting_list, records

    case_id = records.case_with_reference(ws, args.case)
    meeting_list.remove_case(ws, args.meeting, case_id, RemovalReason(args.reason))
    _emit({"meeting": args.meeting, "removed": args.case, "reason": args.reason})
    return 0


def _meeting_list(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import meetings

    _emit([_meeting_json(m) for m in meetings.list_meetings(ws)])
    return 0


def _meeting_build(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import meeting_list

    view = meeting_list.build_list(ws, args.meeting)
    _emit({"meeting": args.meeting, "cases": len(view.rows)})
    return 0


def _meeting_close(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import meetings

    _emit(_meeting_json(meetings.close_meeting(ws, args.meeting)))
    return 0


def _meeting_show(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    """The anonymised view: meeting case references and facts, never names."""
    from dataclasses import asdict

    from marac_desktop.services import agenda_view

    view = agenda_view.meeting_view(ws, args.meeting)
    _emit(
        {
            "meeting": _meeting_json(view.meeting),
            "ends_at": view.ends_at.isoformat(timespec="minutes"),
            "cases": [
                {
                    "reference": r.reference,
                    "section": r.section.value,
                    "slot": f"{r.slot_start:%H:%M}-{r.slot_end:%H:%M}",
                    "age_band": r.age_band,
                    "gender": r.gender,
                    "criteria": list(r.criteria),
                    "repeat": r.repeat,
                    "months_since_last_marac": r.months_since_last_marac,
                    "children": r.children,
                    "referring_agency": r.referring_agency,
                    "risk_level": r.risk_level,
                    "yes_count": r.yes_count,
                    "research_agencies": list(r.research_labels),
                    "heard": r.heard,
                    "minutes_used": r.minutes_used,
                }
                for r in view.rows
            ],
            "attendance": [asdict(a) for a in view.attendance],
        }
    )
    return 0


def _agenda(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import meeting_documents

    out = meeting_documents.save_agenda(ws, args.meeting, Path(args.out))
    _emit({"agenda": str(out), "meeting": args.meeting})
    return 0


def _research_list(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import meeting_documents

    password = secrets.read_new("Password for the research list: ") if args.encrypt else None
    out = meeting_documents.save_research_list(
        ws, args.meeting, args.agency, Path(args.out), password
    )
    _emit({"research_list": str(out), "agency": args.agency, "encrypted": bool(password)})
    return 0


def _minutes(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import meeting_minutes

    password = secrets.read_new("Password for the minutes: ") if args.encrypt else None
    out = meeting_minutes.save_minutes(ws, args.meeting, Path(args.out), password)
    _emit({"minutes": str(out), "meeting": args.meeting, "encrypted": bool(password)})
    return 0


def _perpetrators(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import perpetrator_ranking
    from marac_desktop.services.perpetrator_ranking import RankFilter

    chosen = RankFilter(top=args.top, window_days=args.window_days, serial_only=args.serial)
    ranking = perpetrator_ranking.ranked_list(ws, chosen)
    _emit(
        {
            "model": ranking.model_id,
            "model_version": ranking.model_version,
            "window_days": ranking.window_days,
            "ranked": ranking.ranked,
            "perpetrators": [
                {
                    "person_id": row.person_id,
                    "place": row.place,
                    "score": row.score,
                    "model": ranking.model_id,
                    "model_version": ranking.model_version,
                    "victims": row.victims,
                    "explanation": [line.shown() for line in row.lines],
                }
                for row in ranking.rows
            ],
        }
    )
    return 0


def _perpetrator_profile(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.domain.cases import PersonId
    from marac_desktop.services import perpetrator_profile

    password = secrets.read_new("Password for the profile: ") if args.encrypt else None
    out = perpetrator_profile.save_profile(ws, PersonId(args.person), Path(args.out), password)
    _emit({"perpetrator_profile": str(out), "person": args.person, "encrypted": bool(password)})
    return 0


def _research_status(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.domain.research import is_overdue
    from marac_desktop.services import research_returns

    found = research_returns.research_status(ws, args.meeting)
    today = date.today()
    _emit(
        {
            "meeting": args.meeting,
            "due": date_style.in_file(found.due),
            "overdue": found.overdue(today),
            "cases": [
                {
                    "meeting_reference": case.meeting_reference,
                    "case": case.case_reference,
                    "requests": [
                        {
                            "agency": r.agency,
                            "status": r.status.value,
                            "known": r.status.known,
                            "returned_on": (
                                date_style.in_file(r.returned_on) if r.returned_on else None
                            ),
                            "overdue": found.open and is_overdue(r.status, found.due, today),
                        }
                        for r in case.returns
                    ],
                }
                for case in found.cases
            ],
        }
    )
    return 0


def _research_return(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.domain.research import ResearchReturn, ResearchStatus
    from marac_desktop.services import records, research_returns

    case_id = records.case_with_reference(ws, args.case)
    answer = ResearchReturn(
        args.agency,
        ResearchStatus(args.status),
        args.on,
        args.summary,
        args.risks,
        args.contact,
    )
    research_returns.record_return(ws, args.meeting, case_id, answer)
    _emit({"meeting": args.meeting, "case": args.case, "status": args.status})
    return 0


def _research_import(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import research_returns

    imported = research_returns.import_returns(ws, args.meeting, Path(args.file))
    _emit({"meeting": args.meeting, "returns": imported.returns, "cases": imported.cases})
    return 0


def _parse_day(text: str, option: str) -> Any:
    from datetime import date

    from marac_desktop.errors import InvalidInputError

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(f"Give {option} as a real date in the form YYYY-MM-DD.") from None


def _actions(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.domain.meetings import ActionFilter, ActionStatus
    from marac_desktop.services import meeting_documents

    chosen = ActionFilter(
        args.agency,
        args.meeting,
        ActionStatus(args.status) if args.status else None,
        _parse_day(args.due_before, "--due-before") if args.due_before else None,
        args.overdue,
    )
    out = meeting_documents.save_actions(ws, Path(args.out), chosen)
    _emit({"actions": str(out), "agency": args.agency, "status": args.status})
    return 0


def _action_edit(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    """Correct what is given; the rest stays as it is."""
    from marac_desktop.domain.meetings import ActionId
    from marac_desktop.errors import InvalidInputError
    from marac_desktop.services import actions

    if args.what is None and args.who is None and args.due is None:
        raise InvalidInputError("Give --what, --who or --due: what to correct.")
    due = _parse_day(args.due, "--due") if args.due is not None else None
    before = actions.get_action(ws, ActionId(args.action))
    edited = actions.edit_action(ws, before.id, args.what, args.who, due, version=before.version)
    _emit(
        {
            "action": edited.id,
            "corrected": [e.field.value for e in edited.edits[len(before.edits) :]],
            "due": date_style.in_file(edited.due),
            "status": edited.status.value,
        }
    )
    return 0


def _report(args: argparse.Namespace, ws: Workspace, secrets: Secrets) -> int:
    from marac_desktop.services import performance

    fmt = performance.ReportFormat(args.format)
    out = performance.save_report(ws, args.date_from, args.date_to, Path(args.out), fmt)
    period = {"from": date_style.in_file(args.date_from), "to": date_style.in_file(args.date_to)}
    _emit({"report": str(out), **period})
    return 0


def _period(args: argparse.Namespace) -> int:

    try:
        args.date_from = date.fromisoformat(args.date_from)
        args.date_to = date.fromisoformat(args.date_to)
    except ValueError:
        sys.stderr.write("Give --from and --to as real dates in the form YYYY-MM-DD.\n")
        return EXIT_INPUT_ERROR
    if args.date_from > args.date_to:
        sys.stderr.write("The --from date is after the --to date; swap them.\n")
        return EXIT_INPUT_ERROR
    result: int = _with_workspace(_report)(args)
    return result


def cmd_score(args: argparse.Namespace) -> int:
    from datetime import date

    from marac_desktop.services import scoring

    policy = Path(args.policy) if args.policy else None
    _emit(scoring.score_file(Path(args.answers), policy, date.today()))
    return 0


# ----- parser -----------------------------------------------------------------------------


def cmd_server_check(args: argparse.Namespace) -> int:
    from marac_desktop.services import server_check

    password = Secrets(args.password_stdin).read(f"Password for {args.user} on the server: ")
    ca_file = Path(args.ca_file) if args.ca_file else None
    result = server_check.check(args.db, args.user, password, ca_file)
    _emit(
        {
            "server": result.server,
            "connection": result.connection,
            "unsafe": list(result.unsafe),
            "not_checked": list(result.not_checked),
            "summary": result.summary,
        }
    )
    for sentence in (*result.unsafe, *result.not_checked):
        sys.stderr.write(f"{sentence}\n")
    return 0 if result.safe else EXIT_VERIFY_FAILED


def cmd_server_init(args: argparse.Namespace) -> int:
    from marac_desktop.services import server_access

    secrets = Secrets(args.password_stdin)
    ca_file = Path(args.ca_file) if args.ca_file else None
    done = server_access.init_server_at(
        args.db,
        args.user,
        lambda prompt: (
            secrets.read_new(prompt) if "New password" in prompt else secrets.read(prompt)
        ),
        args.display_name or "",
        ca_file,
    )
    _emit({"server": server_access.label(args.db), "administrator": args.user, "done": done})
    return 0


def cmd_move_to_server(args: argparse.Namespace) -> int:
    from marac_desktop.services import server_move

    secrets = Secrets(args.password_stdin)
    try:
        report = server_move.move_to_server_at(
            Path(args.db),
            args.user,
            args.to,
            secrets.read,
            Path(args.ca_file) if args.ca_file else None,
        )
    except server_move.MoveCheckError as error:
        for problem in error.problems:
            sys.stderr.write(f"{problem}\n")
        sys.stderr.write(f"{error}\n")
        return EXIT_VERIFY_FAILED
    _emit(
        {
            "file": report.file,
            "server": report.server,
            "seconds": round(report.seconds, 1),
            "tables": {
                c.table: {
                    "file": c.file.rows,
                    "server": c.server.rows,
                    "checksums_match": c.matches,
                }
                for c in report.tables
            },
            "audit": {"rows": report.audit_rows, "head_hash": report.audit_head},
            "signs_in_with_the_file_password": report.signed_in,
            "awaiting_a_password_from_an_administrator": list(report.awaiting_password),
            "revoked": list(report.revoked),
        }
    )
    for sentence in report.sentences():
        sys.stderr.write(f"{sentence}\n")
    return 0


def _database_args(parser: argparse.ArgumentParser, user_required: bool = True) -> None:
    parser.add_argument(
        "--db",
        required=True,
        metavar="PATH|URL",
        help="the database file, or a partnership server as postgresql://host[:port]/database",
    )
    parser.add_argument("--user", required=user_required, metavar="NAME", help="your user name")
    parser.add_argument(
        "--ca-file",
        metavar="FILE",
        help="the partnership's certificate authority, to check a server reached over the network",
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read passwords from standard input, one per line, instead of the terminal",
    )


_Commands = Any
"""The object ``add_subparsers`` returns (argparse keeps its class private)."""


def _meeting_arg(parser: argparse.ArgumentParser, **extra: Any) -> None:
    parser.add_argument("--meeting", type=int, required=True, metavar="ID", **extra)


def _add_init(commands: _Commands) -> None:
    init = commands.add_parser("init", help="create a new encrypted database and its first admin")
    _database_args(init)
    init.add_argument("--display-name", metavar="TEXT", help="the administrator's full name")
    init.set_defaults(run=cmd_init)


def _add_user_commands(commands: _Commands) -> None:
    user = commands.add_parser("user", help="manage staff accounts")
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_commands.add_parser("add", help="add an account (admin)")
    _database_args(add)
    add.add_argument("--name", required=True, help="the new account's user name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--display-name", metavar="TEXT")
    add.set_defaults(run=_with_workspace(_user_add))
    listing = user_commands.add_parser("list", help="list accounts (admin)")
    _database_args(listing)
    listing.set_defaults(run=_with_workspace(_user_list))
    passwd = user_commands.add_parser("passwd", help="change your own password")
    _database_args(passwd)
    passwd.set_defaults(run=_with_workspace(_user_passwd))
    reset = user_commands.add_parser(
        "reset", help="set a new password for an account (admin, or with the recovery code)"
    )
    _database_args(reset, user_required=False)
    reset.add_argument("--name", required=True, help="the account to reset")
    reset.add_argument(
        "--recovery", action="store_true", help="authenticate with the recovery code"
    )
    reset.set_defaults(run=cmd_user_reset)
    rename = user_commands.add_parser("rename", help="give an account another display name (admin)")
    _database_args(rename)
    rename.add_argument("name", metavar="NAME", help="the account's user name")
    rename.add_argument("--display-name", required=True, metavar="TEXT")
    rename.set_defaults(run=_with_workspace(_user_rename))
    role = user_commands.add_parser("role", help="give an account another role (admin)")
    _database_args(role)
    role.add_argument("name", metavar="NAME", help="the account's user name")
    role.add_argument("--role", required=True, choices=ROLES)
    role.set_defaults(run=_with_workspace(_user_role))
    revoke = user_commands.add_parser("revoke", help="revoke an account (admin)")
    _database_args(revoke)
    revoke.add_argument("--name", required=True, help="the account to revoke")
    revoke.set_defaults(run=_with_workspace(_user_revoke))


def _add_safekeeping_commands(commands: _Commands) -> None:
    """Rekey, backup, restore and verify."""
    rekey = commands.add_parser("rekey", help="re-encrypt the database under a new key (admin)")
    _database_args(rekey)
    rekey.set_defaults(run=_with_workspace(_rekey))

    backup = commands.add_parser("backup", help="write an encrypted backup (admin)")
    _database_args(backup)
    backup.add_argument("--out", metavar="FILE", help="backup file (default: backups folder)")
    backup.set_defaults(run=_with_workspace(_backup))

    restore = commands.add_parser(
        "restore", help="restore a backup into a new path, then verify it"
    )
    restore.add_argument("backup", metavar="BACKUP", help="the .maracbak file")
    _database_args(restore)
    restore.set_defaults(run=cmd_restore)

    verify = commands.add_parser(
        "verify", help="check encrypted pages, database structure and the audit chain"
    )
    _database_args(verify)
    verify.set_defaults(run=cmd_verify)


def _add_record_commands(commands: _Commands) -> None:
    """Demonstration data, people matching, and bundles out and in."""
    demo = commands.add_parser("demo", help="add synthetic demonstration cases (never real data)")
    _database_args(demo)
    demo.add_argument("--cases", type=int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same data")
    demo.set_defaults(run=_with_workspace(_demo))

    match = commands.add_parser("match", help="people on record who may be this person, ranked")
    _database_args(match)
    match.add_argument(
        "--name",
        help='the whole name in any order or script: "Ewa Nowak", "NOWAK, Ewa", "Deborah Mc '
        'Donald", a single name',
    )
    match.add_argument("--family", help="the family name (instead of --name)")
    match.add_argument("--given", help="the given names (instead of --name)")
    match.add_argument("--dob", metavar="YYYY-MM-DD", help="date of birth (or just the year)")
    match.add_argument("--limit", type=int, default=10, metavar="N")
    match.set_defaults(run=_with_workspace(_match))

    export = commands.add_parser("export", help="export case records as a JSON bundle")
    _database_args(export)
    export.add_argument("--out", required=True, metavar="FILE.json")
    export.set_defaults(run=_with_workspace(_export))

    bundle_import = commands.add_parser(
        "import", help="import a JSON bundle (all or nothing; every problem is listed)"
    )
    bundle_import.add_argument("bundle", metavar="FILE.json")
    _database_args(bundle_import)
    bundle_import.set_defaults(run=_with_workspace(_import))

    sheet = commands.add_parser(
        "import-sheet",
        help="import a tracking sheet (CSV or .xlsx); every problem is listed by row and column",
    )
    sheet.add_argument("file", metavar="FILE")
    _database_args(sheet)
    sheet.add_argument("--sheet", metavar="NAME", help="the workbook sheet (default: the first)")
    sheet.add_argument(
        "--mapping", metavar="MAP.json", help="which field each column feeds (default: suggested)"
    )
    sheet.add_argument("--dry-run", action="store_true", help="check and report; import nothing")
    sheet.add_argument(
        "--join",
        action="append",
        default=[],
        metavar="KEY",
        help="join a same-person pair the check listed (e.g. V12-40); may be repeated",
    )
    sheet.add_argument("--join-all", action="store_true", help="join every pair the check lists")
    sheet.add_argument(
        "--clean-rows-only",
        action="store_true",
        help="import the rows with no problem and write the others to --refused-out",
    )
    sheet.add_argument(
        "--refused-out", metavar="FILE.csv", help="where refused rows go (it holds case data)"
    )
    sheet.set_defaults(run=_with_workspace(_import_sheet))


def _add_meeting_commands(commands: _Commands) -> None:
    meeting = commands.add_parser("meeting", help="MARAC meetings (coordinator)")
    meeting_commands = meeting.add_subparsers(
        dest="meeting_command", metavar="ACTION", required=True
    )
    create = meeting_commands.add_parser(
        "create", help="plan a meeting; its cut-off follows the area's working-day setting"
    )
    _database_args(create)
    create.add_argument(
        "--starts", required=True, metavar='"YYYY-MM-DD HH:MM"', help="local date and time"
    )
    create.add_argument("--venue", metavar="TEXT", help="where (not needed with --online)")
    create.add_argument("--online", action="store_true", help="the meeting is held online")
    create.add_argument("--chair", required=True, metavar="TEXT")
    create.add_argument("--area", required=True, metavar="TEXT")
    create.add_argument(
        "--slot-minutes", type=int, metavar="N", help="minutes per case (default: setting)"
    )
    create.set_defaults(run=_with_workspace(_meeting_create))
    _add_meeting_change_commands(meeting_commands)
    listing = meeting_commands.add_parser("list", help="list meetings, newest first")
    _database_args(listing)
    listing.set_defaults(run=_with_workspace(_meeting_list))
    for name, description, run in (
        ("build", "store the proposed list (suggested agenda order) for a meeting", _meeting_build),
        ("show", "a meeting's anonymised list, slots and attendance", _meeting_show),
        (
            "close",
            "mark a meeting held, on its day or later; only held meetings are counted",
            _meeting_close,
        ),
    ):
        one = meeting_commands.add_parser(name, help=description)
        _database_args(one)
        _meeting_arg(one)
        one.set_defaults(run=_with_workspace(run))


def _add_meeting_change_commands(meeting_commands: _Commands) -> None:
    """Editing and cancelling a meeting, and adding or taking off one case."""
    from marac_desktop.domain.meetings import RemovalReason

    edit = meeting_commands.add_parser("edit", help="change a planned meeting (what is given)")
    _database_args(edit)
    _meeting_arg(edit)
    edit.add_argument("--starts", metavar='"YYYY-MM-DD HH:MM"', help="local date and time")
    edit.add_argument("--venue", metavar="TEXT", help="where (in person)")
    edit.add_argument("--online", action="store_true", help="the meeting is held online")
    edit.add_argument("--chair", metavar="TEXT")
    edit.add_argument("--area", metavar="TEXT")
    edit.add_argument("--slot-minutes", type=int, metavar="N", help="minutes per case")
    edit.set_defaults(run=_with_workspace(_meeting_edit))
    cancel = meeting_commands.add_parser(
        "cancel", help="call off a planned meeting at which no case was heard"
    )
    _database_args(cancel)
    _meeting_arg(cancel)
    cancel.set_defaults(run=_with_workspace(_meeting_cancel))
    add = meeting_commands.add_parser("add-case", help="put one case on a meeting's list")
    _database_args(add)
    _meeting_arg(add)
    add.add_argument("--case", required=True, metavar="REF", help="the case, e.g. C-000123")
    add.add_argument("--reason", default="Added by the coordinator", metavar="TEXT")
    add.set_defaults(run=_with_workspace(_meeting_add_case))
    remove = meeting_commands.add_parser("remove-case", help="take one case off a meeting's list")
    _database_args(remove)
    _meeting_arg(remove)
    remove.add_argument("--case", required=True, metavar="REF", help="the case, e.g. C-000123")
    remove.add_argument(
        "--reason", required=True, choices=[r.value for r in RemovalReason], help="why"
    )
    remove.set_defaults(run=_with_workspace(_meeting_remove_case))


def _add_action_commands(commands: _Commands) -> None:
    action = commands.add_parser("action", help="one agency action from a meeting (coordinator)")
    action_commands = action.add_subparsers(dest="action_command", metavar="ACTION", required=True)
    edit = action_commands.add_parser(
        "edit", help="correct an action's text, who is doing it or its due date (kept in history)"
    )
    _database_args(edit)
    edit.add_argument("--action", type=int, required=True, metavar="ID", help="the action's id")
    edit.add_argument("--what", metavar="TEXT", help="exactly what the agency will do")
    edit.add_argument("--who", metavar="TEXT", help="the person responsible")
    edit.add_argument("--due", metavar="YYYY-MM-DD", help="the day it is due")
    edit.set_defaults(run=_with_workspace(_action_edit))


def _add_document_commands(commands: _Commands) -> None:
    """The agenda, research lists, minutes, action lists and the performance report."""
    agenda = commands.add_parser("agenda", help="write a meeting's anonymised agenda PDF")
    _database_args(agenda)
    _meeting_arg(agenda, help="meeting id")
    agenda.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    agenda.set_defaults(run=_with_workspace(_agenda))

    research = commands.add_parser(
        "research-list", help="write one agency's confidential research list PDF"
    )
    _database_args(research)
    _meeting_arg(research, help="meeting id")
    research.add_argument(
        "--agency", required=True, metavar="NAME", help="the agency asked to research"
    )
    research.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    research.add_argument(
        "--encrypt",
        action="store_true",
        help="protect the PDF with a password (AES-256); with --password-stdin it is the "
        "line after your own password",
    )
    research.set_defaults(run=_with_workspace(_research_list))

    minutes = commands.add_parser("minutes", help="write a meeting's restricted minutes PDF")
    _database_args(minutes)
    _meeting_arg(minutes, help="meeting id")
    minutes.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    minutes.add_argument(
        "--encrypt",
        action="store_true",
        help="protect the PDF with a password (AES-256); with --password-stdin it is the "
        "line after your own password",
    )
    minutes.set_defaults(run=_with_workspace(_minutes))

    action_list = commands.add_parser("actions", help="write agency actions as CSV or PDF")
    _database_args(action_list)
    action_list.add_argument("--agency", metavar="NAME", help="one agency's actions only")
    action_list.add_argument(
        "--status", choices=("open", "done", "not_possible", "not_done"), help="one status only"
    )
    action_list.add_argument("--meeting", type=int, metavar="ID", help="one meeting's actions")
    action_list.add_argument(
        "--due-before", metavar="YYYY-MM-DD", help="only actions due before this day"
    )
    action_list.add_argument(
        "--overdue", action="store_true", help="only open actions past their due day"
    )
    action_list.add_argument("--out", required=True, metavar="FILE.csv|FILE.pdf")
    action_list.set_defaults(run=_with_workspace(_actions))

    report = commands.add_parser(
        "report", help="write the MARAC data return and performance report (counts only)"
    )
    _database_args(report)
    report.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
    report.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
    report.add_argument("--format", required=True, choices=("csv", "xlsx", "pdf"))
    report.add_argument("--out", required=True, metavar="FILE")
    report.set_defaults(run=_period)


def _add_perpetrator_commands(commands: _Commands) -> None:
    """The ranked perpetrators and a perpetrator's restricted profile (lead and coordinator)."""
    ranked = commands.add_parser(
        "perpetrators", help="perpetrators by priority score, every point explained (JSON)"
    )
    _database_args(ranked)
    ranked.add_argument("--top", type=int, default=20, metavar="N", help="how many (default 20)")
    ranked.add_argument(
        "--serial", action="store_true", help="only those with two or more victims in the window"
    )
    ranked.add_argument(
        "--window-days", type=int, metavar="N", help="the window (default: the model's own)"
    )
    ranked.set_defaults(run=_with_workspace(_perpetrators))

    profile = commands.add_parser(
        "perpetrator-profile", help="write a perpetrator's restricted subject profile PDF"
    )
    _database_args(profile)
    profile.add_argument("--person", required=True, type=int, metavar="ID", help="person id")
    profile.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    profile.add_argument(
        "--encrypt",
        action="store_true",
        help="protect the PDF with a password (AES-256); with --password-stdin it is the "
        "line after your own password",
    )
    profile.set_defaults(run=_with_workspace(_perpetrator_profile))


def _add_research_commands(commands: _Commands) -> None:
    """What each agency asked to research a listed case has sent back."""
    from marac_desktop.domain.research import ResearchStatus

    research = commands.add_parser("research", help="research requests and returns (coordinator)")
    research_commands = research.add_subparsers(
        dest="research_command", metavar="ACTION", required=True
    )
    status = research_commands.add_parser(
        "status", help="each listed case, each agency asked, and what it has returned (JSON)"
    )
    _database_args(status)
    _meeting_arg(status)
    status.set_defaults(run=_with_workspace(_research_status))
    returned = research_commands.add_parser(
        "return", help="record one agency's return for one listed case"
    )
    _database_args(returned)
    _meeting_arg(returned)
    returned.add_argument("--case", required=True, metavar="REF", help="the case, e.g. C-000123")
    returned.add_argument("--agency", required=True, metavar="NAME")
    returned.add_argument("--status", required=True, choices=[s.value for s in ResearchStatus])
    returned.add_argument(
        "--on", type=date.fromisoformat, metavar="YYYY-MM-DD", help="the day it came back"
    )
    returned.add_argument("--summary", default="", metavar="TEXT")
    returned.add_argument("--risks", default="", metavar="TEXT")
    returned.add_argument("--contact", default="", metavar="TEXT", help="who holds it")
    returned.set_defaults(run=_with_workspace(_research_return))
    imported = research_commands.add_parser(
        "import",
        help="record an agency's return file (CSV or .xlsx: meeting ref, agency, known, and "
        "optionally summary, risks, contact, returned on), all or nothing",
    )
    imported.add_argument("file", metavar="FILE")
    _database_args(imported)
    _meeting_arg(imported)
    imported.set_defaults(run=_with_workspace(_research_import))


def _add_score(commands: _Commands) -> None:
    score = commands.add_parser("score", help="score an answers file (no database); JSON out")
    score.add_argument("answers", metavar="ANSWERS.json")
    score.add_argument("--policy", metavar="FILE", help="area policy file (TOML or JSON)")
    score.set_defaults(run=cmd_score)


def _server_args(parser: argparse.ArgumentParser) -> None:
    """A partnership server's address, the account, and the CA that vouches for the server."""
    parser.add_argument(
        "--db",
        required=True,
        metavar="URL",
        help="the server, postgresql://host[:port]/database (or postgresql:///database?host="
        "/socket/folder on the server's machine), with no password in it",
    )
    parser.add_argument("--user", required=True, metavar="NAME", help="the server account")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    parser.add_argument(
        "--ca-file",
        metavar="FILE",
        help="the partnership's certificate authority (needed over the network)",
    )


def _add_server_check(server_commands: _Commands) -> None:
    check = server_commands.add_parser(
        "check", help="read the server's settings and name every unsafe one (changes nothing)"
    )
    _server_args(check)
    check.set_defaults(run=cmd_server_check)


def _add_server_init(server_commands: _Commands) -> None:
    init = server_commands.add_parser(
        "init",
        help="set up an empty server database (as its owner, named in the address) with its "
        "first administrator, or upgrade one set up before",
    )
    _server_args(init)
    init.add_argument("--display-name", metavar="TEXT", help="the administrator's full name")
    init.set_defaults(run=cmd_server_init)


_SERVER_COMMANDS = (_add_server_check, _add_server_init)
"""Each adds one ``server`` action."""


def _add_server_commands(commands: _Commands) -> None:
    server = commands.add_parser("server", help="a partnership's shared PostgreSQL server")
    server_commands = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    for add_command in _SERVER_COMMANDS:
        add_command(server_commands)


def _add_move_to_server(commands: _Commands) -> None:
    move = commands.add_parser(
        "move-to-server",
        help="copy an encrypted file, every table, into an empty server database (all or "
        "nothing), then prove both hold the same rows; the file is only read",
    )
    move.add_argument("--db", required=True, metavar="FILE", help="the encrypted database file")
    move.add_argument(
        "--to",
        required=True,
        metavar="URL",
        help="the empty server database, naming its owner: postgresql://OWNER@host[:port]/"
        "database (or postgresql://OWNER@/database?host=/socket/folder)",
    )
    move.add_argument(
        "--user",
        required=True,
        metavar="NAME",
        help="your administrator account in the file; on the server it signs in with the "
        "same password",
    )
    move.add_argument(
        "--ca-file",
        metavar="FILE",
        help="the partnership's certificate authority (needed over the network)",
    )
    move.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the file password, then the owner's, from standard input, one per line",
    )
    move.set_defaults(run=cmd_move_to_server)


_COMMAND_GROUPS = (
    _add_init,
    _add_user_commands,
    _add_safekeeping_commands,
    _add_record_commands,
    _add_meeting_commands,
    _add_action_commands,
    _add_document_commands,
    _add_perpetrator_commands,
    _add_research_commands,
    _add_score,
    _add_server_commands,
    _add_move_to_server,
)
"""Each adds its commands, in the order ``--help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marac-desktop",
        description="Encrypted offline case work for IDVAs and MARAC coordinators. "
        "With no command, opens the application window.",
    )
    parser.add_argument("--version", action="version", version=f"marac-desktop {__version__}")
    parser.add_argument(
        "--db",
        dest="gui_db",
        metavar="PATH",
        help="database to open in the window: a file, or a partnership server's "
        "postgresql://host[:port]/database address",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add_group in _COMMAND_GROUPS:
        add_group(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from marac_desktop.ui.app import run_gui

        return run_gui(args.gui_db or None)
    from marac_desktop import logging_setup
    from marac_desktop.errors import InvalidInputError, UserFacingError

    with contextlib.suppress(OSError):  # logging is best effort; the command must still run
        logging_setup.configure()
    try:
        result: int = args.run(args)
        return result
    except InvalidInputError as error:
        sys.stderr.write(f"{error}\n")
        return EXIT_INPUT_ERROR
    except UserFacingError as error:
        sys.stderr.write(f"{error}\n")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("Stopped.\n")
        return EXIT_USER_ERROR
    except Exception as error:
        log.error(
            "unexpected error in '%s':\n%s", args.command, logging_setup.redacted_traceback(error)
        )
        sys.stderr.write(
            "An unexpected error stopped the command; nothing was lost. "
            "The log file has the technical details.\n"
        )
        return EXIT_UNEXPECTED
