"""Plain text out of sanitized HTML, word counts and the Flesch-Kincaid grade (offline)."""

from __future__ import annotations

import html
import re
from functools import cache

import nh3
import pyphen

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th|blockquote|pre|aside)>|<br\s*/?>", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+")


def html_text(markup: str) -> str:
    """The visible text of sanitized HTML; each block ends its own line."""
    marked = _BLOCK_END.sub(lambda match: match.group(0) + "\n", markup)
    return html.unescape(nh3.clean(marked, tags=set()))


def words(text: str) -> list[str]:
    """The words of a text (numbers count as words)."""
    return _WORD.findall(text)


@cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    """Syllables in an English word, from pyphen's hyphenation dictionary (at least 1)."""
    if not word[0].isalpha():
        return max(1, len(word) // 2)
    return len(_dictionary().positions(word.lower())) + 1


def reading_grade(text: str) -> float | None:
    """The Flesch-Kincaid grade level of a text; None when it has no words."""
    found = words(text)
    if not found:
        return None
    sentences = [part for part in _SENTENCE_END.split(text) if words(part)]
    syllable_count = sum(syllables(word) for word in found)
    per_sentence = len(found) / max(1, len(sentences))
    return 0.39 * per_sentence + 11.8 * syllable_count / len(found) - 15.59
