// name: co-owned-tasks
// description: The flagship. Tasks a unit shares with at least one other unit (共同承担的任务): the
//   unit's own role, every other unit with its role, and the targets the task sets with their
//   deadlines. Current plans only (a superseded version is left out).
// parameters: unit (str) — the unit's id (find it with unit-search)
// returns: task_id, key, title, plan_id, plan_title, role, co_owners, targets
MATCH (u:Unit {id: $unit})<-[a:ASSIGNED_TO]-(t:Task)<-[:HAS_TASK]-(p:Plan)
WHERE NOT coalesce(p.superseded, false)
WITH u, t, p, collect(DISTINCT a.role) AS roles
MATCH (t)-[b:ASSIGNED_TO]->(o:Unit)
WHERE o.id <> u.id
WITH t, p, roles, collect(DISTINCT {id: o.id, name: o.name, role: b.role}) AS co_owners
OPTIONAL MATCH (t)-[:SETS_TARGET]->(g:Target)
WITH t, p, roles, co_owners,
     collect(DISTINCT CASE WHEN g IS NULL THEN NULL
                           ELSE {text: g.text, value: g.value, unit: g.unit, deadline: g.deadline} END) AS targets
RETURN t.id AS task_id, t.key AS key, t.title AS title, p.id AS plan_id, p.title AS plan_title,
       CASE WHEN 'lead' IN roles THEN 'lead'
            WHEN 'responsible' IN roles THEN 'responsible'
            ELSE 'support' END AS role,
       co_owners, targets
ORDER BY plan_id, t.span_start
