"""The product documentation the support agent answers from: the README's and docs/'s sections (found beside the
package in a checkout, else in the working directory: /app in the Docker image) and every node type's entry of the
/docs page (its title and description), ranked against a question with BM25 (bm25s), words reduced to their stems
(PyStemmer: "sharing" finds "share").

A passage is one section: a heading and its text, never split mid-paragraph, at most `MAX_PASSAGE_CHARS` of it
kept for the answer. The index is built once per process, on the first question (about 20 ms here).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from karate.engine.registry import NodeRegistry

#: The folder that holds README.md and docs/ in a checkout.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
MAX_PASSAGE_CHARS = 600
_HEADING = re.compile(r"^(#{1,4})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*```")


@dataclass(frozen=True, slots=True)
class Passage:
    """A section of the docs: `title` (e.g. "README › Accounts"), its text, and where a person reads it whole:
    a path of the studio's web app (`/docs#tool.blur`) or a file of the project (`README.md`)."""

    title: str
    text: str
    where: str


def markdown_passages(text: str, document: str, where: str) -> list[Passage]:
    """The sections of a Markdown document: each heading with the text under it (up to the next heading of any
    level), titled "document › heading"; code blocks kept as they are. Sections with no text are left out."""
    passages: list[Passage] = []
    heading, in_code = document, False
    lines: list[str] = []

    def close() -> None:
        body = "\n".join(lines).strip()
        if body:
            passages.append(Passage(heading, body, where))

    for line in text.splitlines():
        if _FENCE.match(line):
            in_code = not in_code
        match = None if in_code else _HEADING.match(line)
        if match:
            close()
            heading, lines = f"{document} › {match.group(2)}", []
        else:
            lines.append(line)
    close()
    return passages


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


def node_passages(registry: NodeRegistry) -> list[Passage]:
    """One passage per node type, as the /docs page shows it."""
    return [
        Passage(f"{cls.spec.title} node", cls.spec.description or cls.spec.title, f"/docs#{cls.spec.type}")
        for cls in registry
    ]


class HelpLibrary:
    """BM25 over the passages. `search(question, k)`: the k best passages that share a word with the question
    (English stop words left out), best first; none when no passage does."""

    def __init__(self, passages: Iterable[Passage]) -> None:
        import bm25s  # here, not at the top: a studio loads it with the first question (0.1 s), not at every start
        import Stemmer

        self.passages = list(passages)
        self._tokenizer = bm25s.tokenization.Tokenizer(stopwords="en", stemmer=Stemmer.Stemmer("english").stemWord)
        tokens = self._tokenizer.tokenize([f"{p.title}\n{p.text}" for p in self.passages], return_as="tuple")
        self._index = bm25s.BM25()
        self._index.index(tokens, show_progress=False)

    @classmethod
    def for_studio(cls, registry: NodeRegistry, root: Path | None = None) -> HelpLibrary:
        return cls([*project_passages(root), *node_passages(registry)])

    def search(self, question: str, k: int = 3) -> list[Passage]:
        if not self.passages:
            return []
        ids = self._tokenizer.tokenize([question], update_vocab=False, return_as="ids", show_progress=False)
        if not any(ids):
            return []
        found, scores = self._index.retrieve(ids, k=min(k, len(self.passages)), show_progress=False)
        return [self.passages[int(i)] for i, score in zip(found[0], scores[0], strict=True) if score > 0]


def excerpt(passage: Passage, limit: int = MAX_PASSAGE_CHARS) -> str:
    """The passage's text up to `limit` characters, cut at the end of a sentence or line where one is near."""
    text = passage.text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("\n"))
    return (cut[: end + 1] if end > limit // 2 else cut).rstrip() + " …"
