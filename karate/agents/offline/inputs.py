"""The person's own media in the words: "my photo", "upload a video", "the image at https://…", a bare "image" in
"image -> upscale"; and the words that say how a picture looks, not a tool to apply ("a black and white photo")."""

from __future__ import annotations

import re

from karate.agents.offline.lexicon import INPUT_NOUNS, INPUT_OWNERS
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
