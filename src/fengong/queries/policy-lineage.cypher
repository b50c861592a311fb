// name: policy-lineage
// description: The policies each plan implements (贯彻落实) or cites, and, where a cited policy is
//   itself a loaded plan, that plan's id: city plan → provincial plan → national plan. A cited
//   policy is a loaded plan when their 文号 agree, or their titles do once spaces and title marks
//   are dropped, or the plan is the notice that issued it (关于印发/转发《…》的通知).
// parameters: plan (str, optional) — only this plan's citations
// returns: plan_id, plan_title, relation, policy_id, policy_title, policy_doc_number, loaded_plan_ids
MATCH (p:Plan)-[c:CITES]->(q:Policy)
WHERE NOT coalesce(p.superseded, false) AND (p.id = $plan OR $plan IS NULL)
WITH p, c, q,
     replace(replace(replace(replace(replace(replace(q.title, ' ', ''), '　', ''), '《', ''), '》', ''), '<', ''), '>', '') AS cited
OPTIONAL MATCH (m:Plan)
WHERE m.id <> p.id AND NOT coalesce(m.superseded, false)
WITH p, c, q, cited, m,
     replace(replace(replace(replace(replace(replace(m.title, ' ', ''), '　', ''), '《', ''), '》', ''), '<', ''), '>', '') AS title
WITH p, c, q,
     collect(CASE WHEN m.doc_number = q.doc_number OR title = cited
                       OR title ENDS WITH ('印发' + cited + '的通知') OR title ENDS WITH ('转发' + cited + '的通知')
                  THEN m.id END) AS matches
RETURN p.id AS plan_id, p.title AS plan_title, c.relation AS relation, q.id AS policy_id,
       q.title AS policy_title, q.doc_number AS policy_doc_number, matches AS loaded_plan_ids
ORDER BY plan_id, relation, policy_id
