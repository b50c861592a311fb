// name: unit-search
// description: Units whose full name contains every given word, one row per unit: the same
//   words in two jurisdictions are two units (市财政局 → 柳州市财政局 and 广元市财政局). Shorter,
//   closer names first. Use the id with co-owned-tasks and the other unit queries.
// parameters: name (list[str]) — the name or words of it (财政局, 市财政局, 柳州 财政)
// returns: unit_id, name, kind, jurisdiction, parent, tasks
MATCH (u:Unit)
WHERE all(w IN $name WHERE u.name CONTAINS w)
OPTIONAL MATCH (u)-[:SUB_UNIT_OF]->(b:Unit)
OPTIONAL MATCH (u)<-[:ASSIGNED_TO]-(t:Task)
RETURN u.id AS unit_id, u.name AS name, u.kind AS kind, u.jurisdiction AS jurisdiction,
       b.name AS parent, count(DISTINCT t.id) AS tasks
ORDER BY size(name), name, unit_id
