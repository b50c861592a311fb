"""The hostile-query corpus and ordinary reads the console tests of the store and of the API share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

HOSTILE = Path(__file__).with_name("hostile_cypher.txt")


@dataclass(frozen=True)
class Hostile:
    expect: str  # "refuse" or "stop"
    attempt: str
    cypher: str


def _unescape(text: str) -> str:
    named = {"r": "\r", "n": "\n", "t": "\t"}
    return re.sub(r"\\(u[0-9a-fA-F]{4}|[rnt])", lambda m: named.get(m[1]) or chr(int(m[1][1:], 16)), text)


def hostile_corpus() -> list[Hostile]:
    entries: list[Hostile] = []
    for block in re.split(r"^#> ", HOSTILE.read_text(encoding="utf-8"), flags=re.M)[1:]:
        head, _, body = block.partition("\n")
        expect, _, attempt = head.partition(": ")
        lines = [line for line in body.splitlines() if line.strip() and not line.startswith("# ")]
        cypher = "\n".join(lines)
        entries.append(Hostile(expect, attempt, _unescape(cypher) if "(escaped)" in attempt else cypher))
    return entries


CORPUS = hostile_corpus()


READS = [
    "MATCH (u:Unit) RETURN u.id AS id, u.name AS name ORDER BY id",
    "MATCH (t:Task)-[a:ASSIGNED_TO]->(u:Unit) RETURN u.name AS unit, count(t) AS tasks ORDER BY tasks DESC, unit LIMIT 5",
    "MATCH (t:Task) OPTIONAL MATCH (t)-[:SETS_TARGET]->(g:Target) RETURN t.id AS task, count(g) AS targets ORDER BY task",
    "MATCH (t:Task) WHERE t.title CONTAINS 'CREATE' OR t.text CONTAINS 'SET' RETURN t.id AS id ORDER BY id",
    "MATCH (u:Unit) WHERE u.name = $name RETURN u.id AS id",
    "MATCH (p:Plan) RETURN p.id AS id, 'CREATE (n) ; DELETE n // not a comment' AS note ORDER BY id",
    "MATCH (u:Unit) RETURN u.id AS `set_by`, u.name AS `DELETE` ORDER BY `set_by` LIMIT 3 // trailing comment",
    "MATCH (u:Unit) /* CREATE (:Unit) */ RETURN count(u) AS n;",
    "UNWIND range(1, 5) AS i RETURN i, i * i AS sq",
]
