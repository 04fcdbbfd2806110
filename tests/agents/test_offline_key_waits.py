"""A free step after a node on the canvas that has no key ("remove its background" after Nano Banana) is priced free,
yet cannot run before that node does: its note says so, and who sets which key, as the key notes of models do."""

from __future__ import annotations

from karate.agents.context import PlanContext
from karate.agents.offline import plan_offline
from karate.agents.patch import PlanRequest
from karate.engine.registry import load_builtin_nodes
from tests.agents.test_planner_cases import build_graph


def notes(instruction: str, chain: str, configured: frozenset[str], *, accounts: bool = False) -> list[str]:
    context = PlanContext(load_builtin_nodes(), configured, accounts=accounts)
    canvas = build_graph([chain], {"prompt-1": {"text": "a cat"}}, context)
    return plan_offline(PlanRequest(instruction=instruction, workflow=canvas), context).assumptions


def test_a_cut_out_after_a_model_without_a_key_waits_for_that_key() -> None:
    said = notes("remove its background", "input.prompt -> model.nano_banana", frozenset())
    waits = [n for n in said if n.startswith("The cut-out waits for Nano Banana")]
    assert len(waits) == 1, said
    assert "GEMINI_API_KEY" in waits[0] and "where the studio runs, or ask its admin" in waits[0]


def test_a_tool_after_a_tool_after_a_model_without_a_key_waits_too() -> None:
    said = notes("upscale it", "input.prompt -> model.nano_banana -> tool.blur", frozenset())
    assert any(n.startswith("Upscale waits for Nano Banana: it needs") for n in said), said


def test_in_a_studio_with_sign_in_the_team_is_asked() -> None:
    said = notes("remove its background", "input.prompt -> model.nano_banana", frozenset(), accounts=True)
    assert any("waits for Nano Banana" in n and "ask the studio's team" in n for n in said), said
    assert not any("GEMINI_API_KEY" in n for n in said)


def test_no_wait_is_said_when_the_model_has_its_key() -> None:
    said = notes("remove its background", "input.prompt -> model.nano_banana", frozenset({"fal", "replicate"}))
    assert not any("waits for" in n for n in said), said
