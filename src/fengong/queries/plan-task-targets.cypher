// name: plan-task-targets
// description: The targets set by each task of a plan, one row per task and target, in document
//   order, with their deadlines (for the plan outline). Targets the plan states outside any task
//   are in `targets`.
// parameters: plan (str) — the plan's id
// returns: task_id, target_id, text, indicator, comparator, value, value_max, unit, deadline
// anchor: plan
MATCH (p:Plan {id: $plan})-[:HAS_TASK]->(t:Task)-[:SETS_TARGET]->(g:Target)
RETURN t.id AS task_id, g.id AS target_id, g.text AS text, g.indicator AS indicator,
       g.comparator AS comparator, g.value AS value, g.value_max AS value_max, g.unit AS unit,
       g.deadline AS deadline
ORDER BY task_id, g.span_start, target_id
