"""Z-Depth and Image Describer: honest NotConfigured errors that name what to set, never a fake result."""

from __future__ import annotations

import numpy as np
import pytest

from karate.engine import RunStatus
from karate.nodes.tools.model_tools import DEPTH_PROVIDER_KEYS, DESCRIBE_PROVIDER_KEYS
from tests.engine.tools.support import failure_of
from tests.helpers import run_tool

IMAGE = np.full((8, 8, 3), 128, np.uint8)


@pytest.fixture
def no_provider_keys(monkeypatch):
    for name in set(DEPTH_PROVIDER_KEYS + DESCRIBE_PROVIDER_KEYS):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


async def test_depth_without_a_provider_says_which_keys_to_set(engine, store, no_provider_keys):
    result, outputs = await run_tool(engine, store, "tool.depth", image=IMAGE)
    assert result.status == RunStatus.FAILED and outputs == {}
    code, message = failure_of(result)
    assert code == "not_configured"
    assert "Z-Depth needs a depth model" in message and "REPLICATE_API_TOKEN or FAL_KEY" in message


async def test_describe_without_a_provider_lists_every_usable_key(engine, store, no_provider_keys):
    result, outputs = await run_tool(engine, store, "tool.describe", image=IMAGE, detail="detailed")
    code, message = failure_of(result)
    assert code == "not_configured" and outputs == {}
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OLLAMA_HOST"):
        assert name in message


async def test_a_set_key_is_acknowledged_but_no_result_is_invented(engine, store, no_provider_keys):
    no_provider_keys.setenv("FAL_KEY", "secret-value-never-shown")
    result, outputs = await run_tool(engine, store, "tool.depth", image=IMAGE)
    code, message = failure_of(result)
    assert code == "not_configured" and outputs == {}
    assert "FAL_KEY is set" in message and "no provider route" in message
    assert "secret-value-never-shown" not in message


async def test_a_blank_key_counts_as_not_set(engine, store, no_provider_keys):
    no_provider_keys.setenv("OPENAI_API_KEY", "   ")
    result, _ = await run_tool(engine, store, "tool.describe", image=IMAGE)
    assert "is set" not in failure_of(result)[1]
