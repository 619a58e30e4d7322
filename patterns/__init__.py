"""Stage 2: claims found in the text of a document (see patterns/claims.py)."""

from __future__ import annotations

from model.claims import Claim
from model.document import Document

__all__ = ["Claim", "find_claims"]


def find_claims(doc: Document) -> list[Claim]:
    from patterns.finder import find_all

    return find_all(doc)
