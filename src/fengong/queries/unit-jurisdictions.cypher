// name: unit-jurisdictions
// description: The areas units belong to, each with how many units it has ('' for units whose area
//   the documents do not say), most units first: the first level of the unit index.
// parameters: none
// returns: jurisdiction, units
MATCH (u:Unit)
RETURN coalesce(u.jurisdiction, '') AS jurisdiction, count(*) AS units
ORDER BY units DESC, jurisdiction
