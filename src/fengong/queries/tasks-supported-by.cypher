// name: tasks-supported-by
// description: Tasks a unit supports (配合), with the units that lead them (in the order the document names them).
// parameters: unit (str) — the unit's id
// returns: task_id, key, title, plan_id, plan_title, basis, leads
// anchor: unit
MATCH (u:Unit {id: $unit})<-[a:ASSIGNED_TO]-(t:Task)<-[:HAS_TASK]-(p:Plan)
WHERE a.role = 'support' AND NOT coalesce(p.superseded, false)
OPTIONAL MATCH (t)-[l:ASSIGNED_TO]->(o:Unit)
WHERE l.role = 'lead' AND o.id <> u.id
RETURN t.id AS task_id, t.key AS key, t.title AS title, p.id AS plan_id, p.title AS plan_title,
       a.basis AS basis, collect(DISTINCT CASE WHEN o IS NULL THEN NULL ELSE {id: o.id, name: o.name, position: l.position} END) AS leads
ORDER BY plan_id, key
