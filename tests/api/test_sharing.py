"""Sharing a workflow (issue 13): share by email as viewer or editor, list, revoke or leave; what a refused
share says; an upload of bytes someone else uploaded first; local mode, where there is nobody to share with."""

from __future__ import annotations

import httpx

from tests.api.accounts import SignedInUser, accounts_mode, local_mode, user_fixture
from tests.api.helpers import png_bytes

studio_settings = accounts_mode()
alice = user_fixture("alice")
bob = user_fixture("bob")


async def new_workflow(user: SignedInUser, title: str = "Poster") -> str:
    created = await user.client.post("/api/v1/workflows", json={"title": title})
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def test_sharing_with_an_email_without_an_account_asks_them_to_sign_up(alice: SignedInUser) -> None:
    workflow = await new_workflow(alice)
    answer = await alice.client.post(
        f"/api/v1/workflows/{workflow}/shares", json={"email": "Nobody@Example.com", "role": "viewer"}
    )
    assert answer.status_code == 404
    assert (
        answer.json()["detail"]
        == "there is no account for nobody@example.com; ask them to sign up, then share it again"
    )
    yourself = await alice.client.post(
        f"/api/v1/workflows/{workflow}/shares", json={"email": alice.email, "role": "viewer"}
    )
    assert yourself.status_code == 422 and "yours already" in yourself.json()["detail"]
    owner_role = await alice.client.post(
        f"/api/v1/workflows/{workflow}/shares", json={"email": alice.email, "role": "owner"}
    )
    assert owner_role.status_code == 422 and "viewer" in owner_role.json()["detail"]
    assert (await alice.client.get(f"/api/v1/workflows/{workflow}/shares")).json() == {"items": []}


async def test_a_member_sees_who_else_has_it_and_may_leave_it(alice: SignedInUser, bob: SignedInUser) -> None:
    workflow = await new_workflow(alice)
    shared = await alice.client.post(
        f"/api/v1/workflows/{workflow}/shares", json={"email": bob.email, "role": "editor"}
    )
    assert shared.json() | {"created_at": None} == {
        "user_id": bob.id,
        "email": bob.email,
        "name": "bob",
        "role": "editor",
        "created_at": None,
    }
    listed = (await bob.client.get(f"/api/v1/workflows/{workflow}/shares")).json()["items"]
    assert [member["email"] for member in listed] == [bob.email]
    assert (await bob.client.delete(f"/api/v1/workflows/{workflow}/shares/{bob.id}")).status_code == 204
    assert (await bob.client.get(f"/api/v1/workflows/{workflow}")).status_code == 404
    again = await alice.client.delete(f"/api/v1/workflows/{workflow}/shares/{bob.id}")
    assert again.status_code == 404 and "not shared with that person" in again.json()["detail"]


async def test_a_shared_workflow_in_the_trash_is_gone_for_its_members_until_restored(
    alice: SignedInUser, bob: SignedInUser
) -> None:
    workflow = await new_workflow(alice)
    await alice.client.post(f"/api/v1/workflows/{workflow}/shares", json={"email": bob.email, "role": "viewer"})
    assert (await alice.client.delete(f"/api/v1/workflows/{workflow}")).status_code == 204
    assert (await bob.client.get(f"/api/v1/workflows/{workflow}")).status_code == 404
    assert (await bob.client.get("/api/v1/workflows?shared=true")).json()["total"] == 0
    assert (await bob.client.post(f"/api/v1/workflows/{workflow}/restore")).status_code == 404  # not Bob's trash
    assert (await alice.client.post(f"/api/v1/workflows/{workflow}/restore")).status_code == 200
    assert (await bob.client.get(f"/api/v1/workflows/{workflow}")).json()["access"] == "viewer"


async def test_uploading_bytes_someone_uploaded_first_shows_only_your_own_name(
    alice: SignedInUser, bob: SignedInUser
) -> None:
    data = png_bytes(12, 10, seed=3)
    first = (await alice.client.post("/api/v1/assets", files={"file": ("alice-holiday.png", data)})).json()
    second = await bob.client.post("/api/v1/assets", files={"file": ("bob-scan.png", data)})
    assert second.status_code == 201 and second.json()["id"] == first["id"]
    assert second.json()["filename"] == "bob-scan.png" and "alice" not in second.text
    as_bob = await bob.client.get(f"/api/v1/assets/{first['id']}")
    assert as_bob.status_code == 200 and as_bob.json()["filename"] == "bob-scan.png"
    assert (await alice.client.get(f"/api/v1/assets/{first['id']}")).json()["filename"] == "alice-holiday.png"


@local_mode
async def test_in_local_mode_there_is_nobody_to_share_with(client: httpx.AsyncClient) -> None:
    workflow = (await client.post("/api/v1/workflows", json={"title": "mine"})).json()
    assert workflow["access"] == "owner"
    answer = await client.post(
        f"/api/v1/workflows/{workflow['id']}/shares", json={"email": "friend@example.com", "role": "viewer"}
    )
    assert answer.status_code == 409 and "KARATE_AUTH=true" in answer.json()["detail"]
    assert (await client.get(f"/api/v1/workflows/{workflow['id']}/shares")).json() == {"items": []}
