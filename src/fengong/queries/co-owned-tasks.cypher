// name: co-owned-tasks
// description: The flagship. Tasks a unit shares with at least one other unit (共同承担的任务): the
//   unit's own role and every other unit with its role (in the order the document names them), one row per task. Current plans only (a
//   superseded version is left out). The targets of these tasks come from unit-task-targets.
// parameters: unit (str) — the unit's id (find it with unit-search)
// returns: task_id, key, title, plan_id, plan_title, role, co_owners
// anchor: unit
MATCH (u:Unit {id: $unit})<-[a:ASSIGNED_TO]-(t:Task)<-[:HAS_TASK]-(p:Plan)
WHERE NOT coalesce(p.superseded, false)
WITH u, t, p, collect(a.role) AS roles
MATCH (t)-[b:ASSIGNED_TO]->(o:Unit)
WHERE o.id <> u.id
// No DISTINCT: rows_of writes one ASSIGNED_TO per task, unit and role, so each co-owner comes once.
WITH t, p, roles, collect({id: o.id, name: o.name, role: b.role, position: b.position}) AS co_owners
RETURN t.id AS task_id, t.key AS key, t.title AS title, p.id AS plan_id, p.title AS plan_title,
       CASE WHEN 'lead' IN roles THEN 'lead'
            WHEN 'responsible' IN roles THEN 'responsible'
            ELSE 'support' END AS role,
       co_owners
ORDER BY plan_id, t.span_start
