"""Values as the text states them (1.1亿 is 110000000, not 110000000.00000001), printed with
separators on a terminal, and `published` as a date wherever the tables are read."""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from conftest import run
from speeches import display, numbers, store
from speeches.numbers import find_numbers
from speeches.read import engine

SCALES = {"万": 10**4, "亿": 10**8, "万亿": 10**12, " million": 10**6, " billion": 10**9}


@given(
    whole=st.integers(min_value=1, max_value=999),
    frac=st.integers(min_value=1, max_value=99),
    unit=st.sampled_from(sorted(SCALES)),
)
def test_scaled_decimals_are_exact(whole: int, frac: int, unit: str) -> None:
    written = f"{whole}.{frac:02d}".rstrip("0")
    spans = find_numbers(f"用户 {written}{unit}" if not unit.startswith(" ") else f"about {written}{unit} users")
    assert spans, written + unit
    assert spans[0].value == float(Decimal(written) * SCALES[unit])


def test_known_noisy_products() -> None:
    assert find_numbers("1.1亿")[0].value == 110_000_000.0
    assert find_numbers("1.15亿")[0].value == 115_000_000.0
    assert find_numbers("1.5‰")[0].value == 0.15
    span = find_numbers("1.1亿到1.3亿")[0]
    assert (span.low, span.high) == (110_000_000.0, 130_000_000.0)
    # A value that is not a short decimal keeps its precision.
    assert find_numbers("三分之一")[0].value == 1 / 3


def test_stored_value_is_exact(seed_store: Path) -> None:
    rows = json.loads(run("metrics", "--format", "json", "--store", str(seed_store)).stdout)
    hit = [r for r in rows if "1.1亿" in r["surface"]]
    assert hit and all(r["value"] == 110_000_000 for r in hit)
    csv = run("metrics", "--format", "csv", "--store", str(seed_store)).stdout
    assert "110000000.00000001" not in csv and "110000000.0" in csv


def test_terminal_cells_have_separators() -> None:
    assert display._cell(110_000_000.0, plain=False) == "110,000,000"
    assert display._cell(1234.5, plain=False) == "1,234.5"
    assert display._cell(0.7, plain=False) == "0.7"
    assert display._cell(12345, plain=False) == "12,345"
    assert display._cell(12345, plain=True) == "12345"  # a position, not a quantity
    assert display._cell(None, plain=False) == ""


def test_published_is_a_date(seed_store: Path) -> None:
    docs = store.read_table(seed_store, "documents", columns=["published"])
    dates = docs["published"].dropna()
    assert len(dates) and all(isinstance(d, dt.date) for d in dates)
    assert pd.to_datetime(dates).dt.year.min() > 1990
    with engine.Reader(seed_store) as reader:
        kinds = reader.rows("SELECT DISTINCT typeof(published) FROM metrics")
        assert kinds == [("DATE",)]


def _exact_by_formatting(value: float) -> float:
    """numbers._exact as first written: every value formatted to 15 digits."""
    short = f"{value:.15g}"
    mantissa = short.split("e")[0].replace("-", "").replace(".", "").strip("0")
    return float(short) if len(mantissa) <= 12 else value


@given(
    st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(-(10**16), 10**16).map(float)
    | st.sampled_from([0.0, -0.0, 1e15, -1e15, 999999999999999.0, 1.1e8 * 1.0000000000000002])
    | st.integers(-(10**16), 10**16)  # the scan's values are sometimes ints
)
def test_exact_of_a_whole_number_is_what_formatting_gives(value: float) -> None:
    got, want = numbers._exact(value), _exact_by_formatting(value)
    assert got is not None and type(got) is type(want)
    assert got == want and math.copysign(1.0, got) == math.copysign(1.0, want)
