"""Period codes: parsing, labels and order."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.periods import is_valid_period, label, parse_period, period_sort_key


@pytest.mark.parametrize(
    "code,start,end,gran",
    [
        ("2018", date(2018, 1, 1), date(2018, 12, 31), "year"),
        ("2019", date(2019, 1, 1), date(2019, 12, 31), "year"),
        ("2019H1", date(2019, 1, 1), date(2019, 6, 30), "half"),
        ("2020H2", date(2020, 7, 1), date(2020, 12, 31), "half"),
        ("2020Q3", date(2020, 7, 1), date(2020, 9, 30), "quarter"),
        ("2020Q1", date(2020, 1, 1), date(2020, 3, 31), "quarter"),
        ("2019-09", date(2019, 9, 1), date(2019, 9, 30), "month"),
        ("2021-03", date(2021, 3, 1), date(2021, 3, 31), "month"),
        ("2020-02", date(2020, 2, 1), date(2020, 2, 29), "month"),
    ],
)
def test_accepts(code, start, end, gran):
    p = parse_period(code)
    assert (p.start, p.end, p.granularity) == (start, end, gran)


@pytest.mark.parametrize(
    "code",
    [
        "2019H3",
        "2019Q5",
        "2019Q0",
        "19",
        "2019-13",
        "2019-00",
        "2019-9",
        "2019h1",
        "2019 H1",
        "201909",
        "2019-09-01",
        "H1",
        "",
        "0019",
        "abcd",
    ],
)
def test_rejects(code):
    assert not is_valid_period(code)
    with pytest.raises(ValueError):
        parse_period(code)


@pytest.mark.parametrize(
    "code,zh,en",
    [
        ("2019H1", "2019年上半年", "2019 H1"),
        ("2019H2", "2019年下半年", "2019 H2"),
        ("2019-09", "2019年9月", "Sep 2019"),
        ("2018", "2018年", "2018"),
        ("2020Q3", "2020年第三季度", "2020 Q3"),
        ("2021-03", "2021年3月", "Mar 2021"),
    ],
)
def test_labels(code, zh, en):
    assert label(code, "zh") == zh
    assert label(code, "en") == en
    assert label(code) == zh


def test_sort_order():
    codes = ["2019-09", "2019H1", "2018", "2017", "2018H1"]
    assert sorted(codes, key=period_sort_key) == ["2017", "2018H1", "2018", "2019H1", "2019-09"]
    # same end date: the longer period first
    assert sorted(["2019-12", "2019Q4", "2019H2", "2019"], key=period_sort_key) == [
        "2019",
        "2019H2",
        "2019Q4",
        "2019-12",
    ]


codes = st.one_of(
    st.integers(1990, 2050).map(str),
    st.tuples(st.integers(1990, 2050), st.sampled_from("12")).map(lambda t: f"{t[0]}H{t[1]}"),
    st.tuples(st.integers(1990, 2050), st.integers(1, 4)).map(lambda t: f"{t[0]}Q{t[1]}"),
    st.tuples(st.integers(1990, 2050), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
)


@given(codes, codes)
def test_sort_key_follows_end_dates(a, b):
    pa, pb = parse_period(a), parse_period(b)
    assert pa.start <= pa.end
    if pa.end < pb.end:
        assert period_sort_key(a) < period_sort_key(b)
    if a != b:
        assert period_sort_key(a) != period_sort_key(b)
