"""The marketing agent's email (spec 8.2: inactivity of 7 days, an email with tips): a short plain-text message with
three tips from the user guide (guide.md), picked for what the person has used: their projects' node types."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

#: How many tips one email gives.
TIPS_PER_EMAIL = 3


@dataclass(frozen=True, slots=True)
class Use:
    """What a person has used, read from their projects: `workflows` they own (not in the trash), and the node types
    in them (e.g. "model.flux_schnell", "tool.blur", "input.image")."""

    workflows: int
    node_types: frozenset[str]

    @property
    def models(self) -> bool:
        return any(node_type.startswith("model.") for node_type in self.node_types)

    @property
    def uploads(self) -> bool:
        return bool(self.node_types & {"input.image", "input.video", "input.audio"})


@dataclass(frozen=True, slots=True)
class Tip:
    """One tip: its `title`, its `text` in one or two sentences, the `section` of guide.md it comes from, and
    `fits`: whether it is worth telling someone who used what `Use` says."""

    title: str
    text: str
    section: str
    fits: Callable[[Use], bool]


#: The tips, most useful first for someone they fit; an email gives the first TIPS_PER_EMAIL that fit.
TIPS: tuple[Tip, ...] = (
    Tip(
        "Start from a template",
        "On the dashboard, pick a template to begin with a graph that already works, then change it to fit.",
        "Projects",
        lambda use: use.workflows == 0,
    ),
    Tip(
        "Try an AI model",
        "Model nodes in the palette make and edit images, video, audio and 3D; each shows what it costs before it "
        "runs.",
        "AI models and provider keys",
        lambda use: use.workflows > 0 and not use.models,
    ),
    Tip(
        "Bring your own files",
        "Drop a photo, video or sound file on the canvas to make an upload node; photos are turned upright and where "
        "they were taken is removed before they are stored.",
        "Photos and uploads",
        lambda use: not use.uploads,
    ),
    Tip(
        "Describe it instead of building it",
        'Type what you want at the bottom of the editor, for example "blur my photo, invert it and save it as a jpg": '
        "the AI dock shows the nodes it would add, and Apply adds them as one step you can undo.",
        "The AI dock",
        lambda use: True,
    ),
    Tip(
        "Pay only for what changed",
        "The Run button shows what the next run will cost, and nodes whose inputs and settings have not changed come "
        "from the cache at no cost.",
        "Credits and costs",
        lambda use: use.models,
    ),
    Tip(
        "Save a version before you experiment",
        "Save version names the project as it is; the Versions panel shows what changed since and restores it in one "
        "step you can undo.",
        "Versions",
        lambda use: use.workflows > 0,
    ),
    Tip(
        "Work on it together",
        "Press Share in the top bar to add a colleague as viewer or editor: you see each other's changes and cursors "
        "as they happen, and press C to leave a comment.",
        "Working together, sharing and comments",
        lambda use: use.workflows > 0,
    ),
    Tip(
        "Run one node",
        "Right-click a node and choose Run this node to run it and only the nodes it needs.",
        "Running and cancelling",
        lambda use: use.workflows > 0,
    ),
    Tip(
        "Every shortcut on one page",
        "Press ? in the editor to see every keyboard shortcut, such as Ctrl+Enter to run and Ctrl+G to group nodes.",
        "Building a graph",
        lambda use: True,
    ),
)


@dataclass(frozen=True, slots=True)
class Email:
    subject: str
    body: str
    tips: tuple[str, ...]  # the titles of the tips it gives


def tips_for(use: Use) -> list[Tip]:
    """The tips one email gives someone who used what `use` says: the first TIPS_PER_EMAIL that fit."""
    return [tip for tip in TIPS if tip.fits(use)][:TIPS_PER_EMAIL]


def draft_email(name: str, use: Use, *, days_away: int, studio_url: str | None, unsubscribe_link: str) -> Email:
    """The email to someone (called `name`) who has not used the studio for `days_away` days: a greeting, three tips
    for what they used, where to read more, and how to stop these emails: `unsubscribe_link`, which stops them in one
    click without signing in, or the account page. `studio_url`: the studio's address (KARATE_PUBLIC_URL), linked
    when known."""
    tips = tips_for(use)
    studio = studio_url.rstrip("/") if studio_url else None
    where = f" at {studio}" if studio else ""
    lines = [
        f"Hello {name.strip() or 'there'},",
        "",
        f"It has been {days_away} days since you last used Karate AI – Design Studio{where}. "
        "Here are a few things that may help when you come back:",
        "",
    ]
    for number, tip in enumerate(tips, start=1):
        lines += [f"{number}. {tip.title}: {tip.text}", ""]
    guide = f"{studio}/docs" if studio else "the studio's Docs page"
    account = f"on your account page: {studio}/account" if studio else "on your account page"
    lines += [
        f"The user guide has more, under {_listed([tip.section for tip in tips])}: {guide}",
        "",
        "You get this email at most once each time you are away for a week. To get no more of them, open this link "
        f"(no need to sign in): {unsubscribe_link}",
        f"You can also turn them off, or on again, {account}",
    ]
    return Email("A few tips for your next project", "\n".join(lines) + "\n", tuple(tip.title for tip in tips))


def _listed(items: Collection[str]) -> str:
    """ "A", "A and B", "A, B and C", each in quotes."""
    quoted = [f'"{item}"' for item in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
