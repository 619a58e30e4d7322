"""Placeholder until the spaCy patterns land: no claims."""

from __future__ import annotations

from extractor.model import Document
from patterns.claims import Claim


def find_all(doc: Document) -> list[Claim]:
    return []
