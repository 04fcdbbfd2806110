"""The offline planner's reading of words: numbers, counts, aspect ratios, durations, model aliases, typos, the
providers it prefers, where it puts nodes, and that no text at all makes it fail or answer an invalid patch."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from karate.agents.context import PlanContext
from karate.agents.offline import plan_offline
from karate.agents.offline.intent import Intent
from karate.agents.offline.landing import land
from karate.agents.offline.layout import WIDTH, node_height
from karate.agents.offline.models import find_models
from karate.agents.offline.params import find_params
from karate.agents.offline.text import number_value, prepare
from karate.agents.patch import CanvasPoint, PlanRequest
from karate.agents.validate import validate_plan
from karate.engine.context import NodeContext
from karate.engine.graph import WorkflowDocument
from karate.engine.ports import Image, Text
from karate.engine.registry import NodeRegistry, load_builtin_nodes, node
from karate.engine.sdk import Input, Node, Param
from tests.agents.test_planner_cases import build_graph

CONTEXT = PlanContext(load_builtin_nodes(), frozenset({"fal", "replicate"}))


def intents(words: str) -> list[Intent]:
    text = prepare(words, set())
    find_params(text)
    return [s.value for s in sorted(text.spans, key=lambda s: s.start) if s.kind in ("param", "count")]


def kinds(words: str) -> dict[str, object]:
    return {i.kind: i.value for i in intents(words)}


def spec(node_type: str):  # type: ignore[no-untyped-def]
    found = CONTEXT.spec(node_type)
    assert found is not None
    return found


def plan(instruction: str, configured: set[str] | None = None, **extra: object):  # type: ignore[no-untyped-def]
    context = CONTEXT if configured is None else PlanContext(CONTEXT.registry, frozenset(configured))
    request = PlanRequest(instruction=instruction, **extra)  # type: ignore[arg-type]
    answer = plan_offline(request, context)
    assert validate_plan(answer, request, context) == []
    return answer


@pytest.mark.parametrize(
    ("word", "value"), [("4", 4), ("four", 4), ("twelve", 12), ("1.5", 1.5), ("banana", None), ("", None)]
)
def test_numbers_in_words_and_digits(word: str, value: float | None) -> None:
    assert number_value(word) == value


@pytest.mark.parametrize(
    ("words", "count"),
    [("three variations of a logo", 3), ("2 square images of a fox", 2), ("a couple of posters", 2), ("five takes", 5)],
)
def test_counts_in_words(words: str, count: int) -> None:
    counts = [i.value for i in intents(words) if i.kind == "count" and i.value]
    assert counts == [count]


@pytest.mark.parametrize(
    "words", ["an 8 second clip", "upscale it 4x", "a 16:9 version", "seed 42", "make it 10 seconds long"]
)
def test_numbers_of_other_parameters_are_not_counts(words: str) -> None:
    assert not [i for i in intents(words) if i.kind == "count" and i.value]


@pytest.mark.parametrize(
    ("words", "ratio"),
    [
        ("make it 16:9", 16 / 9),
        ("in 9:16 please", 9 / 16),
        ("a 4 by 3 crop", 4 / 3),
        ("in portrait format", 9 / 16),
        ("landscape", 16 / 9),
        ("crop it to a square", 1.0),
        ("a vertical video", 9 / 16),
    ],
)
def test_aspect_ratios_in_words(words: str, ratio: float) -> None:
    assert kinds(words)["aspect"] == pytest.approx(ratio)


@pytest.mark.parametrize("words", ["a portrait of an old fisherman", "a portrait photo of a woman", "a 1:30 walk"])
def test_subject_words_are_not_aspect_ratios(words: str) -> None:
    assert "aspect" not in kinds(words)


@pytest.mark.parametrize(
    ("words", "kind", "value"),
    [
        ("upscale 4x", "scale", 4),
        ("upscale it by 4", "scale", 4),
        ("enlarge the photo by a factor of 3", "scale", 3),
        ("x2 please", "scale", 2),
        ("make it four times bigger", "scale", 4),
        ("double the size", "scale", 2),
        ("8 seconds", "duration", 8),
        ("a 10s clip", "duration", 10),
        ("five seconds long", "duration", 5),
        ("use seed 1234", "seed", 1234),
        ("save it as a jpeg", "format", "jpg"),
        ("export as WEBP", "format", "webp"),
        ("in 1080p", "resolution", "1080p"),
        ("a 1792x1024 image", "size", (1792, 1024)),
        ("blur radius of 12", "radius", 12),
    ],
)
def test_parameters_in_words(words: str, kind: str, value: object) -> None:
    assert kinds(words)[kind] == value


def test_a_ratio_lands_on_each_models_own_setting() -> None:
    wide = [Intent("aspect", 16 / 9, "16:9")]
    assert land(spec("model.dall_e_3").params_model, "DALL·E 3", wide).params == {"size": "1792x1024"}
    assert land(spec("model.sora_2").params_model, "Sora 2", wide).params == {"orientation": "landscape"}
    assert land(spec("model.flux_pro_1_1_ultra").params_model, "Flux", wide).params == {"aspect_ratio": "16:9"}
    assert land(spec("tool.crop").params_model, "Crop", wide).params == {"aspect": "16:9"}


def test_a_value_the_model_lacks_becomes_the_nearest_and_says_so() -> None:
    landing = land(spec("model.runway_gen_4").params_model, "Runway Gen-4", [Intent("duration", 8.0, "8 seconds")])
    assert landing.params == {"duration": 10}
    assert landing.notes == ["Runway Gen-4 has no 8 s length: used 10"]
    scale = land(spec("tool.upscale").params_model, "Upscale", [Intent("scale", 8, "8x")])
    assert scale.params == {"scale": 4}


def named(words: str) -> tuple[str, ...]:
    text = prepare(words, set())
    find_models(text, CONTEXT)
    found = [s.value.types for s in text.spans if s.kind == "model"]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("words", "first"),
    [
        ("with dalle", "model.dall_e_3"),
        ("using dall-e 3", "model.dall_e_3"),
        ("sd 3.5", "model.stable_diffusion_3_5"),
        ("sd3.5 please", "model.stable_diffusion_3_5"),
        ("stable diffusion", "model.stable_diffusion_3_5"),
        ("flux ultra", "model.flux_pro_1_1_ultra"),
        ("nano banana", "model.nano_banana"),
        ("gemini image", "model.nano_banana"),
        ("ideogram", "model.ideogram_v3"),
        ("ideogram v2", "model.ideogram_v2"),
        ("imagen 4 fast", "model.imagen_4_fast"),
        ("gpt image", "model.gpt_image_1"),
        ("real-esrgan", "model.real_esrgan"),
        ("hailuo", "model.minimax_video"),
        ("ideogramm", "model.ideogram_v3"),
    ],
)
def test_model_names_and_aliases(words: str, first: str) -> None:
    assert named(words)[0] == first


def test_veo_fast_names_a_fast_veo() -> None:
    assert named("veo fast")[0] in ("model.veo_3_fast", "model.veo_3_1_fast")


def test_a_family_name_picks_the_member_that_does_the_task() -> None:
    animated = plan("generate a cat astronaut with flux ultra then animate it with runway")
    assert [n.type for n in animated.add_nodes if n.type.startswith("model.")] == [
        "model.flux_pro_1_1_ultra",
        "model.runway_gen_4",
    ]
    still = plan("a lighthouse at night with runway")
    assert [n.type for n in still.add_nodes if n.type.startswith("model.")] == ["model.runway_gen_4_image"]


def test_misspelt_task_words_are_read() -> None:
    assert {n.type for n in plan("upscal my imgae 4x and sav it as jpg").add_nodes} >= {"tool.upscale", "output.save"}
    assert "model.bria_remove_background" in {n.type for n in plan("remove the backgorund of my photo").add_nodes}


def test_local_tools_and_configured_providers_come_first() -> None:
    assert [n.type for n in plan("upscale my photo 2x").add_nodes] == ["input.image", "tool.upscale"]
    keyless = plan("remove the background from my photo", configured=set())
    assert [n.type for n in keyless.add_nodes] == ["input.image", "tool.mask_extractor"]
    assert any("Bria Remove Background" in a and "key" in a for a in keyless.assumptions)
    stability = plan("remove the background from my photo", configured={"stability"})
    assert [n.type for n in stability.add_nodes] == ["input.image", "model.sd3_remove_background"]
    openai = plan("create an image of a tiny dragon in a teacup", configured={"openai"})
    assert "model.gpt_image_1" in {n.type for n in openai.add_nodes}


def test_a_named_model_without_a_key_is_still_used_and_said() -> None:
    answer = plan("generate a desert at night with flux ultra", configured={"openai"})
    assert "model.flux_pro_1_1_ultra" in {n.type for n in answer.add_nodes}
    assert any("needs a" in a and "key" in a for a in answer.assumptions)


def test_nodes_run_left_to_right_and_branches_stack() -> None:
    answer = plan("three variations of a logo with ideogram", origin=CanvasPoint(x=100, y=50))
    positions = {n.id: n.position for n in answer.add_nodes}
    assert positions["prompt-1"] == {"x": 100, "y": 50}
    rows = sorted(positions[f"ideogram_v3-{i}"]["y"] for i in (1, 2, 3))  # type: ignore[index]
    assert all(positions[f"ideogram_v3-{i}"]["x"] == 420 for i in (1, 2, 3))  # type: ignore[index]
    assert rows == [50, 470, 890]  # a model node with its preview is about 380 px tall


@pytest.mark.parametrize(
    ("instruction", "chain"),
    [
        ("three variations of a logo with ideogram", None),
        ("make a poster from my photo", None),
        ("generate a cat with flux and with ideogram then upscale it", None),
        ("talking head from my photo and a voice recording", None),
        ("add a blur and an invert", "input.image -> tool.upscale"),
        ("add an ideogram image", "input.prompt -> model.flux_pro_1_1_ultra -> tool.upscale"),
    ],
)
def test_laid_out_nodes_do_not_overlap(instruction: str, chain: str | None) -> None:
    """Added nodes, boxed at the size the editor draws them, overlap neither each other nor the graph's."""
    workflow = build_graph([chain], {}, CONTEXT) if chain else None
    answer = plan(instruction, workflow=workflow)
    assert answer.add_nodes
    boxes = [
        (n.id, n.position["x"], n.position["y"], node_height(n.type))  # type: ignore[index]
        for n in [*(workflow.nodes if workflow else []), *answer.add_nodes]
    ]
    for index, (a, ax, ay, ah) in enumerate(boxes):
        for b, bx, by, bh in boxes[index + 1 :]:
            if workflow is not None and {a, b} <= {n.id for n in workflow.nodes}:
                continue  # the test's own graph is drawn on a tight grid
            apart = abs(ax - bx) >= WIDTH or ay + ah <= by or by + bh <= ay
            assert apart, f"{a} at ({ax}, {ay}) overlaps {b} at ({bx}, {by})"


def test_quoted_text_is_the_prompt_verbatim() -> None:
    answer = plan('generate "A neon sign that says OPEN, rainy night" with ideogram v3')
    assert [n.params["text"] for n in answer.add_nodes if n.type == "input.prompt"] == [
        "A neon sign that says OPEN, rainy night"
    ]


def test_what_it_cannot_map_is_a_question_with_suggestions() -> None:
    for words in ("asdf qwerty", "make me a sandwich", "what's the weather like tomorrow"):
        answer = plan(words)
        assert answer.status == "question" and not answer.add_nodes
        assert answer.question and 1 <= len(answer.suggestions) <= 3


def test_nonsense_is_said_and_answered_with_example_requests() -> None:
    answer = plan("asdf qwerty")
    assert answer.status == "question"
    assert answer.question is not None and answer.question.startswith("I did not understand any of that")
    assert 2 <= len(answer.suggestions) <= 3
    assert not any("asdf" in s for s in answer.suggestions)  # never "generate an image of asdf qwerty"


def test_a_description_is_still_offered_as_a_picture_to_make() -> None:
    answer = plan("a fox in the snow", workflow=build_graph(["input.image"], {}, CONTEXT))
    assert "generate an image of fox snow" in answer.suggestions


def test_words_of_other_languages_are_kept_whole_and_english_is_asked_for() -> None:
    answer = plan("fais une image d'un château très élégant")
    assert answer.status == "question"
    assert {"château", "très", "élégant"} <= set(answer.not_understood)
    assert answer.question is not None and "reads English only" in answer.question
    mixed = plan("upscale mon image 4x s'il vous plaît")
    assert [n.type for n in mixed.add_nodes] == ["input.image", "tool.upscale"]
    assert "plaît" in mixed.not_understood
    assert any("English only" in a for a in mixed.assumptions)
    assert not any("English" in a for a in plan("upscale my image 4x").assumptions)


def test_a_missing_key_in_accounts_mode_sends_the_person_to_the_team_not_to_server_settings() -> None:
    context = PlanContext(CONTEXT.registry, frozenset({"openai"}), accounts=True)
    request = PlanRequest(instruction="generate a desert at night with flux ultra")
    notes = " | ".join(plan_offline(request, context).assumptions)
    assert "Flux Pro 1.1 Ultra can't run yet: this studio has no key for it; ask the studio's team" in notes
    assert "_KEY" not in notes and "_TOKEN" not in notes and "set " not in notes
    local = plan("generate a desert at night with flux ultra", configured={"openai"})
    assert any("where the studio runs" in a for a in local.assumptions)  # the person who runs it sets keys


def test_a_setting_out_of_range_is_clamped_with_the_allowed_range() -> None:
    result = land(spec("tool.blur").params_model, "Blur", [Intent("radius", 500.0, "radius 500")])
    assert result.params == {"radius": 200.0}
    assert result.notes == ["Blur's radius goes from 0 to 200, so I used 200 instead of 500"]
    assert land(spec("tool.blur").params_model, "Blur", [Intent("radius", 50.0, "radius 50")]).notes == []


def test_stronger_starts_from_the_value_the_node_has() -> None:
    graph = build_graph(["input.image -> tool.blur"], {"blur-1": {"radius": 30}}, CONTEXT)
    answer = plan("make it stronger", workflow=graph)
    assert [(c.id, c.params) for c in answer.change_nodes] == [("blur-1", {"radius": 60.0})]
    assert not answer.add_nodes and not answer.not_understood


def test_edits_on_an_empty_graph_still_plan() -> None:
    answer = plan("upscale it 4x", workflow=WorkflowDocument())
    assert [n.type for n in answer.add_nodes] == ["input.image", "tool.upscale"]


_WORDS = str.split(
    "generate blur invert upscale save jpg png 4x 16:9 square portrait my photo image video animate kling flux "
    "runway dalle remove the background then and , -> 3d model vectorize it three variations seed 42 8 seconds "
    "a cat astronaut in warm light describe crop depth map talking head my voice lip sync also make a version "
    '"quoted words" instead after before the upscale the prompt more cinematic asdf'
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14), st.booleans())
@example(["seconds", "upscale", "astronaut", "also", "photo"], True)  # "the photo" fed the last step's own output to it
def test_any_mix_of_words_answers_a_valid_patch(words: list[str], on_graph: bool) -> None:
    graph = None
    if on_graph:
        graph = WorkflowDocument.model_validate(
            {
                "nodes": [
                    {
                        "id": "prompt-1",
                        "type": "input.prompt",
                        "params": {"text": "a fox"},
                        "position": {"x": 0, "y": 0},
                    },
                    {"id": "upscale-1", "type": "tool.upscale", "params": {}, "position": {"x": 640, "y": 0}},
                    {"id": "flux_pro_1_1_ultra-1", "type": "model.flux_pro_1_1_ultra", "params": {}},
                ],
                "edges": [
                    {
                        "source": "prompt-1",
                        "sourceHandle": "text",
                        "target": "flux_pro_1_1_ultra-1",
                        "targetHandle": "prompt",
                    },
                    {
                        "source": "flux_pro_1_1_ultra-1",
                        "sourceHandle": "image",
                        "target": "upscale-1",
                        "targetHandle": "image",
                    },
                ],
            }
        )
    plan(" ".join(words), workflow=graph)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=200).filter(lambda s: s.strip()))
def test_any_text_answers_a_valid_patch(words: str) -> None:
    plan(words)


def test_a_new_catalog_model_is_read_from_its_title_and_a_count_lands_on_its_count_setting() -> None:
    registry = NodeRegistry()
    for cls in CONTEXT.registry:
        registry.register(cls)

    @node("model.zorblax", title="Zorblax Image 2", category="models/image", target=registry, model_category="image")
    class Zorblax(Node):
        prompt: Text = Input()
        num_images: int = Param(1, ge=1, le=4)
        outputs = {"image": Image}

        def run(self, ctx: NodeContext) -> None:
            return None

    context = PlanContext(registry, frozenset({"fal"}))
    request = PlanRequest(instruction="three variations of a logo with zorblax")
    answer = plan_offline(request, context)
    assert validate_plan(answer, request, context) == []
    assert [(n.type, n.params.get("num_images")) for n in answer.add_nodes if n.type == "model.zorblax"] == [
        ("model.zorblax", 3)
    ]
    assert any("num images to 3" in a for a in answer.assumptions)


def test_a_step_placed_next_to_one_the_graph_lacks_is_asked_about_not_built_backwards() -> None:
    graph = WorkflowDocument.model_validate(
        {"nodes": [{"id": "prompt-1", "type": "input.prompt", "params": {"text": "a cat"}}], "edges": []}
    )
    plan = plan_offline(PlanRequest(instruction="add a blur after the upscale", workflow=graph), CONTEXT)
    assert plan.status == "question"
    assert plan.question == "There is no upscale step in this graph yet. Where should the new step go?"
    assert plan.suggestions == ["add a blur at the end", "upscale it, then add a blur"]


def test_upload_my_photo_is_understood_and_provider_names_are_read_as_people_write_them() -> None:
    plan = plan_offline(
        PlanRequest(instruction="upload my photo, remove the background and save it as a jpg"),
        PlanContext(CONTEXT.registry, frozenset()),
    )
    assert plan.not_understood == []
    assert any("fal or Replicate key" in note for note in plan.assumptions), plan.assumptions


def test_a_change_to_the_value_a_node_has_is_no_change_and_the_summary_names_the_field() -> None:
    graph = WorkflowDocument.model_validate(
        {
            "nodes": [
                {"id": "prompt-1", "type": "input.prompt", "params": {"text": "a cat"}},
                {"id": "ultra-1", "type": "model.flux_pro_1_1_ultra", "params": {"aspect_ratio": "1:1"}},
                {"id": "runway-1", "type": "model.runway_gen_4", "params": {"aspect_ratio": "16:9"}},
            ],
            "edges": [
                {"source": "prompt-1", "sourceHandle": "text", "target": "ultra-1", "targetHandle": "prompt"},
                {"source": "ultra-1", "sourceHandle": "image", "target": "runway-1", "targetHandle": "image"},
            ],
        }
    )
    plan = plan_offline(PlanRequest(instruction="make it 16:9", workflow=graph), CONTEXT)
    assert [(c.id, c.params) for c in plan.change_nodes] == [("ultra-1", {"aspect_ratio": "16:9"})]
    assert plan.summary == "Flux Pro 1.1 Ultra: Aspect Ratio 16:9"


@pytest.mark.parametrize(("instruction", "radius"), [("blur it by 50", 50), ("set the blur radius to 4", 4)])
def test_a_value_the_node_already_has_is_said_plainly_not_asked_about(instruction: str, radius: int) -> None:
    graph = build_graph(["input.image -> tool.blur"], {"blur-1": {"radius": radius}}, CONTEXT)
    answer = plan(instruction, workflow=graph)
    assert answer.status == "ready" and answer.question is None and not answer.suggestions
    assert not answer.add_nodes and not answer.change_nodes and not answer.not_understood
    assert answer.summary == f"Blur's radius is already {radius}."


@pytest.mark.parametrize(
    "instruction",
    [
        "set the blur radius to 50",
        "change the blur radius to 50",
        "adjust the blur radius to 50",
        "blur my image and set the radius to 50",
    ],
)
def test_the_verb_of_a_setting_is_understood(instruction: str) -> None:
    answer = plan(instruction)
    assert [(n.type, n.params.get("radius")) for n in answer.add_nodes] == [("input.image", None), ("tool.blur", 50)]
    assert answer.not_understood == []


def test_adjust_still_adds_adjust_for_the_colours() -> None:
    assert "tool.adjust" in [n.type for n in plan("adjust the colours of my photo").add_nodes]


def test_english_words_of_a_request_in_another_language_are_not_listed_as_not_understood() -> None:
    answer = plan("mets un flou sur la photo")
    assert answer.question is not None and "reads English only" in answer.question
    assert "photo" not in answer.not_understood
    assert {"mets", "flou"} <= set(answer.not_understood)


def test_a_change_that_could_mean_either_of_two_nodes_asks_which_and_changes_none() -> None:
    graph = build_graph(["input.image -> tool.blur", "input.image -> tool.blur"], {}, CONTEXT)
    for instruction in ("make it stronger", "more blur", "make the blur stronger", "set the radius to 50"):
        answer = plan(instruction, workflow=graph)
        assert answer.status == "question" and not answer.change_nodes, instruction
        assert answer.question == (
            "Which one should change: “Blur (1)” or “Blur (2)”? Pick one, or select it on the canvas and ask again."
        )
        assert [(c.node_id, c.label) for c in answer.choices] == [("blur-1", "Blur (1)"), ("blur-2", "Blur (2)")]
    selected = plan("make it stronger", workflow=graph, selection=["blur-2"])
    assert [(c.id, c.params) for c in selected.change_nodes] == [("blur-2", {"radius": 8.0})]
    for instruction in ("make them stronger", "make all the blurs stronger", "blur them by 50"):
        assert sorted(c.id for c in plan(instruction, workflow=graph).change_nodes) == ["blur-1", "blur-2"]
    graph.nodes[1].title, graph.nodes[3].title = "Soft", "Heavy"
    named = plan("make it stronger", workflow=graph)
    assert (
        named.question
        == "Which one should change: “Soft” or “Heavy”? Pick one, or select it on the canvas and ask again."
    )
    assert [c.label for c in named.choices] == ["Soft", "Heavy"]
    assert [c.id for c in plan("make the soft stronger", workflow=graph).change_nodes] == ["blur-1"]


@pytest.mark.parametrize(
    "instruction", ["make a poster from my photo", "generate an image of a cat", "upscale my image 4x"]
)
def test_a_plan_ends_at_the_picture_it_makes_and_saves_only_when_asked(instruction: str) -> None:
    assert "output.save" not in [n.type for n in plan(instruction).add_nodes]
    assert "output.save" in [n.type for n in plan(f"{instruction} and save it as a png").add_nodes]
