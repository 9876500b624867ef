"""The servers a desktop remembers: in the user's settings file, never with a password."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from marac_desktop.services import remembered_servers
from marac_desktop.storage.server_address import ServerAddressError

SERVER = "postgresql://db.example/marac"
OTHER = "postgresql://partners.example:6543/north"
PLANTED = "planted secret phrase 4711"


def _settings_bytes() -> bytes:
    return remembered_servers.settings_file().read_bytes()


def test_the_settings_file_is_in_the_folder_the_environment_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARAC_DESKTOP_CONFIG_DIR", str(tmp_path / "conf"))
    remembered_servers.remember(SERVER, None, "idva1")
    assert remembered_servers.settings_file() == tmp_path / "conf" / "settings.json"
    assert (tmp_path / "conf" / "settings.json").is_file()


def test_a_remembered_server_comes_back_with_its_ca_file_and_user(tmp_path: Path) -> None:
    assert remembered_servers.remembered() == []
    remembered_servers.remember(SERVER, tmp_path / "ca.pem", "idva1")
    [server] = remembered_servers.remembered()
    assert server.location == "postgresql://db.example:5432/marac"
    assert server.label == "marac on db.example:5432"
    assert server.ca_file == tmp_path / "ca.pem"
    assert server.user == "idva1"


def test_the_latest_server_comes_first_and_one_address_is_kept_once() -> None:
    remembered_servers.remember(SERVER, None, "idva1")
    remembered_servers.remember(OTHER, None, "coord1")
    remembered_servers.remember("postgresql://someone@db.example:5432/marac", None, "lead1")
    assert [(s.label, s.user) for s in remembered_servers.remembered()] == [
        ("marac on db.example:5432", "lead1"),
        ("north on partners.example:6543", "coord1"),
    ]
    assert b"someone" not in _settings_bytes()  # a user named in the address is not kept


def test_a_forgotten_server_is_no_longer_offered() -> None:
    remembered_servers.remember(SERVER, None, "idva1")
    remembered_servers.remember(OTHER, None, "coord1")
    remembered_servers.forget(SERVER)
    assert [s.label for s in remembered_servers.remembered()] == ["north on partners.example:6543"]
    assert b"db.example" not in _settings_bytes()


def test_find_matches_however_the_address_is_written() -> None:
    remembered_servers.remember(SERVER, None, "idva1")
    found = remembered_servers.find("postgres://db.example:5432/marac")
    assert found is not None and found.user == "idva1"
    assert remembered_servers.find(OTHER) is None


def test_the_list_is_kept_short() -> None:
    for number in range(remembered_servers.MAX_REMEMBERED + 5):
        remembered_servers.remember(f"postgresql://db{number}.example/marac", None, "u")
    servers = remembered_servers.remembered()
    assert len(servers) == remembered_servers.MAX_REMEMBERED
    assert servers[0].label.startswith("marac on db24.example")


def test_a_password_planted_in_the_file_is_never_written_back() -> None:
    path = remembered_servers.settings_file()
    path.parent.mkdir(parents=True)
    planted = {"servers": [{"address": SERVER, "user": "idva1", "password": PLANTED}]}
    path.write_text(json.dumps({**planted, "password": PLANTED}))
    remembered_servers.remember(OTHER, None, "coord1")
    assert PLANTED.encode() not in _settings_bytes()
    assert [s.user for s in remembered_servers.remembered()] == ["coord1", "idva1"]


def test_the_file_is_readable_by_its_owner_only() -> None:
    remembered_servers.remember(SERVER, None, "idva1")
    mode = stat.S_IMODE(remembered_servers.settings_file().stat().st_mode)
    assert mode == 0o600


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe", b"[1, 2]", b'{"servers": "x"}', b'{"servers": [1, {"user": "u"}]}'],
)
def test_a_damaged_file_offers_nothing_and_is_replaced_at_the_next_sign_in(content: bytes) -> None:
    path = remembered_servers.settings_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert remembered_servers.remembered() == []
    remembered_servers.remember(SERVER, None, "idva1")
    assert [s.user for s in remembered_servers.remembered()] == ["idva1"]


def test_an_address_edited_into_nonsense_is_not_offered() -> None:
    path = remembered_servers.settings_file()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"servers": [{"address": "ftp://x"}, {"address": SERVER}]}))
    assert [s.label for s in remembered_servers.remembered()] == ["marac on db.example:5432"]


def test_a_bad_address_is_refused_in_one_sentence() -> None:
    with pytest.raises(ServerAddressError, match=r"^A server address starts with postgresql://"):
        remembered_servers.check_address("db.example/marac")
    with pytest.raises(ServerAddressError, match="Leave the password out"):
        remembered_servers.remember("postgresql://u:pw@db.example/marac", None, "u")
    assert not remembered_servers.settings_file().exists()


def test_only_a_server_over_the_network_needs_a_ca_file() -> None:
    assert remembered_servers.needs_ca_file(SERVER)
    assert not remembered_servers.needs_ca_file("postgresql:///marac?host=/run/pg&port=5433")
