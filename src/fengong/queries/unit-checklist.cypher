// name: unit-checklist
// description: The supervision checklist (督查清单) of one unit: every task of the current plans the
//   unit or one of its internal divisions (科室) is named on, with the unit or division named and its
//   role, every unit of the task (in the order the document names them), the latest deadline among
//   the task's targets and the end of the plan's period (the deadline when the targets give none).
//   One row per task and unit named; the targets themselves come from task-targets.
// parameters: unit (str) — the unit's id; its divisions are included
// returns: named_id, named, role, task_id, key, title, span_start, plan_id, plan_title, period_end, target_deadline, target_count, units
// anchor: unit
MATCH (m:Unit)-[:SUB_UNIT_OF*0..1]->(u:Unit {id: $unit})
MATCH (m)<-[a:ASSIGNED_TO]-(t:Task)<-[:HAS_TASK]-(p:Plan)
WHERE NOT coalesce(p.superseded, false)
OPTIONAL MATCH (t)-[:SETS_TARGET]->(g:Target)
WITH m, a, t, p, max(g.deadline) AS target_deadline, count(DISTINCT g.id) AS target_count
OPTIONAL MATCH (t)-[b:ASSIGNED_TO]->(o:Unit)
RETURN m.id AS named_id, m.name AS named, a.role AS role, t.id AS task_id, t.key AS key, t.title AS title,
       t.span_start AS span_start, p.id AS plan_id, p.title AS plan_title, p.period_end AS period_end,
       target_deadline, target_count,
       collect(DISTINCT CASE WHEN o IS NULL THEN NULL ELSE {id: o.id, name: o.name, role: b.role, position: b.position} END) AS units
ORDER BY plan_id, span_start, task_id, named_id
