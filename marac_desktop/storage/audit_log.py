"""The append-only, hash-chained, signed audit log.

Each row's hash covers its own fields and the previous row's hash, so changing, removing or
reordering a row breaks the chain from that row on. Triggers refuse UPDATE and DELETE.

Each row is also signed (Ed25519) by the account whose session wrote it, over the row's hash; the
hash of a signed row covers the signer's public key. Which key belongs to which account is itself
in the chain: a ``signing_key`` row names the account and the key, and is signed by whoever
registered it (an account's first key may register itself). So a holder of the database key who
rewrites the chain can sign only as themselves, and rows after the first signed row must all be
signed. Rows from before signatures are counted as such, not reported as tampering.

The accounts' key slots keep the head each account last saw (see ``keyslots.Witness``);
``seen_head_problems`` says in one sentence when the chain no longer holds one. Nothing here is
SQLite-specific: on PostgreSQL the actor is the session user and the same checks apply.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Select, exists, func, select, text
from sqlalchemy.orm import Session

from marac_desktop.domain.audit import QUIET_ACTIONS, AuditAction, AuditEntry, ChangeCheck
from marac_desktop.storage.orm import AuditRow

GENESIS_HASH = "0" * 64
CHECK_STEP = 10_000
"""How many rows ``verify_chain`` checks between two reports of how far it is."""
_SIGNATURE_CONTEXT = b"marac-audit-v1|"
_ON_BEHALF = frozenset({AuditAction.FAILED_UNLOCK.value})
"""Actions recorded by the next account to sign in on behalf of someone else."""


@dataclass(frozen=True, slots=True)
class AuditSigner:
    """The signing key of the session writing rows, and its public half in hex."""

    key: Ed25519PrivateKey
    public_hex: str

    @classmethod
    def of(cls, key: Ed25519PrivateKey) -> AuditSigner:
        public = key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return cls(key, public.hex())

    def sign(self, row_hash: str) -> str:
        return self.key.sign(_SIGNATURE_CONTEXT + row_hash.encode("ascii")).hex()


@dataclass(frozen=True, slots=True)
class ChainHead:
    row_id: int
    row_hash: str


@dataclass(frozen=True, slots=True)
class SeenHead:
    """An account's last-seen head, taken from its (signature-checked) key slot."""

    account: str
    row_id: int
    row_hash: str
    at: str


@dataclass(frozen=True, slots=True)
class ChainCheck:
    problems: tuple[str, ...]
    unsigned_rows: int
    """Rows written before signatures were introduced (not a problem)."""
    head: ChainHead | None


def _digest(prev_hash: str, row_id: int, fields: Sequence[str], signer_key: str) -> str:
    parts = (prev_hash, str(row_id), *fields, *((signer_key,) if signer_key else ()))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def append(
    session: Session,
    actor: str,
    action: str,
    target_type: str = "",
    target_id: str = "",
    outcome: str = "ok",
    detail: str = "",
    at: datetime | None = None,
    *,
    signer: AuditSigner,
) -> ChainHead:
    """Add one signed row, chained to the last; call inside the transaction of the action."""
    last = _head_for_append(session)
    row_id, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    when = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    fields = (when, actor, action, target_type, target_id, outcome, detail)
    row_hash = _digest(prev_hash, row_id, fields, signer.public_hex)
    session.add(
        AuditRow(
            id=row_id,
            at=when,
            actor=actor,
            action=action,
            target_type=target_type,
            target_id=target_id,
            outcome=outcome,
            detail=detail,
            prev_hash=prev_hash,
            row_hash=row_hash,
            signer_key=signer.public_hex,
            signature=signer.sign(row_hash),
        )
    )
    session.flush()
    return ChainHead(row_id, row_hash)


def _head_for_append(session: Session) -> tuple[int, str] | None:
    """The last row, read so that no other session can append until this one commits: on a
    partnership server through ``marac_audit_head()``, which takes the server's append lock
    (a session may not read the log itself); in the file, under its write lock already."""
    query = (
        text("SELECT id, row_hash FROM marac_audit_head()")
        if _has_server_functions(session)
        else select(AuditRow.id, AuditRow.row_hash).order_by(AuditRow.id.desc()).limit(1)
    )
    last = session.execute(query).first()
    return None if last is None else (int(last[0]), str(last[1]))


def changes_since(session: Session, since: int | None, actor: str) -> ChangeCheck:
    """Whether anyone but ``actor`` has changed a record after row ``since`` (reading, printing
    and signing in do not count); only the rows after it are read. On a partnership server
    through ``marac_changes_since()``, which reads the log for a session that may not and
    takes the actor from the session's own login."""
    if _has_server_functions(session):
        row = session.execute(
            text("SELECT head, changed FROM marac_changes_since(:since)"), {"since": since}
        ).one()
        return ChangeCheck(int(row[0]), bool(row[1]))
    head = int(session.scalar(select(func.max(AuditRow.id))) or 0)
    if since is None or head <= since:
        return ChangeCheck(head, False)
    changed = session.scalar(
        select(
            exists().where(
                AuditRow.id > since,
                AuditRow.action.not_in(sorted(QUIET_ACTIONS)),
                AuditRow.actor != actor,
            )
        )
    )
    return ChangeCheck(head, bool(changed))


def changes_since_function() -> str:
    """``changes_since`` for a partnership server, where only this function reads the log."""
    quiet = ", ".join(f"'{action.value}'" for action in sorted(QUIET_ACTIONS))
    return (
        "CREATE OR REPLACE FUNCTION marac_changes_since(since integer) "
        "RETURNS TABLE (head integer, changed boolean) LANGUAGE sql STABLE SECURITY DEFINER "
        "SET search_path = pg_catalog, public AS $$ "
        "SELECT h.id, since IS NOT NULL AND EXISTS (SELECT 1 FROM public.audit_log a "
        f"WHERE a.id > since AND a.action <> ALL (ARRAY[{quiet}]) "
        "AND a.actor <> session_user::text) "
        "FROM (SELECT coalesce(max(id), 0) AS id FROM public.audit_log) h $$"
    )


def _has_server_functions(session: Session) -> bool:
    """Whether this is a partnership server with its audit functions installed (a plain
    PostgreSQL database, as the migration tests use, has none)."""
    connection = session.connection()
    server = connection.info.get("audit_head_function")
    if server is None:
        server = connection.dialect.name == "postgresql" and bool(
            session.scalar(text("SELECT to_regprocedure('marac_audit_head()') IS NOT NULL"))
        )
        connection.info["audit_head_function"] = server
    return bool(server)


def register_key(
    session: Session, signer: AuditSigner, registrar: str, account: str, public_hex: str
) -> ChainHead:
    """Record that ``public_hex`` signs for ``account`` from now on."""
    return append(
        session,
        registrar,
        AuditAction.SIGNING_KEY,
        "account",
        account,
        detail=public_hex,
        signer=signer,
    )


def registered_keys(session: Session, up_to: int | None = None) -> dict[str, list[str]]:
    """Each account's signing keys in the order they were registered; the last one signs."""
    query = select(AuditRow.target_id, AuditRow.detail).where(
        AuditRow.action == AuditAction.SIGNING_KEY.value
    )
    if up_to is not None:
        query = query.where(AuditRow.id <= up_to)
    keys: dict[str, list[str]] = {}
    for account, public_hex in session.execute(query.order_by(AuditRow.id)):
        keys.setdefault(account, []).append(public_hex)
    return keys


@dataclass(frozen=True, slots=True)
class KeyRegistration:
    registrar: str
    public_hex: str
    at: str


def latest_registration(session: Session, account: str) -> KeyRegistration | None:
    """The last signing key registered for ``account``: who registered it, the key, and when."""
    row = session.execute(
        select(AuditRow.actor, AuditRow.detail, AuditRow.at)
        .where(AuditRow.action == AuditAction.SIGNING_KEY.value, AuditRow.target_id == account)
        .order_by(AuditRow.id.desc())
        .limit(1)
    ).first()
    return None if row is None else KeyRegistration(row[0], row[1], row[2])


def unlocked_with_key(session: Session, account: str, public_hex: str, up_to: int) -> bool:
    """Whether ``account`` signed an unlock (or recovery unlock) with ``public_hex`` at or
    before row ``up_to``."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    AuditRow.signer_key == public_hex,
                    AuditRow.actor == account,
                    AuditRow.action.in_(
                        (AuditAction.UNLOCK.value, AuditAction.RECOVERY_UNLOCK.value)
                    ),
                    AuditRow.id <= up_to,
                )
            )
        )
    )


class _Signatures:
    """Checks row signatures, keeping each public key parsed once."""

    def __init__(self) -> None:
        self._keys: dict[str, Ed25519PublicKey | None] = {}

    def valid(self, public_hex: str, signature_hex: str, row_hash: str) -> bool:
        if public_hex not in self._keys:
            try:
                self._keys[public_hex] = Ed25519PublicKey.from_public_bytes(
                    bytes.fromhex(public_hex)
                )
            except ValueError:
                self._keys[public_hex] = None
        key = self._keys[public_hex]
        if key is None:
            return False
        try:
            key.verify(bytes.fromhex(signature_hex), _SIGNATURE_CONTEXT + row_hash.encode("ascii"))
        except (InvalidSignature, ValueError):
            return False
        return True


def _may_sign(
    row: AuditRowTuple, keys: dict[str, list[str]], registrars: frozenset[str] | None
) -> bool:
    """An account signs with its latest registered key. A key row is signed by the registrar's
    latest key, or registers an account's first key (self-signed), or takes an account back to
    one of its own earlier keys (self-signed: a password change that never reached the slot)."""
    actor, action, target_id, detail, signer_key = row[2], row[3], row[5], row[7], row[10]
    own = keys.get(actor, [])
    current = own[-1] if own else None
    if action == AuditAction.SIGNING_KEY.value:
        self_signed = actor == target_id and detail == signer_key
        if self_signed:
            return signer_key == current or not own or signer_key in own
        may_register = registrars is None or actor in registrars or actor == target_id
        return may_register and signer_key == current
    if action in _ON_BEHALF:
        return any(signer_key == owned[-1] for owned in keys.values())
    return signer_key == current


AuditRowTuple = tuple[int, str, str, str, str, str, str, str, str, str, str, str]

_COLUMNS = (
    AuditRow.id,
    AuditRow.at,
    AuditRow.actor,
    AuditRow.action,
    AuditRow.target_type,
    AuditRow.target_id,
    AuditRow.outcome,
    AuditRow.detail,
    AuditRow.prev_hash,
    AuditRow.row_hash,
    AuditRow.signer_key,
    AuditRow.signature,
)


def verify_chain(
    session: Session,
    after: ChainHead | None = None,
    registrars: frozenset[str] | None = None,
    checked: Callable[[int], None] | None = None,
) -> ChainCheck:
    """Check every row (or every row after ``after``): links, hashes, signatures, signers.

    ``registrars`` are the accounts that may register another account's signing key (those
    who manage accounts); None allows any. Problems name the row; none when the chain is intact.
    ``checked`` is told how many rows are checked every ``CHECK_STEP`` rows (it may raise to stop).
    """
    problems: list[str] = []
    expected_id, prev_hash = (after.row_id + 1, after.row_hash) if after else (1, GENESIS_HASH)
    keys = registered_keys(session, after.row_id) if after else {}
    signing_started = bool(
        after and session.scalar(select(AuditRow.signer_key).where(AuditRow.id == after.row_id))
    )
    signatures = _Signatures()
    unsigned = 0
    head = after
    query = select(*_COLUMNS).where(AuditRow.id >= expected_id).order_by(AuditRow.id)
    for row in session.execute(query).yield_per(10_000):
        values: AuditRowTuple = tuple(row)
        row_id, row_prev, row_hash, signer_key, signature = (
            values[0],
            values[8],
            values[9],
            values[10],
            values[11],
        )
        if row_id != expected_id:
            problems.append(f"audit row {expected_id} is missing (next row found is {row_id})")
        if row_prev != prev_hash:
            problems.append(f"audit row {row_id} does not follow the row before it")
        if row_hash != _digest(row_prev, row_id, values[1:8], signer_key):
            problems.append(f"audit row {row_id} was changed after it was written")
        if not signer_key:
            if signing_started:
                problems.append(f"audit row {row_id} is not signed, though rows before it are")
            else:
                unsigned += 1
        else:
            signing_started = True
            if not signatures.valid(signer_key, signature, row_hash):
                problems.append(f"audit row {row_id} does not carry a valid signature")
            elif not _may_sign(values, keys, registrars):
                problems.append(
                    f"audit row {row_id} is signed with a key that is not registered to {values[2]}"
                )
            elif values[3] == AuditAction.SIGNING_KEY.value:
                keys.setdefault(values[5], []).append(values[7])
        expected_id, prev_hash = row_id + 1, row_hash
        head = ChainHead(row_id, row_hash)
        if checked is not None and row_id % CHECK_STEP == 0:
            checked(row_id)
    return ChainCheck(tuple(problems), unsigned, head)


def _day(at: str) -> str:
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return "an unknown date"
    return f"{moment.day} {moment:%B %Y}"


def lost_since(seen: SeenHead) -> str:
    return f"the audit log has lost rows since {seen.account} last signed in on {_day(seen.at)}"


def seen_head_problems(
    session: Session, seen: Iterable[SeenHead], keys: dict[str, list[str]]
) -> tuple[list[str], list[SeenHead]]:
    """One sentence for each account whose last-seen head is no longer in the chain, and the
    heads that still are.

    Where another row now stands at the head's place, a genuine one (its hash and signature
    good, by one of its actor's keys) means the rows seen were removed and others written
    after; anything else means the rows seen were rewritten.
    """
    problems = []
    intact = []
    signatures = _Signatures()
    for head in seen:
        found = session.execute(select(*_COLUMNS).where(AuditRow.id == head.row_id)).first()
        if found is None:
            problems.append(lost_since(head))
            continue
        values: AuditRowTuple = tuple(found)
        if values[9] == head.row_hash:
            intact.append(head)
            continue
        genuine = (
            values[9] == _digest(values[8], values[0], values[1:8], values[10])
            and values[10] in keys.get(values[2], ())
            and signatures.valid(values[10], values[11], values[9])
        )
        if genuine:
            problems.append(lost_since(head))
        else:
            problems.append(
                f"the audit log has been rewritten since {head.account} last signed in on "
                f"{_day(head.at)} (row {head.row_id} is not the row {head.account} saw)"
            )
    return problems, intact


def rows_since_problem(
    session: Session, seen: SeenHead, registrars: frozenset[str] | None
) -> tuple[str | None, ChainCheck]:
    """Check the rows written after an account's last-seen head; one sentence if they fail."""
    check = verify_chain(session, ChainHead(seen.row_id, seen.row_hash), registrars)
    if not check.problems:
        return None, check
    more = f" (and {len(check.problems) - 1} more)" if len(check.problems) > 1 else ""
    return (
        f"the audit log rows written since {seen.account} last signed in on {_day(seen.at)} "
        f"do not verify: {check.problems[0]}{more}",
        check,
    )


def head(session: Session) -> ChainHead | None:
    last = session.execute(
        select(AuditRow.id, AuditRow.row_hash).order_by(AuditRow.id.desc()).limit(1)
    ).first()
    return ChainHead(last[0], last[1]) if last else None


def _entry(r: AuditRow) -> AuditEntry:
    return AuditEntry(
        r.id, r.at, r.actor, r.action, r.target_type, r.target_id, r.outcome, r.detail
    )


def recent(session: Session, limit: int = 200) -> list[AuditEntry]:
    rows = session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit))
    return [_entry(r) for r in rows]


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Which rows to read, newest first: exact actor, action and target type (blank: any), and
    times from ``at_from`` up to but not including ``at_before`` (UTC, as the rows hold them)."""

    actor: str = ""
    action: str = ""
    target_type: str = ""
    at_from: str = ""
    at_before: str = ""


def newest_statement(query: AuditQuery, before_id: int | None, limit: int) -> Select[Any]:
    statement = select(AuditRow)
    for column, value in (
        (AuditRow.actor, query.actor),
        (AuditRow.action, query.action),
        (AuditRow.target_type, query.target_type),
    ):
        if value:
            statement = statement.where(column == value)
    if query.at_from:
        statement = statement.where(AuditRow.at >= query.at_from)
    if query.at_before:
        statement = statement.where(AuditRow.at < query.at_before)
    if before_id is not None:
        statement = statement.where(AuditRow.id < before_id)
    return statement.order_by(AuditRow.id.desc()).limit(limit)


def newest(
    session: Session, query: AuditQuery, before_id: int | None, limit: int
) -> list[AuditEntry]:
    """Up to ``limit`` matching rows older than ``before_id`` (or the newest), newest first,
    read along an index (0019) however long the log."""
    return [_entry(r) for r in session.scalars(newest_statement(query, before_id, limit))]


DISTINCT_COLUMNS = ("actor", "action", "target_type")


def distinct_values(session: Session, column: str) -> list[str]:
    """Every value ``column`` holds, in order, by stepping along its index from one value to
    the next (a handful of reads per value, not a scan of every row)."""
    if column not in DISTINCT_COLUMNS:
        raise ValueError(column)
    found = session.scalars(
        text(
            f"WITH RECURSIVE seen(value) AS (SELECT min({column}) FROM audit_log "
            f"UNION ALL SELECT (SELECT min({column}) FROM audit_log WHERE {column} > seen.value) "
            "FROM seen WHERE seen.value IS NOT NULL) "
            "SELECT value FROM seen WHERE value IS NOT NULL"
        )
    )
    return [str(value) for value in found]


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditRow)) or 0
