"""A name typed in another spelling is matched to the one it means: another case, `_` or `-` between its words, or a
letter off; a request body's unknown key is refused naming it and that name, else the names there are."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from karate.engine.unknown_keys import meant, unknown_field

FIELDS = ["workflow_id", "workflow", "from_node", "collab_state"]


def test_a_key_in_another_case_or_with_other_separators_means_the_field_it_spells() -> None:
    for typed, field in {
        "fromNode": "from_node",
        "FromNode": "from_node",
        "from-node": "from_node",
        "workflowId": "workflow_id",
        "COLLAB_STATE": "collab_state",
        "frm_node": "from_node",
        "workflw": "workflow",
    }.items():
        assert meant(typed, FIELDS) == field, typed
    assert meant("colour", FIELDS) is None
    assert meant("anything", []) is None


def test_an_unknown_field_is_named_with_the_one_it_means_or_the_fields_there_are() -> None:
    assert unknown_field("fromNode", FIELDS) == 'Unknown field "fromNode". Did you mean "from_node"?'
    assert unknown_field("colour", FIELDS) == (
        'Unknown field "colour"; the fields are: workflow_id, workflow, from_node, collab_state.'
    )


@given(st.sampled_from(FIELDS), st.lists(st.booleans(), min_size=20, max_size=20), st.sampled_from(["", "_", "-"]))
def test_any_camel_or_separated_spelling_of_a_field_means_that_field(field: str, upper: list[bool], sep: str) -> None:
    words = field.split("_")
    typed = sep.join(words) if sep else words[0] + "".join(word.capitalize() for word in words[1:])
    typed = "".join(c.upper() if up else c for c, up in zip(typed, upper + [False] * len(typed), strict=False))
    assert meant(typed, FIELDS) == field
