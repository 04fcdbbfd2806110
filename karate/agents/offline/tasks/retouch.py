"""Tasks a model does to a picture: its background, what is in it, its light, a garment tried on, a face kept,
variations, and edits said in words."""

from __future__ import annotations

from karate.agents.offline.tasks.task import IMAGE, NEEDS_INPUT, Task, Trigger, t
from karate.engine.types import PortType

RETOUCH_TASKS: tuple[Task, ...] = (
    Task(
        "remove_background",
        "remove the background",
        t(
            r"\b(?:remove|delete|erase|drop|get rid of|strip|take out|cut)\w* (?:the |its |their |a )?"
            r"(?:background|bg|backdrop)\b",
            r"\bbackground remov\w*",
            r"\bcut ?(?:it |the subject |the \w+ )?out\b",
            r"\bcutout\b",
            r"\bisolate\w* (?:the )?(?:subject|product|person|object)\b",
            r"\bno background\b",
            r"\btransparent (?:background|bg|cutout)\b",
            r"\btransparent\b",
        ),
        (IMAGE,),
        IMAGE,
        ("model.bria_remove_background", "model.sd3_remove_background", "tool.mask_extractor"),
    ),
    Task(
        "replace_background",
        "replace the background",
        t(
            r"\b(?:replace|change|swap|switch)\w* (?:the |its )?(?:background|bg|backdrop)\b",
            r"\bnew (?:background|backdrop)\b",
            # "put it on a beach"; "put it on a poster" makes a poster from it (an edit)
            r"\b(?:put|place)\w* (?:it|him|her|them|the \w+) (?:on|in|at|onto|into)\b"
            r"(?! (?:an?|the) (?:[\w-]+ )?(?:poster|banner|flyer|sign|thumbnail|logo|card|cover|sticker)s?\b)",
        ),
        (IMAGE,),
        IMAGE,
        ("model.bria_replace_background",),
        needs_prompt=True,
    ),
    Task(
        "try_on",
        "try the garment on",
        t(r"\btry[- ]?on\b", r"\bwear(?:ing)? (?:this|the|my|a) (?:shirt|dress|garment|outfit|jacket|clothes)\b"),
        (IMAGE,),
        IMAGE,
        ("model.kolors_virtual_try_on",),
        extras=(IMAGE,),
    ),
    Task(
        "inpaint",
        "inpaint",
        t(
            r"\binpaint\w*",
            r"\b(?:remove|erase|delete|get rid of)\w* (?:the |a |an |that |this |some )?"
            r"(?:object|person|people|man|woman|"
            r"text|watermark|logo|blemish\w*|wires?|car|sign|scratch\w*|spots?|stuff|thing)\b",
            r"\bretouch\w*",
            r"\bclean (?:it )?up\b",
        ),
        (IMAGE,),
        IMAGE,
        ("tool.inpaint", "model.inpaint", "model.sd3_content_aware_fill", "model.bria_content_aware_fill"),
        extras=(PortType.MASK, IMAGE),
        described=True,
    ),
    Task(
        "outpaint",
        "extend the picture",
        t(
            r"\boutpaint\w*",
            r"\buncrop\w*",
            r"\b(?:extend|expand|widen)\w*\b(?! (?:my |the |a |an )?(?:prompt|text|story|description|script))",
            r"\bzoom out\b",
        ),
        (IMAGE,),
        IMAGE,
        ("model.outpaint", "tool.outpaint"),
        described=True,
    ),
    Task(
        "relight",
        "relight",
        t(r"\brelight\w*", r"\b(?:change|new|fix)\w* (?:the )?light(?:ing)?\b", r"\blight(?:ing)? from\b"),
        (IMAGE,),
        IMAGE,
        ("tool.relight", "model.relight_2"),
        described=True,
    ),
    Task(
        "variations",
        "make variations of the picture",
        t(r"\bvariations? (?:of|on) (?:it|this|that|my|the)\b", r"\bremix\w*"),
        (IMAGE,),
        IMAGE,
        ("model.flux_dev_redux",),
    ),
    Task(
        "identity",
        "keep the face",
        t(
            r"\b(?:same|keep\w* (?:the|my|his|her|their)) (?:face|person|identity|character)\b",
            r"\bconsistent character\b",
            r"\bwith my face\b",
        ),
        (IMAGE,),
        IMAGE,
        ("model.flux_id_preservation", "model.ip_adapter_sdxl"),
        needs_prompt=True,
    ),
    Task(
        "edit",
        "edit the picture by instruction",
        (
            *t(
                r"\bedit\w*",
                r"\b(?:replace|swap)\w* (?:it|them|that) (?:with|for)\b",
                r"\bcolou?ri[sz]\w*",
                r"\b(?:turn|transform|convert)(?:s|ed|ing)?\b",
                r"\bmake (?:it|this|that) (?:look )?like\b",
                r"\b(?:change|replace|swap|turn)\w* the "
                r"(?!prompt|seed|size|format|aspect|duration|ratio|colou?rs?\b)\w+",
                r"\b(?:add|put|place)\w* (?:(?:a|an|some|the) )?[\w ]{1,40}? (?:to|in|on|into|onto) "
                r"(?:it|the|my|this|her|his)\b",
                r"\bmake (?:him|her|them|the \w+) (?:wear|look|hold)\w*",
            ),
            # "make my picture look like night": an edit only when the clause names the picture
            Trigger(r"\blook(?:s|ing)? (?:like|as if|as though)\b", {NEEDS_INPUT: True}),
        ),
        (IMAGE,),
        IMAGE,
        ("model.nano_banana", "model.seedream_v4_edit", "model.gpt_image_1", "model.reve_edit"),
        needs_prompt=True,
    ),
)
