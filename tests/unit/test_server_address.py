"""Server addresses: what is accepted, and what is refused in one sentence."""

from __future__ import annotations

import pytest

from marac_desktop.storage.server_address import ServerAddressError, parse


def test_a_socket_address_and_a_network_address_are_read() -> None:
    local = parse("postgresql://owner@/marac?host=/run/pg&port=5499")
    assert (local.host, local.port, local.database, local.user) == (
        "/run/pg",
        5499,
        "marac",
        "owner",
    )
    assert local.label == "marac on this computer"
    remote = parse("postgresql://db.example.org/marac")
    assert (remote.host, remote.port, remote.label) == (
        "db.example.org",
        5432,
        "marac on db.example.org:5432",
    )


@pytest.mark.parametrize(
    ("address", "sentence"),
    [
        ("postgresql://u:hunter2@h/db", "Leave the password out"),
        ("postgresql://h:99x/db", "port must be a number"),
        ("marac.db", "starts with postgresql://"),
        ("postgresql://h/db?sslmode=disable", "host and a port only"),
        ("postgresql://h/" + "d" * 64, "at most 63 bytes"),
    ],
)
def test_a_bad_address_is_one_sentence_that_repeats_no_secret(address: str, sentence: str) -> None:
    with pytest.raises(ServerAddressError, match=sentence) as refused:
        parse(address)
    assert "hunter2" not in str(refused.value)
