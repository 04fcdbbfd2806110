"""What a new user typed into the AI dock of a studio with no provider keys, planned offline: a name for the saved
file ("save it as a poster") names Save Image's file rather than asking for a picture to be drawn, sizes said in
words ("1080 pixels wide", "half size") set a Resize, and a model that cannot run here is said to need its key."""

from __future__ import annotations

from typing import Any

import pytest

from karate.agents.context import PlanContext
from karate.agents.llm_prompt import INSTRUCTIONS
from karate.agents.offline import plan_offline
from karate.agents.patch import PlanOut, PlanRequest, PlanStatus
from karate.agents.validate import validate_plan
from karate.engine.graph import WorkflowDocument
from karate.engine.registry import load_builtin_nodes
from tests.agents.test_planner_cases import build_graph

NO_KEYS = PlanContext(load_builtin_nodes(), frozenset())
PHOTO = {"image-1": {"asset_id": "a-photo-of-a-beach"}}


def photo(chain: str = "input.image") -> WorkflowDocument:
    return build_graph([chain], PHOTO, NO_KEYS)


def plan(instruction: str, workflow: WorkflowDocument | None = None, selection: list[str] | None = None) -> PlanOut:
    request = PlanRequest(instruction=instruction, workflow=workflow, selection=selection or [])
    answer = plan_offline(request, NO_KEYS)
    assert validate_plan(answer, request, NO_KEYS) == []
    return answer


def added(answer: PlanOut, node_type: str) -> dict[str, Any]:
    nodes = [n for n in answer.add_nodes if n.type == node_type]
    assert len(nodes) == 1, answer.add_nodes
    return nodes[0].params


def chain_of(answer: PlanOut) -> list[tuple[str, str]]:
    types = {n.id: n.type for n in answer.add_nodes} | {"image-1": "input.image"}
    return [(types[e.source], types[e.target]) for e in answer.add_edges]


# --- a name for the saved file ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("workflow", "upload"), [(photo(), []), (None, ["input.image"])])
def test_save_it_as_a_poster_names_the_file_and_plans_no_model(
    workflow: WorkflowDocument | None, upload: list[str]
) -> None:
    answer = plan("make this photo black and white and save it as a poster", workflow, ["image-1"] if workflow else [])
    assert answer.status == PlanStatus.READY, answer
    assert sorted(n.type for n in answer.add_nodes) == sorted([*upload, "output.save", "tool.adjust"])
    assert added(answer, "tool.adjust")["saturation"] == -100
    assert added(answer, "output.save")["filename"] == "poster"
    assert chain_of(answer) == [("input.image", "tool.adjust"), ("tool.adjust", "output.save")]
    assert answer.summary.endswith("Adjust → Save Image")
    assert answer.not_understood == []
    assert not any("key" in a for a in answer.assumptions)  # nothing here needs a provider


@pytest.mark.parametrize(
    ("instruction", "filename", "file_format"),
    [
        ("save it as poster.jpg", "poster", "jpg"),
        ("export it as summer-sale.webp", "summer-sale", "webp"),
        ("save it as a poster in jpg", "poster", "jpg"),
        ('save my photo as "Summer Sale"', "Summer Sale", "png"),
        ("save it and name it holiday", "holiday", "png"),
        ("save it as a jpg", "", "jpg"),  # a format, no name
        ("save it as a copy", "", "png"),
    ],
)
def test_the_name_said_for_the_saved_file_is_save_images_filename(
    instruction: str, filename: str, file_format: str
) -> None:
    answer = plan(instruction, photo(), ["image-1"])
    save = added(answer, "output.save")
    assert (save["filename"], save["format"]) == (filename, file_format)
    assert [n.type for n in answer.add_nodes] == ["output.save"]
    assert "poster" not in answer.not_understood


def test_call_it_renames_the_save_on_the_canvas_and_not_the_upload() -> None:
    answer = plan("call it poster", photo("input.image -> tool.blur -> output.save"))
    assert not answer.add_nodes
    assert {c.id: c.params for c in answer.change_nodes} == {"save-1": {"filename": "poster"}}


def test_call_it_after_an_edit_of_the_photo_adds_a_save_with_that_name() -> None:
    answer = plan("make this photo black and white and call it poster", photo(), ["image-1"])
    assert [n.type for n in answer.add_nodes] == ["tool.adjust", "output.save"]
    assert added(answer, "output.save")["filename"] == "poster"
    assert answer.not_understood == []


@pytest.mark.parametrize("instruction", ["a logo for a bakery called Sunrise", "a logo for a bakery, call it Sunrise"])
def test_a_name_in_a_description_of_a_picture_to_make_stays_in_the_prompt(instruction: str) -> None:
    answer = plan(instruction)
    assert "Sunrise" in added(answer, "input.prompt")["text"]
    assert not any(n.type == "output.save" for n in answer.add_nodes)


# --- a model that cannot run here -------------------------------------------------------------------------------


def test_a_picture_to_draw_without_a_key_is_planned_and_said_not_to_run_until_one_is_set() -> None:
    answer = plan("make a poster of a cat")
    model = next(n for n in answer.add_nodes if n.type.startswith("model."))
    title = NO_KEYS.spec(model.type).title  # type: ignore[union-attr]
    note = next(a for a in answer.assumptions if a.startswith(title))
    assert "key, which this studio does not have yet: it will not run until then" in note
    assert "FAL_KEY" in note or "REPLICATE_API_TOKEN" in note


def test_the_llm_planner_is_told_the_same_rules() -> None:
    assert "runs here: no" in INSTRUCTIONS and "will not run until" in INSTRUCTIONS
    assert "filename" in INSTRUCTIONS and "save it as a poster" in INSTRUCTIONS


# --- resizing ---------------------------------------------------------------------------------------------------


def test_resize_to_a_width_then_save_as_jpg() -> None:
    answer = plan("resize this photo to 1080 pixels wide and save it as a jpg", photo(), ["image-1"])
    assert [n.type for n in answer.add_nodes] == ["tool.resize", "output.save"]
    assert {k: added(answer, "tool.resize")[k] for k in ("mode", "width")} == {"mode": "width", "width": 1080}
    assert added(answer, "output.save")["format"] == "jpg"
    assert chain_of(answer) == [("input.image", "tool.resize"), ("tool.resize", "output.save")]
    assert answer.not_understood == []
    assert "Resize sets the width to 1080 px; the height follows, keeping the proportions." in answer.assumptions


@pytest.mark.parametrize(
    ("instruction", "settings"),
    [
        ("shrink the photo to half size", {"mode": "scale", "percent": 50}),
        ("make the photo half the size", {"mode": "scale", "percent": 50}),
        ("scale the photo down to 50%", {"mode": "scale", "percent": 50}),
        ("downsize it to a quarter", {"mode": "scale", "percent": 25}),
        ("make my photo twice as big", {"mode": "scale", "percent": 200}),
        ("resize my photo to 720 pixels tall", {"mode": "height", "height": 720}),
        ("resize it to width 800", {"mode": "width", "width": 800}),
        ("resize it to 1200x900", {"mode": "fit", "width": 1200, "height": 900}),
        ("resize it to 1200 by 900", {"mode": "fit", "width": 1200, "height": 900}),
        ("stretch it to exactly 1200x900", {"mode": "exact", "width": 1200, "height": 900}),
        ("resize it to exactly 1200x900", {"mode": "exact", "width": 1200, "height": 900}),
        ("resize it to 1600 pixels", {"mode": "fit", "width": 1600, "height": 1600}),
    ],
)
def test_sizes_said_in_words_set_the_resize(instruction: str, settings: dict[str, Any]) -> None:
    for workflow, selection in ((photo(), ["image-1"]), (None, [])):
        if workflow is None and " it " in f" {instruction} ":
            continue  # "it" on an empty canvas names no picture
        answer = plan(instruction, workflow, selection)
        assert answer.status == PlanStatus.READY, answer
        resize = added(answer, "tool.resize")
        assert {k: resize[k] for k in settings} == settings
        assert ("input.image", "tool.resize") in chain_of(answer)
        assert answer.not_understood == []


def test_a_box_keeps_the_proportions_and_says_so() -> None:
    fit = plan("resize it to 1200x900", photo(), ["image-1"])
    assert any("inside 1200×900, keeping its proportions" in a for a in fit.assumptions)
    exact = plan("stretch it to 1200x900", photo(), ["image-1"])
    assert added(exact, "tool.resize")["mode"] == "exact"
    assert any("exactly 1200×900, stretching it" in a for a in exact.assumptions)


def test_smaller_with_no_size_adds_a_resize_at_its_default_and_says_so() -> None:
    answer = plan("make the photo smaller", photo(), ["image-1"])
    assert [n.type for n in answer.add_nodes] == ["tool.resize"]
    assert any("no size said" in a for a in answer.assumptions)


def test_a_size_said_of_a_resize_on_the_canvas_changes_it() -> None:
    answer = plan("make it 800 pixels wide", photo("input.image -> tool.resize"), ["resize-1"])
    assert not answer.add_nodes
    assert {c.id: c.params for c in answer.change_nodes} == {"resize-1": {"mode": "width", "width": 800}}


@pytest.mark.parametrize(
    ("instruction", "settings"),
    [
        ("make it 1200x800", {"mode": "fit", "width": 1200, "height": 800}),
        ("make it 1200 px wide", {"mode": "width", "width": 1200}),
    ],
)
def test_make_it_a_size_resizes_the_photo_or_one_to_upload(instruction: str, settings: dict[str, Any]) -> None:
    for workflow, selection in ((None, []), (photo(), ["image-1"])):
        answer = plan(instruction, workflow, selection)
        assert answer.status == PlanStatus.READY, answer
        resize = added(answer, "tool.resize")
        assert {k: resize[k] for k in settings} == settings
        assert chain_of(answer) == [("input.image", "tool.resize")]
        assert answer.not_understood == []
    assert plan(instruction).summary == "Image Upload → Resize"


@pytest.mark.parametrize(
    ("instruction", "chain", "settings"),
    [
        (
            "make it 1200x800 and save it as a jpg",
            [("input.image", "tool.resize"), ("tool.resize", "output.save")],
            {"mode": "fit", "width": 1200, "height": 800},
        ),
        (
            "make it black and white, 1080 px wide, and save it as poster.jpg",
            [("input.image", "tool.adjust"), ("tool.adjust", "tool.resize"), ("tool.resize", "output.save")],
            {"mode": "width", "width": 1080},
        ),
    ],
)
def test_a_size_said_beside_other_steps_is_a_resize_in_its_place(
    instruction: str, chain: list[tuple[str, str]], settings: dict[str, Any]
) -> None:
    for workflow, selection in ((None, []), (photo(), ["image-1"])):
        answer = plan(instruction, workflow, selection)
        assert answer.status == PlanStatus.READY, answer
        resize = added(answer, "tool.resize")
        assert {k: resize[k] for k in settings} == settings
        assert chain_of(answer) == chain
        assert answer.not_understood == []  # before: the size was listed as not understood, and no Resize planned


def test_a_size_said_to_a_crop_stays_the_crops() -> None:
    answer = plan("crop it to 800x600 and save it", photo(), ["image-1"])
    assert sorted(n.type for n in answer.add_nodes) == ["output.save", "tool.crop"]


def test_a_plans_summary_shows_each_choice_as_the_nodes_menu_does() -> None:
    saved = plan("save it as a jpg called poster", photo(), ["image-1"])
    assert saved.summary == "Save Image after Image Upload: Format JPG, Filename poster"
    resized = plan("make it 1200x800", photo(), ["image-1"])
    assert resized.summary == "Resize after Image Upload: Mode Fit, Width 1200, Height 800"
    changed = plan("make it 800 pixels wide", photo("input.image -> tool.resize"), ["resize-1"])
    assert changed.summary == "Resize: Width 800, Mode Width"


def test_an_upscale_by_a_factor_stays_an_upscale() -> None:
    answer = plan("upscale my photo 4x")
    assert [n.type for n in answer.add_nodes] == ["input.image", "tool.upscale"]


# --- what was not understood ------------------------------------------------------------------------------------


def test_words_not_acted_on_are_listed_as_typed() -> None:
    answer = plan("invert my photo, widescreen")
    assert "widescreen" in answer.not_understood
    assert "landscape" not in answer.not_understood  # the shape "widescreen" was read as, never typed
