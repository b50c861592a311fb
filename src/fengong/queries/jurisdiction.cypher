// name: jurisdiction
// description: An area (行政区划) by its name or id, with its level, GB/T 2260 code and the area it
//   belongs to: whether an area a filter names is in the graph at all (areas are few; no index).
// parameters: name (str) — the area's name (柳州市) or id
// returns: jurisdiction_id, name, level, code, parent
MATCH (j:Jurisdiction)
WHERE j.name = $name OR j.id = $name
OPTIONAL MATCH (j)-[:PART_OF]->(p:Jurisdiction)
RETURN j.id AS jurisdiction_id, j.name AS name, j.level AS level, j.code AS code, p.name AS parent
ORDER BY jurisdiction_id
