"""What the Help page answers a new user's how-to and problem questions with: the guide's section that says what to
do, above a node's one-line description that only shares the question's words."""

from __future__ import annotations

import pytest

from karate.agents.help_library import HelpLibrary, Passage, excerpt
from karate.engine.registry import load_builtin_nodes


@pytest.fixture(scope="module")
def library() -> HelpLibrary:
    return HelpLibrary.for_studio(load_builtin_nodes())


def test_where_are_my_files_saved_is_answered_with_the_data_folder_and_download(library: HelpLibrary) -> None:
    for question in ("where are my files saved?", "Where is my result saved"):
        best = library.search(question)[0]
        assert best.title == "Where your files are saved", question
    answer = excerpt(library.search("where are my files saved?")[0])
    assert "data folder" in answer and "press Download" in answer


def test_a_video_that_will_not_play_is_answered_with_the_codec_message_and_what_to_do(library: HelpLibrary) -> None:
    for question in ("my mp4 video won't play", "my video won’t play in the browser", "the video doesn't play"):
        assert library.search(question)[0].title == "A video that won't play", question
    answer = excerpt(library.search("my mp4 video won't play")[0])
    assert "This video can't be played in the browser; download it to watch it" in answer
    assert "codec" in answer and "H.264" in answer


def test_a_question_about_what_a_node_does_still_finds_the_node(library: HelpLibrary) -> None:
    assert library.search("how do I crop an image")[0].title == "Crop node"
    assert library.search("remove the background of a photo")[0].title.endswith("Remove Background node")


def test_for_a_how_or_problem_question_the_guide_ranks_above_a_node_that_shares_its_words() -> None:
    node = Passage("Save Image node", "Save the image as a file: saved files of saved images.", "/docs#output.save")
    guide = Passage(
        "Your results", "Saved files are kept in the data folder; press Download to get a file.", "/docs#guide-x"
    )
    library = HelpLibrary([node, guide, Passage("Blur node", "Blur an image.", "/docs#tool.blur")])
    assert library.search("saved files")[0] is node  # neither how nor a problem: the words alone decide
    assert library.search("where are saved files?")[0] is guide
    assert library.search("my saved files won't open")[0] is guide
