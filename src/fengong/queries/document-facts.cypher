// name: document-facts
// description: Every fact extracted from one plan's document with its character span: tasks,
//   the units named for them (with role), targets, mechanisms and cited policies, for the
//   document page to mark in the text (role is empty but for units).
// parameters: plan (str) — the plan's id
// returns: kind, span_start, span_end, label, ref_id, role
// anchor: plan
MATCH (p:Plan {id: $plan})-[:HAS_TASK]->(t:Task)
RETURN 'task' AS kind, t.span_start AS span_start, t.span_end AS span_end, t.key AS label, t.id AS ref_id,
       '' AS role
UNION ALL
MATCH (p:Plan {id: $plan})-[:HAS_TASK]->(t:Task)-[a:ASSIGNED_TO]->(u:Unit)
RETURN 'unit' AS kind, a.span_start AS span_start, a.span_end AS span_end, u.name AS label, u.id AS ref_id,
       a.role AS role
UNION ALL
MATCH (p:Plan {id: $plan})-[:HAS_TARGET]->(g:Target)
RETURN 'target' AS kind, g.span_start AS span_start, g.span_end AS span_end, g.text AS label, g.id AS ref_id,
       '' AS role
UNION ALL
MATCH (p:Plan {id: $plan})-[m:ADOPTS]->(c:Mechanism)
RETURN 'mechanism' AS kind, m.span_start AS span_start, m.span_end AS span_end, c.name AS label, c.id AS ref_id,
       '' AS role
UNION ALL
MATCH (p:Plan {id: $plan})-[c:CITES]->(q:Policy)
RETURN 'citation' AS kind, c.span_start AS span_start, c.span_end AS span_end, coalesce(q.title, q.doc_number) AS label,
       q.id AS ref_id, '' AS role
