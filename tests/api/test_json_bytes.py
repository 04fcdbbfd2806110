"""The studio's JSON: a number past 64 bits, as PostgreSQL's jsonb gives back a number typed as 1e20, is read and
written as the float it was typed as, never an error."""

from __future__ import annotations

import orjson

from karate import json_bytes


def test_integers_past_64_bits_are_read_as_the_floats_they_were_typed_as() -> None:
    assert json_bytes.loads('{"value": 100000000000000000000, "seq": 7}') == {"value": 1e20, "seq": 7}
    assert isinstance(json_bytes.loads("9223372036854775807"), int)


def test_text_the_studio_wrote_reads_the_same_by_the_fast_reader_nan_included() -> None:
    written = '{"value": 100000000000000000000, "seq": 7, "ratio": 0.5, "name": "caf\\u00e9", "list": [null, true]}'
    assert json_bytes.loads_written(written) == json_bytes.loads(written)
    assert json_bytes.loads_written(written.encode()) == {
        "value": 1e20,
        "seq": 7,
        "ratio": 0.5,
        "name": "café",
        "list": [None, True],
    }
    not_a_number = json_bytes.loads_written('{"x": NaN}')["x"]  # as json.dumps writes it
    assert not_a_number != not_a_number


def test_writing_one_that_still_arrives_gives_the_float_and_past_a_double_null() -> None:
    value = {"params": [10**20, -(10**30), 10**400, 5, True], "name": "n"}
    assert orjson.loads(json_bytes.dumps(value)) == {"params": [1e20, -1e30, None, 5, True], "name": "n"}
    assert json_bytes.dumps({"a": 1}) == orjson.dumps({"a": 1})
