// name: units-in-jurisdiction
// description: The units of one area ('' for those whose area the documents do not say), by kind,
//   busiest first, each with the tasks it is named for and those it leads: the unit index of an area.
// parameters:
//   jurisdiction (str) — the area's name, as unit-jurisdictions gives it
//   limit (int, default 2000) — how many units
// returns: unit_id, name, kind, collective, tasks, led
MATCH (u:Unit)
WHERE coalesce(u.jurisdiction, '') = $jurisdiction
OPTIONAL MATCH (u)<-[a:ASSIGNED_TO]-(t:Task)
RETURN u.id AS unit_id, u.name AS name, coalesce(u.kind, '') AS kind, coalesce(u.collective, false) AS collective,
       count(DISTINCT t.id) AS tasks, count(DISTINCT CASE WHEN a.role = 'lead' THEN t.id END) AS led
ORDER BY kind, tasks DESC, name, unit_id
LIMIT $limit
