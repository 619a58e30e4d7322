"""The spaCy side: a tokenizer that keeps a figure and its unit as one token, sentence boundaries
for Chinese punctuation, and a Matcher loaded from the pattern files in this folder.

spaCy's Chinese segmenters cut "88.45 分" into digits, so the tokenizer here is our own: figures come
from `extractor.numbers.find_figures` (one token each, the parsed `Figure` on `token._.figure`), the
words the pattern files mention are matched longest first, and other Chinese text stays in runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex
import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from extractor.numbers import find_figures
from model.figure import Figure
from patterns.vocabulary import V

PATTERN_DIR = Path(__file__).resolve().parent.parent / "patterns"  # the declarative claim patterns
SOFT_SENTENCE, MAX_SENTENCE = 120, 240  # tokens; see cap_sentences
CLAUSE_BREAKS = frozenset("，,、")
MAX_TEXT = 100_000_000  # characters in one paragraph; spaCy's own default is 1,000,000
SENTENCE_END = ["。", "！", "？", "；", "!", "?", ";"]
# Function words that separate a keyword from its figure ("得分为", "占比约"); always single tokens.
FUNCTION_WORDS = V.function_words.words

_PUNCT = regex.compile(r"[\p{P}\p{S}]")
_ASCII_WORD = regex.compile(r"[A-Za-z][A-Za-z0-9]*")

if not Token.has_extension("figure"):
    Token.set_extension("figure", default=None)
    Token.set_extension("unit", getter=lambda t: (t._.figure.unit or "") if t._.figure is not None else "")
    Token.set_extension("is_fig", getter=lambda t: t._.figure is not None)


@dataclass(frozen=True)
class PatternSpec:
    id: str
    pattern: list[dict]
    source: str


def load_patterns(extra: list[Path] | tuple[Path, ...] = ()) -> list[PatternSpec]:
    """Every pattern from the bundled *.jsonl files, then from user files given with --patterns."""
    specs: list[PatternSpec] = []
    for path in [*sorted(PATTERN_DIR.glob("*.jsonl")), *extra]:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            try:
                entry = json.loads(line)
                specs.append(PatternSpec(entry["id"], entry["pattern"], f"{Path(path).name}:{n}"))
            except (json.JSONDecodeError, KeyError) as exc:
                raise ValueError(f"{path}:{n}: not a pattern line ({exc})") from None
    return specs


def lexicon(specs: list[PatternSpec]) -> tuple[str, ...]:
    """Words the tokenizer must keep whole: every literal the patterns compare tokens against."""
    words: set[str] = set(FUNCTION_WORDS)
    for spec in specs:
        for tok in spec.pattern:
            for key in ("ORTH", "TEXT", "LOWER"):
                value = tok.get(key)
                if isinstance(value, str):
                    words.add(value)
                elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                    words.update(v for v in value["IN"] if isinstance(v, str))
    return tuple(sorted((w for w in words if w and not _PUNCT.fullmatch(w)), key=len, reverse=True))


class FigureTokenizer:
    """Splits text into figure tokens, punctuation, ASCII words, lexicon words and Chinese runs."""

    def __init__(self, vocab, words: tuple[str, ...]):
        self.vocab = vocab
        self.words = words
        self.by_first: dict[str, list[str]] = {}
        for w in words:
            self.by_first.setdefault(w[0], []).append(w)

    def __call__(self, text: str) -> Doc:
        pieces: list[tuple[str, Figure | None]] = []
        pos = 0
        for fig in find_figures(text):
            if fig.start < pos:
                continue
            self._words(text[pos:fig.start], pieces)
            pieces.append((text[fig.start:fig.end], fig))
            pos = fig.end
        self._words(text[pos:], pieces)
        words = [p for p, _ in pieces if p.strip()]
        figures = [f for p, f in pieces if p.strip()]
        spaces = self._spaces(text, words)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        for token, fig in zip(doc, figures, strict=True):
            token._.figure = fig
        return doc

    @staticmethod
    def _spaces(text: str, words: list[str]) -> list[bool]:
        spaces, pos = [], 0
        for w in words:
            pos = text.index(w, pos) + len(w)
            nxt = pos
            while nxt < len(text) and text[nxt].isspace():
                nxt += 1
            spaces.append(nxt > pos)
        return spaces

    def _words(self, chunk: str, out: list[tuple[str, Figure | None]]) -> None:
        run = []
        i = 0

        def flush():
            if run:
                out.append(("".join(run), None))
                run.clear()

        while i < len(chunk):
            ch = chunk[i]
            if ch.isspace():
                flush()
                i += 1
                continue
            word = next((w for w in self.by_first.get(ch, ()) if chunk.startswith(w, i)), None)
            if word:
                flush()
                out.append((word, None))
                i += len(word)
                continue
            if _PUNCT.match(ch):
                flush()
                out.append((ch, None))
                i += 1
                continue
            m = _ASCII_WORD.match(chunk, i)
            if m:
                flush()
                out.append((m[0], None))
                i = m.end()
                continue
            run.append(ch)
            i += 1
        flush()


@Language.component("gouji_sentence_cap")
def cap_sentences(doc: Doc) -> Doc:
    """Break runaway sentences: after a comma past SOFT_SENTENCE tokens, anywhere past MAX_SENTENCE.

    Text without a full stop (a table pasted as one line, a megabyte of "，"-joined clauses) would
    otherwise be one sentence, and the claim builders that look over a whole sentence for each match
    would go quadratic. Real sentences in reports stay far below SOFT_SENTENCE tokens.
    """
    start = 0
    for i, token in enumerate(doc):
        if i == 0 or token.is_sent_start:
            start = i
            continue
        length = i - start
        if length >= MAX_SENTENCE or (length >= SOFT_SENTENCE and doc[i - 1].text in CLAUSE_BREAKS):
            token.is_sent_start = True
            start = i
    return doc


@dataclass
class Pipeline:
    nlp: spacy.language.Language
    matcher: Matcher
    specs: list[PatternSpec]


@lru_cache(maxsize=4)
def pipeline(extra: tuple[Path, ...] = ()) -> Pipeline:
    specs = load_patterns(extra)
    nlp = spacy.blank("zh")
    nlp.tokenizer = FigureTokenizer(nlp.vocab, lexicon(specs))
    # spaCy refuses texts over a million characters for the sake of parser and NER models this pipeline
    # does not have; the tokenizer, sentencizer and Matcher here are linear, so a long paragraph is fine.
    nlp.max_length = MAX_TEXT
    nlp.add_pipe("sentencizer", config={"punct_chars": SENTENCE_END})
    nlp.add_pipe("gouji_sentence_cap")
    matcher = Matcher(nlp.vocab, validate=True)
    for spec in specs:
        try:
            matcher.add(spec.id, [spec.pattern])
        except (ValueError, KeyError) as exc:
            raise ValueError(f"{spec.source}: invalid pattern {spec.id!r}: {exc}") from None
    return Pipeline(nlp, matcher, specs)
