// name: bureau-workload
// description: Tasks per unit with its internal divisions (科室) counted as the bureau they belong
//   to, over every role: led (牵头), supported (配合), responsible (责任单位), and all distinct tasks;
//   current plans only, busiest first. Every unit of the slice (an aggregate per unit), so a page can
//   rank them, give each its share and measure how concentrated the work is.
// parameters:
//   plan (str, optional) — only this plan's tasks
//   jurisdiction (str, optional) — only units in this area or an area inside it (e.g. 广西壮族自治区)
// returns: unit_id, name, jurisdiction, collective, led, supported, responsible, total
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[a:ASSIGNED_TO]->(d:Unit)
WHERE NOT coalesce(p.superseded, false) AND (p.id = $plan OR $plan IS NULL)
OPTIONAL MATCH (d)-[:SUB_UNIT_OF]->(b:Unit)
WITH t, a, coalesce(b.id, d.id) AS uid
MATCH (u:Unit {id: uid})
WHERE (EXISTS { MATCH (u)-[:LOCATED_IN]->(:Jurisdiction)-[:PART_OF*0..3]->(:Jurisdiction {name: $jurisdiction}) }
       OR $jurisdiction IS NULL)
RETURN u.id AS unit_id, u.name AS name, u.jurisdiction AS jurisdiction, coalesce(u.collective, false) AS collective,
       count(DISTINCT CASE WHEN a.role = 'lead' THEN t.id END) AS led,
       count(DISTINCT CASE WHEN a.role = 'support' THEN t.id END) AS supported,
       count(DISTINCT CASE WHEN a.role = 'responsible' THEN t.id END) AS responsible,
       count(DISTINCT t.id) AS total
ORDER BY total DESC, led DESC, unit_id
