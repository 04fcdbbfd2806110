"""A design asked for "with a logo", "with a caption", "with a sketch" has them drawn in: they are words of its prompt,
not a picture to upload nor a step of their own. The person's own logo ("my logo", "our logo", "this logo", "the
attached logo") is a picture to upload; put on their photo, an edit model is given both."""

from __future__ import annotations

import pytest

from karate.agents.context import PlanContext
from karate.agents.offline import plan_offline
from karate.agents.offline.lexicon import TYPOGRAPHY_NODES
from karate.agents.patch import PlanOut, PlanRequest, PlanStatus
from karate.agents.validate import validate_plan
from karate.engine.graph import WorkflowDocument
from karate.engine.registry import load_builtin_nodes
from tests.agents.test_planner_cases import build_graph

CONTEXT = PlanContext(load_builtin_nodes(), frozenset({"fal", "replicate"}))
EDITORS = ("model.nano_banana", "model.seedream_v4_edit", "model.gpt_image_1")  # they take several pictures


def plan(instruction: str, workflow: WorkflowDocument | None = None) -> PlanOut:
    request = PlanRequest(instruction=instruction, workflow=workflow)
    answer = plan_offline(request, CONTEXT)
    assert validate_plan(answer, request, CONTEXT) == []
    assert answer.status == PlanStatus.READY and answer.not_understood == [], answer
    return answer


def added(answer: PlanOut, prefix: str) -> list[str]:
    return [node.type for node in answer.add_nodes if node.type.startswith(prefix)]


def prompt_of(answer: PlanOut) -> str:
    return next(str(node.params["text"]) for node in answer.add_nodes if node.type == "input.prompt")


def fed_into(answer: PlanOut, node_type: str, port: str) -> list[str]:
    """The ids of the nodes wired into `port` of the added node of `node_type`."""
    target = next(node.id for node in answer.add_nodes if node.type == node_type)
    return sorted(e.source for e in answer.add_edges if e.target == target and e.targetHandle == port)


@pytest.mark.parametrize(
    ("instruction", "prompt"),
    [
        ("a poster of a cat with a logo", "a poster of a cat with a logo"),
        ("make a poster with a logo", "a poster with a logo"),
        ("a cat with a logo", "a cat with a logo"),
        ("a poster of a cat with a logo on it", "a poster of a cat with a logo on it"),
        ("a banner with a small logo in the corner", "a banner with a small logo in the corner"),
        ('a poster of a cat with a caption "Sale"', 'a poster of a cat with a caption "Sale"'),
        ('a poster with a caption that says "Sale"', 'a poster with a caption that says "Sale"'),
        ("a poster of a cat with a border", "a poster of a cat with a border"),
        ("a poster of a cat with a dog", "a poster of a cat with a dog"),
        ("a poster of a cat with text", "a poster of a cat with text"),
        ("a poster of a cat with a drawing", "a poster of a cat with a drawing"),
        ("a flyer with a sketch", "a flyer with a sketch"),
    ],
)
def test_what_a_design_is_asked_with_is_drawn_from_its_prompt(instruction: str, prompt: str) -> None:
    answer = plan(instruction)
    assert added(answer, "input.") == ["input.prompt"]  # no upload: the person gave no logo
    models = added(answer, "model.")
    assert len(models) == 1 and models[0] in TYPOGRAPHY_NODES  # a model strong at lettering and layout
    assert added(answer, "tool.") == []  # a caption on a poster is lettering, not a description of it
    assert prompt_of(answer) == prompt


@pytest.mark.parametrize(
    ("instruction", "prompt"),
    [
        ("a poster with our logo", "a poster with this logo"),
        ("a poster with the attached logo", "a poster with this logo"),
        ("a poster of a cat with my logo", "a poster of a cat with this logo"),
        ("make a flyer with this logo", "make a flyer with this logo"),
    ],
)
def test_a_design_with_their_own_logo_is_made_from_its_upload(instruction: str, prompt: str) -> None:
    answer = plan(instruction)
    assert added(answer, "input.") == ["input.image", "input.prompt"]
    (editor,) = added(answer, "model.")
    assert editor in EDITORS
    assert fed_into(answer, editor, "images") == ["image-1"]
    assert prompt_of(answer) == prompt


@pytest.mark.parametrize(
    ("instruction", "prompt"),
    [
        ("put my logo on this photo", "put the logo on the photo"),
        ("add my logo to my photo", "add the logo to the photo"),
        ("place our logo in the corner of this image", "place the logo in the corner of the image"),
    ],
)
def test_their_logo_put_on_their_photo_uploads_both_into_one_edit(instruction: str, prompt: str) -> None:
    answer = plan(instruction)
    assert added(answer, "input.") == ["input.image", "input.image", "input.prompt"]
    (editor,) = added(answer, "model.")
    assert fed_into(answer, editor, "images") == ["image-1", "image-2"]
    assert prompt_of(answer) == prompt  # which picture goes where, for the model that sees both
    assert not any("text onto the photo" in note for note in answer.assumptions)  # no lettering was asked for


@pytest.mark.parametrize(
    ("instruction", "prompt"),
    [("put my logo on this photo", "put the logo on this photo"), ("add our logo to it", "add the logo to it")],
)
def test_their_logo_goes_on_the_photo_already_on_the_canvas(instruction: str, prompt: str) -> None:
    canvas = build_graph(["input.image"], {}, CONTEXT)
    answer = plan(instruction, canvas)
    assert added(answer, "input.") == ["input.image", "input.prompt"]  # the logo's upload; the photo is there
    (editor,) = added(answer, "model.")
    assert fed_into(answer, editor, "images") == ["image-1", "image-2"]
    assert prompt_of(answer) == prompt


def test_a_caption_for_their_photo_is_still_a_description_of_it() -> None:
    answer = plan("my photo with a caption")
    assert [node.type for node in answer.add_nodes] == ["input.image", "tool.describe"]


def test_a_video_with_a_photo_still_starts_from_their_photo() -> None:
    answer = plan("make a video with a photo")
    assert added(answer, "input.") == ["input.image"]
    (model,) = added(answer, "model.")
    assert fed_into(answer, model, "image") == ["image-1"]


def notes_of(answer: PlanOut) -> str:
    return " | ".join(answer.assumptions)


@pytest.mark.parametrize(
    ("instruction", "said"),
    [
        ("a poster with our logo", "Made the poster from your logo with "),
        ("a poster with my logo", "Made the poster from your logo with "),
        ("a poster with the logo", "Made the poster from your logo with "),
        ("a poster with the attached logo", "Made the poster from your logo with "),
        ("a flyer with our company logo", "Made the flyer from your logo with "),
        ("put our logo on a poster", "Made the poster from your logo with "),
        ("upload my logo, then make a poster from it", "Made the poster from your logo with "),
        ("a poster from my photo", "Made the poster from your photo with "),
        ("a logo from my photo", "Made the logo from your photo with "),
        ("a poster with a logo from my photo", "Made the poster from your photo with "),
        ("make a poster from my photo and our logo", "Made the poster from your photo and logo with "),
    ],
)
def test_a_design_made_from_their_upload_says_which_upload_by_their_word(instruction: str, said: str) -> None:
    """The note names the picture the edit starts from as the person called it: a logo is never "your photo"."""
    answer = plan(instruction)
    assert added(answer, "input.")[0] == "input.image"  # their picture, to upload
    notes = notes_of(answer)
    assert said in notes and "text on it is not something I can do yet" in notes
    if "photo" not in instruction:
        assert "photo" not in notes


def test_a_poster_from_the_upload_on_the_canvas_names_it_as_the_canvas_does() -> None:
    canvas = build_graph(["input.image"], {}, CONTEXT)
    notes = notes_of(plan("make a poster", canvas))
    assert "Made the poster from the picture in Image Upload with " in notes and "your photo" not in notes


@pytest.mark.parametrize("instruction", ["a poster with a logo", "a poster of a cat with a gold logo on it"])
def test_a_drawn_logo_is_said_to_be_drawn_and_how_to_use_theirs(instruction: str) -> None:
    notes = notes_of(plan(instruction))
    assert 'draws a logo of its own; to use yours, say "with my logo" and upload it' in notes
    assert "from your" not in notes


@pytest.mark.parametrize("instruction", ["a logo", "a poster of a cat", "a poster with our logo"])
def test_no_drawn_logo_note_where_no_logo_is_drawn_in_a_design(instruction: str) -> None:
    assert "draws a logo of its own" not in notes_of(plan(instruction))
