"""Plain Dutch (B1) checks: sentence length, jargon, and the Flesch-Douma reading ease of whole pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

import textstat

textstat.set_lang("nl")

MAX_WORDS = 20
MAX_AVERAGE = 12
MIN_SCORE = 70
# Words a resident should not meet unexplained (from the seed documents' own glossary and the issue).
JARGON = ("beschikking", "minnelijk", "vtlb", "moratorium", "wgs", "saneringskrediet", "wsnp", "schuldsanering",
          "budgetbeheer", "beslagvrije voet", "kwijtschelding", "ketenregisseur", "vroegsignalering", "awb",
          "bezwaarschrift", "statushouder", "trajectplan")
EXPLAINED = re.compile(r"\b(betekent|dat is|dat wil zeggen|:)\b|:", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+|(?<=:)\s+(?=[A-Z‘])")
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{\{[^}]*\}\}")


@dataclass
class TextReport:
    name: str
    sentences: int
    longest: int
    longest_sentence: str
    score: float


def sentences(text: str) -> list[str]:
    text = _PLACEHOLDER.sub("X", text)
    return [part.strip() for part in _SENTENCE_END.split(text) if re.search(r"\w", part)]


def words(sentence: str) -> list[str]:
    return re.findall(r"[\w’'-]+", sentence)


def report(name: str, text: str) -> TextReport:
    parts = sentences(text)
    lengths = [len(words(s)) for s in parts] or [0]
    longest = max(range(len(lengths)), key=lambda i: lengths[i]) if parts else 0
    score = textstat.flesch_reading_ease(" ".join(p if p.endswith((".", "?", "!")) else p + "." for p in parts))
    return TextReport(name, len(parts), lengths[longest], parts[longest] if parts else "", score)


def jargon_in(text: str) -> list[str]:
    lowered = text.lower()
    found = [word for word in JARGON if re.search(rf"\b{re.escape(word)}\b", lowered)]
    return [] if found and EXPLAINED.search(text) else found
