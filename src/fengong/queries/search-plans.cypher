// name: search-plans
// description: Current plans whose title contains every one of the given words (CONTAINS, no
//   index), in id order: the plans a search names, without reading every plan.
// parameters: words (list[str]) — words separated by spaces, all of which must occur
// returns: plan_id, title, jurisdiction
MATCH (p:Plan)
WHERE NOT coalesce(p.superseded, false)
  AND all(w IN $words WHERE coalesce(p.title, '') CONTAINS w)
RETURN p.id AS plan_id, p.title AS title, p.jurisdiction AS jurisdiction
ORDER BY plan_id
