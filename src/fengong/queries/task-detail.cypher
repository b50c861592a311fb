// name: task-detail
// description: One task (任务) with its plan, its heading, where the document states it
//   (provenance: document, character span, source text, rule) and the mechanisms it names.
//   units-of-task and task-targets give its units and targets.
// parameters: task (str) — the task's id
// returns: task_id, key, title, text, kind, plan_id, plan_title, superseded, section_key, section_title, doc, span_start, span_end, source_text, rule, mechanisms
// anchor: task
MATCH (p:Plan)-[:HAS_TASK]->(t:Task {id: $task})
OPTIONAL MATCH (t)-[:IN_SECTION]->(s:Section)
OPTIONAL MATCH (t)-[m:USES]->(c:Mechanism)
RETURN t.id AS task_id, t.key AS key, t.title AS title, t.text AS text, t.kind AS kind,
       p.id AS plan_id, p.title AS plan_title, coalesce(p.superseded, false) AS superseded,
       s.key AS section_key, s.title AS section_title,
       t.doc AS doc, t.span_start AS span_start, t.span_end AS span_end, t.source_text AS source_text, t.rule AS rule,
       collect(DISTINCT CASE WHEN c IS NULL THEN NULL ELSE {id: c.id, name: c.name, surface: m.surface} END) AS mechanisms
