"""The workflow document as a Yjs document and back: nothing lost or changed on the way, and an edit applied as
the smallest change, so concurrent edits of other parts of the graph survive it."""

from __future__ import annotations

import copy
from typing import Any

from pycrdt import Doc, Map

from karate.collab.document import apply_document, doc_from_document, document_of, order_of

DOCUMENT: dict[str, Any] = {
    "schema_version": 1,
    "nodes": [
        {
            "id": "prompt",
            "type": "text.prompt",
            "params": {"text": "a cat", "seed": 42, "strength": 0.5, "image": {"asset_id": "a" * 64}},
            "position": {"x": 10, "y": 20.5},
        },
        {"id": "blur", "type": "image.blur", "params": {}, "bypass": True, "title": "Soft", "parentId": "frame"},
    ],
    "edges": [
        {"id": "e1", "source": "prompt", "sourceHandle": "text", "target": "blur", "targetHandle": "image"},
    ],
    "groups": [{"id": "frame", "title": "Look", "position": {"x": 0, "y": 0}, "width": 300, "height": 200}],
    "thumbnail": {"asset_id": "b" * 64},
}


def synced(doc: Doc) -> Doc:
    """Another replica of `doc` (as a second client would hold it)."""
    other = Doc()
    other.apply_update(doc.get_update())
    return other


def test_a_document_comes_back_as_it_went_in_with_whole_numbers_as_ints() -> None:
    back = document_of(synced(doc_from_document(DOCUMENT)), order_of(DOCUMENT))

    assert back == DOCUMENT
    assert isinstance(back["nodes"][0]["params"]["seed"], int)  # Yjs keeps doubles; a seed stays 42


def test_new_nodes_follow_the_stored_order_and_removed_ones_go() -> None:
    doc = doc_from_document(DOCUMENT)
    changed = copy.deepcopy(DOCUMENT)
    changed["nodes"] = [changed["nodes"][1], {"id": "aaa", "type": "image.invert", "params": {}}]
    changed["edges"] = []
    apply_document(doc, changed)

    back = document_of(doc, order_of(DOCUMENT))
    assert [n["id"] for n in back["nodes"]] == ["blur", "aaa"]
    assert back["edges"] == []


def test_an_edit_touches_only_what_changed_so_a_concurrent_edit_of_another_parameter_survives() -> None:
    alice = doc_from_document(DOCUMENT)
    bob = synced(alice)
    # Bob changes the seed while Alice's save changes only the text.
    bob_node = bob.get("nodes", type=Map)["prompt"]
    bob_node["params"]["seed"] = 7
    mine = copy.deepcopy(DOCUMENT)
    mine["nodes"][0]["params"]["text"] = "a dog"
    apply_document(alice, mine)
    alice.apply_update(bob.get_update(alice.get_state()))
    bob.apply_update(alice.get_update(bob.get_state()))

    for replica in (alice, bob):
        params = document_of(replica, order_of(DOCUMENT))["nodes"][0]["params"]
        assert params["text"] == "a dog" and params["seed"] == 7


def test_applying_the_same_document_again_makes_no_update() -> None:
    doc = doc_from_document(DOCUMENT)
    updates: list[bytes] = []
    subscription = doc.observe(lambda event: updates.append(event.update))
    apply_document(doc, copy.deepcopy(DOCUMENT))
    doc.unobserve(subscription)

    assert updates == []
