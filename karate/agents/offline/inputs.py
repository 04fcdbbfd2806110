"""The person's own media in the words: "my photo", "upload a video", "the image at https://…", a bare "image" in
"image -> upscale"; the words that say how a picture looks, not a tool to apply ("a black and white photo"); and
what a picture to make has in it ("a poster with a logo"), which is not a file of theirs."""

from __future__ import annotations

import re

from karate.agents.offline.lexicon import INPUT_NOUNS, INPUT_OWNERS
from karate.agents.offline.prompt_words import lettering_words
from karate.agents.offline.step import GENERATIVE
from karate.agents.offline.text import Text
from karate.engine.types import PortType


def find_urls(text: Text) -> None:
    pattern = r"(?:(?:the |an? )?(?:image|picture|photo|pic)s? (?:at|from|on) )?(https?://[^\s,;]+)"
    for match in list(text.find(pattern)):
        url_start = match.start(1)
        url = text.raw[url_start : match.end(1)].rstrip(".)")
        text.claim(match.start(), match.end(), "input", (PortType.IMAGE, url, False))


def find_inputs(text: Text, *, strong: bool, empty: bool = False) -> None:
    for media, noun in INPUT_NOUNS.items():
        definite = rf"\b(?:the|this|that) {noun}s?\b(?! of)"
        if strong and empty:
            for match in list(text.find(definite)):
                text.claim(match.start(), match.end(), "input", (media, "", True))
        if strong:
            verbs = r"upload\w*|from|load|import|take|start with|use|on|with"
            verbs += "|to|and" if media == PortType.AUDIO else ""
            patterns = [
                rf"\b(?:have|got|took|here's|here is|attached) (?:a|an|this|some|the|my) (?:\w+ )?{noun}s?"
                r"(?: of (?:my |a |an |the |our )?[\w-]+(?: room| dog| cat| house| car| garden)?)?",
                rf"\b{INPUT_OWNERS} (?:own |(?!(?:a|an|the|and|or) )[\w-]+ ){{0,2}}{noun}s?\b",
                rf"\b(?:an?|the|this|that) {noun}s? of (?:my|our) [\w-]+",  # "upscale a photo of my cat"
                rf"\b(?:{verbs}) (?:an? |the |some |one )?(?:\w+ )?{noun}s?\b(?! of)",
            ]
        else:
            patterns = [rf"\b(?:the |an? |some )?{noun}s?\b(?! of)"]
        for pattern in patterns:
            for match in list(text.find(pattern)):
                if not strong and re.search(_RESULT_LEAD, text.low[: match.start()]):
                    continue  # "turn this photo into a pencil sketch": the sketch is what comes out
                if strong or _near_media_task(text, match.start(), match.end()):
                    text.claim(match.start(), match.end(), "input", (media, "", False))


# Words before a noun that make the thing the person's own or one already there: "with my logo", "with the attached
# logo", "with this logo" are files to upload; "with a logo", "with a gold logo" are drawn.
_THEIRS = r"(?:my|our|your|his|her|their|its|this|that|these|those|the|attached|uploaded|own)\b"
_ON_IT = r"(?: on (?:it|top))?(?: (?:that|which) (?:says|reads))?"  # "with a logo on it", "… that says "Sale""
DRAWN_LOGO = rf"\bwith (?:(?:a|an|some|one) )?(?!{_THEIRS})(?:[\w-]+ )?logos?\b{_ON_IT}"
_WRITTEN = rf"\bwith (?:a|an|the|some) (?:[\w-]+ )?captions?\b{_ON_IT}"
_PICTURED = rf"\bwith (?:a|an|some|one) (?!{_THEIRS})(?:[\w-]+ )?{INPUT_NOUNS[PortType.IMAGE]}s?\b(?! of)"
_THEIR_PICTURE = rf"\b{INPUT_OWNERS} (?:[\w-]+ )?{INPUT_NOUNS[PortType.IMAGE]}s?\b"


def find_parts(text: Text) -> None:
    """What the picture to make has in it, said with "with": a logo not the person's own ("a poster of a cat with a
    logo"), a caption ('a poster with a caption "Sale"', not a task that describes a picture), and in a design such
    as a poster a photo or a drawing ("a flyer with a sketch"). Words of its prompt, not pictures to upload; "with
    my logo" and "with this sketch" stay the person's files, "my photo with a caption" asks for its description."""
    for match in list(text.find(DRAWN_LOGO)):
        text.claim(match.start(), match.end(), "part")
    for match in list(text.find(_WRITTEN)):
        if re.search(_THEIR_PICTURE, _clause_before(text, match.start())) is None:
            text.claim(match.start(), match.end(), "part")
    for match in list(text.find(_PICTURED)):  # "a poster with a photo"; "a video with a photo" starts from theirs
        if lettering_words(_clause_before(text, match.start())):
            text.claim(match.start(), match.end(), "part")


def _clause_before(text: Text, at: int) -> str:
    """The words of the clause before `at` ("a flyer" in "a cat, then a flyer with a sketch")."""
    return re.split(r"[,;.!?:]|->|\bthen\b|\band\b", text.low[:at])[-1]


INPUT_VERB_WORDS = r"upload\w*|load\w*|import\w*|open|take|use|add|attach\w*|pick|choose|select"


LOOK_OF_PICTURE = (
    r"\b(?:black and white|black & white|b ?& ?w|monochrome|gr[ae]y ?scale|sepia|high[- ]contrast|blurry|blurred)"
    r"(?= (?:photo|picture|image|pic|photograph|film|movie|footage|scan|shot|portrait|selfie)s?\b)"
)


_RESULT_LEAD = r"\b(?:into|like|as if it were|as)\s+(?:an?\s+|the\s+|some\s+)?(?:[\w-]+\s+){0,2}$"


def bare_media(words: str) -> PortType | None:
    for media, noun in INPUT_NOUNS.items():
        if re.fullmatch(rf"(?:(?:an?|the|my|some|one) )?(?:[\w-]+ )?{noun}s?", words.strip().lower()):
            return media
    return None


def _near_media_task(text: Text, start: int, end: int) -> bool:
    """A bare "the image" is the person's own only beside a task that works on media ("blur the image")."""
    for span in text.spans:
        if span.kind != "task" or span.value[0].key in GENERATIVE or span.value[0].takes[0] == PortType.TEXT:
            continue
        if span.end >= start - 40 and span.start <= end + 40:
            gap = text.low[min(span.end, end) : max(span.start, start)]
            if not re.search(r",|;|\.|->|\bthen\b|\band\b", gap):
                return True
    return False
