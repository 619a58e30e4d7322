"""Declarative data the reading stage reads documents with: claim patterns (`*.jsonl`) and vocabulary.

Nothing here parses a document. The spaCy Matcher patterns in `claims.jsonl` are loaded by
`reading.nlp`; the keyword families in `vocabulary.toml` by `patterns.vocabulary`.
"""
