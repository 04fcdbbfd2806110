"""An empty prompt never costs credits or a provider round trip, in a studio with accounts where model nodes call
a fake Replicate (Flux) and a fake OpenAI (GPT-4): an empty Prompt into Flux is refused with the run (the rest of
the graph runs), and a prompt that arrives empty from GPT-4 fails Flux before its credits are held."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from karate.config import Settings
from tests.api.accounts import SignedInUser, user_fixture
from tests.api.credits_helpers import FLUX, FLUX_CREDITS, balance, flux_document, run_events, with_fake_replicate
from tests.providers.fakes import FAKES, TEST_KEY, FakeProvider
from tests.providers.fakes.chat_script import ChatTurn, ScriptedChatProvider

SIGNUP = 10 * FLUX_CREDITS
GPT = "model.gpt_4"
GPT_CREDITS = 2


@pytest.fixture(scope="module")
def openai_server() -> Iterator[FakeProvider]:
    fake = FAKES["openai"]()
    with fake.server:
        yield fake


@pytest.fixture
def openai(openai_server: FakeProvider) -> ScriptedChatProvider:
    openai_server.reset()
    assert isinstance(openai_server, ScriptedChatProvider)
    return openai_server


@pytest.fixture
def studio_settings(studio_settings: Settings, replicate: FakeProvider, openai: FakeProvider) -> Settings:
    return with_fake_replicate(
        studio_settings,
        replicate,
        signup_credits=SIGNUP,
        openai_api_key=SecretStr(TEST_KEY),
        openai_base_url=openai.url + "/v1",
    )


alice = user_fixture("alice")


async def ledger(user: SignedInUser) -> list[tuple[str, int]]:
    history = (await user.client.get("/api/v1/credits")).json()["history"]["items"]
    return [(entry["kind"], entry["amount"]) for entry in history]


async def test_an_empty_prompt_is_refused_with_the_run_and_nothing_is_held_or_sent(
    alice: SignedInUser, replicate: FakeProvider
) -> None:
    document = flux_document("  ")
    price = (await alice.client.post("/api/v1/runs/estimate", json={"workflow": document})).json()
    assert price["total"] == 0

    answer = await alice.client.post("/api/v1/runs", json={"workflow": document})
    assert answer.status_code == 202, answer.text
    problem = {
        "code": "empty_input",
        "message": "Write a prompt for Flux Pro 1.1 Ultra: the text from Prompt is empty",
        "node_id": "flux0",
        "field": "prompt",
        "edge_id": None,
    }
    assert answer.json()["not_runnable"] == [{"node_id": "flux0", "type": FLUX, "problems": [problem]}]
    events = await run_events(alice.client, answer.json()["id"])
    assert not [event for event in events if event.get("node_id") == "flux0" and event["type"] == "node.started"]
    assert replicate.received() == []
    assert await ledger(alice) == [("signup", SIGNUP)]


async def test_a_prompt_that_arrives_empty_fails_the_model_before_its_credits_are_held(
    alice: SignedInUser, replicate: FakeProvider, openai: ScriptedChatProvider
) -> None:
    openai.script_chat(ChatTurn(text=""))  # GPT-4 answers nothing
    document = {
        "nodes": [
            {"id": "idea", "type": "input.prompt", "params": {"text": "write a poster prompt about foxes"}},
            {"id": "writer", "type": GPT, "params": {}},
            {"id": "flux", "type": FLUX, "params": {}},
        ],
        "edges": [
            {"id": "e1", "source": "idea", "sourceHandle": "text", "target": "writer", "targetHandle": "prompt"},
            {"id": "e2", "source": "writer", "sourceHandle": "text", "target": "flux", "targetHandle": "prompt"},
        ],
    }
    answer = await alice.client.post("/api/v1/runs", json={"workflow": document})
    assert answer.status_code == 202, answer.text
    events = await run_events(alice.client, answer.json()["id"])
    (failed,) = [event for event in events if event["type"] == "node.failed"]
    assert failed["node_id"] == "flux"
    assert failed["error"] == {
        "code": "empty_input",
        "message": "Write a prompt for Flux Pro 1.1 Ultra: the text from GPT-4 is empty",
    }
    assert events[-1] == events[-1] | {  # the run's error names the failed node as the user sees it
        "type": "run.failed",
        "error": "Write a prompt for Flux Pro 1.1 Ultra: the text from GPT-4 is empty",  # names the node: said once
    }
    run = (await alice.client.get(f"/api/v1/runs/{answer.json()['id']}")).json()
    assert run["error"] == events[-1]["error"]
    assert len(openai.received("POST", "/chat/completions")) == 1
    assert replicate.received() == []
    assert await ledger(alice) == [("hold", -GPT_CREDITS), ("signup", SIGNUP)]  # GPT-4's, settled; none for Flux
    assert await balance(alice.client) == SIGNUP - GPT_CREDITS
