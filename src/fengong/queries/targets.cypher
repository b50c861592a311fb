// name: targets
// description: Quantitative targets (量化指标) with the task that sets them and the units of that
//   task with their roles (in the order the document names them). Every filter is optional; a
//   given one must hold.
// parameters:
//   deadline (int, optional) — only targets due in or before this year
//   indicator (str, optional) — only indicators containing these characters
//   jurisdiction (str, optional) — only plans governing this area or an area inside it
//   unit (str, optional) — only targets of tasks this unit (id) is named for
//   plan (str, optional) — only this plan's targets
//   comparator (str, optional) — only targets with this comparator (>=, >, <=, <, ~, range, =)
// returns: target_id, text, indicator, comparator, value, value_max, unit, deadline, plan_id, plan_title, task_id, task_key, units
MATCH (p:Plan)-[:HAS_TARGET]->(g:Target)
WHERE NOT coalesce(p.superseded, false)
  AND (p.id = $plan OR $plan IS NULL)
  AND (g.comparator = $comparator OR $comparator IS NULL)
  AND (g.deadline <= $deadline OR $deadline IS NULL)
  AND (g.indicator CONTAINS $indicator OR $indicator IS NULL)
  AND (EXISTS { MATCH (p)-[:GOVERNS]->(:Jurisdiction)-[:PART_OF*0..3]->(:Jurisdiction {name: $jurisdiction}) }
       OR $jurisdiction IS NULL)
OPTIONAL MATCH (t:Task)-[:SETS_TARGET]->(g)
WITH p, g, t
WHERE EXISTS { MATCH (t)-[:ASSIGNED_TO]->(x:Unit) WHERE x.id = $unit } OR $unit IS NULL
OPTIONAL MATCH (t)-[a:ASSIGNED_TO]->(o:Unit)
RETURN g.id AS target_id, g.text AS text, g.indicator AS indicator, g.comparator AS comparator,
       g.value AS value, g.value_max AS value_max, g.unit AS unit, g.deadline AS deadline,
       p.id AS plan_id, p.title AS plan_title, t.id AS task_id, t.key AS task_key,
       collect(DISTINCT CASE WHEN o IS NULL THEN NULL ELSE {id: o.id, name: o.name, role: a.role, position: a.position} END) AS units
ORDER BY deadline, plan_id, target_id
