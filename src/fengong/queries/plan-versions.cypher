// name: plan-versions
// description: The loaded versions of a plan's document, the plan itself included, by the rule a
//   load supersedes by: the same 文号 when both have one, else the same title in the same area. The
//   current version first, then the superseded ones by document date, newest first.
// parameters: plan (str) — the plan's id
// returns: plan_id, plan_title, doc_number, date, superseded
// anchor: plan
MATCH (p:Plan {id: $plan})
MATCH (o:Plan)
WHERE o.id = p.id
   OR (p.doc_number IS NOT NULL AND o.doc_number IS NOT NULL AND o.doc_number = p.doc_number)
   OR ((p.doc_number IS NULL OR o.doc_number IS NULL) AND p.title IS NOT NULL AND o.title = p.title
       AND coalesce(o.jurisdiction, '') = coalesce(p.jurisdiction, ''))
RETURN o.id AS plan_id, o.title AS plan_title, o.doc_number AS doc_number, o.date AS date,
       coalesce(o.superseded, false) AS superseded
ORDER BY superseded, date DESC, plan_id
