// name: unit-workload
// description: Units ranked by how many tasks they carry: led (牵头), supported (配合),
//   responsible without a lead/support split (责任单位), and all distinct tasks.
// parameters:
//   plan (str, optional) — only this plan's tasks
//   jurisdiction (str, optional) — only units in this area or an area inside it (e.g. 广西壮族自治区)
//   limit (int, default 20) — how many units
// returns: unit_id, name, jurisdiction, led, supported, responsible, total
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[a:ASSIGNED_TO]->(u:Unit)
WHERE NOT coalesce(p.superseded, false)
  AND (p.id = $plan OR $plan IS NULL)
  AND (EXISTS { MATCH (u)-[:LOCATED_IN]->(:Jurisdiction)-[:PART_OF*0..3]->(:Jurisdiction {name: $jurisdiction}) }
       OR $jurisdiction IS NULL)
RETURN u.id AS unit_id, u.name AS name, u.jurisdiction AS jurisdiction,
       count(DISTINCT CASE WHEN a.role = 'lead' THEN t.id END) AS led,
       count(DISTINCT CASE WHEN a.role = 'support' THEN t.id END) AS supported,
       count(DISTINCT CASE WHEN a.role = 'responsible' THEN t.id END) AS responsible,
       count(DISTINCT t.id) AS total
ORDER BY total DESC, led DESC, unit_id
LIMIT $limit
