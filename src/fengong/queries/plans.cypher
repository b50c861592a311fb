// name: plans
// description: Loaded plans (规划/方案) with their head facts and how many tasks and targets each
//   has; one plan by id, or all. A superseded version is left out unless asked for.
// parameters:
//   plan (str, optional) — only the plan with this id
//   include_superseded (bool, default false) — also plans a newer version has replaced
// returns: plan_id, title, doc_number, date, period_start, period_end, jurisdiction, superseded, source, lead_rule, issuers, task_count, target_count
MATCH (p:Plan)
WHERE (p.id = $plan OR $plan IS NULL)
  AND (NOT coalesce(p.superseded, false) OR $include_superseded)
OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task)
WITH p, count(DISTINCT t.id) AS task_count
OPTIONAL MATCH (p)-[:HAS_TARGET]->(g:Target)
WITH p, task_count, count(DISTINCT g.id) AS target_count
OPTIONAL MATCH (p)-[:ISSUED_BY]->(i:Unit)
RETURN p.id AS plan_id, p.title AS title, p.doc_number AS doc_number, p.date AS date,
       p.period_start AS period_start, p.period_end AS period_end, p.jurisdiction AS jurisdiction,
       coalesce(p.superseded, false) AS superseded, p.source AS source, p.lead_rule AS lead_rule,
       collect(DISTINCT i.name) AS issuers, task_count, target_count
ORDER BY plan_id
