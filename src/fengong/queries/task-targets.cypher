// name: task-targets
// description: The targets one task sets, in document order, with their deadlines (for the task
//   page). Starts at the task: a list of task ids after UNWIND did not use LadybugDB's primary-key
//   index and took some 20 ms per call at 10^5 tasks, this 0.2 ms (docs/benchmarks.md).
// parameters: task (str) — the task's id
// returns: task_id, target_id, text, indicator, comparator, value, value_max, unit, deadline
// anchor: task
MATCH (t:Task {id: $task})-[:SETS_TARGET]->(g:Target)
RETURN t.id AS task_id, g.id AS target_id, g.text AS text, g.indicator AS indicator,
       g.comparator AS comparator, g.value AS value, g.value_max AS value_max, g.unit AS unit,
       g.deadline AS deadline
ORDER BY g.span_start, target_id
