// name: search-tasks
// description: Tasks whose title or text contains every one of the given words (CONTAINS, no index),
//   with their units in the order the document names them.
// parameters: words (list[str]) — words separated by spaces, all of which must occur
// returns: task_id, key, title, plan_id, plan_title, units
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)
WHERE NOT coalesce(p.superseded, false)
  AND all(w IN $words WHERE coalesce(t.title, '') CONTAINS w OR coalesce(t.text, '') CONTAINS w)
OPTIONAL MATCH (t)-[a:ASSIGNED_TO]->(u:Unit)
RETURN t.id AS task_id, t.key AS key, t.title AS title, p.id AS plan_id, p.title AS plan_title,
       collect(DISTINCT CASE WHEN u IS NULL THEN NULL ELSE {id: u.id, name: u.name, position: a.position} END) AS units
ORDER BY plan_id, key
