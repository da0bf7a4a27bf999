"""Paragraphs and sentences with character offsets, and the language of each paragraph.

News text from the web is ragged: lines without final stops (headlines), sentences glued
together without a space after the stop ("l'armée.S'il"), abbreviations ("M. Trump"). A small
rule-based splitter handles these more predictably than a parser trained on clean text, and it
lets the pipeline run spaCy only on the sentences that matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from veille.errors import LexiconError
from veille.langid import detect_language
from veille.lexicon import load_wordlist

# A stop, then optional closing quotes/brackets, then space(s) and a sentence opener; or a stop
# glued to a capitalised word after a lower-case word of 3+ letters ("armée.S'il").
BOUNDARY_RE = re.compile(
    r"(?<=[.!?…])[»”\"')\]]*\s+(?=[«“\"'(\[]?\s*[A-ZÀ-ÖØ-Þ0-9])"
    r"|(?<=[a-zà-öø-ÿ]{3}[.!?])(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’])"
    # AFP dispatches inline their sub-headings between dashes: "... ajouté. - Renforts rebelles - Selon"
    r"|\s[-–]\s(?=[A-ZÀ-ÖØ-Þ«\"'])"
)
ABBREVIATION_WINDOW = 40
"""Characters before a stop searched for an abbreviation; far longer than any abbreviation."""
PARAGRAPH_RE = re.compile(r"\n\s*\n|\n(?=\s*[-–•*]\s)|\n")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    lang: str  # language of its paragraph


def _is_abbreviation(text: str, boundary: int, abbreviations: frozenset[str]) -> bool:
    """True when the stop before ``boundary`` ends an abbreviation or an initial ("M.", "A.")."""
    # only the few characters before the stop matter: slicing the whole prefix made the
    # splitter quadratic in the paragraph's length (issue 12)
    head = text[max(0, boundary - ABBREVIATION_WINDOW) : boundary].rstrip()
    m = re.search(r"([\w.-]+)\.[»”\"')\]]*$", head)
    if not m:
        return False
    word = m.group(1).lower()
    return word in abbreviations or (len(word) == 1 and word.isalpha())


def _abbreviations(lang: str) -> frozenset[str]:
    """``lang/<code>/abbreviations.txt``, or none for a language without one."""
    try:
        return frozenset(load_wordlist(lang, "abbreviations.txt"))
    except LexiconError:
        return frozenset()


def split_paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) offsets of non-blank paragraphs (a line break ends a paragraph)."""
    spans = []
    pos = start
    for m in PARAGRAPH_RE.finditer(text, start):
        if text[pos : m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def split_sentences(text: str, start: int = 0, doc_lang: str = "fr") -> list[Sentence]:
    """Sentences of ``text`` from offset ``start``, with their paragraph's language.

    A paragraph of fewer than ~12 words takes the document's language (too short to judge);
    a longer one is identified on its own, so an English quote inside a French article is
    marked ``en`` and can be left out of French parsing.
    """
    sentences: list[Sentence] = []
    abbreviations = _abbreviations(doc_lang)
    for p_index, (p_start, p_end) in enumerate(split_paragraphs(text, start)):
        paragraph = text[p_start:p_end]
        lang = doc_lang
        if len(paragraph.split()) >= 12:
            detected = detect_language(paragraph)
            if detected not in ("und", doc_lang):
                lang = detected
        cuts = [0]
        for m in BOUNDARY_RE.finditer(paragraph):
            if not _is_abbreviation(paragraph, m.start(), abbreviations):
                cuts.append(m.end())
        cuts.append(len(paragraph))
        for a, b in pairwise(cuts):
            chunk = paragraph[a:b]
            stripped = chunk.strip()
            if not stripped:
                continue
            lead = len(chunk) - len(chunk.lstrip())
            s_start = p_start + a + lead
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=s_start,
                    end=s_start + len(stripped),
                    text=stripped,
                    paragraph=p_index,
                    lang=lang,
                )
            )
    return sentences
