// name: network-units
// description: The units of the co-responsibility network (共同责任网络) of the current plans, of one
//   plan or of the plans governing an area: every unit named on one of their tasks, with its kind,
//   whether it is a collective (各有关部门), and its tasks by role; busiest first. The nodes to
//   co-responsibility-pairs' edges (the same filters), for the network explorer.
// parameters:
//   plan (str, optional) — only this plan's tasks (a superseded version too, asked for by id)
//   jurisdiction (str, optional) — only plans governing this area or an area inside it
//   role (str, optional) — only assignments with this role (lead, support, responsible)
//   limit (int, default 5000) — how many units
// returns: unit_id, name, jurisdiction, kind, collective, led, supported, responsible, total
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[a:ASSIGNED_TO]->(u:Unit)
WHERE (p.id = $plan OR ($plan IS NULL AND NOT coalesce(p.superseded, false)))
  AND (a.role = $role OR $role IS NULL)
  AND (EXISTS { MATCH (p)-[:GOVERNS]->(:Jurisdiction)-[:PART_OF*0..3]->(:Jurisdiction {name: $jurisdiction}) }
       OR $jurisdiction IS NULL)
RETURN u.id AS unit_id, u.name AS name, u.jurisdiction AS jurisdiction, coalesce(u.kind, '') AS kind,
       coalesce(u.collective, false) AS collective,
       count(DISTINCT CASE WHEN a.role = 'lead' THEN t.id END) AS led,
       count(DISTINCT CASE WHEN a.role = 'support' THEN t.id END) AS supported,
       count(DISTINCT CASE WHEN a.role = 'responsible' THEN t.id END) AS responsible,
       count(DISTINCT t.id) AS total
ORDER BY total DESC, unit_id
LIMIT $limit
