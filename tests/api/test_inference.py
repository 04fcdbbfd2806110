"""POST /api/v1/ai/infer with a model node type: the allow-list is the registry's model categories."""

from __future__ import annotations

from karate.engine.registry import NodeRegistry
from karate.engine.sdk import build_spec
from karate.sdk import Input, Node, Text
from karate.services.errors import InvalidRequest
from karate.services.inference import inference_document, model_ids


class Echo(Node):
    prompt: Text = Input()
    outputs = {"text": Text}

    def run(self, ctx: object) -> str:
        return str(self.prompt)


class Shout(Node):
    text: Text = Input()
    outputs = {"text": Text}

    def run(self, ctx: object) -> str:
        return str(self.text).upper()


# Registered by hand, not with @node: these types must not reach the global registry the server uses.
models = NodeRegistry()
for cls, type_id, category in ((Echo, "model.echo", "models/text"), (Shout, "tool.shout", "tools")):
    cls.spec = build_spec(cls, type_id, title=cls.__name__, category=category, version=1, description=None)
    models.register(cls)


def test_a_model_node_becomes_prompt_to_model() -> None:
    document = inference_document(models, "model.echo", "hello")
    assert [n["type"] for n in document["nodes"]] == ["input.prompt", "model.echo"]
    assert document["edges"][0]["targetHandle"] == "prompt"
    assert model_ids(models) == ["model.echo"]


def test_other_node_types_are_refused_with_the_valid_ids() -> None:
    for model in ("tool.shout", "nope"):
        try:
            inference_document(models, model, "hello")
        except InvalidRequest as error:
            assert "model.echo" in error.message
        else:
            raise AssertionError(f"{model} was accepted")
