"""The words of a clause that become a prompt: the recognised phrases taken out, generation verbs and generic
nouns trimmed ("generate an image of a cat" → "a cat"), or, for an edit by instruction, the clause itself."""

from __future__ import annotations

import re

from karate.agents.offline.lexicon import CLAUSE_FILLERS, INPUT_NOUNS, TYPOGRAPHY_WORDS
from karate.agents.offline.text import Text, content_words, restore_quotes


def lettering_words(words: str) -> list[str]:
    """The words of `words` that ask for a design with lettering ("poster", "logo", "a title")."""
    said = content_words(words)
    return [w for w in said if w in TYPOGRAPHY_WORDS or (w.endswith("s") and w[:-1] in TYPOGRAPHY_WORDS)]


def lettering_asked(prompts: list[str]) -> bool:
    """Whether an edit's prompts ask for a design with lettering ("make a poster from it"), the pictures they name
    aside ("put the logo on the photo": the logo is the person's, not one to draw)."""
    pictures = rf"\bthe (?:{'|'.join(INPUT_NOUNS.values())})s?\b"
    return bool(lettering_words(re.sub(pictures, " ", " ".join(prompts), flags=re.IGNORECASE)))


_GENERIC_NOUNS = (
    r"\b(?:an? |some |the )?(?:images?|imgs?|pictures?|pics?|videos?|clips?|movies?|films?|animations?|footage)"
    r"(?: (?:of|showing|with|where|in which))?\b"
)


_LEADING_VERBS = (
    r"^(?:(?:please|pls|plz|can you|could you|can u|could u|u|i want(?: to)?|i'd like(?: to)?|"
    r"i would like(?: to)?|i need|let's|"
    r"just|now|use|using|to|and|then|also|generate|create|make|draw|paint|render|imagine|design|illustrate|produce|"
    r"give me|show me|turn|convert|get|of|with|for|me|us|where|that|which|so that|a new one|new one|into|in|"
    r"whip up|come up with|knock up|cook up|mock up|put together|do|quickly|quick|some|on|about)\b\s*)+"
)


_TRAILING = r"(?:\s*\b(?:please|pls|plz|with|using|for|of|and|to|by|via|as|from|thanks)\b)+\s*$"


# Verbs whose object is the person's picture: when the picture's words leave the prompt, "it" takes their place
# ("turn my photo into a sketch" → "turn it into a sketch").
_OBJECT_VERBS = (
    r"\b(?:turn|make|convert|transform|change|edit|render|restyle|put|place|give|have|show|dress|paint|redraw|"
    r"reimagine|recolou?r|colou?ri[sz]e|stylize|stylise|style|fix|age|animate|from|of|on|in|to|into|onto|with)\s*$"
)


def subject_words(text: Text, start: int, end: int, *, keep: frozenset[str] | set[str]) -> str:
    """The clause's words for a prompt: recognised phrases removed except quotes and the generation words,
    which are trimmed ("generate an image of a cat" → "a cat"; "a watercolor painting of a lighthouse" stays)."""
    chars = list(text.raw[start:end])
    for span in text.spans:
        if span.end <= start or span.start >= end or span.kind in ("quote", "look", "part"):
            continue
        if span.kind == "task" and span.value[0].key in keep:
            continue
        for i in range(max(span.start, start), min(span.end, end)):
            chars[i - start] = " "
    return restore_quotes(_clean(re.sub(r"\s+", " ", "".join(chars)).strip()), text.quotes, marked=True)


def _clean(words: str) -> str:
    """Generation verbs and generic nouns trimmed from a prompt's words."""
    for pattern in (
        r"\b(?:text|image|photo|picture)[- ]to[- ](?:image|video|3d|svg)\b",
        _GENERIC_NOUNS,
        r"\b3-?d (?:model|mesh|object|asset|version)s?(?: of)?\b",
        r"\b(?:an? )?svg(?: file)?\b|\bvectori[sz]\w*\b",
        r"\b(?:short|quick|little|small|brief|new|nice|cool|simple|good|high quality|hd|4k|looping|seamless|"
        r"loopable|animated|transparent)\s+(?=of\b)",
        r"\bfrom (?:a |the )?(?:text|prompt|description)\b",
        r"\b(?:an?|the|some)\s+(?=(?:of|from|for|with|about|showing|in|on|at)\b)",
        r"\b(?:an?\s+)?(?:second|third|fourth|another|other)\s+(?=(?:an?|the|some)\b)",
        r"\b(?:of|for|with|about)\s+(?=(?:for|of|with|about|in|on|at)\b)",  # "a moodboard of [4 images] for"
        r"\b(?:an?|the|some)\s+(?=(?:where|which|that|whose|when|showing)\b)",  # "a [video] where"
    ):
        words = re.sub(r"\s+", " ", re.sub(pattern, " ", words, flags=re.IGNORECASE))
    words = words.strip(" ,.;:-")
    previous = None
    while previous != words:
        previous = words
        words = re.sub(_LEADING_VERBS, "", words, flags=re.IGNORECASE).strip(" ,.;:-")
        words = re.sub(_TRAILING, "", words, flags=re.IGNORECASE).strip(" ,.;:-")
        words = re.sub(rf"^{CLAUSE_FILLERS}\s*", "", words, flags=re.IGNORECASE).strip(" ,.;:-")
    return words


def edit_prompt(text: Text, start: int, end: int) -> str:
    """For an edit by instruction the clause itself is the prompt, less the model, media and parameters."""
    chars = list(text.raw[start:end])
    pictures = text.in_range(start, end, kinds=("input",))
    pointed = text.in_range(start, end, kinds=("ref",)) + list(re.finditer(r"\b(?:it|them)\b", text.low[start:end]))
    several = bool(pictures) and len(pictures) + len(pointed) > 1  # "put my logo on this photo": which goes where
    for span in sorted(text.spans, key=lambda s: s.start):
        if (
            span.kind in ("model", "input", "param", "value", "count", "unknown_model")
            and span.start < end
            and span.end > start
        ):
            lead = "".join(chars[: max(span.start, start) - start]).lower()
            for i in range(max(span.start, start), min(span.end, end)):
                chars[i - start] = " "
            if span in pictures and several:
                chars[span.start - start] = _the_picture(text.low[span.start : span.end])
            elif span.kind == "input" and span.end - span.start >= 2 and re.search(_OBJECT_VERBS, lead):
                chars[span.start - start : span.start - start + 2] = ["i", "t"]
    words = re.sub(r"\s+", " ", "".join(chars)).strip()
    words = re.sub(r"\s+(?:in|of|from|on|with)\s+(?=\s|$|to\b)", " ", f" {words} ").strip()
    words = re.sub(
        r"^(?:(?:please|pls|can you|could you|to|and|then|also|use|using)\s+)+", "", words, flags=re.IGNORECASE
    )
    words = re.sub(_TRAILING, "", words, flags=re.IGNORECASE).strip(" ,.;:-")
    return restore_quotes(words, text.quotes, marked=True)


def _the_picture(said: str) -> str:
    """One of several uploads a clause names, by its noun: "my logo" → "the logo", "with this photo" → "with the
    photo" (an edit model is given them all, and the prompt says which is which)."""
    nouns = re.findall(rf"\b(?:{'|'.join(INPUT_NOUNS.values())})s?\b", said)
    if not nouns:
        return "it"
    lead = re.match(r"(?:on|onto|with|to|into|from|of|and) ", said)
    return f"{lead.group(0) if lead else ''}the {nouns[-1]}"
