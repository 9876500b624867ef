from __future__ import annotations

import secrets
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import event

from marac_desktop.errors import PlatformError, WrongPasswordError
from marac_desktop.storage import engine as engine_module
from marac_desktop.storage.engine import connect, make_engine


def _make(path: Path) -> bytes:
    key = secrets.token_bytes(32)
    with make_engine(path, key).begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x TEXT)")
        conn.exec_driver_sql("INSERT INTO t VALUES ('a value worth hiding')")
    return key


def test_connection_settings(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    key = _make(path)
    conn = connect(path, key)
    try:
        pragma = lambda name: conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("cipher_version")
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("secure_delete") == 1
        assert pragma("foreign_keys") == 1
    finally:
        conn.close()


def test_memory_security_is_off_on_every_engine_connection(tmp_path: Path) -> None:
    """Left off: on, every SQL string and date function is 20 to 60 times slower."""
    path = tmp_path / "x.db"
    key = _make(path)
    with make_engine(path, key).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cipher_version").scalar()
        assert str(conn.exec_driver_sql("PRAGMA cipher_memory_security").scalar()) == "0"


def _frames_not_copied_back(path: Path) -> int:
    """Frames in the WAL not yet copied into the database file, read from the WAL index
    (SQLite's wal.c: the header's mxFrame at byte 16, the checkpoint's nBackfill at byte 96)."""
    index = path.with_name(path.name + "-shm").read_bytes()
    written = int.from_bytes(index[16:20], sys.byteorder)
    copied = int.from_bytes(index[96:100], sys.byteorder)
    return written - copied


def test_a_connection_dropped_for_another_thread_has_copied_the_wal_back_first(
    tmp_path: Path,
) -> None:
    """The worker's first transaction drops the window's connection; closing the last
    connection copies the WAL into the file while holding the interpreter lock, so the
    window would wait (226 ms at 250,000 cases). The copy is made first, as a statement."""
    path = tmp_path / "x.db"
    key = _make(path)
    engine = make_engine(path, key)
    with engine.begin() as conn:  # opened here, on the window's thread
        conn.exec_driver_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
            "INSERT INTO t SELECT 'row ' || i FROM n"
        )
    left_at_close: list[int] = []
    event.listen(
        engine.pool, "close", lambda *_: left_at_close.append(_frames_not_copied_back(path))
    )

    def on_the_worker() -> None:
        with engine.begin() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM t").scalar()

    worker = threading.Thread(target=on_the_worker)
    worker.start()
    worker.join()
    engine.dispose()
    assert len(left_at_close) == 2, "the window's connection was not dropped, then the worker's"
    assert left_at_close == [0, 0]


def test_file_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    _make(path)
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"a value worth hiding" not in raw


def test_wrong_key_fails_at_once_with_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    _make(path)
    with pytest.raises(WrongPasswordError) as caught:
        connect(path, secrets.token_bytes(32))
    assert "\n" not in str(caught.value)


def test_plain_sqlite_build_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "cipher_version", lambda connection: "")
    with pytest.raises(PlatformError):
        connect(tmp_path / "x.db", secrets.token_bytes(32))


def test_key_never_in_sql_text_except_as_hex() -> None:
    key = bytes(range(32))
    assert engine_module.key_pragma(key) == f"PRAGMA key = \"x'{key.hex()}'\""
    with pytest.raises(ValueError):
        engine_module.key_pragma(b"short")
