// name: tasks-led-by
// description: Tasks a unit leads (牵头), with the units that support it there (in the order the document names them).
// parameters: unit (str) — the unit's id
// returns: task_id, key, title, plan_id, plan_title, basis, supporters
// anchor: unit
MATCH (u:Unit {id: $unit})<-[a:ASSIGNED_TO]-(t:Task)<-[:HAS_TASK]-(p:Plan)
WHERE a.role = 'lead' AND NOT coalesce(p.superseded, false)
OPTIONAL MATCH (t)-[s:ASSIGNED_TO]->(o:Unit)
WHERE s.role = 'support' AND o.id <> u.id
RETURN t.id AS task_id, t.key AS key, t.title AS title, p.id AS plan_id, p.title AS plan_title,
       a.basis AS basis, collect(DISTINCT CASE WHEN o IS NULL THEN NULL ELSE {id: o.id, name: o.name, position: s.position} END) AS supporters
ORDER BY plan_id, key
