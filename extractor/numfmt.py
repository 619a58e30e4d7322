"""Spreadsheet cell values → the text Excel prints for them, from the cell's number format.

A workbook stores 0.9536 and prints "95.36%"; the figure a reviewer reads, and the decimals its rounding
is judged at, are the printed ones. This covers the number formats fiscal tables use: General, fixed
decimals ("0.00", "0.0#"), thousands separators ("#,##0.00"), percentages, literal text and currency
("¥#,##0.00", "0.00\"万元\"", "[$¥-804]"), padding and fill ("_)", "*"), colours, and the positive;
negative;zero;text sections (negatives in parentheses included). Scientific notation, fractions and
conditional sections fall back to General, which prints what the cell holds. Dates print as ISO dates
(or 2024年1月1日 when the format is written with 年月日).

Rounding is Excel's: half away from zero on the shortest decimal form of the stored double.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import regex

_BRACKET = regex.compile(r"\[[^\]]*\]")
_CURRENCY = regex.compile(r"\[\$([^\-\]]*)(?:-[0-9A-Fa-f]+)?\]")
_DIGITS = set("0#?")
_GENERAL_DIGITS = 10  # significant digits General shows in a standard-width column


def split_sections(fmt: str) -> list[str]:
    """The ;-separated sections of a format, leaving quoted text and escapes alone."""
    sections, current, i = [], [], 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == '"':
            end = fmt.find('"', i + 1)
            end = len(fmt) if end < 0 else end + 1
            current.append(fmt[i:end])
            i = end
            continue
        if ch == "\\" and i + 1 < len(fmt):
            current.append(fmt[i:i + 2])
            i += 2
            continue
        if ch == ";":
            sections.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    sections.append("".join(current))
    return sections


def _tokens(section: str) -> list[tuple[str, str]]:
    """A section as (kind, text) tokens: "lit" for literal text, "fmt" for placeholders and symbols."""
    section = _CURRENCY.sub(lambda m: '"' + m.group(1).replace('"', "") + '"', section)
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            out.append(("lit", section[i + 1:end]))
            i = end + 1
        elif ch == "\\" and i + 1 < len(section):
            out.append(("lit", section[i + 1]))
            i += 2
        elif ch in "_*" and i + 1 < len(section):  # padding to a character's width, or fill: no text
            i += 2
        elif ch == "[":
            end = section.find("]", i)
            i = len(section) if end < 0 else end + 1  # colours, locales, conditions
        elif ch in "0#?.,%" or (ch in "Ee" and i + 1 < len(section) and section[i + 1] in "+-"):
            out.append(("fmt", ch))
            i += 1
        else:
            out.append(("lit", ch))
            i += 1
    return out


def _is_plain(section: str) -> bool:
    """Whether this module can print the section exactly (no exponent, fraction or condition)."""
    stripped = _BRACKET.sub("", _CURRENCY.sub("", section))
    unquoted = regex.sub(r'"[^"]*"|\\.', "", stripped)
    return not regex.search(r"[Ee][+-]|/", unquoted) and not regex.search(r"\[[<>=]", section)


def decimals_of(section: str) -> int:
    """Digits a section prints after the decimal point (0 when it has none)."""
    kinds = _tokens(section)
    seen_point, n = False, 0
    for kind, text in kinds:
        if kind != "fmt":
            continue
        if text == ".":
            seen_point = True
        elif seen_point and text in _DIGITS:
            n += 1
    return n


def scale_of(section: str) -> Decimal:
    """What the stored value is multiplied by to print: 100 per %, 1/1000 per comma after the last
    integer placeholder ("#,##0," prints thousands)."""
    tokens = [t for k, t in _tokens(section) if k == "fmt"]
    scale = Decimal(100) ** tokens.count("%")
    point = tokens.index(".") if "." in tokens else len(tokens)
    integer = [t for t in tokens[:point] if t != "%"]
    trailing = len(integer) - len("".join(integer).rstrip(","))
    return scale / Decimal(1000) ** trailing


def _section_for(fmt: str, value: Decimal) -> tuple[str, bool]:
    """The section that prints `value`, and whether the value is printed without its sign."""
    sections = split_sections(fmt)
    if len(sections) >= 3 and value == 0:
        return sections[2], True
    if len(sections) >= 2 and value < 0:
        return sections[1], True
    return sections[0], False


def printed_scale(fmt: str, value: Decimal) -> Decimal | None:
    """The factor between a stored value and the figure printed for it (None for General and formats
    printed as General)."""
    section, _ = _section_for(fmt or "General", value)
    if section.strip().lower() in ("general", "") or not _is_plain(section) or "@" in section:
        return None
    return scale_of(section)


def format_value(value: object, fmt: str | None) -> str:
    """The text a cell prints for a stored value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return _format_date(value, fmt or "")
    if isinstance(value, (int, float, Decimal)):
        number = to_decimal(value)
        return "" if number is None else format_number(number, fmt or "General")
    return str(value)


def to_decimal(value: int | float | Decimal) -> Decimal | None:
    """A stored number as a Decimal: the shortest decimal form of a double (what Excel shows at 15 digits)."""
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def format_number(value: Decimal, fmt: str) -> str:
    section, unsigned = _section_for(fmt, value)
    if section.strip().lower() in ("general", "") or not _is_plain(section):
        return general(value)
    if "@" in section:
        return section.replace('"', "").replace("@", general(value))
    tokens = _tokens(section)
    placeholders = [i for i, (k, t) in enumerate(tokens) if k == "fmt" and t in _DIGITS]
    if not placeholders:  # only literal text (and maybe %): Excel prints the literals
        return "".join(t for k, t in tokens if k == "lit")
    first, last = placeholders[0], placeholders[-1]
    body = [t for k, t in tokens[first:last + 1] if k == "fmt"]
    prefix = "".join(t for k, t in tokens[:first] if k == "lit")
    suffix = "".join(t for k, t in tokens[last + 1:] if k == "lit" or t == "%")
    scaled = abs(value) * scale_of(section) if unsigned else value * scale_of(section)
    decimals = decimals_of(section)
    point = body.index(".") if "." in body else len(body)
    optional = 0  # trailing "#" decimals: dropped when zero
    for t in reversed(body[point + 1:]):
        if t != "#":
            break
        optional += 1
    grouped = "," in body[:point]
    min_int = sum(1 for t in body[:point] if t == "0")
    rounded = scaled.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    digits = f"{abs(rounded):f}"
    whole, _, frac = digits.partition(".")
    if optional and frac:
        keep = len(frac) - optional
        frac = frac[:keep] + frac[keep:].rstrip("0")
    whole = whole.lstrip("0")
    if len(whole) < min_int:
        whole = whole.rjust(min_int, "0")
    if grouped and whole:
        whole = f"{int(whole):,}"
    number = whole + ("." + frac if frac else "")
    return f"{sign}{prefix}{number}{suffix}"


def general(value: Decimal) -> str:
    """Excel's General format in a standard-width column: integers whole up to 11 digits, else up to
    ten significant digits, trailing zeros dropped."""
    if value == value.to_integral_value() and abs(value) < Decimal(10) ** 11:
        return str(int(value))
    if value != 0 and (abs(value) >= Decimal(10) ** 11 or abs(value) < Decimal("1e-9")):
        text = f"{value:.{_GENERAL_DIGITS - 1}E}"
        mantissa, _, exponent = text.partition("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}E{exponent[0]}{exponent[1:].lstrip('0').rjust(2, '0')}"
    whole_digits = max(len(str(abs(int(value)))), 1) if abs(value) >= 1 else 0
    places = max(_GENERAL_DIGITS - whole_digits, 0)
    if abs(value) < 1:  # leading zeros after the point are not significant
        exponent = abs(value).adjusted()
        places = _GENERAL_DIGITS - exponent - 1
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _format_date(value: dt.date | dt.time, fmt: str) -> str:
    chinese = any(ch in fmt for ch in "年月日")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, dt.datetime) and (value.hour or value.minute or value.second):
        date_text = _format_date(value.date(), fmt)
        return f"{date_text} {value.strftime('%H:%M')}"
    if chinese:
        return f"{value.year}年{value.month}月{value.day}日" if "日" in fmt else f"{value.year}年{value.month}月"
    return value.strftime("%Y-%m-%d")
