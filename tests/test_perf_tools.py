"""The benchmark tools' own tests: COPY text encoding and reproducible scales."""

import datetime

from perf.bulk import _text
from perf.generate import SCALES


def test_copy_text_escapes_and_nulls():
    assert _text(None) == "\\N"
    assert _text(True) == "t" and _text(False) == "f"
    assert _text("潍坊\t鸿达\n机械\\") == "潍坊\\t鸿达\\n机械\\\\"
    assert _text({"en_US": "A", "zh_CN": "甲"}) == '{"en_US": "A", "zh_CN": "甲"}'
    assert _text(datetime.date(2026, 11, 22)) == "2026-11-22"
    assert _text(3.5) == "3.5"


def test_scales_grow_tenfold():
    assert SCALES["M"]["customers"] == 10 * SCALES["S"]["customers"]
    assert SCALES["L"]["customers"] == 10**6
    assert SCALES["L"]["leads"] == 2 * 10**6
    assert SCALES["L"]["engineers"] == 200
