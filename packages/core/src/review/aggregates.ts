import { queryRows, type Connector } from '../connector.js';
import { keyResultProgressSql } from '../burndown/progress-sql.js';
import { derived } from '../queries/derived.js';

/**
 * Pre-aggregates of the review queries, built once per data version inside DuckDB (every load
 * invalidates them), so one person's evidence never scans all check-ins for these:
 *
 * - `plumb_agg_review_other_authors(author_id, key_result_id, first_at)`: who wrote check-ins on key
 *   results they do not own (a small table: most check-ins are written by the owner);
 * - `plumb_agg_review_reached(key_result_id, day)`: the first check-in whose value gives progress 1
 *   (the day a key result reached its target).
 */
export function reviewAggregates(connector: Connector): Promise<{ otherAuthors: string; reached: string }> {
  return derived(connector, 'agg:review', async () => {
    const progress = keyResultProgressSql('k.start_value', 'k.target_value', 'c.value');
    await connector.query(`CREATE OR REPLACE TABLE plumb_agg_review_other_authors AS
      SELECT c.author_id, c.key_result_id, min(c.checked_at) AS first_at
        FROM check_ins c JOIN key_results k USING (key_result_id)
       WHERE c.author_id IS NOT NULL AND c.author_id IS DISTINCT FROM k.owner_id
       GROUP BY c.author_id, c.key_result_id`);
    await connector.query(`CREATE OR REPLACE TABLE plumb_agg_review_reached AS
      SELECT c.key_result_id, min(c.checked_at) AS day
        FROM check_ins c JOIN key_results k USING (key_result_id)
       WHERE ${progress} >= 1
       GROUP BY c.key_result_id`);
    return { otherAuthors: 'plumb_agg_review_other_authors', reached: 'plumb_agg_review_reached' };
  });
}

export interface CycleRow {
  cycle_id: string;
  name: string | null;
  kind: string | null;
  start_date: string | null;
  end_date: string | null;
  has_objectives: boolean;
}

/** Every cycle and whether it has objectives (small; once per data version). */
export function reviewCycleRows(connector: Connector): Promise<CycleRow[]> {
  return derived(connector, 'review:cycles', () =>
    queryRows<CycleRow>(
      connector,
      `SELECT c.cycle_id, c.name, c.kind, c.start_date, c.end_date,
              c.cycle_id IN (SELECT DISTINCT cycle_id FROM objectives WHERE cycle_id IS NOT NULL) AS has_objectives
         FROM cycles c ORDER BY c.start_date DESC NULLS LAST, c.cycle_id`,
    ),
  );
}

/** The rating scale of every cycle (small; once per data version): what a draft must never propose. */
export function reviewRatingScale(connector: Connector): Promise<{ cycle_id: string | null; value: number; label: string | null }[]> {
  return derived(connector, 'review:rating-scale', () =>
    queryRows(connector, 'SELECT cycle_id, value, label FROM rating_scale ORDER BY value, label NULLS LAST'));
}
