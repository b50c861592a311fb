"""Task tables flattened one cell per line: rejoined as rows, then read as every other table is."""

from __future__ import annotations

import pytest

from fengong.loaders.clean import clean
from fengong.loaders.flat_tables import RULE, flat_table_edits
from fengong.loaders.pipeline import extract_bytes

HEAD = "附件1\n\n江川区2024年河道整治重点任务清单\n\n"


def rows(text: str) -> list[list[str]]:
    """The table rows the cleaning made of ``text`` (tab-separated lines)."""
    return [line.split("\t") for line in clean(text).text.split("\n") if "\t" in line]


def tasks(text: str) -> dict[str, tuple[str, list[str], list[str]]]:
    x, _ = extract_bytes(text.encode(), "plan.txt")
    return {
        t.key: (
            t.title,
            [a.mention for a in t.assignments if a.role == "lead"],
            [a.mention for a in t.assignments if a.role == "support"],
        )
        for t in x.tasks
    }


def test_one_cell_per_line_becomes_rows_with_their_roles():
    text = HEAD + (
        "序号\n\n任务\n\n牵头单位\n\n配合单位\n\n完成时限\n\n"
        "1\n\n清理河道淤泥\n\n区水务局\n\n各街镇\n\n2024年6月\n\n"
        "2\n\n建设生态护岸\n\n区建管委\n\n区水务局\n\n2024年底\n"
    )
    assert rows(text) == [
        ["序号", "任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "清理河道淤泥", "区水务局", "各街镇", "2024年6月"],
        ["2", "建设生态护岸", "区建管委", "区水务局", "2024年底"],
    ]
    assert tasks(text) == {
        "附件1/1": ("清理河道淤泥", ["区水务局"], ["各街镇"]),
        "附件1/2": ("建设生态护岸", ["区建管委"], ["区水务局"]),
    }


def test_a_group_cell_printed_once_spans_the_rows_below_it():
    text = HEAD + (
        "序号\n重点任务\n具体内容\n牵头部门\n配合部门\n时间节点\n"
        "1\n源头治理\n排查沿河排污口。建立整改台账。\n区生态环境局\n区水务局\n2024年3月\n"
        "2\n封堵违法排污口。\n区城管执法局\n各街道\n2024年\n"
        "3\n长效管护\n落实河长巡河制度。\n区河长办\n各镇\n长期\n"
    )
    assert [r[1:3] for r in rows(text)[1:]] == [
        ["源头治理", "排查沿河排污口。建立整改台账。"],
        ["", "封堵违法排污口。"],
        ["长效管护", "落实河长巡河制度。"],
    ]
    assert tasks(text) == {  # the task is named by its content (the first sentence), not by its group
        "附件1/1": ("排查沿河排污口", ["区生态环境局"], ["区水务局"]),
        "附件1/2": ("封堵违法排污口", ["区城管执法局"], ["各街道"]),
        "附件1/3": ("落实河长巡河制度", ["区河长办"], ["各镇"]),
    }


@pytest.mark.parametrize(
    ("unit_lines", "lead", "support"),
    [
        ("区水务局、区财政局、\n区农业农村委\n各街镇\n", ["区水务局", "区财政局", "区农业农村委"], ["各街镇"]),  # after 、
        ("区水务局\n区财政局\n区农业农村委\n", ["区水务局"], ["区财政局", "区农业农村委"]),  # a cell over two lines
        ("区水务局、区财政局\n", ["区水务局", "区财政局"], []),  # the 配合 cell empty
    ],
)
def test_unit_cells_broken_over_lines_or_left_empty(unit_lines, lead, support):
    text = HEAD + (
        f"序号\n任务\n牵头单位\n配合单位\n完成时限\n1\n疏浚骨干河道\n{unit_lines}2024年9月\n"
        "2\n修复岸线绿化\n区绿化市容局\n各街镇\n2024年10月\n"
    )
    assert tasks(text)["附件1/1"] == ("疏浚骨干河道", lead, support)


def test_the_text_after_the_table_stays_text():
    text = HEAD + (
        "序号\n任务\n牵头单位\n完成时限\n1\n清理河道淤泥\n区水务局\n2024年6月\n2\n建设生态护岸\n区建管委\n2024年底\n"
        "附件2\n江川区河道整治资金安排表\n"
    )
    cleaned = clean(text).text
    assert cleaned.endswith("2\t建设生态护岸\t区建管委\t2024年底\n附件2\n江川区河道整治资金安排表")


@pytest.mark.parametrize(
    "table",
    [
        "序号\n街镇\n整治河道（条）\n护岸（公里）\n1\n大场镇\n12\n3.5\n2\n月浦镇\n8\n2.1\n",  # no task or unit column
        "序号\n任务\n牵头单位\n完成时限\n清理河道淤泥\n区水务局\n2024年6月\n",  # rows without numbers
        "序号\n任务\n牵头单位\n完成时限\n1\n清理河道淤泥\n区水务局\n2024年6月\n",  # a single row
    ],
)
def test_what_is_not_a_flattened_task_table_is_left_as_text(table):
    assert flat_table_edits(HEAD + table) == []


def test_the_repair_is_recorded_and_the_cells_are_found_in_the_cleaned_text():
    text = HEAD + "序号\n任务\n牵头单位\n完成时限\n1\n清理河道淤泥\n区水务局\n2024年6月\n2\n建设生态护岸\n区建管委\n2024年底\n"
    cleaned = clean(text)
    (repair,) = [r for r in cleaned.repairs if r.rule == RULE]
    assert repair.before.startswith("序号\n任务") and repair.after.startswith("序号\t任务\t牵头单位")
    x, _ = extract_bytes(text.encode(), "plan.txt")
    task = x.tasks[0]
    assert cleaned.text[task.provenance.start : task.provenance.end].startswith("1\t清理河道淤泥\t区水务局")
