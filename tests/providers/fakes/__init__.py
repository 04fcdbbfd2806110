"""Fake provider servers for tests: each reproduces one provider's documented HTTP contract on loopback."""

from tests.providers.fakes.anthropic import FakeAnthropic
from tests.providers.fakes.base import TEST_KEY, FakeProvider
from tests.providers.fakes.fal import FakeFal
from tests.providers.fakes.google import FakeGoogle
from tests.providers.fakes.luma import FakeLuma
from tests.providers.fakes.ollama import FakeOllama
from tests.providers.fakes.openai import FakeOpenAI
from tests.providers.fakes.replicate import FakeReplicate
from tests.providers.fakes.runway import FakeRunway
from tests.providers.fakes.stability import FakeStability

FAKES: dict[str, type[FakeProvider]] = {
    cls.name: cls
    for cls in (
        FakeReplicate,
        FakeFal,
        FakeOpenAI,
        FakeStability,
        FakeGoogle,
        FakeRunway,
        FakeLuma,
        FakeAnthropic,
        FakeOllama,
    )
}

__all__ = ["FAKES", "TEST_KEY", "FakeProvider"]
