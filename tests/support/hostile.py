"""An invented plan whose title, task titles and unit names carry script: what an attacker would upload.

Every payload, if a browser ever ran it, sets ``localStorage.pwnedN`` (N its number): one key
per payload, shared by a page and the views it frames (same origin), kept across navigations.
So after visiting every page, hovering and clicking, ``localStorage.length == 0`` means none ran.
Payloads avoid parentheses, which the responsibility clause uses itself.
"""

from __future__ import annotations

from fengong.loaders.pipeline import extract_bytes
from fengong.ontology.model import Extraction


def mark(n: int) -> str:
    return f"localStorage.pwned{n}=1"


PAYLOADS: dict[int, str] = {
    1: f"<script>{mark(1)}</script>",  # plain script element
    2: f"<img src=x onerror={mark(2)}>href",  # event handler, plus the word that switched pyvis to innerHTML tooltips
    3: f'"><svg onload={mark(3)}>',  # attribute breakout
    4: f"</script><script>{mark(4)}</script>",  # breaking out of an inline script's JSON
    5: f"javascript:{mark(5)}",  # a URL scheme, if any text became a link
    6: f"{{{{constructor.constructor('{mark(6)}')}}}}",  # template-engine expression
    7: f"${{{mark(7)}}}",  # JS template literal
    8: f"<iframe srcdoc='<script>parent.{mark(8)}</script>'></iframe>",  # nested document
    9: f"<a href=javascript:{mark(9)}>点击</a>",  # link with script URL
    10: f"<details open ontoggle={mark(10)}>",  # handler that fires without user action
    11: f"'-{mark(11)}-'",  # JS string breakout
    12: f"<body onload={mark(12)}>",  # second body
    13: f"<style>@import'javascript:{mark(13)}'</style>",  # style element
}

HOSTILE_PLAN = f"""柳州市科技创新{PAYLOADS[1]}行动方案
柳政办发〔2024〕9号

一、重点任务{PAYLOADS[12]}
（一）建设{PAYLOADS[2]}创新平台。加快建设重点实验室，到2025年新增10家。（责任单位：市{PAYLOADS[3]}局、市财政局）
（二）实施{PAYLOADS[6]}{PAYLOADS[7]}人才计划。引进高层次人才。（牵头单位：市科技局；配合单位：市{PAYLOADS[4]}办）
（三）推进{PAYLOADS[5]}成果转化。（责任单位：市科技局、市{PAYLOADS[9]}中心）
（四）完善{PAYLOADS[8]}评价机制，实行揭榜挂帅。（责任单位：市{PAYLOADS[10]}委、市科技局）
（五）优化{PAYLOADS[13]}{PAYLOADS[11]}服务。（牵头单位：市财政局；配合单位：市科技局）
"""


def hostile_extraction() -> Extraction:
    """The hostile plan, through the real extraction pipeline."""
    extraction, _ = extract_bytes(HOSTILE_PLAN.encode("utf-8"), "hostile.txt")
    return extraction


# Formulas (OWASP's CSV-injection examples, invented variants) and the characters XML 1.0 forbids.
FORMULAS = ('=HYPERLINK("http://example.invalid/x","点击查看")', "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3")
CONTROLS = "\x00\x01\x08\x0b\x0c\x1b\x1f\ufffe\uffff"
CONTROL_PLAN = f"""柳州市科技创新\x1b行动方案
柳政办发〔2024〕9号

一、重点任务
（一）建设\x1b[31m红色\u202e平台{CONTROLS}。到2025年新增10家。（责任单位：市财\x1b政局、市科技局）
（二）{FORMULAS[0]}推进。（责任单位：市财政局、{FORMULAS[1]}办公室）
（三）{FORMULAS[2]}任务。（牵头单位：市财政局；配合单位：市科技局）
（四）{FORMULAS[3]}工作。（责任单位：市科技局）
（五）{FORMULAS[1]}考核。（责任单位：市财政局）
"""


def control_extraction() -> Extraction:
    """A plan whose text carries formulas and control characters, through the real extraction pipeline."""
    extraction, _ = extract_bytes(CONTROL_PLAN.encode("utf-8"), "controls.txt")
    return extraction
