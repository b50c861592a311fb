"""Tables drawn with box characters or as Markdown: rejoined as rows, then read as every other table is."""

from __future__ import annotations

import pytest

from fengong.loaders.clean import clean
from fengong.loaders.drawn_tables import RULE, drawn_table_edits
from fengong.loaders.pipeline import extract_bytes

HEAD = "宜宾市河道整治工作方案\n一、目标\n整治河道5条。\n二、重点任务\n"

BOX_WITH_RULES = """┌────┬──────────────┬──────────┬──────────┐
│序号│任务内容      │牵头单位  │配合单位  │
├────┼──────────────┼──────────┼──────────┤
│1   │清理河道淤泥，│区水务局  │区财政局  │
│    │修复生态护岸  │          │          │
├────┼──────────────┼──────────┼──────────┤
│2   │建设截污管网  │区建管委  │区水务局、│
│    │              │          │各街镇    │
└────┴──────────────┴──────────┴──────────┘
"""
BOX_WITHOUT_RULES = """┏━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━┓
┃序号┃任务内容      ┃牵头单位  ┃配合单位  ┃
┣━━━━╋━━━━━━━━━━━━━━╋━━━━━━━━━━╋━━━━━━━━━━┫
┃1   ┃清理河道淤泥，┃区水务局  ┃区财政局  ┃
┃    ┃修复生态护岸  ┃          ┃          ┃
┃2   ┃建设截污管网  ┃区建管委  ┃区水务局、┃
┃    ┃              ┃          ┃各街镇    ┃
┗━━━━┻━━━━━━━━━━━━━━┻━━━━━━━━━━┻━━━━━━━━━━┛
"""
MARKDOWN = """| 序号 | 任务内容 | 牵头单位 | 配合单位 |
| :---: | --- | --- | --- |
| 1 | 清理河道淤泥，修复生态护岸 | 区水务局 | 区财政局 |
| 2 | 建设截污管网 | 区建管委 | 区水务局、各街镇 |
"""


@pytest.mark.parametrize("table", [BOX_WITH_RULES, BOX_WITHOUT_RULES, MARKDOWN], ids=["box", "heavy-box", "markdown"])
def test_a_drawn_table_is_read_as_rows_with_their_roles(table):
    x, _ = extract_bytes((HEAD + table).encode(), "plan.txt")
    assert [(t.key, t.title, [(a.mention, a.role) for a in t.assignments]) for t in x.tasks] == [
        ("二/1", "清理河道淤泥，修复生态护岸", [("区水务局", "lead"), ("区财政局", "support")]),
        ("二/2", "建设截污管网", [("区建管委", "lead"), ("区水务局", "support"), ("各街镇", "support")]),
    ]


def test_the_repair_is_recorded_and_the_text_around_stays():
    cleaned = clean(HEAD + MARKDOWN + "三、保障措施\n加强领导。\n")
    (repair,) = [r for r in cleaned.repairs if r.rule == RULE]
    assert repair.after.split("\n")[0] == "序号\t任务内容\t牵头单位\t配合单位"
    assert cleaned.text.startswith(HEAD) and cleaned.text.endswith("三、保障措施\n加强领导。")


@pytest.mark.parametrize(
    "text",
    [
        "指标分为三类：A|B|C。\n",  # bars inside a sentence
        "———————————————\n",  # a rule alone
        "| 只有一行 | 表格 |\n",  # one row is no table
    ],
)
def test_what_is_not_a_drawn_table_is_left_alone(text):
    assert drawn_table_edits(text) == []
