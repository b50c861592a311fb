// name: unit-task-targets
// description: The targets set by every task a unit is named for, one row per task and target,
//   with deadlines: the second half of the flagship (co-owned-tasks gives the tasks, this their
//   targets). Kept apart because collecting targets inside the flagship made every call several
//   times slower on both engines (docs/benchmarks.md). Current plans only.
// parameters: unit (str) — the unit's id
// returns: task_id, target_id, text, indicator, comparator, value, value_max, unit, deadline
// anchor: unit
MATCH (u:Unit {id: $unit})<-[:ASSIGNED_TO]-(t:Task)-[:SETS_TARGET]->(g:Target)<-[:HAS_TARGET]-(p:Plan)
// One path from the unit: a MATCH of the plan after the WITH made LadybugDB scan every HAS_TARGET.
WHERE NOT coalesce(p.superseded, false)
WITH DISTINCT t, g
RETURN t.id AS task_id, g.id AS target_id, g.text AS text, g.indicator AS indicator,
       g.comparator AS comparator, g.value AS value, g.value_max AS value_max, g.unit AS unit,
       g.deadline AS deadline
ORDER BY task_id, g.span_start, target_id
