// name: unit-detail
// description: One unit (单位) with its jurisdiction, whether its name comes from reference data (known)
//   or is kept as a document writes it, the bureau it belongs to (for a 科室), and how
//   many tasks of current plans it leads (牵头), supports (配合), is responsible for, and in all.
// parameters: unit (str) — the unit's id
// returns: unit_id, name, kind, jurisdiction, collective, known, parent_id, parent_name, led, supported, responsible, total
// anchor: unit
MATCH (u:Unit {id: $unit})
OPTIONAL MATCH (u)-[:SUB_UNIT_OF]->(b:Unit)
OPTIONAL MATCH (u)<-[a:ASSIGNED_TO]-(t:Task)<-[:HAS_TASK]-(p:Plan)
WHERE NOT coalesce(p.superseded, false)
RETURN u.id AS unit_id, u.name AS name, u.kind AS kind, u.jurisdiction AS jurisdiction,
       coalesce(u.collective, false) AS collective, coalesce(u.known, false) AS known, b.id AS parent_id, b.name AS parent_name,
       count(DISTINCT CASE WHEN a.role = 'lead' THEN t.id END) AS led,
       count(DISTINCT CASE WHEN a.role = 'support' THEN t.id END) AS supported,
       count(DISTINCT CASE WHEN a.role = 'responsible' THEN t.id END) AS responsible,
       count(DISTINCT t.id) AS total
