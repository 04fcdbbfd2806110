"""The LLM planner against the fake OpenAI, Anthropic and Ollama servers over real HTTP: the fakes play scripted
tool calls (read the catalog, submit a plan) and the planner must turn them into plans that validate, retry once
with the problems, and give up (None, so the offline planner answers) on a second bad answer, a provider error, a
slow provider, or no LLM at all."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from karate.agents.context import PlanContext
from karate.agents.llm import PlannerModel, choose_model, plan_with_llm
from karate.agents.llm_agent import SDK_RETRIES
from karate.agents.patch import CanvasPoint, PlannerKind, PlanRequest, PlanStatus
from karate.agents.validate import validate_plan
from karate.config import Settings
from karate.engine.graph import EdgeDoc, NodeDoc, WorkflowDocument
from karate.engine.registry import load_builtin_nodes
from tests.providers.fakes import TEST_KEY
from tests.providers.fakes.anthropic import FakeAnthropic
from tests.providers.fakes.base import FakeProvider
from tests.providers.fakes.chat_script import ChatTurn, ScriptedChatProvider, ToolCall
from tests.providers.fakes.ollama import FakeOllama
from tests.providers.fakes.openai import FakeOpenAI

CONTEXT = PlanContext(load_builtin_nodes(), frozenset({"fal", "openai"}))
NO_KEYS: dict[str, Any] = {"openai_api_key": None, "anthropic_api_key": None, "ollama_host": None}


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, ScriptedChatProvider]]:
    started: dict[str, ScriptedChatProvider] = {"openai": FakeOpenAI(), "anthropic": FakeAnthropic()}
    started["ollama"] = FakeOllama()
    for server in started.values():
        server.start()
    yield started
    for server in started.values():
        server.stop()


@pytest.fixture
def llms(servers: dict[str, ScriptedChatProvider]) -> dict[str, ScriptedChatProvider]:
    for server in servers.values():
        server.reset()
    return servers


def settings_with(llms: dict[str, ScriptedChatProvider], provider: str | None, **overrides: Any) -> Settings:
    """A studio whose only LLM is `provider` (None: no LLM), pointed at its fake."""
    values: dict[str, Any] = {
        **NO_KEYS,
        "openai_base_url": llms["openai"].url + "/v1",
        "anthropic_base_url": llms["anthropic"].url,
        "provider_call_timeout": 5.0,
    }
    if provider == "openai":
        values["openai_api_key"] = TEST_KEY
    elif provider == "anthropic":
        values["anthropic_api_key"] = TEST_KEY
    elif provider == "ollama":
        values["ollama_host"] = llms["ollama"].url
    return Settings(_env_file=None, **{**values, **overrides})  # type: ignore[call-arg]


def submit(**plan: Any) -> ChatTurn:
    return ChatTurn(tool_calls=(ToolCall("submit_plan", plan),))


BLUR_THEN_INVERT = submit(
    status="ready",
    summary="Image Upload → Blur → Invert",
    add_nodes=[
        {"ref": "photo", "type": "input.image"},
        {"ref": "blur", "type": "tool.blur", "params": {"radius": 8}},
        {"ref": "invert", "type": "tool.invert"},
    ],
    add_edges=[
        {"source": "photo", "source_port": "image", "target": "blur", "target_port": "image"},
        {"source": "blur", "target": "invert", "target_port": "image"},
    ],
    assumptions=["blurred with radius 8 for 'a strong blur'"],
)


def sent_json(server: FakeProvider) -> list[dict[str, Any]]:
    return [record.json for record in server.requests]


def no_requests(llms: dict[str, ScriptedChatProvider]) -> bool:
    return all(not server.requests for server in llms.values())


async def test_openai_studio_gets_a_validated_llm_plan(llms: dict[str, ScriptedChatProvider]) -> None:
    llms["openai"].script_chat(ChatTurn(tool_calls=(ToolCall("describe_node", {"node_type": "tool.blur"}),)))
    llms["openai"].script_chat(BLUR_THEN_INVERT)
    request = PlanRequest(instruction="blur my image strongly then invert it", origin=CanvasPoint(x=100, y=50))

    plan = await plan_with_llm(request, CONTEXT, settings_with(llms, "openai"))

    assert plan is not None and plan.planner == PlannerKind.LLM and plan.status == PlanStatus.READY
    assert validate_plan(plan, request, CONTEXT) == []
    assert [(n.id, n.type) for n in plan.add_nodes] == [
        ("image-1", "input.image"),
        ("blur-1", "tool.blur"),
        ("invert-1", "tool.invert"),
    ]
    assert plan.add_nodes[1].params == {"kind": "gaussian", "radius": 8.0, "angle": 0.0}
    assert [e.id for e in plan.add_edges] == ["e-image-1-image-blur-1-image", "e-blur-1-image-invert-1-image"]
    assert [n.position for n in plan.add_nodes] == [{"x": 100, "y": 50}, {"x": 420, "y": 50}, {"x": 740, "y": 50}]
    assert plan.assumptions == ["blurred with radius 8 for 'a strong blur'"]
    first, second = sent_json(llms["openai"])
    assert llms["openai"].requests[0].headers["authorization"] == f"Bearer {TEST_KEY}"
    assert first["model"] == "gpt-4.1-mini"
    assert {tool["function"]["name"] for tool in first["tools"]} == {"submit_plan", "describe_node", "search_catalog"}
    assert "tool.blur | Blur | tools | in: image:image, mask:mask? | out: image:image" in json.dumps(first["messages"])
    tool_answer = next(m for m in second["messages"] if m["role"] == "tool")
    assert '"name": "radius"' in tool_answer["content"] and '"maximum": 200' in tool_answer["content"]


async def test_anthropic_studio_inserts_a_step_into_the_existing_graph(llms: dict[str, ScriptedChatProvider]) -> None:
    workflow = WorkflowDocument(
        nodes=[
            NodeDoc(id="image-1", type="input.image", params={"asset_id": "abc"}, position={"x": 0, "y": 0}),
            NodeDoc(id="upscale-1", type="tool.upscale", params={"scale": 2}, position={"x": 320, "y": 0}),
            NodeDoc(id="save-1", type="output.save", params={}, position={"x": 640, "y": 0}),
        ],
        edges=[
            EdgeDoc(source="image-1", sourceHandle="image", target="upscale-1", targetHandle="image"),
            EdgeDoc(source="upscale-1", sourceHandle="image", target="save-1", targetHandle="image"),
        ],
    )
    llms["anthropic"].script_chat(
        submit(
            status="ready",
            summary="Upscale → Blur → Save Image",
            add_nodes=[{"ref": "soften", "type": "tool.blur"}],
            add_edges=[
                {"source": "upscale-1", "source_port": "image", "target": "soften", "target_port": "image"},
                {"source": "soften", "source_port": "image", "target": "save-1", "target_port": "image"},
            ],
            remove_edges=["e-upscale-1-image-save-1-image"],
            change_nodes=[{"id": "upscale-1", "params": {"scale": 4}}],
        )
    )
    request = PlanRequest(instruction="add a blur after the upscale and make it 4x", workflow=workflow)

    plan = await plan_with_llm(request, CONTEXT, settings_with(llms, "anthropic"))

    assert plan is not None and plan.planner == PlannerKind.LLM
    assert validate_plan(plan, request, CONTEXT) == []
    assert [n.id for n in plan.add_nodes] == ["blur-1"]
    assert plan.add_nodes[0].position == {"x": 640, "y": 180}  # right of the upscale, below the Save it would cover
    assert plan.remove_edges == ["e-upscale-1-image-save-1-image"]
    assert plan.change_nodes[0].params == {"scale": 4}
    (sent,) = llms["anthropic"].requests
    assert sent.headers["authorization"] == f"Bearer {TEST_KEY}" and sent.json["model"] == "claude-haiku-4-5"
    assert "upscale-1 | tool.upscale" in json.dumps(sent.json["messages"])


async def test_ollama_studio_plans_through_the_openai_compatible_api(llms: dict[str, ScriptedChatProvider]) -> None:
    llms["ollama"].script_chat(ChatTurn(tool_calls=(ToolCall("search_catalog", {"query": "flux ultra"}),)))
    llms["ollama"].script_chat(
        submit(
            status="ready",
            summary="Prompt → Flux Pro 1.1 Ultra",
            add_nodes=[
                {"ref": "prompt", "type": "input.prompt", "params": {"text": "a cat astronaut"}},
                {"ref": "flux", "type": "model.flux_pro_1_1_ultra", "params": {"aspect_ratio": "16:9"}},
            ],
            add_edges=[{"source": "prompt", "target": "flux", "target_port": "prompt"}],
        )
    )
    request = PlanRequest(instruction="a cat astronaut with flux ultra, 16:9")

    plan = await plan_with_llm(request, CONTEXT, settings_with(llms, "ollama"))

    assert plan is not None and validate_plan(plan, request, CONTEXT) == []
    assert plan.add_nodes[0].params == {"text": "a cat astronaut"}
    assert plan.add_nodes[1].params["aspect_ratio"] == "16:9" and plan.add_nodes[1].params["output_format"] == "jpg"
    assert plan.add_edges[0].id == "e-prompt-1-text-flux_pro_1_1_ultra-1-prompt"
    first, second = llms["ollama"].requests
    assert first.path == "/v1/chat/completions" and first.json["model"] == "llama3.2"
    found = next(m for m in second.json["messages"] if m["role"] == "tool")["content"]
    assert found.startswith("model.flux_pro_1_1_ultra | Flux Pro 1.1 Ultra | models/image")


async def test_invalid_first_answer_is_retried_once_with_its_problems(llms: dict[str, ScriptedChatProvider]) -> None:
    bad = submit(
        status="ready",
        summary="Image Upload → Sharpen",
        add_nodes=[
            {"ref": "photo", "type": "input.image"},
            {"ref": "blur", "type": "tool.blur", "params": {"radius": 900}},
        ],
        add_edges=[{"source": "photo", "source_port": "image", "target": "blur", "target_port": "mask"}],
    )
    llms["openai"].script_chat(bad, BLUR_THEN_INVERT)
    request = PlanRequest(instruction="blur my image then invert it")

    plan = await plan_with_llm(request, CONTEXT, settings_with(llms, "openai"))

    assert plan is not None and validate_plan(plan, request, CONTEXT) == []
    assert [n.type for n in plan.add_nodes] == ["input.image", "tool.blur", "tool.invert"]
    first, second = sent_json(llms["openai"])
    retry = json.dumps(second["messages"][len(first["messages"]) :], ensure_ascii=False)
    assert "blur-1" in retry and "Radius" in retry and "200" in retry  # the bound the radius broke
    assert "blur → blur-1" in retry


async def test_invalid_twice_gives_up(llms: dict[str, ScriptedChatProvider]) -> None:
    wrong = submit(status="ready", summary="Sharpen", add_nodes=[{"ref": "s", "type": "tool.sharpen"}])
    llms["openai"].script_chat(wrong, wrong, BLUR_THEN_INVERT)
    request = PlanRequest(instruction="sharpen it")

    assert await plan_with_llm(request, CONTEXT, settings_with(llms, "openai")) is None
    assert len(llms["openai"].requests) == 2
    assert "there is no node type 'tool.sharpen'" in json.dumps(sent_json(llms["openai"])[1]["messages"])


async def test_question_is_passed_on_as_a_question(llms: dict[str, ScriptedChatProvider]) -> None:
    llms["anthropic"].script_chat(
        submit(
            status="question",
            summary="Not sure what to build",
            question="Do you want an image or a video?",
            suggestions=["generate an image of a dragon", "animate a dragon image"],
        )
    )
    request = PlanRequest(instruction="dragon stuff")

    plan = await plan_with_llm(request, CONTEXT, settings_with(llms, "anthropic"))

    assert plan is not None and plan.status == PlanStatus.QUESTION and plan.add_nodes == []
    assert plan.question == "Do you want an image or a video?" and len(plan.suggestions) == 2
    assert validate_plan(plan, request, CONTEXT) == []


@pytest.mark.parametrize("provider", ["openai", "anthropic", "ollama"])
async def test_provider_error_gives_up_after_the_sdk_retry(
    llms: dict[str, ScriptedChatProvider], provider: str
) -> None:
    path = "/v1/messages" if provider == "anthropic" else "/v1/chat/completions"
    llms[provider].add_fault("POST", path, 500, {"error": {"message": "boom", "type": "server_error"}}, times=10)
    llms[provider].script_chat(BLUR_THEN_INVERT)

    assert await plan_with_llm(PlanRequest(instruction="blur it"), CONTEXT, settings_with(llms, provider)) is None
    assert len(llms[provider].requests) == 1 + SDK_RETRIES


async def test_unreachable_provider_gives_up(llms: dict[str, ScriptedChatProvider]) -> None:
    settings = settings_with(llms, "openai", openai_base_url="http://127.0.0.1:9/v1")

    assert await plan_with_llm(PlanRequest(instruction="blur it"), CONTEXT, settings) is None


async def test_slow_provider_gives_up_at_the_planner_timeout(llms: dict[str, ScriptedChatProvider]) -> None:
    llms["openai"].pause()
    try:
        started = time.monotonic()
        settings = settings_with(llms, "openai", planner_timeout=0.5)
        assert await plan_with_llm(PlanRequest(instruction="blur it"), CONTEXT, settings) is None
        assert time.monotonic() - started < 3
    finally:
        llms["openai"].resume()


async def test_no_llm_configured_makes_no_call(llms: dict[str, ScriptedChatProvider]) -> None:
    request = PlanRequest(instruction="blur my image")

    assert await plan_with_llm(request, CONTEXT, settings_with(llms, None)) is None
    assert await plan_with_llm(request, CONTEXT, settings_with(llms, "openai", planner_model="offline")) is None
    assert no_requests(llms)


def test_planner_model_setting_picks_the_llm(llms: dict[str, ScriptedChatProvider]) -> None:
    everything = settings_with(llms, "openai", anthropic_api_key=TEST_KEY, ollama_host="127.0.0.1:11434")
    assert choose_model(everything) == PlannerModel("openai", "gpt-4.1-mini")
    assert choose_model(settings_with(llms, "anthropic")) == PlannerModel("anthropic", "claude-haiku-4-5")
    assert choose_model(settings_with(llms, "ollama", ollama_model="qwen3")) == PlannerModel("ollama", "qwen3")
    named = everything.model_copy(update={"planner_model": "anthropic:claude-sonnet-4-6"})
    assert choose_model(named) == PlannerModel("anthropic", "claude-sonnet-4-6")
    assert choose_model(settings_with(llms, "openai", planner_model="anthropic:claude-sonnet-4-6")) is None
    assert choose_model(settings_with(llms, "openai", planner_model="mistral:large")) is None
    assert choose_model(settings_with(llms, "openai", planner_model=" Offline ")) is None
