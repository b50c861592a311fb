// name: units-of-task
// description: Every unit named for one task, in the order the document names them, with its
//   role, why that role (basis) and the words the document used (mention).
// parameters: task (str) — the task's id
// returns: unit_id, name, jurisdiction, role, basis, mention, position
// anchor: task
MATCH (t:Task {id: $task})-[a:ASSIGNED_TO]->(u:Unit)
RETURN u.id AS unit_id, u.name AS name, u.jurisdiction AS jurisdiction, a.role AS role,
       a.basis AS basis, a.mention AS mention, a.position AS position
ORDER BY position, unit_id
