/**
 * The four-fifths figures of a session's changes (opt-in): per group of a protected attribute
 * (`person_attributes`, supplied by the embedder for this check only), how often the people of the
 * group were moved up, and moved down, by the calibration in force, against the group with the best
 * rate. A guardrail for the room to look at, never a quota: nothing is changed by it.
 *
 * - Upward: rate = moved up / n; ratio = rate / the highest group's rate; flagged below 0.8.
 * - Downward is an adverse outcome, so the rule compares its favourable side (not moved down):
 *   ratio = (1 − down rate) / the highest group's (1 − down rate); flagged below 0.8.
 * - Only groups of at least `minGroup` people are shown. When the groups left out hold fewer than
 *   `minGroup` people together, the smallest shown group is left out too, so no figure of a small group
 *   follows from the shown ones and the session's total.
 * Everything is computed in one SQL statement over the ratings before the session (the data's
 * calibrated rating where present, else the manager's) and the derived calibrated stage.
 */
import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import { hasTable } from '../calibration/aggregates.js';
import { ratingsRelation } from './relation.js';

export interface ChangeImpactGroup {
  group: string;
  n: number;
  up: number;
  down: number;
  up_rate: number;
  down_rate: number;
  /** Up rate over the highest group's (null when no group was moved up). */
  up_ratio: number | null;
  /** (1 − down rate) over the highest group's. */
  down_ratio: number | null;
  up_flag: boolean;
  down_flag: boolean;
}

export interface ChangeImpact {
  attribute: string;
  dimension: string | null;
  groups: ChangeImpactGroup[];
  /** Groups left out (under min-group, or left out so that a small group cannot be subtracted). */
  suppressed_groups: number;
  minGroup: number;
}

export async function changeImpact(
  connector: Connector,
  options: { cycle: string | null; dimension: string | null; attribute: string; minGroup: number },
): Promise<ChangeImpact> {
  const k = Math.max(1, Math.floor(options.minGroup));
  const empty: ChangeImpact = { attribute: options.attribute, dimension: options.dimension, groups: [], suppressed_groups: 0, minGroup: k };
  if (!(await hasTable(connector, 'person_attributes'))) return empty;
  const ratings = await ratingsRelation(connector);
  const rows = await queryRows<ChangeImpactGroup & { suppressed: number }>(
    connector,
    `WITH base AS (
       SELECT employee_id, first(rating ORDER BY stage = 'calibrated' DESC, rated_at DESC NULLS LAST, rater_id) AS rating FROM ratings
        WHERE stage IN ('manager', 'calibrated') AND rating IS NOT NULL AND cycle_id IS NOT DISTINCT FROM ? AND dimension IS NOT DISTINCT FROM ?
        GROUP BY employee_id),
     cal AS (
       SELECT employee_id, any_value(rating) AS rating FROM ${ratings}
        WHERE stage = 'calibrated' AND rating IS NOT NULL AND cycle_id IS NOT DISTINCT FROM ? AND dimension IS NOT DISTINCT FROM ?
        GROUP BY employee_id),
     member AS (SELECT person_id, any_value(value) AS value FROM person_attributes WHERE attribute = ? AND value IS NOT NULL GROUP BY person_id),
     counts AS (
       SELECT m.value AS "group", count(*) AS n,
              count(*) FILTER (WHERE c.rating > b.rating) AS up,
              count(*) FILTER (WHERE c.rating < b.rating) AS down
         FROM base b JOIN cal c USING (employee_id) JOIN member m ON m.person_id = b.employee_id
        GROUP BY 1),
     small AS (SELECT COALESCE(sum(n), 0) AS n, count(*) AS groups FROM counts WHERE n < ?),
     ranked AS (SELECT *, row_number() OVER (ORDER BY n, "group") AS size_rank FROM counts WHERE n >= ?),
     shown AS (
       SELECT r.* FROM ranked r, small s
        WHERE NOT (s.n > 0 AND s.n < ? AND r.size_rank = 1)),
     rates AS (SELECT *, up / n AS up_rate, down / n AS down_rate FROM shown)
     SELECT "group", n::INTEGER AS n, up::INTEGER AS up, down::INTEGER AS down, up_rate, down_rate,
            CASE WHEN max(up_rate) OVER () > 0 THEN up_rate / max(up_rate) OVER () END AS up_ratio,
            CASE WHEN max(1 - down_rate) OVER () > 0 THEN (1 - down_rate) / max(1 - down_rate) OVER () END AS down_ratio,
            COALESCE(up_ratio < 0.8, false) AS up_flag,
            COALESCE(down_ratio < 0.8, false) AS down_flag,
            ((SELECT count(*) FROM counts) - count(*) OVER ())::INTEGER AS suppressed
       FROM rates ORDER BY "group"`,
    [options.cycle, options.dimension, options.cycle, options.dimension, options.attribute, k, k, k],
  );
  const [counted] = await queryRows<{ n: number }>(
    connector,
    'SELECT count(DISTINCT value)::INTEGER AS n FROM person_attributes WHERE attribute = ? AND value IS NOT NULL',
    [options.attribute],
  );
  return {
    ...empty,
    groups: rows.map(({ suppressed: _s, ...g }) => ({ ...g, n: Number(g.n), up: Number(g.up), down: Number(g.down), up_rate: Number(g.up_rate), down_rate: Number(g.down_rate) })),
    // Groups of the attribute not shown (also when no group is shown at all).
    suppressed_groups: rows.length ? Number(rows[0]!.suppressed) : Number(counted?.n ?? 0),
  };
}
