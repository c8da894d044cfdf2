"""Babel extractor: a questionnaire file's resident-facing texts go into the catalogues like template strings."""

from __future__ import annotations

import tomllib


def extract_questionnaire(fileobj, keywords, comment_tags, options):
    source = fileobj.read().decode("utf-8")
    data = tomllib.loads(source)
    lines = source.splitlines()

    def line_of(text: str) -> int:
        needle = tomllib_string(text)
        return next((number for number, line in enumerate(lines, 1) if needle in line), 0)

    texts = list(data.get("reasons", {}).values())
    for question in data.get("question", []):
        texts += [question.get("text"), question.get("hint")]
        texts += [option.get("text") for option in question.get("option", [])]
    for text in texts:
        if text:
            yield line_of(text), "_", text, []


def tomllib_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
