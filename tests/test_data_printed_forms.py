"""Falls and the other printed forms of growth and change (下降, 减少, 回落, 负增长, 持平, 增长0.0%,
由负转正, 百分点) are read with their direction and checked against the quote like any number."""

import csv
import shutil

import pytest

from metrics import DATA_DIR, load, validate
from metrics.numbers import printed_figures, signed_problem

OBS = "data/observations.csv"


@pytest.mark.parametrize(
    "quote, column, value",
    [
        ("财政收入27.7亿元,下降5.3%", "yoy_pct", -5.3),
        ("主营业务收入45.1亿元,同比减少1.2亿元", "change", -1.2),
        ("增速回落2.1个百分点", "change", -2.1),
        ("固定资产投资负增长3%", "yoy_pct", -3),
        ("社会消费品零售总额下降了0.8%", "yoy_pct", -0.8),
        ("规模以上工业增加值增长-4.6%", "yoy_pct", -4.6),
        ("一般公共预算收入与上年持平", "yoy_pct", 0),
        ("零增长", "yoy_pct", 0),
        ("外资增长0.0%", "yoy_pct", 0),
        ("增速由负转正,增长2.1%", "yoy_pct", 2.1),
        ("占比提高1.5个百分点", "change", 1.5),
        ("财政收入29.2亿元,增长14.64%", "yoy_pct", 14.64),
    ],
)
def test_each_printed_form_is_read_with_its_direction(quote, column, value):
    ratio = "百分点" in quote
    assert signed_problem(value, quote, column, ratio=ratio) is None
    if value:  # the same figure with the other direction is refused, naming what is printed
        msg = signed_problem(-value, quote, column, ratio=ratio)
        assert msg is not None and ("prints a" in msg or "由负转正" in msg), msg


def test_fell_to_is_a_level_not_a_fall():
    """降至 / 下降到 / 回落至 give the level reached: the figure keeps its sign."""
    for quote in ("贫困发生率降至2.94%", "贫困发生率下降到2.94%", "增速回落至2.94%"):
        assert [f.value for f in printed_figures(quote)] == [2.94]


def test_a_range_of_months_is_not_a_minus_sign():
    assert [f.value for f in printed_figures("1-6月,工业增加值增长8.1%")] == [1, 6, 8.1]


def test_roughly_flat_is_not_a_figure():
    msg = signed_problem(0, "一般公共预算收入与上年基本持平", "yoy_pct")
    assert msg is not None and "基本持平" in msg and "leave it empty" in msg


def test_turned_positive_fixes_the_sign_of_growth():
    msg = signed_problem(-2.1, "增速由负转正,增长2.1%", "yoy_pct")
    assert msg is not None and "由负转正" in msg


def test_points_and_percent_are_not_interchangeable():
    """A growth rate is in %: a figure printed in 百分点 is a change of a ratio, and the change of a
    ratio printed with % is a relative change."""
    assert "use change" in signed_problem(1.5, "占比提高1.5个百分点", "yoy_pct")
    assert "relative change" in signed_problem(1.5, "占比提高1.5%", "change", ratio=True)
    assert signed_problem(1.5, "收入增加1.5%", "change", ratio=False) is None


# ---- the same rules through the data check, with file, row and column named --------------------


@pytest.fixture
def data(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(DATA_DIR, d, ignore=shutil.ignore_patterns("README.md"))
    return d


def add_fall(data, yoy: str, quote: str, change: str = "") -> int:
    """Append a 2020H1 fiscal revenue row quoting `quote` (added to a new source document); return
    its line in observations.csv."""
    (data / "sources" / "test-2020.txt").write_text(f"2020年上半年,{quote}。\n", encoding="utf-8")
    with open(data / "sources.csv", "a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["test-2020", "测试", "测试", "2020-07-31", "", "sources/test-2020.txt"]
        )
    path = data / "observations.csv"
    text = path.read_text(encoding="utf-8")
    with open(path, "a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["fiscal_revenue", "2020H1", "27.65", "", yoy, change, "reported", "", "test-2020", quote]
        )
    return text.count("\n") + 1


def test_a_fall_as_printed_is_valid(data):
    add_fall(data, "-5.3", "财政收入27.65亿元,下降5.3%")
    assert validate(data) == []
    row = load(data).observations.query("indicator == 'fiscal_revenue' and period == '2020H1'").iloc[0]
    assert row["yoy_pct"] == -5.3


def test_a_fall_entered_as_a_rise_is_refused_with_file_row_and_column(data):
    line = add_fall(data, "5.3", "财政收入27.65亿元,下降5.3%")
    problems = [p for p in validate(data) if p.line == line]
    assert [(p.file, p.line, p.column) for p in problems] == [(OBS, line, "yoy_pct")]
    assert "prints a fall: 下降5.3" in problems[0].message


def test_a_rise_entered_as_a_fall_is_refused(data):
    line = add_fall(data, "-5.3", "财政收入27.65亿元,增长5.3%")
    problems = [p for p in validate(data) if p.line == line]
    assert [(p.column, "prints a rise" in p.message) for p in problems] == [("yoy_pct", True)]


def test_a_decrease_of_the_change_is_negative(data):
    line = add_fall(data, "-5.3", "财政收入27.65亿元,减少1.55亿元,下降5.3%", change="1.55")
    problems = [p for p in validate(data) if p.line == line]
    assert [(p.column, "prints a fall: 减少1.55" in p.message) for p in problems] == [("change", True)]


def test_the_direction_problems_are_said_in_chinese():
    from admin import strings as S

    samples = [
        signed_problem(5.3, "下降5.3%", "yoy_pct"),
        signed_problem(-5.3, "增长5.3%", "yoy_pct"),
        signed_problem(0, "基本持平", "yoy_pct"),
        signed_problem(-2.1, "由负转正,增长2.1%", "yoy_pct"),
        signed_problem(1.5, "提高1.5个百分点", "yoy_pct"),
        signed_problem(1.5, "提高1.5%", "change", ratio=True),
    ]
    for text in samples:
        zh = S.message(text, "zh")
        assert zh != text and "source_quote" not in zh, text
