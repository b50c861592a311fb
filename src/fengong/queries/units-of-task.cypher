// name: units-of-task
// description: Every unit named for one task, in the order the document names them, with its
//   role, why that role (basis), the words the document used (mention) and where (the span of
//   the mention, the line it stands in, the rule that read it).
// parameters: task (str) — the task's id
// returns: unit_id, name, jurisdiction, role, basis, mention, position, span_start, span_end, source_text, rule
// anchor: task
MATCH (t:Task {id: $task})-[a:ASSIGNED_TO]->(u:Unit)
RETURN u.id AS unit_id, u.name AS name, u.jurisdiction AS jurisdiction, a.role AS role,
       a.basis AS basis, a.mention AS mention, a.position AS position,
       a.span_start AS span_start, a.span_end AS span_end, a.source_text AS source_text, a.rule AS rule
ORDER BY position, unit_id
