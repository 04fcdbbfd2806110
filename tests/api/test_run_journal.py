"""The run journal's batches: each statement's rows as one executemany, `first` and `last` statements in place;
and the JSON the journal writes for events and node records."""

from __future__ import annotations

import json
import math

from sqlalchemy import text

from karate.services.journal import Write, _grouped
from karate.services.run_recording import _dumps

CREATE, START, EVENT, NODE, FINISH = (text(f"SELECT {n}") for n in range(5))


def test_interleaved_events_and_node_records_go_out_as_one_executemany_each() -> None:
    rank = {id(CREATE): -2, id(START): -1, id(FINISH): 1}
    arrived = [EVENT, NODE, EVENT, START, NODE, EVENT, FINISH, CREATE, EVENT]
    batch: list[Write] = [(statement, {"n": index}, None) for index, statement in enumerate(arrived)]

    grouped = _grouped(batch, rank)

    assert [statement for statement, _ in grouped] == [CREATE, START, EVENT, NODE, FINISH]
    rows = dict(grouped)
    assert rows[EVENT] == [{"n": 0}, {"n": 2}, {"n": 5}, {"n": 8}]  # each statement's rows in arrival order
    assert rows[NODE] == [{"n": 1}, {"n": 4}]
    assert rows[CREATE] == {"n": 7} and rows[START] == {"n": 3} and rows[FINISH] == {"n": 6}


def test_recorded_json_reads_back_as_json_dumps_wrote_it() -> None:
    value = {"outputs": {"image": {"asset_id": "ab", "width": 64}}, "ts": 1764480000.125, "note": "é \u2028", 1: None}
    assert json.loads(_dumps(value)) == json.loads(json.dumps(value))
    assert _dumps(None) == "null"
    huge = {"value": 2**70}  # past 64 bits: orjson refuses it, json.dumps writes it
    assert json.loads(_dumps(huge)) == huge
    assert json.loads(_dumps({"value": math.nan})) == {"value": None}  # as every API answer gives it
