/**
 * Calibration exports put two stages on one row: the manager's rating and the
 * calibrated one ("Original answer" / "Calibrated answer" in 15Five,
 * "Calibrated Performance" beside the manager score in Lattice's CSV). Their
 * calibrated columns map to `calibrated.rating`, `calibrated.rater_id`,
 * `calibrated.rated_at` and `calibrated.reason`; each row then places its
 * rating (stage `manager` unless a stage column says otherwise) and, when the
 * calibrated rating is given, a second, derived rating at stage `calibrated`.
 * Derived rows are not input rows, so the file's counts still reconcile.
 */
import { SCHEMA, type ColumnSpec } from '../schema.js';
import { quoteIdentifier as q } from '../sql.js';
import type { LoadContext } from './context.js';

/** Prefix of a ratings column that holds the calibrated stage's value. */
export const CALIBRATED = 'calibrated.';

/** Aliases of the calibrated columns (compared like every alias). */
export const CALIBRATED_ALIASES: Record<string, string[]> = {
  'calibrated.rating': ['Calibrated Rating', 'Calibrated Score', 'Calibrated Answer', 'Calibrated Performance', 'Calibrated', 'Calibrated Performance Rating', 'Calibrated Overall'],
  'calibrated.rater_id': ['Calibrated By', 'Calibrated Answer Contributor', 'Calibrator', 'Calibrated Rater'],
  'calibrated.rated_at': ['Calibrated At', 'Calibrated Answer Timestamp', 'Calibration Date', 'Calibrated Date'],
  'calibrated.reason': ['Calibration Reason', 'Calibration Comment', 'Calibration Note', 'Calibrated Reason'],
};

/** The column spec a `calibrated.*` ratings target is typed as (its base column's). */
export function calibratedSpec(target: string): ColumnSpec | undefined {
  if (!target.startsWith(CALIBRATED)) return undefined;
  return SCHEMA.ratings.columns.find((c) => c.name === target.slice(CALIBRATED.length));
}

/**
 * After a ratings file's rows are candidates: give its rows stage `manager`
 * where none is stated, and add one derived `calibrated` row per row with a
 * calibrated rating. `select` is the typed file (convert.ts), `keep` the
 * not-rejected filter on alias `t`.
 */
export async function addCalibratedRatings(ctx: LoadContext, fileIndex: number, targets: readonly string[], select: string, keep: string, cand: string): Promise<void> {
  if (!targets.includes('calibrated.rating')) return;
  await ctx.connector.query(`UPDATE ${cand} SET stage = 'manager' WHERE __file = ? AND stage IS NULL AND NOT __derived`, [fileIndex]);
  const given = new Set(targets);
  const cols = SCHEMA.ratings.columns.map((c) => {
    const calibrated = `${CALIBRATED}${c.name}`;
    if (c.name === 'stage') return `'calibrated' AS ${q(c.name)}`;
    if (given.has(calibrated)) return `t.${q(calibrated)} AS ${q(c.name)}`;
    // The calibrator is not the manager: without a "calibrated by" column the rater is unknown.
    if (c.name === 'rater_id' || c.name === 'rated_at' || c.name === 'reason') return `NULL::${c.type} AS ${q(c.name)}`;
    return given.has(c.name) ? `t.${q(c.name)} AS ${q(c.name)}` : `NULL::${c.type} AS ${q(c.name)}`;
  });
  await ctx.connector.query(
    `INSERT INTO ${cand} BY NAME SELECT t.__file, t.__row, true AS __derived, ${cols.join(', ')}
     FROM (${select}) t WHERE ${keep} AND t.${q('calibrated.rating')} IS NOT NULL`,
  );
}
