// name: plan-outline
// description: A plan as the document orders it: each task under its section heading, with the
//   units named for it and their roles, in the order the document names them.
// parameters: plan (str) — the plan's id
// returns: position, section_key, section_title, task_id, task_key, task_title, units
// anchor: plan
MATCH (p:Plan {id: $plan})-[:HAS_TASK]->(t:Task)
OPTIONAL MATCH (t)-[:IN_SECTION]->(s:Section)
OPTIONAL MATCH (t)-[a:ASSIGNED_TO]->(u:Unit)
WITH t, s, collect(DISTINCT CASE WHEN u IS NULL THEN NULL ELSE {id: u.id, name: u.name, role: a.role, position: a.position} END) AS units
RETURN t.span_start AS position, s.key AS section_key, s.title AS section_title,
       t.id AS task_id, t.key AS task_key, t.title AS task_title, units
ORDER BY position, task_id
