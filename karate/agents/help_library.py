"""The product documentation the support agent answers from, ranked against a question with BM25 (bm25s), words
reduced to their stems (PyStemmer: "sharing" finds "share"), in two tiers:

- for the people who use the studio: the user guide (guide.md beside this module, the Guide of the /docs page, one
  passage per section) and every node type's entry of /docs (its title and description);
- when nothing there matches, for the people who run it: the README's and docs/'s sections (found beside the
  package in a checkout, else in the working directory: /app in the Docker image).

A passage is one section: a heading and its text, never split mid-paragraph, at most `MAX_PASSAGE_CHARS` of it
kept for the answer. The index is built once per process, on the first question (about 20 ms here).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from karate.engine.registry import NodeRegistry

#: The folder that holds README.md and docs/ in a checkout.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: The user guide: one `# Heading` per section, plain paragraphs under it.
GUIDE = Path(__file__).with_name("guide.md")
MAX_PASSAGE_CHARS = 600
#: Headings that start a section: levels 1 to 4.
_SECTION_LEVELS = {"h1", "h2", "h3", "h4"}
_MARKDOWN = MarkdownIt("commonmark").enable("table")
#: Words of how people ask, left out with English's stop words: "what do I do" must not find "Undo and redo".
_QUESTION_WORDS = ("do", "does", "how", "can", "my", "what", "where", "why", "i", "want", "make", "get", "use")
#: A section's title counts this many times its text's words: the title says what the section is about.
_TITLE_WEIGHT = 3
#: Passages scoring under this share of the best one are left out: a weak third match misleads more than it helps.
_RELATIVE_FLOOR = 0.5
#: A guide section's score counts this many times for a question of how to do something or of something gone wrong
#: ("where are my files saved?", "my video won't play"): the guide answers those; a node's one-line description of
#: what it does (Save Image's, Video Upload's) only shares their words.
_GUIDE_WEIGHT = 1.5
#: Words that make a question one of how to, or of a problem.
_HOW_OR_PROBLEM = frozenset(
    ("how", "where", "why", "won't", "wont", "can't", "cant", "cannot", "doesn't", "isn't", "not", "no", "never")
    + ("fail", "fails", "failed", "error", "wrong", "broken", "missing", "lost", "stuck")
)
#: A passage must hold at least this share of the question's words (stems, stop words aside): one rare word in
#: common ("an invoice with my VAT number" and the Number node) is no answer, and the question waits for a person.
_COVERAGE = 0.5


@dataclass(frozen=True, slots=True)
class Passage:
    """A section of the docs: `title` (e.g. "README › Accounts"), its text, and where a person reads it whole:
    a path of the studio's web app (`/docs#tool.blur`) or a file of the project (`README.md`)."""

    title: str
    text: str
    where: str

    @property
    def in_guide(self) -> bool:
        return self.where.startswith("/docs#guide-")


def markdown_passages(text: str, document: str, where: str) -> list[Passage]:
    """The sections of a Markdown document: each heading with the text under it (up to the next heading of any
    level), titled "document › heading"; code blocks kept as they are. Sections with no text are left out."""
    lines = text.splitlines()
    tokens = _MARKDOWN.parse(text)
    headings = [
        (token.map, inline.content)
        for token, inline in zip(tokens, tokens[1:], strict=False)
        if token.type == "heading_open" and token.tag in _SECTION_LEVELS and token.map is not None
    ]
    starts = [(0, 0, document), *((start, end, _titled(document, title)) for (start, end), title in headings)]
    passages = []
    for index, (_, body_from, title) in enumerate(starts):
        body_to = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        body = "\n".join(lines[body_from:body_to]).strip()
        if body:
            passages.append(Passage(title, body, where))
    return passages


def _titled(document: str, heading: str) -> str:
    return f"{document} › {heading}" if document else heading


def project_passages(root: Path | None = None) -> list[Passage]:
    """README.md and docs/*.md of the project at `root`: by default the checkout the package is in, else the working
    directory (the Docker image's /app); none when neither has a README.md (an installed wheel alone)."""
    if root is None:
        root = next((folder for folder in (PROJECT_ROOT, Path.cwd()) if (folder / "README.md").is_file()), PROJECT_ROOT)
    files = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    found: list[Passage] = []
    for path in files:
        if path.is_file():
            name = "README" if path.name == "README.md" else f"docs/{path.name}"
            found += markdown_passages(path.read_text(encoding="utf-8"), name, path.relative_to(root).as_posix())
    return found


def guide_sections(path: Path = GUIDE) -> list[tuple[str, str, str]]:
    """The user guide as `(id, title, text)` sections, in order; `id` is the section's anchor on /docs
    (`guide-building-a-graph`)."""
    return [
        (_anchor(passage.title), passage.title, passage.text)
        for passage in markdown_passages(path.read_text(encoding="utf-8"), "", "")
        if passage.title
    ]


def guide_passages(path: Path = GUIDE) -> list[Passage]:
    return [Passage(title, text, f"/docs#{anchor}") for anchor, title, text in guide_sections(path)]


def _anchor(title: str) -> str:
    return "guide-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def node_passages(registry: NodeRegistry) -> list[Passage]:
    """One passage per node type, as the /docs page shows it, with its price for an AI model."""
    passages = []
    for cls in registry:
        text = cls.spec.description or cls.spec.title
        credits = cls.spec.extra.get("credits")
        if isinstance(credits, int) and credits > 0:
            text += f" A run of it costs {credits} credit{'' if credits == 1 else 's'} (on a studio with accounts)."
        passages.append(Passage(f"{cls.spec.title} node", text, f"/docs#{cls.spec.type}"))
    return passages


class HelpLibrary:
    """BM25 over the passages, titles weighed `_TITLE_WEIGHT` times. `search(question, k)`: up to the k best
    passages that share a word with the question (English stop words and `_QUESTION_WORDS` left out), best first,
    those under `_RELATIVE_FLOOR` of the best score or holding under `_COVERAGE` of the question's words left out;
    none when no passage shares a word. For a how-to or problem question the guide's sections weigh `_GUIDE_WEIGHT`
    times their score. `fallback`: a second library searched when this one has nothing (the
    operators' docs behind the users')."""

    def __init__(self, passages: Iterable[Passage], fallback: HelpLibrary | None = None) -> None:
        self.fallback = fallback
        import bm25s  # here, not at the top: a studio loads it with the first question (0.1 s), not at every start
        import Stemmer

        self.passages = list(passages)
        self._stopwords = frozenset([*bm25s.stopwords.STOPWORDS_EN, *_QUESTION_WORDS])
        self._stem = Stemmer.Stemmer("english").stemWord
        self._tokenizer = bm25s.tokenization.Tokenizer(stopwords=list(self._stopwords), stemmer=self._stem)
        documents = [f"{p.title}\n" * _TITLE_WEIGHT + p.text for p in self.passages]
        tokens = self._tokenizer.tokenize(documents, return_as="tuple")
        stem_of = {index: stem for stem, index in tokens.vocab.items()}
        self._terms_of = [{stem_of[index] for index in ids} for ids in tokens.ids]  # each passage's stems
        self._index = bm25s.BM25()
        self._index.index(tokens, show_progress=False)

    @classmethod
    def for_studio(cls, registry: NodeRegistry, root: Path | None = None) -> HelpLibrary:
        operators = project_passages(root)
        return cls([*guide_passages(), *node_passages(registry)], cls(operators) if operators else None)

    def search(self, question: str, k: int = 3) -> list[Passage]:
        found = self._search(question, k)
        if not found and self.fallback is not None:
            return self.fallback.search(question, k)
        return found

    def _search(self, question: str, k: int) -> list[Passage]:
        if not self.passages:
            return []
        ids = self._tokenizer.tokenize([question], update_vocab=False, return_as="ids", show_progress=False)
        if not any(ids):
            return []
        found, scores = self._index.retrieve(ids, k=len(self.passages), show_progress=False)
        guide_weight = _GUIDE_WEIGHT if _how_or_problem(question) else 1.0
        ranked = sorted(
            (
                (float(score) * (guide_weight if self.passages[int(i)].in_guide else 1.0), int(i))
                for i, score in zip(found[0], scores[0], strict=True)
            ),
            reverse=True,
        )[:k]
        floor = max(ranked[0][0] * _RELATIVE_FLOOR, 0.0) if ranked else 0.0
        asked = self._terms(question)
        return [
            self.passages[i]
            for score, i in ranked
            if score > 0 and score >= floor and len(asked & self._terms_of[i]) >= _COVERAGE * len(asked)
        ]

    def _terms(self, text: str) -> set[str]:
        """The stems of a question's words, stop words left out, as the index reads a passage (words the index has
        never seen included: they count against a passage's share of the question)."""
        return {self._stem(word) for word in self._tokenizer.splitter(text.lower()) if word not in self._stopwords}


def _how_or_problem(question: str) -> bool:
    """Whether `question` asks how to do something, or says something went wrong."""
    return not _HOW_OR_PROBLEM.isdisjoint(re.findall(r"[a-z]+(?:'[a-z]+)?", question.lower().replace("’", "'")))


def plain(markdown: str) -> str:
    """Markdown as a person reads it in a plain text box: code blocks and markup (emphasis, backticks, link targets)
    left out, each paragraph on one line (the source's line breaks joined), paragraphs apart, list items and table
    rows each on a line of their own (items as "- ")."""
    blocks: list[list[str]] = [[]]  # paragraphs, each a list of lines
    in_item = in_table = False
    for token in _MARKDOWN.parse(markdown):
        if token.type in ("bullet_list_open", "ordered_list_open", "table_open"):
            blocks.append([])
            in_table = token.type == "table_open"
        elif token.type in ("bullet_list_close", "ordered_list_close", "table_close"):
            blocks.append([])
            in_table = False
        elif token.type == "list_item_open":
            in_item = True
        elif token.type == "tr_open":
            blocks[-1].append("")
        elif token.type == "inline":
            words = _inline_text(token)
            if in_table:
                blocks[-1][-1] = f"{blocks[-1][-1]} · {words}" if blocks[-1][-1] else words
            elif in_item:
                blocks[-1].append(f"- {words}")
                in_item = False
            elif blocks[-1] and blocks[-1][-1].startswith("- "):  # a list item's second paragraph
                blocks[-1][-1] += f" {words}"
            else:
                blocks.append([words])
    return "\n\n".join("\n".join(block) for block in blocks if block)


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def excerpt(passage: Passage, limit: int = MAX_PASSAGE_CHARS) -> str:
    """The passage's text in plain words (`plain`), up to `limit` characters, cut at the end of a sentence where one
    is near."""
    text = plain(passage.text)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind(".\n"))
    return (cut[: end + 1] if end > limit // 2 else cut).rstrip() + " …"
