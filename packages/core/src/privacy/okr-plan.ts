/**
 * The one rule of what OKR views (the cascade, the burn-down) withhold at min-group k, so that the
 * two never disagree (issue 17: the cascade withheld key results' numbers that the burn-down's
 * per-key-result lines showed): a key result's numbers are withheld when its objective belongs to a
 * team of fewer than k people (company-level objectives excepted). The cascade applies it per node
 * row (`team_size`, cascade/view-query.ts); the burn-down drops the lines and alerts of these key
 * results (burndown/query.ts).
 */
import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import { derived } from '../queries/derived.js';

/** The ids of key results withheld at min-group `k` (once per data version and k). */
export function withheldKeyResults(connector: Connector, k: number): Promise<ReadonlySet<string>> {
  const size = Math.max(1, Math.floor(k));
  return derived(connector, `privacy:withheld-krs:${size}`, async () => {
    const rows = await queryRows<{ id: string }>(
      connector,
      `WITH ts AS (SELECT team_id, count(*) AS n FROM people WHERE team_id IS NOT NULL GROUP BY team_id)
       SELECT k.key_result_id AS id FROM key_results k JOIN objectives o USING (objective_id)
         LEFT JOIN ts ON ts.team_id = o.team_id
        WHERE o.team_id IS NOT NULL AND o.level IS DISTINCT FROM 'company' AND coalesce(ts.n, 0) < ?`,
      [size],
    );
    return new Set(rows.map((r) => r.id));
  });
}
