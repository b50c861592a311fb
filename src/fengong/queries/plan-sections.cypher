// name: plan-sections
// description: A plan's headings (章节) in document order, with their numbering path, including
//   headings that hold no task of their own; plan-outline gives the tasks under them.
// parameters: plan (str) — the plan's id
// returns: section_id, key, title, position
// anchor: plan
MATCH (p:Plan {id: $plan})-[:HAS_SECTION]->(s:Section)
RETURN s.id AS section_id, s.key AS key, s.title AS title, s.span_start AS position
ORDER BY position, section_id
