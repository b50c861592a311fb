// name: targets-of-tasks
// description: The targets set by the given tasks, one row per target, with their deadlines (for
//   plan and task pages). For one unit's tasks unit-task-targets is faster: it starts from the unit.
// parameters: tasks (list[str]) — task ids
// returns: task_id, target_id, text, indicator, comparator, value, value_max, unit, deadline
UNWIND $tasks AS task_id
MATCH (t:Task {id: task_id})-[:SETS_TARGET]->(g:Target)
RETURN t.id AS task_id, g.id AS target_id, g.text AS text, g.indicator AS indicator,
       g.comparator AS comparator, g.value AS value, g.value_max AS value_max, g.unit AS unit,
       g.deadline AS deadline
ORDER BY task_id, g.span_start, target_id
