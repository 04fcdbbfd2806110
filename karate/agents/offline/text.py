"""The instruction as text the planner reads: quoted parts set aside, aliases and typos mended, and the spans
(character ranges) that each recognised phrase covers, so that what is left over is known exactly."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from karate.agents.offline.lexicon import MODEL_ALIASES, NUMBER_WORDS, OTHER_LANGUAGE_WORDS, STOPWORDS

QUOTE_MARK = "qq"  # a quoted part is replaced by `qq0`, `qq1`... (a word no instruction uses)
_QUOTES = re.compile(r"\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|(?<![\w])'([^']{2,}?)'(?![\w])")
_WORD = re.compile(r"[^\W_][\w'\-]*")  # letters of any language ("château", "kötü"), digits


@dataclass
class Span:
    """A recognised phrase: `kind` (task, model, input, param, count, ref, pronoun, url, quote), its value."""

    start: int
    end: int
    kind: str
    value: Any = None

    def overlaps(self, start: int, end: int) -> bool:
        return start < self.end and self.start < end


@dataclass
class Text:
    """The instruction prepared for reading. `low` is `raw` lower-cased, same length; `quotes` holds the
    quoted parts verbatim; `spans` grows as phrases are recognised."""

    raw: str
    low: str
    quotes: list[str]
    spans: list[Span] = field(default_factory=list)

    def free(self, start: int, end: int, through: tuple[str, ...] = ()) -> bool:
        """No recognised phrase (other than of the kinds `through`) covers part of start..end."""
        return not any(span.overlaps(start, end) and span.kind not in through for span in self.spans)

    def claim(self, start: int, end: int, kind: str, value: Any = None, through: tuple[str, ...] = ()) -> Span | None:
        """Record a phrase unless another recognised phrase already covers part of it."""
        if start >= end or not self.free(start, end, through):
            return None
        span = Span(start, end, kind, value)
        self.spans.append(span)
        return span

    def find(self, pattern: str | re.Pattern[str], through: tuple[str, ...] = ()) -> Iterator[re.Match[str]]:
        """Matches over the lower-cased text that touch no recognised phrase (but those of the kinds `through`)."""
        regex = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern)
        for match in regex.finditer(self.low):
            if match.end() > match.start() and self.free(match.start(), match.end(), through):
                yield match

    def in_range(self, start: int, end: int, kinds: Iterable[str] | None = None) -> list[Span]:
        wanted = set(kinds) if kinds is not None else None
        return sorted(
            (s for s in self.spans if s.start >= start and s.end <= end and (wanted is None or s.kind in wanted)),
            key=lambda s: s.start,
        )

    def leftover(self, start: int, end: int) -> str:
        """The words of `raw[start:end]` that no recognised phrase covers, quoted parts restored."""
        chars = list(self.raw[start:end])
        for span in self.spans:
            for i in range(max(span.start, start), min(span.end, end)):
                chars[i - start] = " "
        return restore_quotes(re.sub(r"\s+", " ", "".join(chars)).strip(), self.quotes)


def restore_quotes(text: str, quotes: list[str], *, marked: bool = False) -> str:
    """The quoted parts put back; `marked`: in double quotes when other words surround them (words to write in
    a picture: 'a sign that says "OPEN"'), bare when the quote is the whole text."""
    if marked and not re.fullmatch(rf"\s*{QUOTE_MARK}\d+\s*", text):
        return re.sub(rf"\b{QUOTE_MARK}(\d+)\b", lambda m: f'"{quotes[int(m.group(1))]}"', text)
    return re.sub(rf"\b{QUOTE_MARK}(\d+)\b", lambda m: quotes[int(m.group(1))], text)


def content_words(text: str) -> list[str]:
    """The words of `text` that say something (not stopwords, not bare punctuation)."""
    return [w.strip("'-") for w in _WORD.findall(text.lower()) if w.strip("'-") and w.strip("'-") not in STOPWORDS]


def mostly_not_english(instruction: str) -> bool:
    """Whether much of `instruction` is in another language or script ("fais une image d'un château")."""
    words = [w.strip("'-") for w in _WORD.findall(instruction.lower()) if not w.isdigit()]
    words = [w.split("'")[-1] if "'" in w and len(w.split("'")[0]) <= 2 else w for w in words if w]
    if not words:
        return False
    foreign = [w for w in words if w in OTHER_LANGUAGE_WORDS or not w.isascii()]
    return len(foreign) * 3 >= len(words) and (len(foreign) >= 2 or len(words) == 1 and not words[0].isascii())


def prepare(instruction: str, vocabulary: Iterable[str]) -> Text:
    """Set quoted parts aside, then mend model aliases and misspelt words of `vocabulary` ("upscal" → "upscale")."""
    quotes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        quotes.append(next(g for g in match.groups() if g is not None))
        return f" {QUOTE_MARK}{len(quotes) - 1} "

    text = _QUOTES.sub(keep, instruction)
    text = re.sub(r"[’`´]", "'", text)
    text = re.sub(r"[—–]", " - ", text)
    text = text.replace("→", " -> ").replace("⇒", " -> ")
    text = re.sub(r"(?:^|(?<=\s))\d{1,2}[.)](?=\s)", " , ", text)  # "1. upload photo 2. blur 3. save"
    for pattern, replacement in MODEL_ALIASES.items():
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    text = _mend_typos(text, vocabulary)
    # "add a blur at the end": where an added step goes anyway (after the graph's last one), so nothing to read
    text = re.sub(_AT_THE_END, " ", text, flags=re.IGNORECASE)
    text = re.sub(r"[ \t\r\n]+", " ", text).strip()
    low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return Text(raw=text, low=low, quotes=quotes)


_AT_THE_END = r"\b(?:at|to|on) the (?:very )?end(?: of (?:it|the (?:chain|graph|workflow|pipeline|flow)))?\b(?! of\b)"


def _mend_typos(text: str, vocabulary: Iterable[str]) -> str:
    words = sorted({w for w in vocabulary if len(w) >= 4})
    known = set(words) | STOPWORDS

    def mend(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        if len(low) < 5 or low in known or low.startswith(QUOTE_MARK):
            return word
        if any(low.startswith(w) or w.startswith(low) for w in words):
            return word  # an inflection ("blurred", "images", "channel"), read by the patterns themselves
        swapped = [w for w in words if len(w) == len(low) and w[0] == low[0] and sorted(w) == sorted(low)]
        if swapped:  # two letters swapped: "imgae", "backgorund"
            return swapped[0]
        close = [c for c in difflib.get_close_matches(low, words, n=3, cutoff=0.88) if c[0] == low[0]]
        return close[0] if close else word

    return re.sub(r"[^\W\d_]+", mend, text)


def number_value(word: str) -> float | None:
    """`"4"` → 4, `"four"` → 4, `"1.5"` → 1.5; None for anything else."""
    word = word.lower().strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    value = NUMBER_WORDS.get(word)
    return float(value) if value is not None else None
