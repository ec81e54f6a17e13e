// The tenant ($`tenant`) decides on its risk rule set at version $`version` still: no newer version was written
// since (0: it has none yet). Versions are rows written once, in increasing order, so the newest row is the current
// set. Written into the statement that acts on a decision, a rule set read from a cache is never acted on once a
// change of it has committed.
export const RISK_RULE_SET_IS_AT = (tenant: number, version: number): string => `
  COALESCE((SELECT version FROM risk_rule_sets WHERE tenant_id = $${tenant} ORDER BY version DESC LIMIT 1), 0)
    = $${version}`;
