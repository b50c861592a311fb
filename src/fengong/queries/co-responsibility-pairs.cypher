// name: co-responsibility-pairs
// description: Pairs of units named on the same tasks (共同责任), weighted by how many tasks they
//   share: the edges of the co-responsibility network. Each pair once (a.id < b.id).
// parameters:
//   plan (str, optional) — only this plan's tasks (a superseded version too, asked for by id)
//   jurisdiction (str, optional) — only plans governing this area or an area inside it
//   role (str, optional) — only tasks naming both units with this role (lead, support, responsible)
//   limit (int, default 50) — how many pairs
// returns: unit_a, name_a, unit_b, name_b, weight
MATCH (a:Unit)<-[x:ASSIGNED_TO]-(t:Task)-[y:ASSIGNED_TO]->(b:Unit)
WHERE a.id < b.id AND ((x.role = $role AND y.role = $role) OR $role IS NULL)
MATCH (p:Plan)-[:HAS_TASK]->(t)
WHERE (p.id = $plan OR ($plan IS NULL AND NOT coalesce(p.superseded, false)))
  AND (EXISTS { MATCH (p)-[:GOVERNS]->(:Jurisdiction)-[:PART_OF*0..3]->(:Jurisdiction {name: $jurisdiction}) }
       OR $jurisdiction IS NULL)
RETURN a.id AS unit_a, a.name AS name_a, b.id AS unit_b, b.name AS name_b, count(DISTINCT t.id) AS weight
ORDER BY weight DESC, unit_a, unit_b
LIMIT $limit
