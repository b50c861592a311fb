// name: mechanisms
// description: Policy mechanisms (政策机制: 揭榜挂帅, 赛马制, 包干制 …) across plans: each one, whether
//   the SKOS scheme knows it, and the plans and tasks where it appears.
// parameters:
//   name (str, optional) — only mechanisms whose name contains these characters
//   plan (str, optional) — only this plan's mechanisms
//   jurisdiction (str, optional) — only plans governing this area or an area inside it
// returns: mechanism_id, name, in_scheme, plan_count, task_count, plans, tasks
MATCH (p:Plan)-[:ADOPTS]->(m:Mechanism)
WHERE NOT coalesce(p.superseded, false) AND (m.name CONTAINS $name OR $name IS NULL)
  AND (p.id = $plan OR $plan IS NULL)
  AND (EXISTS { MATCH (p)-[:GOVERNS]->(:Jurisdiction)-[:PART_OF*0..3]->(:Jurisdiction {name: $jurisdiction}) }
       OR $jurisdiction IS NULL)
OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task)-[:USES]->(m)
WITH m, collect(DISTINCT {id: p.id, title: p.title}) AS plans,
     collect(DISTINCT CASE WHEN t IS NULL THEN NULL ELSE {id: t.id, key: t.key, plan: p.id} END) AS tasks
RETURN m.id AS mechanism_id, m.name AS name, m.in_scheme AS in_scheme,
       size(plans) AS plan_count, size(tasks) AS task_count, plans, tasks
ORDER BY plan_count DESC, task_count DESC, mechanism_id
