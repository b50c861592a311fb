"""Data the network tests share: a small invented snapshot counted by hand, and the corpus as a snapshot.

The invented city 甲市 (with its district 乙区) has two current plans and one superseded one:

    plan p-jia (甲市科技创新行动方案)        plan p-yi (乙区人才工作要点)
    T1  科技局 lead, 财政局 support, 发改委 support     T6  人社局 lead, 各有关部门 support
    T2  科技局 lead, 财政局 support                     T7  人社局 responsible
    T3  财政局 lead, 发改委 support
    T4  发改委 lead, 财政局 support                  plan p-old (superseded): T0 教育局 lead, 科技局 support
    T5  教育局 lead, 发改委 support

Co-responsibility links: 科技局–财政局 2 (T1, T2), 科技局–发改委 1 (T1), 财政局–发改委 3 (T1, T3,
T4), 发改委–教育局 1 (T5), 人社局–各有关部门 1 (T6). 人社局 and 各有关部门 sit in 乙区 (part of 甲市),
the others in 甲市. The superseded plan's link 教育局–科技局 must never appear.
"""

from __future__ import annotations

from fengong.graph.snapshot import Snapshot

KEJI, CAIZHENG, FAGAI, JIAOYU, RENSHE, GEYOUGUAN = "u-keji", "u-caizheng", "u-fagai", "u-jiaoyu", "u-renshe", "u-all"
UNIT_NAMES = {
    KEJI: "甲市科技局",
    CAIZHENG: "甲市财政局",
    FAGAI: "甲市发改委",
    JIAOYU: "甲市教育局",
    RENSHE: "乙区人社局",
    GEYOUGUAN: "乙区各有关部门",
}
PLAN_JIA, PLAN_YI, PLAN_OLD = "p-jia", "p-yi", "p-old"
TASKS = {  # task -> (plan, [(unit, role)])
    "T1": (PLAN_JIA, [(KEJI, "lead"), (CAIZHENG, "support"), (FAGAI, "support")]),
    "T2": (PLAN_JIA, [(KEJI, "lead"), (CAIZHENG, "support")]),
    "T3": (PLAN_JIA, [(CAIZHENG, "lead"), (FAGAI, "support")]),
    "T4": (PLAN_JIA, [(FAGAI, "lead"), (CAIZHENG, "support")]),
    "T5": (PLAN_JIA, [(JIAOYU, "lead"), (FAGAI, "support")]),
    "T6": (PLAN_YI, [(RENSHE, "lead"), (GEYOUGUAN, "support")]),
    "T7": (PLAN_YI, [(RENSHE, "responsible")]),
    "T0": (PLAN_OLD, [(JIAOYU, "lead"), (KEJI, "support")]),
}


def invented_snapshot() -> Snapshot:
    in_yi = {RENSHE, GEYOUGUAN}
    return Snapshot(
        nodes={
            "Plan": {
                PLAN_JIA: {"id": PLAN_JIA, "title": "甲市科技创新行动方案", "superseded": False},
                PLAN_YI: {"id": PLAN_YI, "title": "乙区人才工作要点", "superseded": False},
                PLAN_OLD: {"id": PLAN_OLD, "title": "甲市科技创新行动方案(旧)", "superseded": True},
            },
            "Task": {
                t: {"id": t, "plan": plan, "key": f"一/{t[1]}", "title": f"任务{t}"} for t, (plan, _) in TASKS.items()
            },
            "Unit": {
                u: {
                    "id": u,
                    "name": name,
                    "kind": "collective" if u == GEYOUGUAN else "department",
                    "jurisdiction": "乙区" if u in in_yi else "甲市",
                    "collective": u == GEYOUGUAN,
                }
                for u, name in UNIT_NAMES.items()
            },
            "Jurisdiction": {
                "j-jia": {"id": "j-jia", "name": "甲市", "level": "city"},
                "j-yi": {"id": "j-yi", "name": "乙区", "level": "district"},
            },
        },
        rels={
            "ASSIGNED_TO": [
                {"source": t, "target": u, "role": role} for t, (_, named) in TASKS.items() for u, role in named
            ],
            "LOCATED_IN": [{"source": u, "target": "j-yi" if u in in_yi else "j-jia"} for u in UNIT_NAMES],
            "PART_OF": [{"source": "j-yi", "target": "j-jia"}],
        },
    )
