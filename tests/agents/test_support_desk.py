"""The support agent over the real API (POST/GET /api/v1/agents/support): a question is answered from the product
docs and kept as a ticket, written to the audit log and posted to the team's Slack (a local fake); a question the
docs do not cover waits for the team with accounts, and on a local studio says plainly that the guide has no answer
and where else to look; people read only their own tickets, staff everyone's; with an LLM
configured (the fake OpenAI) the LLM writes the answer from the matching sections, and the docs are quoted when it
fails."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr

from karate.agents.help_library import HelpLibrary, guide_sections, markdown_passages, plain
from karate.app import create_app
from karate.config import Settings
from karate.engine.registry import load_builtin_nodes
from tests.api.accounts import SignedInUser, local_mode, user_fixture, with_accounts
from tests.local_server import LocalServer
from tests.observability.conftest import slack
from tests.observability.fakes import FakeSlack
from tests.providers.fakes import TEST_KEY
from tests.providers.fakes.chat_script import ChatTurn
from tests.providers.fakes.openai import FakeOpenAI

__all__ = ["slack"]  # the fixture this module's tests use

SHARING = "How do I share my project with a colleague so we can edit it together?"
SHARING_SECTION = "Working together, sharing and comments"  # of the user guide (karate/agents/guide.md)
NONSENSE = "xyzzy plugh qwertyuiop"


@pytest.fixture
def studio_settings(studio_settings: Settings, slack: FakeSlack, request: pytest.FixtureRequest) -> Settings:
    """With accounts (a test marked `@local_mode`: without), the fake Slack, and no LLM."""
    local = getattr(request, "param", None) == "local"
    return (studio_settings if local else with_accounts(studio_settings)).model_copy(
        update={
            "slack_webhook_url": SecretStr(slack.webhook_url),
            "openai_api_key": None,
            "anthropic_api_key": None,
            "ollama_host": None,
        }
    )


alice = user_fixture("alice")
bob = user_fixture("bob")


def test_the_docs_are_split_into_sections_and_a_question_finds_the_one_it_is_about() -> None:
    sections = markdown_passages(
        "intro\n# Sharing\nshare a project\n```\n# not a heading\n```\n## Empty\n", "README", "R"
    )
    assert [(p.title, p.text) for p in sections] == [
        ("README", "intro"),
        ("README › Sharing", "share a project\n```\n# not a heading\n```"),
    ]
    library = HelpLibrary.for_studio(load_builtin_nodes())
    assert library.search(SHARING)[0].title == SHARING_SECTION
    assert library.search(SHARING)[0].where == "/docs#guide-working-together-sharing-and-comments"
    # what a designer asks is answered from the guide, in its words (not the operators' docs)
    assert library.search("how do I cancel a run")[0].title == "Running and cancelling"
    assert library.search("why is my photo sideways")[0].title == "Photos and uploads"
    assert library.search("my model says not configured")[0].title == "AI models and provider keys"
    assert library.search("remove the background of a photo")[0].title.endswith("Remove Background node")
    # only what the guide and the nodes do not cover is looked up in the operators' docs
    assert library.search("KARATE_DISPATCH queue")[0].where in {"README.md", "docs/workers.md", "docs/deploy.md"}
    assert library.search(NONSENSE) == []


def test_a_question_finds_its_section_first_and_no_weak_matches_after_it() -> None:
    library = HelpLibrary.for_studio(load_builtin_nodes())
    # how people ask ("what do I do") does not find "Undo and redo"
    assert library.search("my run failed, what do I do?")[0].title == "When a run fails"
    assert [p.title for p in library.search("how do I undo")] == ["Undo and redo"]
    assert library.search("what does a run cost")[0].title == "Credits and costs"
    assert library.search("how do I crop an image")[0].title == "Crop node"
    # one word in common is no answer: these wait for a person
    assert library.search("Can I get an invoice with my company's VAT number for the credits I buy?") == []
    assert library.search("purple monkey dishwasher banana?") == []


def test_an_excerpt_reads_as_plain_sentences() -> None:
    markdown = "The **studio** keeps\n`runs` in [its database](x.md).\n\n```sh\nkarate serve\n```\n- one\n- two\n  more"
    assert plain(markdown) == "The studio keeps runs in its database.\n\n- one\n- two more"


async def test_a_question_is_answered_from_the_docs_kept_audited_and_posted_to_the_team(
    alice: SignedInUser, bob: SignedInUser, slack: FakeSlack
) -> None:
    answer = await alice.client.post("/api/v1/agents/support", json={"ticket": f"  {SHARING}  "})
    assert answer.status_code == 201, answer.text
    ticket = answer.json()
    assert ticket["ticket"] == SHARING
    assert (ticket["status"], ticket["answered_by"], ticket["team_notified"]) == ("answered", "docs", True)
    assert ticket["sources"][0]["title"] == SHARING_SECTION
    assert ticket["sources"][0]["excerpt"] in ticket["answer"]

    [posted] = slack.wait_for(1)
    assert ticket["id"] in posted and "alice" in posted and SHARING in posted

    mine = (await alice.client.get("/api/v1/agents/support")).json()
    assert mine["total"] == 1 and mine["items"][0] == ticket
    theirs = (await bob.client.get("/api/v1/agents/support", params={"everyone": "true"})).json()
    assert theirs == {"items": [], "total": 0}  # not staff: only their own, even when asking for everyone's


async def test_a_question_the_docs_do_not_cover_waits_for_a_person(alice: SignedInUser) -> None:
    ticket = (await alice.client.post("/api/v1/agents/support", json={"ticket": NONSENSE})).json()
    assert (ticket["status"], ticket["answered_by"], ticket["sources"]) == ("open", None, [])
    assert "passed on to the studio's team" in ticket["answer"]  # accounts mode: admins read the tickets


async def test_the_user_guide_is_served_to_everyone_section_by_section(alice: SignedInUser) -> None:
    async with httpx.AsyncClient(base_url=str(alice.client.base_url)) as signed_out:
        answer = await signed_out.get("/api/v1/help/guide")
    assert answer.status_code == 200
    sections = answer.json()["sections"]
    assert [(s["id"], s["title"], s["text"]) for s in sections] == guide_sections()
    assert sections[0]["id"] == "guide-projects" and "New Project" in sections[0]["text"]


async def test_a_blank_question_is_refused_in_words(alice: SignedInUser) -> None:
    refused = await alice.client.post("/api/v1/agents/support", json={"ticket": "   "})
    assert refused.status_code == 422
    assert "ticket" in refused.json()["detail"].lower()
    assert (await alice.client.get("/api/v1/agents/support")).json()["total"] == 0


@local_mode
async def test_on_a_local_studio_a_question_the_docs_do_not_cover_says_so_and_waits_for_no_team(
    client: httpx.AsyncClient, slack: FakeSlack
) -> None:
    ticket = (await client.post("/api/v1/agents/support", json={"ticket": NONSENSE})).json()
    assert (ticket["status"], ticket["answered_by"], ticket["sources"]) == ("open", None, [])
    assert ticket["answer"].startswith("The studio's guide has no answer to this")
    assert "Try asking in other words" in ticket["answer"] and "the Docs page" in ticket["answer"]
    assert "passed on" not in ticket["answer"] and "team" not in ticket["answer"]  # the owner who asked is all there is
    assert ticket["team_notified"] is False and slack.texts == []  # Slack is set, but there is no team to tell


@local_mode
async def test_the_local_owner_reads_every_ticket_and_the_audit_log_names_the_agent_action(
    client: httpx.AsyncClient,
) -> None:
    ticket = (await client.post("/api/v1/agents/support", json={"ticket": SHARING})).json()
    everyone = (await client.get("/api/v1/agents/support", params={"everyone": "true"})).json()
    assert [item["id"] for item in everyone["items"]] == [ticket["id"]]
    audit = (await client.get("/api/v1/admin/audit")).json()["items"]
    assert audit[0]["action"] == "agent.support_ticket" and audit[0]["target"] == ticket["id"]
    assert audit[0]["data"]["sources"][0] == SHARING_SECTION and audit[0]["data"]["question"] == SHARING


@pytest.fixture
def openai() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()
    fake.start()
    yield fake
    fake.stop()


@local_mode
@pytest.mark.parametrize("llm_answers", [True, False])
async def test_with_an_llm_it_writes_the_answer_from_the_matching_sections_and_quotes_them_when_it_fails(
    studio_settings: Settings, openai: FakeOpenAI, llm_answers: bool
) -> None:
    settings = studio_settings.model_copy(
        update={"openai_api_key": SecretStr(TEST_KEY), "openai_base_url": openai.url + "/v1", "planner_model": ""}
    )
    if llm_answers:
        openai.script_chat(ChatTurn(text="Open the project, press Share and add your colleague as an editor."))
    else:
        openai.add_fault(
            "POST", "chat/completions", 500, {"error": {"message": "boom", "type": "server_error"}}, times=10
        )
    with LocalServer(create_app(settings), "the studio", lifespan="on") as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
            ticket = (await http.post("/api/v1/agents/support", json={"ticket": SHARING})).json()
    assert ticket["sources"][0]["title"] == SHARING_SECTION
    if llm_answers:
        assert ticket["answered_by"] == "llm"
        assert ticket["answer"] == "Open the project, press Share and add your colleague as an editor."
        [request] = openai.received("POST", "chat/completions")
        assert SHARING in request.body.decode() and "Working together" in request.body.decode()
    else:
        assert ticket["answered_by"] == "docs"
