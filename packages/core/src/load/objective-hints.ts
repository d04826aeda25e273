/**
 * A check-in that names its key result by a title two objectives share ("Raise NPS to 50" under two
 * objectives), with the objective in a column of the same row: that column tells them apart. The row's
 * objective (id or title) is kept as a hint while the file is read, and a title reference that matches
 * several key results is narrowed to the one whose objective the hint names — structural evidence from
 * the same row, named in the file's decisions. Without a hint, or when the hint does not single one out,
 * the reference stays ambiguous and is reported, never guessed.
 */
import { tableToRows } from '../arrow-rows.js';
import { matchHeader } from '../normalise/index.js';
import { quoteIdentifier as q } from '../sql.js';
import type { LoadContext } from './context.js';
import { normalisedTitle } from './references-by-title.js';
import type { StagedFile } from './stage.js';

const hints = (ctx: LoadContext) => ctx.table('objective_hints');
const created = new WeakSet<LoadContext>();

/** The header of a check-in file's unread column that names the row's objective (id or title), if any. */
export function objectiveHintHeader(unmapped: readonly string[]): string | null {
  return unmapped.find((h) => {
    const m = matchHeader(h, 'objectives');
    return m?.column === 'objective_id' || m?.column === 'title';
  }) ?? null;
}

/** Keep each row's objective reference (one set-based insert). */
export async function recordObjectiveHints(ctx: LoadContext, fileIndex: number, staged: StagedFile, header: string): Promise<void> {
  if (!created.has(ctx)) {
    await ctx.connector.query(`CREATE TABLE ${hints(ctx)} (__file INTEGER, __row INTEGER, ref VARCHAR, header VARCHAR)`);
    created.add(ctx);
  }
  const col = q(`c${staged.headers.indexOf(header)}`);
  await ctx.connector.query(
    `INSERT INTO ${hints(ctx)} SELECT ${Number(fileIndex)}, __row, NULLIF(trim(${col}), ''), ? FROM ${staged.stage} WHERE NULLIF(trim(${col}), '') IS NOT NULL`,
    [header],
  );
}

/**
 * Before duplicates and references are settled: a check-in whose key-result reference is no id and matches
 * several key results by title, narrowed to the one whose objective its row's hint names, gets that id.
 * Returns how many rows were resolved per file, with the hint column's header.
 */
export async function narrowByObjective(ctx: LoadContext, checkIns: string, keyResults: string, objectives: string): Promise<{ file: number; header: string; n: number }[]> {
  if (!created.has(ctx)) return [];
  const norm = normalisedTitle;
  const matched = ctx.table('objective_hint_matches');
  const named = `(t.objective_id = h.ref OR ${norm('o.title')} = ${norm('h.ref')})`;
  await ctx.connector.query(
    `CREATE TABLE ${matched} AS
     WITH t AS (SELECT key_result_id AS id, title, objective_id FROM ${keyResults} UNION ALL SELECT key_result_id, title, objective_id FROM key_results),
          o AS (SELECT objective_id, title FROM ${objectives} UNION ALL SELECT objective_id, title FROM objectives)
     SELECT c.__file, c.__row, any_value(h.header) AS header, count(DISTINCT t.id) AS n_all,
            count(DISTINCT t.id) FILTER (WHERE ${named}) AS n, min(t.id) FILTER (WHERE ${named}) AS id
     FROM ${checkIns} c JOIN ${hints(ctx)} h ON h.__file = c.__file AND h.__row = c.__row
     JOIN t ON ${norm('t.title')} = ${norm('c.key_result_id')}
     LEFT JOIN o ON o.objective_id = t.objective_id
     WHERE c.key_result_id NOT IN (SELECT id FROM t WHERE id IS NOT NULL)
     GROUP BY c.__file, c.__row`,
  );
  await ctx.connector.query(
    `UPDATE ${checkIns} SET key_result_id = m.id FROM ${matched} m WHERE m.n_all > 1 AND m.n = 1 AND ${checkIns}.__file = m.__file AND ${checkIns}.__row = m.__row`,
  );
  const counts = tableToRows<{ file: number; header: string; n: number }>(
    await ctx.connector.query(`SELECT __file AS file, any_value(header) AS header, count(*)::INTEGER AS n FROM ${matched} WHERE n_all > 1 AND n = 1 GROUP BY 1 ORDER BY 1`),
  );
  await ctx.drop(matched);
  return counts;
}
