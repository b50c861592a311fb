// name: task-count
// description: How many tasks of the current plans name a unit of the slice (a task naming no unit
//   is nobody's work): the whole a unit's share of the work is measured against.
// parameters:
//   plan (str, optional) — only this plan's tasks
//   jurisdiction (str, optional) — only tasks naming a unit in this area or an area inside it
// returns: tasks
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)-[:ASSIGNED_TO]->(u:Unit)
WHERE NOT coalesce(p.superseded, false) AND (p.id = $plan OR $plan IS NULL)
  AND (EXISTS { MATCH (u)-[:LOCATED_IN]->(:Jurisdiction)-[:PART_OF*0..3]->(:Jurisdiction {name: $jurisdiction}) }
       OR $jurisdiction IS NULL)
RETURN count(DISTINCT t.id) AS tasks
