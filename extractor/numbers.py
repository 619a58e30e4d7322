"""Every printed figure is parsed here, and only here.

A `Figure` keeps the text as printed, its value as `Decimal`, the number of decimals it was printed
with and its unit, so later comparisons can respect the rounding the author used. Full-width digits
and punctuation are normalised figure by figure (NFKC on the match only): normalising a whole
document would also turn the prose comma "，" into ",".
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import regex

from model.figure import Figure
from patterns.vocabulary import COUNT_NUMERALS, V

# Markers that mean "no value here" (and the blank cell). They are missing, never zero.
EMPTY_MARKERS = frozenset({"", *V.empty_markers.words})
COMPARATORS: dict[str, str] = V.comparators.data["symbols"]

_D = r"[0-9０-９]"
# ASCII "," groups any digits; the full-width "，" only groups full-width digits, because in prose
# "100，200" is far more often a list than a thousands-separated figure.
_NUMBER = (
    rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[０-９]{{1,3}}(?:[,，][０-９]{{3}})+|{_D}+)"
    rf"(?:[.．]{_D}+)?"
)
_UNIT_RE = V.units.alternation()  # longest first: 个百分点 over 个, 万元 over 万
# A sign counts only where it cannot be a range dash ("95%-100%", "2023-2024") or a hyphen ("B4-1").
_PROSE_FIGURE = regex.compile(
    rf"(?P<sign>(?<![0-9０-９A-Za-z%％)）\-－]|^)[-－−])?"
    rf"(?<![0-9０-９.．A-Za-z])(?P<num>{_NUMBER})(?![0-9０-９]|[.．][0-9０-９])"
    rf"(?:\s*(?P<unit>{_UNIT_RE}))?"
)
_CELL_FIGURE = regex.compile(
    r"^(?P<cmp>≥|>=|≧|≤|<=|≦|>|<|=)?\s*(?P<open>\()?\s*(?P<sign>[-−+])?\s*"
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)\s*"
    rf"(?P<unit>{_UNIT_RE.replace('％', '')})?\s*(?P<close>\))?$"
)
_CN_DIGITS = COUNT_NUMERALS
_CN_COUNT = regex.compile(
    rf"(?<![{_CN_DIGITS}第])(?P<num>[{_CN_DIGITS}]+)(?:个|项|类|条|家|大|方面|部分|阶段|环节)"
)
_CN_PERCENT = regex.compile(rf"百分之(?P<num>[{_CN_DIGITS}点]+)")


# More digits than this make an identifier (an account or a certificate number), not an amount, and
# would overflow the 28-digit decimal context the checks compute in.
MAX_DIGITS = 20


def _to_decimal(text: str) -> tuple[Decimal, int] | None:
    clean = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "")
    if sum(ch.isdigit() for ch in clean) > MAX_DIGITS:
        return None
    try:
        value = Decimal(clean)
    except InvalidOperation:
        return None
    decimals = len(clean.split(".", 1)[1]) if "." in clean else 0
    return value, decimals


def _norm_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    return {"％": "%", "百分点": "个百分点", "工作日": "个工作日"}.get(unit, unit)


def parse_cell(text: str, unit: str | None = None) -> Figure | None:
    """Read a table cell that holds one figure; return None when the cell is prose.

    `unit` is the unit the cell inherits from its column header or the table caption; a unit
    printed in the cell wins. Empty markers return a missing figure rather than zero.
    """
    raw = text.strip()
    squeezed = regex.sub(r"\s+", "", raw)
    if squeezed in EMPTY_MARKERS:
        return Figure(text=raw, value=None, unit=unit)
    norm = unicodedata.normalize("NFKC", squeezed).replace("−", "-")
    m = _CELL_FIGURE.match(norm)
    if not m:
        return None
    if bool(m["open"]) != bool(m["close"]):
        return None
    parsed = _to_decimal(m["num"])
    if parsed is None:
        return None
    value, decimals = parsed
    if m["sign"] == "-" or m["open"]:
        value = -value
    cmp_ = COMPARATORS.get(m["cmp"]) if m["cmp"] else None
    return Figure(text=raw, value=value, decimals=decimals, unit=_norm_unit(m["unit"]) or unit,
                  start=0, end=len(text), comparator=cmp_)


def find_figures(text: str) -> list[Figure]:
    """Every figure printed in a piece of prose, with its unit and character offsets."""
    out: list[Figure] = []
    for m in _PROSE_FIGURE.finditer(text):
        parsed = _to_decimal(m["num"])
        if parsed is None:
            continue
        value, decimals = parsed
        if m["sign"]:
            value = -value
        start = m.start("sign") if m["sign"] else m.start("num")
        out.append(Figure(text=text[start:m.end()], value=value, decimals=decimals,
                          unit=_norm_unit(m["unit"]), start=start, end=m.end(),
                          comparator=_comparator_before(text, start)))
    out.extend(_chinese_figures(text))
    out.sort(key=lambda f: f.start)
    return out


def _comparator_before(text: str, start: int) -> str | None:
    before = text[max(0, start - 2):start].rstrip()
    for sym, norm in COMPARATORS.items():
        if norm != "=" and before.endswith(sym):
            return norm
    return None


@lru_cache(maxsize=4096)  # a long text repeats its numerals, and cn2an is slow
def cn_number(text: str) -> Decimal | None:
    """A Chinese numeral as Decimal: 十七 → 17, 两 → 2, 五点六 → 5.6."""
    import cn2an  # a heavy import; only paid when a document has Chinese numerals

    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return Decimal(str(value)).normalize() if "点" in text else Decimal(int(value))


def _chinese_figures(text: str) -> list[Figure]:
    out: list[Figure] = []
    for m in _CN_COUNT.finditer(text):
        value = cn_number(m["num"])
        if value is not None:
            out.append(Figure(text=m[0], value=value, unit="个", start=m.start(), end=m.end(),
                              numeral="chinese"))
    for m in _CN_PERCENT.finditer(text):
        value = cn_number(m["num"])
        if value is not None:
            decimals = len(m["num"].split("点", 1)[1]) if "点" in m["num"] else 0
            out.append(Figure(text=m[0], value=value, decimals=decimals, unit="%", start=m.start(),
                              end=m.end(), numeral="chinese"))
    return out


_TABLE_UNITS = V.table_units.alternation()
_CAPTION_UNIT = regex.compile(rf"(?:单位|金额单位|计量单位)\s*[:：]\s*(?P<unit>{_TABLE_UNITS})")
_HEADER_UNIT = regex.compile(rf"[（(]\s*({_TABLE_UNITS}|％|分)\s*[)）]")


def caption_unit(text: str) -> str | None:
    """The unit a caption or note declares for a whole table: "单位：万元" → 万元."""
    m = _CAPTION_UNIT.search(text)
    return m["unit"] if m else None


def header_unit(text: str) -> str | None:
    """A unit given in a column header: "金额（万元）", "得分率(%)"."""
    m = _HEADER_UNIT.search(text)
    return _norm_unit(m.group(1)) if m else None
