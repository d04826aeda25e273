import { hierarchiesFor, MANAGER_CLOSURE, TEAM_CLOSURE } from '../queries/hierarchy.js';
import { queryRows, type Connector } from '../connector.js';
import { DONE_LINK_STATUSES, parseAsOf, queryCascadeCycle } from '../cascade/query.js';
import { daysBetween } from '../burndown/weeks.js';
import { defineQuery } from '../queries/registry.js';
import type { NamedQueryOptions } from '../queries/options.js';
import { pseudonymIndex } from '../privacy/pseudonym-index.js';
import { inList, listParam, quoteIdentifier } from '../sql.js';
import { reviewAggregates } from './aggregates.js';

/**
 * Deliveries and the recognition that followed them. A delivery is a milestone link whose status says
 * done (on its due date) or a key result reaching its target (the first check-in, on or before as-of,
 * whose value gives progress 1). A delivery is recognised when a recognition naming the key result is
 * given on or after that day; "on time" when within N days (default 7).
 */
export interface DeliveryRow {
  key_result_id: string;
  key_result_title: string | null;
  owner_id: string | null;
  owner_name: string | null;
  team_id: string | null;
  team_name: string | null;
  kind: 'milestone' | 'target';
  external_id: string | null;
  title: string | null;
  delivered: string;
  /** The first recognition naming the key result on or after the delivery, if any. */
  first_recognition: string | null;
}

export const DEFAULT_RECOGNITION_DAYS = 7;


/** Deliveries of the cycle's key results (all, or those in `key_result_ids`), on or before as-of. */
export async function deliveryRows(
  connector: Connector,
  options: { cycle: string | null; asOf: string | null; key_result_ids?: readonly string[]; team_id?: string | null; manager_id?: string | null },
): Promise<DeliveryRow[]> {
  const [{ reached }] = await Promise.all([reviewAggregates(connector), hierarchiesFor(connector, { team_id: options.team_id, manager_id: options.manager_id })]);
  return queryRows<DeliveryRow>(
    connector,
    // With a list of key results, a join on the unpacked list (an OR with a semi-join would scan all).
    `WITH k AS MATERIALIZED (
        SELECT k.key_result_id, k.title, k.owner_id, o.team_id
          FROM key_results k JOIN objectives o USING (objective_id)
          ${options.key_result_ids ? `JOIN ${inList('$3')} AS ids(id) ON ids.id = k.key_result_id` : ''}
         WHERE o.cycle_id IS NOT DISTINCT FROM $1
           ${options.key_result_ids ? '' : 'AND $3::VARCHAR IS NULL'}
           ${options.team_id ? `AND o.team_id IN (SELECT team_id FROM ${TEAM_CLOSURE} WHERE ancestor_id = $4)` : 'AND $4::VARCHAR IS NULL'}
           ${options.manager_id ? `AND k.owner_id IN (SELECT person_id FROM ${MANAGER_CLOSURE} WHERE manager_id = $6)` : 'AND $6::VARCHAR IS NULL'}
     ), d AS (
        SELECT r.key_result_id, 'target' AS kind, NULL::VARCHAR AS external_id, NULL::VARCHAR AS title, r.day AS delivered
          FROM ${quoteIdentifier(reached)} r
          JOIN k USING (key_result_id)
         WHERE ($2::DATE IS NULL OR r.day <= $2::DATE)
        UNION ALL
        SELECT l.key_result_id, 'milestone', l.external_id, l.title, l.due_date
          FROM links l JOIN k USING (key_result_id)
         WHERE l.kind = 'milestone'
           AND lower(trim(l.status)) IN ${inList('$5')} AND l.due_date IS NOT NULL
           AND ($2::DATE IS NULL OR l.due_date <= $2::DATE)
     ), r AS (
        SELECT rc.key_result_id, rc.given_at FROM recognitions rc JOIN k USING (key_result_id)
         WHERE rc.given_at IS NOT NULL
           AND ($2::DATE IS NULL OR rc.given_at <= $2::DATE)
     )
     SELECT d.key_result_id, k.title AS key_result_title, k.owner_id, p.name AS owner_name, k.team_id, t.name AS team_name,
            d.kind, d.external_id, d.title, d.delivered, min(r.given_at) AS first_recognition
       FROM d JOIN k USING (key_result_id)
       LEFT JOIN r ON r.key_result_id = d.key_result_id AND r.given_at >= d.delivered
       LEFT JOIN people p ON p.person_id = k.owner_id
       LEFT JOIN teams t ON t.team_id = k.team_id
      GROUP BY ALL
      ORDER BY k.team_id NULLS LAST, d.delivered, d.key_result_id, d.kind, d.external_id NULLS FIRST`,
    [options.cycle, options.asOf, options.key_result_ids ? listParam(options.key_result_ids) : null, options.team_id ?? null, listParam(DONE_LINK_STATUSES), options.manager_id ?? null],
  );
}

export interface RecognitionDeliveryOptions extends Pick<NamedQueryOptions, 'cycle' | 'asOf' | 'team_id' | 'manager_id' | 'anonymize' | 'salt' | 'minGroup'> {
  /** Days after a delivery within which a recognition counts as on time (default 7). */
  days?: number;
}

/** A delivery with no recognition within N days: one row an embedder can feed to its recognition tool. */
export interface UnrecognisedDelivery {
  team_id: string | null;
  team_name: string | null;
  key_result_id: string;
  key_result_title: string | null;
  /** Owner id (pseudonym code when anonymized). */
  owner: string | null;
  owner_name: string | null;
  kind: 'milestone' | 'target';
  external_id: string | null;
  title: string | null;
  delivered: string;
  /** Days from delivery to a later recognition, or null when none was given. */
  recognised_after_days: number | null;
}

export interface TeamRecognitionRow {
  team_id: string | null;
  team_name: string | null;
  deliveries: number;
  recognised_on_time: number;
  unrecognised: number;
  /** Median days from delivery to its first recognition, over recognised deliveries (null when none). */
  median_days_to_recognition: number | null;
}

export interface RecognitionDeliveryResult {
  cycle_id: string | null;
  as_of: string | null;
  days: number;
  teams: TeamRecognitionRow[];
  unrecognised: UnrecognisedDelivery[];
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Per team: deliveries, how many were recognised within N days, the median days to recognition, and the unrecognised ones. */
export async function recognitionDelivery(connector: Connector, options: RecognitionDeliveryOptions = {}): Promise<RecognitionDeliveryResult> {
  const asOf = parseAsOf(options.asOf);
  const days = options.days ?? DEFAULT_RECOGNITION_DAYS;
  if (!Number.isFinite(days) || days < 0) throw new RangeError(`recognition days must be a number ≥ 0, got ${days}`);
  const cycle = await queryCascadeCycle(connector, options.cycle ?? null);
  if (!cycle) return { cycle_id: options.cycle ?? null, as_of: asOf, days, teams: [], unrecognised: [] };
  const index = options.anonymize ? await pseudonymIndex(connector, options.salt ?? '') : null;
  const manager = options.manager_id ? (index?.resolve(options.manager_id) ?? options.manager_id) : null;
  const rows = await deliveryRows(connector, { cycle: cycle.cycle_id, asOf, team_id: options.team_id ?? null, manager_id: manager });
  const teams = new Map<string | null, { row: TeamRecognitionRow; waits: number[] }>();
  const unrecognised: UnrecognisedDelivery[] = [];
  for (const d of rows) {
    let team = teams.get(d.team_id);
    if (!team) {
      team = { row: { team_id: d.team_id, team_name: d.team_name, deliveries: 0, recognised_on_time: 0, unrecognised: 0, median_days_to_recognition: null }, waits: [] };
      teams.set(d.team_id, team);
    }
    team.row.deliveries++;
    const wait = d.first_recognition ? daysBetween(d.delivered, d.first_recognition) : null;
    if (wait !== null) team.waits.push(wait);
    if (wait !== null && wait <= days) team.row.recognised_on_time++;
    else {
      team.row.unrecognised++;
      unrecognised.push({
        team_id: d.team_id, team_name: d.team_name, key_result_id: d.key_result_id, key_result_title: d.key_result_title,
        owner: d.owner_id && index ? index.code(d.owner_id) : d.owner_id,
        owner_name: d.owner_id && index ? index.label(d.owner_id, 'Owner') : d.owner_name,
        kind: d.kind, external_id: d.external_id, title: d.title, delivered: d.delivered, recognised_after_days: wait,
      });
    }
  }
  const teamRows = [...teams.values()].map(({ row, waits }) => ({ ...row, median_days_to_recognition: median(waits) }));
  return { cycle_id: cycle.cycle_id, as_of: asOf, days, teams: teamRows, unrecognised };
}

export const recognitionDeliveryQuery = defineQuery('recognition-delivery', recognitionDelivery);

/** The unrecognised deliveries as JSON rows (one object per line) for an embedder's own recognition tool. */
export function unrecognisedDeliveriesJson(result: RecognitionDeliveryResult): string {
  return result.unrecognised.map((row) => JSON.stringify(row)).join('\n');
}
