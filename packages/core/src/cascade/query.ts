import { queryRows, type Connector } from '../connector.js';
import type { CascadeCycleInfo, CascadeKeyResultRow, CascadeObjectiveRow, CascadeRows } from './types.js';

/** Link statuses that mean "delivered"; anything else is open. Reaches SQL as one parameter. */
export const DONE_LINK_STATUSES = ['done', 'complete', 'completed', 'closed', 'passed', 'released', 'shipped', 'delivered'] as const;

// A list reaches SQL as one text parameter split on sql.ts's separator (`string_split(?, ?)`), never spliced in.
import { LIST_SEPARATOR } from '../sql.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Check an as-of date before it reaches SQL: a clear error instead of a cast failure. */
export function parseAsOf(asOf: string | null | undefined): string | null {
  if (asOf == null || asOf === '') return null;
  const date = new Date(`${asOf}T00:00:00Z`);
  if (!ISO_DATE.test(asOf) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== asOf) {
    throw new RangeError(`as-of date "${asOf}" is not a date in YYYY-MM-DD form`);
  }
  return asOf;
}

/**
 * The cycle to show: the one asked for, else the latest-starting cycle that
 * has objectives (objectives without a cycle row count as a cycle of their own).
 */
export async function queryCascadeCycle(connector: Connector, cycle?: string | null): Promise<CascadeCycleInfo | null> {
  if (cycle != null) {
    const rows = await queryRows<CascadeCycleInfo>(
      connector,
      'SELECT cycle_id, name, start_date, end_date FROM cycles WHERE cycle_id = ? LIMIT 1',
      [cycle],
    );
    return rows[0] ?? { cycle_id: cycle, name: null, start_date: null, end_date: null };
  }
  const rows = await queryRows<CascadeCycleInfo>(
    connector,
    `SELECT o.cycle_id, any_value(c.name) AS name, any_value(c.start_date) AS start_date, any_value(c.end_date) AS end_date
       FROM objectives o LEFT JOIN cycles c ON c.cycle_id = o.cycle_id
      GROUP BY o.cycle_id
      ORDER BY any_value(c.start_date) DESC NULLS LAST, o.cycle_id DESC NULLS LAST
      LIMIT 1`,
  );
  return rows[0] ?? null;
}

/**
 * The named query behind the cascade: the cycle's objectives (owner and team
 * names joined) and their key results, each with its latest non-null
 * check-in value, stated progress and confidence on or before `asOf` (SQL
 * does the per-key-result aggregation), and milestone/sprint counts.
 * No roll-up here: `buildCascade` does that in one pass.
 */
export async function queryCascadeRows(
  connector: Connector,
  options: { cycle?: string | null; asOf?: string | null } = {},
): Promise<CascadeRows> {
  const asOf = parseAsOf(options.asOf);
  const cycle = await queryCascadeCycle(connector, options.cycle);
  if (!cycle) {
    return {
      cycle: { cycle_id: options.cycle ?? null, name: null, start_date: null, end_date: null },
      as_of: asOf,
      data_date: null,
      objectives: [],
      key_results: [],
    };
  }
  const cycleId = cycle.cycle_id;
  const objectives = await queryRows<CascadeObjectiveRow>(
    connector,
    `SELECT o.objective_id, o.cycle_id, o.title, o.level, o.owner_id, p.name AS owner_name, o.team_id, t.name AS team_name,
            o.parent_objective_id, o.parent_key_result_id, o.link_type, o.weight, o.rollup_mode, o.stated_progress
       FROM objectives o
       LEFT JOIN people p ON p.person_id = o.owner_id
       LEFT JOIN teams t ON t.team_id = o.team_id
      WHERE o.cycle_id IS NOT DISTINCT FROM $1`,
    [cycleId],
  );
  const keyResults = await queryRows<CascadeKeyResultRow & { data_date: string | null }>(
    connector,
    `WITH k AS (
        -- Only the columns used below: this CTE is read three times, so DuckDB materialises it.
        SELECT k.key_result_id, k.objective_id, k.title, k.owner_id, k.start_value, k.target_value, k.unit, k.weight,
               k.current_value, k.progress, k.confidence
          FROM key_results k
         WHERE k.objective_id IN (SELECT objective_id FROM objectives WHERE cycle_id IS NOT DISTINCT FROM $1)
     ), ci AS (
        SELECT c.key_result_id,
               arg_max(c.value, c.checked_at) FILTER (WHERE c.value IS NOT NULL AND ($2::DATE IS NULL OR c.checked_at <= $2::DATE)) AS checkin_value,
               arg_max(c.progress, c.checked_at) FILTER (WHERE c.progress IS NOT NULL AND ($2::DATE IS NULL OR c.checked_at <= $2::DATE)) AS checkin_progress,
               arg_max(c.confidence, c.checked_at) FILTER (WHERE c.confidence IS NOT NULL AND ($2::DATE IS NULL OR c.checked_at <= $2::DATE)) AS checkin_confidence,
               max(c.checked_at) FILTER (WHERE $2::DATE IS NULL OR c.checked_at <= $2::DATE) AS checked_at,
               count(*) AS checkins_total
          FROM check_ins c
         WHERE c.key_result_id IN (SELECT key_result_id FROM k)
         GROUP BY c.key_result_id
     ), ref AS (
        SELECT coalesce($2::DATE, (SELECT max(checked_at) FROM ci), $3::DATE) AS day,
               (SELECT max(checked_at) FROM ci) AS data_date
     ), l AS (
        SELECT l.key_result_id,
               count(*) FILTER (WHERE l.kind = 'milestone') AS milestones,
               count(*) FILTER (WHERE l.kind = 'milestone' AND list_contains(string_split($4, $5), lower(trim(l.status)))) AS milestones_done,
               count(*) FILTER (WHERE l.kind = 'milestone' AND NOT list_contains(string_split($4, $5), coalesce(lower(trim(l.status)), ''))
                                  AND l.due_date < (SELECT day FROM ref)) AS milestones_late,
               count(*) FILTER (WHERE l.kind = 'sprint') AS sprints,
               count(*) FILTER (WHERE l.kind = 'sprint' AND list_contains(string_split($4, $5), lower(trim(l.status)))) AS sprints_done
          FROM links l
         WHERE l.key_result_id IN (SELECT key_result_id FROM k)
         GROUP BY l.key_result_id
     )
     SELECT k.key_result_id, k.objective_id, k.title, k.owner_id, p.name AS owner_name,
            k.start_value, k.target_value, k.unit, k.weight,
            k.current_value AS snapshot_value, k.progress AS snapshot_progress, k.confidence AS snapshot_confidence,
            ci.checkin_value, ci.checkin_progress, ci.checkin_confidence, ci.checked_at,
            coalesce(ci.checkins_total, 0) AS checkins_total,
            coalesce(l.milestones, 0) AS milestones, coalesce(l.milestones_done, 0) AS milestones_done,
            coalesce(l.milestones_late, 0) AS milestones_late,
            coalesce(l.sprints, 0) AS sprints, coalesce(l.sprints_done, 0) AS sprints_done,
            (SELECT data_date FROM ref) AS data_date
       FROM k
       LEFT JOIN ci ON ci.key_result_id = k.key_result_id
       LEFT JOIN l ON l.key_result_id = k.key_result_id
       LEFT JOIN people p ON p.person_id = k.owner_id`,
    // Today comes from JS: current_date needs the icu extension, which is not built into DuckDB-WASM.
    [cycleId, asOf, new Date().toISOString().slice(0, 10), DONE_LINK_STATUSES.join(LIST_SEPARATOR), LIST_SEPARATOR],
  );
  // Every row carries the same data_date column; read it once.
  const dataDate = keyResults[0]?.data_date ?? null;
  return { cycle, as_of: asOf, data_date: dataDate, objectives, key_results: keyResults };
}
