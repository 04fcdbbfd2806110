"""The offline planner's hand-written words besides the tasks (tasks.py): input nouns, model aliases, words
that name no model, typo targets, numbers and filler words.

Everything else (model names, their families and versions, parameter names and choices) is read from the
catalog, so a new catalog entry is understood without a change here.
"""

from __future__ import annotations

from karate.engine.types import PortType

IMAGE, VIDEO, AUDIO = PortType.IMAGE, PortType.VIDEO, PortType.AUDIO


def _words(text: str) -> list[str]:
    return text.split()


# Images for these words are best made by a model strong at lettering and layout.
TYPOGRAPHY_WORDS = (
    "logo",
    "poster",
    "typography",
    "lettering",
    "says",
    "sign",
    "banner",
    "flyer",
    "headline",
    "wordmark",
    "text",
    "title",
    "font",
    "thumbnail",
)
TYPOGRAPHY_NODES = ("model.ideogram_v3", "model.recraft_v3")

# Media the person already has: "my photo", "this clip", "a picture", "an audio file".
INPUT_NOUNS: dict[PortType, str] = {
    IMAGE: r"(?:image|img|picture|pic|photo|foto|photograph|selfie|headshot|profile picture|pfp|drawing|sketch|"
    r"logo|portrait|"
    r"screenshot|snapshot|scan|product photo|product shot|artwork|render)",
    VIDEO: r"(?:video|clip|footage|movie|recording of me|film)",
    AUDIO: r"(?:audio(?: file| clip| track)?|voice(?: recording| clip| file| note| memo|over)?|recording|song|track|"
    r"mp3|wav|sound file|speech|narration|voiceover)",
}
INPUT_NODES = {IMAGE: "input.image", VIDEO: "input.video", AUDIO: "input.audio"}
# Owner words before an input noun: "my photo", "this clip", "from a picture", "upload an image".
INPUT_OWNERS = r"(?:my|our|this|that|these|your|the uploaded|an uploaded|uploaded|the attached|attached)"
INPUT_VERBS = r"(?:upload(?:ing|ed)?|load|take|use|import|open|start (?:with|from)|from|on|of|with|to|and)"

# Aliases people use for catalog models, mapped to words of the catalog titles.
MODEL_ALIASES: dict[str, str] = {
    r"dall[- ·]?e": "dalle",
    r"\bsdxl\b": "ipadapter sdxl",
    r"\bsd ?(?=3[. ]?5|35)": "stable diffusion ",
    r"\bsd\b": "stable diffusion",
    r"\bgemini(?: 2\.5)?(?: flash)?(?: image)?\b": "nano banana",
    r"\bnanobanana\b": "nano banana",
    r"\bhailuo\b": "minimax video",
    r"\bgpt[- ]?4o? image\b": "gpt image 1",
    r"\bgpt[- ]?image\b": "gpt image",
    r"\bomni ?human\b": "omnihuman",
    r"\bmmaudio\b": "video to audio",
    r"\brecraft svg\b": "recraft v3 svg",
    r"\bseedream\b": "seedream v4 edit",
    r"\bpulid\b": "id preservation flux",
    r"\bchatgpt\b": "gpt 4",
    r"\bgpt-?4o?\b": "gpt 4",
    r"\bclaude\b": "claude 3",
}

# Words people add to a model's name for a variant the catalog may not have ("flux schnell", "sdxl turbo"): read
# as part of the name, so that they never end up in the prompt.
MODEL_VARIANT_WORDS = frozenset(
    _words("schnell dev turbo lightning hyper xl mini max plus lite realism fast pro ultra hd standard latest new")
)

# Models people name that the catalog does not have.
UNKNOWN_MODELS = (
    "midjourney",
    "firefly",
    "leonardo",
    "pika",
    "stable video",
    "suno",
    "elevenlabs",
    "krea",
    "flux kontext",
    "kontext",
    "qwen image",
    "hidream",
)

# Title words that say what a model does rather than which one it is: not enough to name a model alone.
GENERIC_TITLE_WORDS = frozenset(
    _words(
        """
    image video upscale upscaler remove background fill content aware edit control to with from of the and
    ai model 3d text lora pro fast ultra v1 v2 v3 v4 replace align frame interpolation smoother vector svg
    video try on virtual avatar describer depth id preservation creative inpaint outpaint relight modify
    reframe consistency lipsync sync anything large medium gen base audio face real pose dev ray adapter
    vace canny redux dall image
"""
    )
)

# Words people misspell that the planner must still read ("upscal", "backgroud", "anmate"); model names are
# mended from the catalog's titles.
TYPO_WORDS = frozenset(
    _words(
        """
    upscale vectorize vectorise background remove generate describe caption animate invert blur picture
    photo image video variations variation seconds square portrait landscape brighter darker enlarge export
    crop illustration transparent resolution interpolate sharpen relight inpaint outpaint depth mask
    channels download upload create render
"""
    )
)

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "single": 1,
    "two": 2,
    "couple": 2,
    "pair": 2,
    "double": 2,
    "twice": 2,
    "three": 3,
    "few": 3,
    "triple": 3,
    "four": 4,
    "quadruple": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "sixty": 60,
}

# Words that carry no instruction of their own: never reported as not understood.
STOPWORDS = frozenset(
    _words(
        """
    a an the and or but then also after that this these those it its it's them they their there here my me
    mine our we us you your i i'd i'm im to of in on at by for from with into onto as is are be been being
    was were do does did can could would should will shall may might must please pls plz thanks thank ok
    okay just so some any all each every both either one ones which what who whom whose when where how why
    let lets let's want wanted like would'd need needs have has had get got give make made makes making put
    take use using used now first next finally last again too very really quite bit little lot more less
    most least out up down over under about via new another other same then, well hey hi hello node nodes
    step steps graph workflow result results output outputs version versions thing things something stuff
    way kind sort look looks looking nice good great cool beautiful awesome add insert put place adding
    inserting
    apply u ur compare comparison
    create build produce do
    second third fourth fifth i've ive i'll
    see show try
"""
    )
)

# Words that make a plain noun phrase a request for an image when no verb says so ("a fox, flux, 16:9").
CLAUSE_FILLERS = (
    r"\b(?:please|pls|plz|kindly|can you|could you|would you|i want(?: to)?|i'd like(?: to)?|i would like(?: to)?|"
    r"i need(?: to)?|let's|lets|for me|go ahead and|just|and then|then|after that|afterwards|finally|also|next|"
    r"to compare|side by side|for comparison|so (?:that )?i can (?:compare|choose|pick)|"
    r"(?:then )?(?:pick|choose|select) (?:the )?best(?: one)?|"
    r"and|first|now|ok|okay|thanks|thank you)\b"
)

# Common little words of the languages people most often write in instead of English: a request made of these
# (or of letters outside English's alphabet) is not one the offline planner can read.
OTHER_LANGUAGE_WORDS = frozenset(
    _words(
        """
    un une des les du au aux le la et est avec pour sur dans fais faire fait mon ma mes ton ta très peux
    el los las una por para con del haz hacer quiero mi imagen foto
    der die das ein eine einen und mit für ist mach mache bitte mein meine bild
    il di che per gli della fai voglio
    um uma os com não faça
    een het voor maak
    """
    )
)
