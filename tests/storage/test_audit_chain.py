"""The audit chain's rules on their own, over a bare audit table (no database file, no unlock):
what a row's hash covers, which key may sign which row, and the sentence each problem gets.
``test_audit_witness.py`` makes the same attacks on a real database through unlock and verify."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, delete, update
from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction, AuditEntry
from marac_desktop.storage import audit_log
from marac_desktop.storage.audit_log import AuditSigner, ChainHead, KeyRegistration, SeenHead
from marac_desktop.storage.orm import AuditRow

AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.fixture
def session() -> Iterator[Session]:
    engine = create_engine("sqlite://")
    AuditRow.__table__.create(engine)  # type: ignore[attr-defined]
    with Session(engine) as session:
        yield session
    engine.dispose()


def _signer() -> AuditSigner:
    return AuditSigner.of(Ed25519PrivateKey.generate())


def _register(session: Session, signer: AuditSigner, account: str, by: str | None = None) -> None:
    audit_log.register_key(session, signer, by or account, account, signer.public_hex)


def _chain(session: Session) -> tuple[AuditSigner, AuditSigner]:
    """Admin registers itself and ivy; each writes a row."""
    admin, ivy = _signer(), _signer()
    _register(session, admin, "admin")
    audit_log.register_key(session, admin, "admin", "ivy", ivy.public_hex)
    audit_log.append(
        session, "admin", "user_added", "user", "2", detail="idva", at=AT, signer=admin
    )
    audit_log.append(session, "ivy", "view", "case", "7", signer=ivy)
    return admin, ivy


def _problems(session: Session, **kwargs: object) -> tuple[str, ...]:
    return audit_log.verify_chain(session, **kwargs).problems  # type: ignore[arg-type]


def test_a_row_holds_what_was_done_chained_and_signed(session: Session) -> None:
    admin = _signer()
    first = audit_log.append(
        session, "admin", "backup", "file", "b1", "failed", "detail", AT, signer=admin
    )
    second = audit_log.append(session, "admin", "lock", signer=admin)
    assert (first.row_id, second.row_id) == (1, 2)
    rows = session.query(AuditRow).order_by(AuditRow.id).all()
    row = rows[0]
    fields = ("2026-11-20T09:30:00+00:00", "admin", "backup", "file", "b1", "failed", "detail")
    assert (row.at, row.actor, row.action, row.target_type, row.target_id) == fields[:5]
    assert (row.outcome, row.detail, row.prev_hash) == ("failed", "detail", "0" * 64)
    text = "\x1f".join(("0" * 64, "1", *fields, admin.public_hex))
    assert row.row_hash == first.row_hash == hashlib.sha256(text.encode()).hexdigest()
    assert row.signer_key == admin.public_hex and len(row.signature) == 128
    admin.key.public_key().verify(
        bytes.fromhex(row.signature), b"marac-audit-v1|" + row.row_hash.encode()
    )
    assert rows[1].prev_hash == first.row_hash and rows[1].row_hash == second.row_hash
    assert (rows[1].target_type, rows[1].target_id, rows[1].outcome, rows[1].detail) == (
        "",
        "",
        "ok",
        "",
    )
    assert audit_log.head(session) == second
    assert audit_log.count(session) == 2


def test_times_are_kept_in_utc_to_the_second(session: Session) -> None:
    signer = _signer()
    local = datetime(2026, 11, 20, 10, 30, 15, 999, tzinfo=timezone(timedelta(hours=1)))
    audit_log.append(session, "admin", "lock", at=local, signer=signer)
    before = datetime.now(UTC).replace(microsecond=0)
    audit_log.append(session, "admin", "lock", signer=signer)
    first, second = session.query(AuditRow).order_by(AuditRow.id).all()
    assert first.at == "2026-11-20T09:30:15+00:00"
    assert before <= datetime.fromisoformat(second.at) <= datetime.now(UTC)
    assert second.at.endswith("+00:00")


def test_an_empty_log_has_no_head_and_verifies(session: Session) -> None:
    assert audit_log.head(session) is None and audit_log.count(session) == 0
    check = audit_log.verify_chain(session)
    assert check == audit_log.ChainCheck((), 0, None)
    assert audit_log.recent(session) == []


def test_an_intact_chain_verifies_from_the_start_and_from_a_head(session: Session) -> None:
    _chain(session)
    check = audit_log.verify_chain(session, registrars=frozenset({"admin"}))
    assert check.problems == () and check.unsigned_rows == 0
    assert check.head == audit_log.head(session) and check.head is not None
    assert check.head.row_id == 4
    rows = session.query(AuditRow).order_by(AuditRow.id).all()
    after = ChainHead(2, rows[1].row_hash)
    from_head = audit_log.verify_chain(session, after, frozenset({"admin"}))
    assert from_head.problems == () and from_head.head == check.head
    at_head = audit_log.verify_chain(session, check.head)
    assert at_head == audit_log.ChainCheck((), 0, check.head)  # nothing after the head


def test_registered_keys_in_order_and_up_to_a_row(session: Session) -> None:
    admin, ivy = _chain(session)
    newer = _signer()
    audit_log.register_key(session, admin, "admin", "ivy", newer.public_hex)
    assert audit_log.registered_keys(session) == {
        "admin": [admin.public_hex],
        "ivy": [ivy.public_hex, newer.public_hex],
    }
    assert audit_log.registered_keys(session, up_to=2) == {
        "admin": [admin.public_hex],
        "ivy": [ivy.public_hex],
    }
    assert audit_log.registered_keys(session, up_to=1) == {"admin": [admin.public_hex]}


@pytest.mark.parametrize(
    "column", ["at", "actor", "action", "target_type", "target_id", "outcome", "detail"]
)
def test_each_field_is_covered_by_the_hash(session: Session, column: str) -> None:
    _chain(session)
    session.execute(update(AuditRow).where(AuditRow.id == 3).values({column: "changed"}))
    problems = _problems(session)
    assert "audit row 3 was changed after it was written" in problems


def test_a_changed_signer_key_breaks_the_hash(session: Session) -> None:
    _admin, ivy = _chain(session)
    session.execute(update(AuditRow).where(AuditRow.id == 3).values(signer_key=ivy.public_hex))
    assert "audit row 3 was changed after it was written" in _problems(session)


def test_a_removed_row_and_a_broken_link_are_named(session: Session) -> None:
    _chain(session)
    session.execute(delete(AuditRow).where(AuditRow.id == 2))
    assert _problems(session) == (
        "audit row 2 is missing (next row found is 3)",
        "audit row 3 does not follow the row before it",
        "audit row 4 is signed with a key that is not registered to ivy",  # its key was in row 2
    )


def test_a_changed_link_is_named(session: Session) -> None:
    _chain(session)
    session.execute(update(AuditRow).where(AuditRow.id == 4).values(prev_hash="1" * 64))
    problems = _problems(session)
    assert problems[0] == "audit row 4 does not follow the row before it"
    assert "audit row 4 was changed after it was written" in problems


def test_a_bad_signature_is_named(session: Session) -> None:
    _chain(session)
    for signature in ("00" * 64, "not hex", ""):
        session.execute(update(AuditRow).where(AuditRow.id == 3).values(signature=signature))
        assert _problems(session) == ("audit row 3 does not carry a valid signature",)


def test_a_signer_key_that_is_not_a_key_is_a_bad_signature(session: Session) -> None:
    signer = _signer()
    _register(session, signer, "admin")
    row = audit_log.append(session, "admin", "lock", signer=signer)
    for public in ("zz" * 32, "ab" * 5):
        # rewrite the row consistently, so only the key itself is wrong
        fields = ("2026-11-20T09:30:00+00:00", "admin", "lock", "", "", "ok", "")
        prev = session.get(AuditRow, 1).row_hash  # type: ignore[union-attr]
        digest = audit_log._digest(prev, row.row_id, fields, public)
        session.execute(
            update(AuditRow)
            .where(AuditRow.id == row.row_id)
            .values(at=fields[0], signer_key=public, row_hash=digest, signature=signer.sign(digest))
        )
        assert _problems(session) == (f"audit row {row.row_id} does not carry a valid signature",)


def test_rows_before_signatures_are_counted_and_an_unsigned_row_after_is_named(
    session: Session,
) -> None:
    for row_id, prev in ((1, "0" * 64),):
        fields = ("2025-01-01T00:00:00+00:00", "admin", "unlock", "", "", "ok", "")
        digest = audit_log._digest(prev, row_id, fields, "")
        session.add(
            AuditRow(
                id=row_id,
                at=fields[0],
                actor="admin",
                action="unlock",
                target_type="",
                target_id="",
                outcome="ok",
                detail="",
                prev_hash=prev,
                row_hash=digest,
                signer_key="",
                signature="",
            )
        )
    session.flush()
    check = audit_log.verify_chain(session)
    assert check.problems == () and check.unsigned_rows == 1
    signer = _signer()
    _register(session, signer, "admin")
    head = audit_log.head(session)
    assert head is not None
    fields = ("2025-01-02T00:00:00+00:00", "admin", "unlock", "", "", "ok", "")
    digest = audit_log._digest(head.row_hash, 3, fields, "")
    session.add(
        AuditRow(
            id=3,
            at=fields[0],
            actor="admin",
            action="unlock",
            target_type="",
            target_id="",
            outcome="ok",
            detail="",
            prev_hash=head.row_hash,
            row_hash=digest,
        )
    )
    session.flush()
    check = audit_log.verify_chain(session)
    assert check.problems == ("audit row 3 is not signed, though rows before it are",)
    assert check.unsigned_rows == 1
    after = audit_log.verify_chain(session, ChainHead(2, head.row_hash))
    assert after.problems == ("audit row 3 is not signed, though rows before it are",)
    assert after.unsigned_rows == 0


def test_an_account_signs_only_with_its_latest_key(session: Session) -> None:
    admin, ivy = _chain(session)
    newer = _signer()
    audit_log.register_key(session, admin, "admin", "ivy", newer.public_hex)
    audit_log.append(session, "ivy", "view", signer=ivy)  # the old key, after the new one
    assert _problems(session) == ("audit row 6 is signed with a key that is not registered to ivy",)


def test_an_account_may_sign_as_no_one_else(session: Session) -> None:
    _admin, ivy = _chain(session)
    audit_log.append(session, "admin", "view", signer=ivy)
    assert _problems(session) == (
        "audit row 5 is signed with a key that is not registered to admin",
    )


def test_who_may_register_a_key(session: Session) -> None:
    admin, ivy = _chain(session)
    admins = frozenset({"admin"})
    # ivy registers a key for ola: allowed when anyone may, refused when only admin may
    ola = _signer()
    audit_log.register_key(session, ivy, "ivy", "ola", ola.public_hex)
    assert _problems(session) == ()
    assert _problems(session, registrars=admins) == (
        "audit row 5 is signed with a key that is not registered to ivy",
    )


def test_a_first_key_may_register_itself_and_a_later_one_may_not(session: Session) -> None:
    admin, ivy = _chain(session)
    admins = frozenset({"admin"})
    ola = _signer()
    _register(session, ola, "ola")  # ola's first key, self-signed
    assert _problems(session, registrars=admins) == ()
    stranger = _signer()
    _register(session, stranger, "ivy")  # a new key for ivy, signed by itself: not allowed
    assert _problems(session, registrars=admins) == (
        "audit row 6 is signed with a key that is not registered to ivy",
    )


def test_an_account_may_go_back_to_an_earlier_key_of_its_own(session: Session) -> None:
    admin, ivy = _chain(session)
    admins = frozenset({"admin"})
    newer = _signer()
    audit_log.register_key(session, admin, "admin", "ivy", newer.public_hex)
    _register(session, ivy, "ivy")  # ivy's first key again, self-signed
    audit_log.append(session, "ivy", "view", signer=ivy)
    assert _problems(session, registrars=admins) == ()
    audit_log.append(session, "ivy", "view", signer=newer)  # the key it left
    assert _problems(session, registrars=admins) == (
        "audit row 8 is signed with a key that is not registered to ivy",
    )


def test_a_key_row_naming_another_key_is_not_self_signed(session: Session) -> None:
    admin, _ivy = _chain(session)
    other = _signer()
    # ola's "first key" row names other's key but is signed by a third key: refused
    third = _signer()
    audit_log.register_key(session, third, "ola", "ola", other.public_hex)
    assert _problems(session, registrars=frozenset({"admin"})) == (
        "audit row 5 is signed with a key that is not registered to ola",
    )
    assert _problems(session) == ("audit row 5 is signed with a key that is not registered to ola",)


def test_a_failed_unlock_may_be_signed_by_whoever_signs_in_next(session: Session) -> None:
    admin, ivy = _chain(session)
    audit_log.append(
        session, "ola", AuditAction.FAILED_UNLOCK, "account", "ola", "failed", signer=ivy
    )
    assert _problems(session) == ()
    audit_log.append(session, "ola", "view", signer=ivy)  # anything else: refused
    assert _problems(session) == ("audit row 6 is signed with a key that is not registered to ola",)
    stranger = _signer()
    audit_log.append(session, "ola", AuditAction.FAILED_UNLOCK, signer=stranger)
    assert (
        _problems(session)[-1] == "audit row 7 is signed with a key that is not registered to ola"
    )


def test_many_rows_verify_in_batches(session: Session) -> None:
    signer = _signer()
    _register(session, signer, "admin")
    for _ in range(30):
        audit_log.append(session, "admin", "view", signer=signer)
    check = audit_log.verify_chain(session)
    assert check.problems == () and check.head is not None and check.head.row_id == 31


def _seen(session: Session, row_id: int, account: str = "ivy") -> SeenHead:
    row = session.get(AuditRow, row_id)
    assert row is not None
    return SeenHead(account, row_id, row.row_hash, "2026-11-20T09:30:00+00:00")


def test_seen_heads_still_in_the_chain_are_intact(session: Session) -> None:
    _chain(session)
    keys = audit_log.registered_keys(session)
    seen = [_seen(session, 3, "admin"), _seen(session, 4)]
    assert audit_log.seen_head_problems(session, seen, keys) == ([], seen)


def test_a_seen_head_beyond_the_end_was_lost(session: Session) -> None:
    _chain(session)
    seen = _seen(session, 4)
    session.execute(delete(AuditRow).where(AuditRow.id == 4))
    problems, intact = audit_log.seen_head_problems(
        session, [seen], audit_log.registered_keys(session)
    )
    assert problems == ["the audit log has lost rows since ivy last signed in on 20 November 2026"]
    assert intact == []


def test_a_seen_head_replaced_by_a_genuine_row_was_lost(session: Session) -> None:
    _admin, ivy = _chain(session)
    seen = _seen(session, 4)
    session.execute(delete(AuditRow).where(AuditRow.id == 4))
    audit_log.append(session, "ivy", "view", "case", "8", signer=ivy)  # written after the loss
    problems, _intact = audit_log.seen_head_problems(
        session, [seen], audit_log.registered_keys(session)
    )
    assert problems == [audit_log.lost_since(seen)]


@pytest.mark.parametrize("forgery", ["hash", "signature", "key"])
def test_a_seen_head_replaced_by_a_forged_row_was_rewritten(session: Session, forgery: str) -> None:
    _admin, ivy = _chain(session)
    seen = _seen(session, 4)
    session.execute(delete(AuditRow).where(AuditRow.id == 4))
    signer = _signer() if forgery == "key" else ivy
    audit_log.append(session, "ivy", "view", "case", "8", signer=signer)
    if forgery == "hash":
        session.execute(update(AuditRow).where(AuditRow.id == 4).values(detail="changed"))
    if forgery == "signature":
        session.execute(update(AuditRow).where(AuditRow.id == 4).values(signature="00" * 64))
    problems, intact = audit_log.seen_head_problems(
        session, [seen], audit_log.registered_keys(session)
    )
    assert problems == [
        "the audit log has been rewritten since ivy last signed in on 20 November 2026 "
        "(row 4 is not the row ivy saw)"
    ]
    assert intact == []


def test_an_unreadable_date_is_named_as_unknown(session: Session) -> None:
    seen = SeenHead("ivy", 9, "ab" * 32, "yesterday")
    assert audit_log.lost_since(seen) == (
        "the audit log has lost rows since ivy last signed in on an unknown date"
    )
    assert audit_log._day("2026-03-05T23:59:00+00:00") == "5 March 2026"


def test_rows_since_a_seen_head(session: Session) -> None:
    admin, ivy = _chain(session)
    seen = _seen(session, 2, "admin")
    assert audit_log.rows_since_problem(session, seen, frozenset({"admin"}))[0] is None
    session.execute(update(AuditRow).where(AuditRow.id >= 3).values(detail="changed"))
    problem, check = audit_log.rows_since_problem(session, seen, frozenset({"admin"}))
    assert problem == (
        "the audit log rows written since admin last signed in on 20 November 2026 do not "
        "verify: audit row 3 was changed after it was written (and 1 more)"
    )
    assert len(check.problems) == 2
    session.execute(update(AuditRow).where(AuditRow.id == 3).values(detail="idva"))
    problem, _check = audit_log.rows_since_problem(session, seen, frozenset({"admin"}))
    assert problem is not None and problem.endswith(
        ": audit row 4 was changed after it was written"
    )


def test_recent_rows_newest_first(session: Session) -> None:
    _chain(session)
    recent = audit_log.recent(session)
    assert [entry.id for entry in recent] == [4, 3, 2, 1]
    assert recent[1] == AuditEntry(
        3, "2026-11-20T09:30:00+00:00", "admin", "user_added", "user", "2", "ok", "idva"
    )
    assert [entry.id for entry in audit_log.recent(session, limit=2)] == [4, 3]


@pytest.fixture
def far_from_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's clock set to a zone five and a half hours from UTC."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("far_from_utc")
def test_times_are_kept_in_utc_whatever_the_machines_zone(session: Session) -> None:
    signer = _signer()
    audit_log.append(session, "admin", "lock", at=AT, signer=signer)
    audit_log.append(session, "admin", "lock", signer=signer)
    first, second = session.query(AuditRow).order_by(AuditRow.id).all()
    assert first.at == "2026-11-20T09:30:00+00:00"
    assert second.at.endswith("+00:00")


def test_a_key_row_names_the_account_whose_key_it_is(session: Session) -> None:
    admin = _signer()
    _register(session, admin, "admin")
    row = session.get(AuditRow, 1)
    assert row is not None
    assert (row.actor, row.action, row.target_type, row.target_id, row.detail) == (
        "admin",
        AuditAction.SIGNING_KEY.value,
        "account",
        "admin",
        admin.public_hex,
    )


def test_latest_registration_is_who_registered_the_newest_key_and_when(session: Session) -> None:
    admin, ivy = _chain(session)
    assert audit_log.latest_registration(session, "ola") is None
    first = session.get(AuditRow, 2)
    assert first is not None
    assert audit_log.latest_registration(session, "ivy") == KeyRegistration(
        "admin", ivy.public_hex, first.at
    )
    newer = _signer()
    audit_log.register_key(session, newer, "ivy", "ivy", newer.public_hex)  # row 5
    # rows about ivy's account that are not key rows do not count
    audit_log.append(session, "admin", "password_reset", "account", "ivy", signer=admin)
    audit_log.append(session, "admin", "user_revoked", "user", "ivy", detail="x", signer=admin)
    fifth = session.get(AuditRow, 5)
    assert fifth is not None
    assert audit_log.latest_registration(session, "ivy") == KeyRegistration(
        "ivy", newer.public_hex, fifth.at
    )


def test_unlocked_with_key_means_that_account_that_key_an_unlock_by_that_row(
    session: Session,
) -> None:
    admin, ivy = _chain(session)  # row 4: ivy views a case
    audit_log.append(session, "ivy", AuditAction.UNLOCK, signer=ivy)  # row 5
    recovery = _signer()
    audit_log.append(session, "recovery", AuditAction.RECOVERY_UNLOCK, signer=recovery)  # row 6
    assert audit_log.unlocked_with_key(session, "ivy", ivy.public_hex, 5)
    assert audit_log.unlocked_with_key(session, "ivy", ivy.public_hex, 6)
    assert not audit_log.unlocked_with_key(session, "ivy", ivy.public_hex, 4)  # only a view
    assert not audit_log.unlocked_with_key(session, "ivy", admin.public_hex, 6)  # another key
    assert not audit_log.unlocked_with_key(session, "admin", ivy.public_hex, 6)  # another account
    assert audit_log.unlocked_with_key(session, "recovery", recovery.public_hex, 6)
    assert not audit_log.unlocked_with_key(session, "recovery", recovery.public_hex, 5)


def test_from_a_head_a_key_signs_only_after_its_registration(session: Session) -> None:
    admin, _ivy = _chain(session)
    head = audit_log.head(session)
    newer = _signer()
    audit_log.append(session, "ivy", "view", signer=newer)  # row 5: before newer is registered
    audit_log.register_key(session, admin, "admin", "ivy", newer.public_hex)  # row 6
    audit_log.append(session, "ivy", "view", signer=newer)  # row 7: after, so allowed
    expected = ("audit row 5 is signed with a key that is not registered to ivy",)
    assert _problems(session) == expected
    assert audit_log.verify_chain(session, head).problems == expected


def _unsigned_row(session: Session, row_id: int, prev: str) -> str:
    """A row written before signatures; returns its hash."""
    fields = ("2025-01-01T00:00:00+00:00", "admin", "unlock", "", "", "ok", "")
    digest = audit_log._digest(prev, row_id, fields, "")
    at, actor, action, target_type, target_id, outcome, detail = fields
    session.add(
        AuditRow(
            id=row_id,
            at=at,
            actor=actor,
            action=action,
            target_type=target_type,
            target_id=target_id,
            outcome=outcome,
            detail=detail,
            prev_hash=prev,
            row_hash=digest,
        )
    )
    session.flush()
    return digest


def test_every_row_from_before_signatures_is_counted(session: Session) -> None:
    prev = audit_log.GENESIS_HASH
    for row_id in (1, 2, 3):
        prev = _unsigned_row(session, row_id, prev)
    check = audit_log.verify_chain(session)
    assert check.problems == () and check.unsigned_rows == 3


class _StopError(Exception):
    pass


def test_progress_is_told_every_step_of_rows_and_may_stop_the_check(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_log, "CHECK_STEP", 10)
    signer = _signer()
    _register(session, signer, "admin")
    for _ in range(24):
        audit_log.append(session, "admin", "view", signer=signer)
    told: list[int] = []
    check = audit_log.verify_chain(session, checked=told.append)
    assert told == [10, 20] and check.problems == ()

    def stop(row_id: int) -> None:
        raise _StopError

    with pytest.raises(_StopError):
        audit_log.verify_chain(session, checked=stop)


def test_a_lost_head_does_not_hide_the_heads_after_it(session: Session) -> None:
    _chain(session)
    lost, kept = _seen(session, 4), _seen(session, 3, "admin")
    session.execute(delete(AuditRow).where(AuditRow.id == 4))
    problems, intact = audit_log.seen_head_problems(
        session, [lost, kept], audit_log.registered_keys(session)
    )
    assert problems == [audit_log.lost_since(lost)] and intact == [kept]


def test_a_seen_head_replaced_by_an_account_with_no_key_was_rewritten(session: Session) -> None:
    _chain(session)
    seen = _seen(session, 4)
    session.execute(delete(AuditRow).where(AuditRow.id == 4))
    audit_log.append(session, "ola", "view", signer=_signer())  # ola has no registered key
    problems, _intact = audit_log.seen_head_problems(
        session, [seen], audit_log.registered_keys(session)
    )
    assert problems == [
        "the audit log has been rewritten since ivy last signed in on 20 November 2026 "
        "(row 4 is not the row ivy saw)"
    ]


def test_rows_since_a_head_leave_out_the_rows_before_it(session: Session) -> None:
    _chain(session)
    seen = _seen(session, 3, "admin")
    session.execute(update(AuditRow).where(AuditRow.id == 3).values(detail="changed"))
    assert _problems(session) == ("audit row 3 was changed after it was written",)
    assert audit_log.rows_since_problem(session, seen, frozenset({"admin"}))[0] is None


def test_rows_since_a_head_apply_who_may_register_keys(session: Session) -> None:
    _admin, ivy = _chain(session)
    seen = _seen(session, 4)
    audit_log.register_key(session, ivy, "ivy", "ola", _signer().public_hex)  # row 5
    assert audit_log.rows_since_problem(session, seen, None)[0] is None
    problem, _check = audit_log.rows_since_problem(session, seen, frozenset({"admin"}))
    assert problem is not None and problem.endswith(
        ": audit row 5 is signed with a key that is not registered to ivy"
    )


def test_recent_rows_are_the_latest_200_unless_asked(session: Session) -> None:
    signer = _signer()
    for _ in range(201):
        audit_log.append(session, "admin", "view", signer=signer)
    recent = audit_log.recent(session)
    assert len(recent) == 200 and (recent[0].id, recent[-1].id) == (201, 2)
