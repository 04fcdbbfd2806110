"""Where a local studio keeps its data: its owner is told the real folder (the one --data-dir or KARATE_DATA_DIR
named), and nobody is told the server's folders on a studio with accounts."""

from __future__ import annotations

import httpx

from tests.api.accounts import SignedInUser, accounts_mode, local_mode, user_fixture
from tests.api.conftest import RunningStudio

studio_settings = accounts_mode()
alice = user_fixture("alice")


@local_mode
async def test_the_local_owner_is_told_the_real_data_folder(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    me = (await client.get("/api/v1/auth/me")).json()
    assert me["mode"] == "local"
    assert me["data_dir"] == str(studio.settings.data_dir.resolve())
    assert (await client.patch("/api/v1/me", json={"name": "Owner"})).json()["data_dir"] == me["data_dir"]


async def test_an_account_is_never_told_the_servers_folders(alice: SignedInUser) -> None:
    me = (await alice.client.get("/api/v1/auth/me")).json()
    assert me["mode"] == "accounts" and me["data_dir"] is None
    changed = await alice.client.patch("/api/v1/me", json={"name": "Alice"}, headers={"x-csrf-token": alice.csrf_token})
    assert changed.json()["data_dir"] is None
