"""The name a saved file gets, said in words: "save it as a poster", "export as poster.jpg", "call it summer-sale",
"save it, named holiday": a `filename` (and a `format` where an extension is typed) for Save Image, never words
for a picture to make."""

from __future__ import annotations

import re

from karate.agents.offline.intent import Intent
from karate.agents.offline.tasks import TASKS
from karate.agents.offline.text import Text, restore_quotes
from karate.engine.types import PortType

_SAVE_VERB = r"\b(?:sav(?:e|es|ed|ing)|export\w*|download\w*|store)\b"
_BEFORE_IT = rf"{_SAVE_VERB}(?:(?!\b(?:and|then)\b)[^,;.]){{0,40}}$"  # "save the result as …", in one clause
_STOP = (
    r"an?|the|my|our|this|and|then|in|as|at|with|for|to|on|into|using|via|please|pls|file|files|format|"
    r"separately|each|too|also|after|before|so|but|or|jpe?g|png|webp"
)
_WORD = rf"(?!(?:{_STOP})\b)[a-z0-9][\w\-]*"
_NAME = rf"(?:an? |the |my |our |this )?(?P<name>{_WORD}(?: {_WORD}){{0,3}})(?:\.(?P<ext>jpe?g|png|webp)\b)?"
# What a picture is saved as that is a kind of file or a copy, not a name: "as a pdf", "as a new copy"
_NOT_A_NAME = re.compile(
    r"(?:svg|pdf|gif|mp4|mov|glb|obj|fbx|stl|usdz|tiff?|bmp|heic|avif|psd|image|picture|photo|video|copy|"
    r"new|separate|individual|layers?|high|low|hi|full|original|is|it|them|well|such|usual|default|draft|"
    r"template|one|two|three|\d+x?)"
)


# Tasks whose words name a file well: "save it as a poster" is a poster's name, not a picture to draw
_NAMING = frozenset({"generate", "save"})


def find_file_names(text: Text, *, on_canvas: bool = False) -> None:
    """Claim the phrases that name the saved file as `param` spans: "as X" after a verb that saves, "named X" or
    "called X" after one, and "call it X" or "name it X" where the instruction saves or works on a picture there is
    (`on_canvas`, or the person's own: "blur my photo and call it soft"), not on one to make ("a logo, call it
    Sunrise": the brand's name, for the prompt)."""
    for match in list(text.find(rf"\bas {_NAME}", through=("quote",))):
        if re.search(_BEFORE_IT, text.low[: match.start()]):
            _claim(text, match)
    for match in list(
        text.find(rf"\b(?:named|called|filename|file name)(?: (?:it|the file))? ?:? {_NAME}", ("quote",))
    ):
        if re.search(_BEFORE_IT, text.low[: match.start()]):
            _claim(text, match)
    working = on_canvas or any(s.kind == "input" and s.value[0] == PortType.IMAGE for s in text.spans)
    if working or re.search(_SAVE_VERB, text.low):
        for match in list(text.find(rf"\b(?:call|name)(?: it| the (?:file|result|image)) ?:? {_NAME}", ("quote",))):
            _claim(text, match)


def _claim(text: Text, match: re.Match[str]) -> None:
    name = match.group("name")
    if match.group("ext") is None and all(re.fullmatch(_NOT_A_NAME, word) for word in name.split()):
        return  # "save it as a copy", "save as svg": no name said
    if any(re.search(t.pattern, name) for task in TASKS if task.key not in _NAMING for t in task.triggers):
        return  # "save it as black and white", "export it as a 3d model": what to do, not a name
    said = text.raw[match.start("name") : match.end("name")]
    filename = re.sub(r"[^\w\- .]", "", restore_quotes(said, text.quotes)).strip(" .")
    if not filename:
        return
    # a quoted name ('save it as "Summer Sale"') is the file's name, not words for a prompt
    text.spans = [s for s in text.spans if not (s.kind == "quote" and s.overlaps(match.start(), match.end("name")))]
    text.claim(match.start(), match.end("name"), "param", Intent("filename", filename, match.group(0)))
    extension = match.group("ext")
    if extension is not None:  # "poster.jpg": the name, and the format its extension says
        spoken = "jpg" if extension.startswith("jp") else extension
        text.claim(match.end("name"), match.end("ext"), "param", Intent("format", spoken, f".{extension}"))
