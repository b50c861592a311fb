// name: document-text
// description: A plan's document as the extraction read it: the cleaned text every span points
//   into, and the repairs the cleaning made (JSON: rule, span, before, after), for the document page.
// parameters: plan (str) — the plan's id
// returns: plan_id, title, doc, source, text, repairs
// anchor: plan
MATCH (p:Plan {id: $plan})
RETURN p.id AS plan_id, p.title AS title, p.doc_id AS doc, p.source AS source, p.text AS text, p.repairs AS repairs
