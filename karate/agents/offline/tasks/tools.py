"""Tasks the studio's own picture tools do (a model where no tool does it well): depth, upscale, masks, channels,
blur, invert, crop, resize, colour adjustments, and saving."""

from __future__ import annotations

from karate.agents.offline.tasks.task import IMAGE, VIDEO, Task, t
from karate.engine.types import PortType

# "adjust the blur radius", "adjust the seed": the verb of another node's setting, not the Adjust tool
NOT_OF_A_SETTING = (
    r"(?!(?:\s+(?:the|its|my|this|that))?(?:\s+[a-z]+)?\s+(?:radius|seed|scale|strength|duration|length|size|"
    r"resolution|aspect|ratio|steps|quality|format|settings?|values?|amount)\b)"
)

TOOL_TASKS: tuple[Task, ...] = (
    Task(
        "depth",
        "make a depth map",
        t(r"\bz?-?depth(?: map)?\b", r"\bdistance map\b"),
        (IMAGE,),
        IMAGE,
        ("tool.depth", "model.depth_anything"),
    ),
    Task(
        "upscale",
        "upscale",
        t(
            r"\bup-?scal\w*",
            r"\bupsacl\w*",
            r"\benlarg\w*",
            r"\b(?:bigger|larger)\b",
            r"\b(?:increase|raise|boost)\w* (?:the )?resolution\b",
            r"\b(?:higher|high|hi|super)[- ]?res(?:olution)?\b",
            r"\benhance\w*",
        ),
        (IMAGE, VIDEO),
        None,
        (
            "tool.upscale",
            "model.real_esrgan",
            "model.clarity_upscaler",
            "model.bria_upscale",
            "model.real_esrgan_video",
            "model.topaz_video_upscaler",
        ),
    ),
    Task(
        "mask",
        "make a mask",
        t(r"\bmask\w*", r"\bmatte\b"),
        (IMAGE,),
        PortType.MASK,
        ("tool.mask_extractor",),
    ),
    Task(
        "chroma_key",
        "make a colour key mask",
        t(r"\b(?:green ?screen|chroma[- ]?key\w*|colou?r[- ]?key\w*)\b", mode="color_key"),
        (IMAGE,),
        PortType.MASK,
        ("tool.mask_extractor",),
    ),
    Task(
        "channels",
        "split the channels",
        t(
            r"\b(?:colou?r|rgb|rgba|alpha|red|green|blue) channels?\b",
            r"\b(?:split|separate|extract)\w* (?:the |its |into )?(?:colou?r |rgb |rgba )?channels?\b",
        ),
        (IMAGE,),
        IMAGE,
        ("tool.channels",),
    ),
    Task(
        "blur", "blur", t(r"\bblur\w*", r"\bsoften\w*", r"\bdefocus\w*", r"\bbokeh\b"), (IMAGE,), IMAGE, ("tool.blur",)
    ),
    Task(
        "invert",
        "invert",
        t(r"\binver(?:t|ts|ted|ting|se)\b(?: (?:the |its |all )?colou?rs?)?", r"\bnegative\b"),
        (IMAGE,),
        IMAGE,
        ("tool.invert",),
    ),
    Task("crop", "crop", t(r"\bcrop\w*", r"\btrim\w*"), (IMAGE,), IMAGE, ("tool.crop",)),
    Task(
        "resize",
        "resize",
        (
            *t(
                r"\bre-?siz\w*",
                r"\bdown-?(?:siz|scal)\w*",
                r"\bshr[iu]nk\w*",
                # "make it smaller", "the photo smaller": the picture itself ("make the text smaller" edits it)
                r"(?:(?<=\bit )|(?<=\bthem )|(?<=\bthis )|(?<=\bthat )|(?<=\bmake )|(?<=\bphoto )|(?<=\bimage )|"
                r"(?<=\bpicture )|(?<=\bpic )|(?<=\bresult )|(?<=\boutput )|(?<=\bfile ))smaller\b",
                r"\bsmaller(?= (?:version|size|copy|image|photo|picture|file|resolution)\b)",
                r"\bscal(?:e|es|ed|ing)\b(?=(?: (?:it|them|this|that|the \w+|my \w+))? (?:down|to|by)\b)",
                r"\b(?:reduce|lower|decrease|change)\w* (?:the |its )?(?:size|dimensions|pixel size)\b",
            ),
            *t(r"\bstretch\w*(?=(?: (?:it|them|this|that|the \w+|my \w+))? to\b)", mode="exact"),
        ),
        (IMAGE,),
        IMAGE,
        ("tool.resize",),
    ),
    Task(
        "adjust",
        "adjust the colours",
        (
            *t(r"\b(?:black and white|b ?& ?w|gr[ae]y ?scale\w*|monochrome|desaturat\w*)\b", saturation=-100),
            *t(r"\b(?:brighter|brighten\w*|lighter|lighten\w*)\b", brightness=20),
            *t(r"\b(?:darker|darken\w*)\b", brightness=-20),
            *t(r"\b(?:more|increase|boost|add|raise)\w*(?: the| some)? contrast\b", contrast=25),
            *t(r"\b(?:less|lower|reduce|decrease)\w*(?: the)? contrast\b", contrast=-25),
            *t(
                r"\b(?:saturate\w*|more (?:saturated|colou?rful|vibrant|vivid)|boost (?:the )?colou?rs?)\b",
                saturation=30,
            ),
            *t(
                rf"\badjust\w*\b{NOT_OF_A_SETTING}",
                r"\b(?:colou?r ?correct\w*|exposure|contrast|saturation|brightness|gamma)\b",
            ),
        ),
        (IMAGE,),
        IMAGE,
        ("tool.adjust",),
    ),
    Task(
        "save",
        "save",
        t(
            r"\bsav(?:e|es|ed|ing)\b",
            r"\bexport\w*",
            r"\bdownload\w*",
            r"\bstore\b",
            r"\bwrite (?:it )?(?:out|to disk)\b",
        ),
        (IMAGE,),
        IMAGE,
        ("output.save",),
    ),
)
