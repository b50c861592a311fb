// name: mechanism-usage
// description: Where a mechanism (政策机制) is used: each current plan that names it, the plan's
//   jurisdiction, the words it used, and the plan's tasks that name it. One row per mechanism and
//   plan; a mechanism no current plan names gives one row with a null plan.
// parameters: mechanism (str, optional) — the mechanism's id (a SKOS concept IRI, or new:<name>); all when absent
// returns: mechanism_id, name, in_scheme, plan_id, plan_title, jurisdiction, surfaces, tasks
MATCH (m:Mechanism)
WHERE (m.id = $mechanism OR $mechanism IS NULL)
OPTIONAL MATCH (p:Plan)-[a:ADOPTS]->(m)
WHERE NOT coalesce(p.superseded, false)
OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task)-[:USES]->(m)
RETURN m.id AS mechanism_id, m.name AS name, m.in_scheme AS in_scheme,
       p.id AS plan_id, p.title AS plan_title, p.jurisdiction AS jurisdiction,
       collect(DISTINCT a.surface) AS surfaces,
       collect(DISTINCT CASE WHEN t IS NULL THEN NULL ELSE {id: t.id, key: t.key, title: t.title} END) AS tasks
ORDER BY mechanism_id, plan_id
