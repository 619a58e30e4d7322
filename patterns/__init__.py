"""Stage 2: claims found in the text of a document (see patterns/claims.py)."""

from __future__ import annotations

from extractor.model import Document
from patterns.claims import Claim

__all__ = ["Claim", "find_claims"]


def find_claims(doc: Document) -> list[Claim]:
    from patterns.finder import find_all

    return find_all(doc)
