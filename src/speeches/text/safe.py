"""Text from documents made safe to print and to open: control characters shown, not obeyed;
spreadsheet formulas kept as text.

A document may carry terminal escape sequences (ESC [ ... that recolour, retitle or rewrite
the terminal) or a cell such as =HYPERLINK(...) that a spreadsheet would run. Every command
that prints document text goes through `visible`; CSV cells through `csv_cell`.
"""

from __future__ import annotations

import re

__all__ = ["csv_cell", "visible"]

# C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the
# bidirectional overrides that make text display in another order than it reads.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _shown(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group(0)):04x}"  # as JSON writes it: a JSON text stays valid JSON


def visible(text: str) -> str:
    """`text` with every control character but tab and newline written as \\uNNNN, and the
    bytes of a non-UTF-8 file name (lone surrogates) as \\xNN."""
    text = _CONTROL.sub(_shown, text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def csv_cell(text: str, formulas: bool = False) -> str:
    """A CSV cell: controls shown; a text starting with = + - @ (which a spreadsheet reads
    as a formula) gets a leading apostrophe, unless `formulas` keeps it as it is."""
    if not formulas and text.startswith(_FORMULA_START):
        text = "'" + text
    return visible(text)
