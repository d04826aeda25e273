/**
 * Whether an aligned objective counts in its parent's progress, for objectives files and flat sheets (an interleaved
 * sheet asks its own, load/interleaved.ts). An objective aligned to a parent that has key results of its own (or to
 * one of a parent's key results) changes the parent's roll-up by its link type: `contributes` pools it with the
 * parent's key results, `supports` leaves it out. Where no link_type column says which, and the parent's roll-up
 * does not already read its key results only (`rollup_mode` krs), the file waits for the answer
 * (`--answer "link-type:<file>:<parent column>=contributes|supports"`). One exception, by evidence: a file in
 * Plumb's own layout (its parent column named `parent_objective_id` / `parent_key_result_id`) means the schema's
 * documented default, contributes, and says so in its decisions.
 *
 * Run once every file is placed (the parents' key results may come from another file), before `settle`: parents
 * are matched by id or by title, as `settle` will resolve them.
 */
import { tableToRows } from '../arrow-rows.js';
import { quoteLiteral } from '../sql.js';
import { text } from '../text.js';
import type { LoadContext } from './context.js';
import { fileBaseName } from './mapping-scope.js';
import { answerCandidate, questionId } from './questions.js';
import { candidate } from './reconcile.js';
import { say } from './text.js';
import type { FileReport } from './types.js';

const PARENT_TARGET = /^(?:objective\.)?(parent_objective_id|parent_key_result_id)$/;
/** The canonical layout's own parent columns: their meaning is the schema's. */
const CANONICAL_PARENT_HEADERS = new Set(['parent_objective_id', 'parent_key_result_id']);

/**
 * Decide or ask the link type of every file's aligned objectives. Returns the files asked about: their rows must be
 * held (the caller removes them from every candidate table and counts them as waiting).
 */
export async function settleLinkTypes(ctx: LoadContext, reports: readonly FileReport[], placed: ReadonlySet<number>): Promise<number[]> {
  const files = reports.flatMap((r, i) => (placed.has(i) && (r.table === 'objectives' || r.table === 'flat-okr') && !r.columns?.some((c) => c.target === 'link_type' || c.target === 'objective.link_type') ? [i] : []));
  if (files.length === 0) return [];
  const objectives = candidate(ctx, 'objectives');
  const keyResults = candidate(ctx, 'key_results');
  // Per file: its objectives aligned (by id or title) to a parent whose roll-up reads key results and has some,
  // or to a key result; the first one's titles as an example.
  const aligned = tableToRows<{ file: number; n: number; child: string; parent: string }>(
    await ctx.connector.query(
      `WITH parents AS (SELECT objective_id, title, rollup_mode FROM ${objectives} UNION ALL SELECT objective_id, title, rollup_mode FROM objectives),
            krs AS (SELECT key_result_id, title, objective_id FROM ${keyResults} UNION ALL SELECT key_result_id, title, objective_id FROM key_results),
            with_krs AS (SELECT DISTINCT p.objective_id, p.title FROM parents p JOIN krs k ON k.objective_id IN (p.objective_id, p.title)
                         WHERE p.rollup_mode IS DISTINCT FROM 'krs'),
            children AS (
              SELECT c.__file AS file, c.__row AS row, coalesce(c.title, c.objective_id) AS child, coalesce(p.title, p.objective_id) AS parent
              FROM ${objectives} c JOIN with_krs p ON c.parent_objective_id IN (p.objective_id, p.title)
              WHERE c.link_type IS NULL AND c.__file IN (${files.join(', ')})
              UNION ALL
              SELECT c.__file, c.__row, coalesce(c.title, c.objective_id), coalesce(k.title, k.key_result_id)
              FROM ${objectives} c JOIN krs k ON c.parent_key_result_id IN (k.key_result_id, k.title)
              WHERE c.link_type IS NULL AND c.parent_objective_id IS NULL AND c.__file IN (${files.join(', ')}))
       SELECT file, count(DISTINCT row)::INTEGER AS n, arg_min(child, row) AS child, arg_min(parent, row) AS parent FROM children GROUP BY file ORDER BY file`,
    ),
  );
  const held: number[] = [];
  for (const { file, n, child, parent } of aligned) {
    const report = reports[file]!;
    const header = Object.entries(report.mapped_columns).find(([, t]) => PARENT_TARGET.test(t))?.[0];
    if (header === undefined) continue;
    if (CANONICAL_PARENT_HEADERS.has(header.trim().toLowerCase())) {
      ctx.decide(report.file, { kind: 'link-type', column: header, value: 'contributes', declared: false, ...say('decision.link-type.canonical', { column: header }) });
      continue;
    }
    const id = questionId('link-type', fileBaseName(report.file), header);
    const answered = ctx.answer(id);
    if (answered === 'contributes' || answered === 'supports') {
      await ctx.run([
        `UPDATE ${objectives} SET link_type = ${quoteLiteral(answered)} WHERE __file = ${file} AND link_type IS NULL AND (parent_objective_id IS NOT NULL OR parent_key_result_id IS NOT NULL)`,
      ]);
      ctx.decide(report.file, { kind: 'link-type', column: header, value: answered, declared: true, ...say(`decision.link-type.${answered}`, { column: header }) });
      continue;
    }
    const example = { child, parent, n };
    ctx.ask(file, {
      id,
      kind: 'link-type',
      file: report.file,
      column: header,
      ask: text('ask.link-type', { file: report.file, ...example }),
      tables: report.table === 'flat-okr' ? ['objectives', 'key_results'] : ['objectives'],
      candidates: [
        answerCandidate(id, 'contributes', text('implies.link-type.contributes', example), text('label.link-type.contributes')),
        answerCandidate(id, 'supports', text('implies.link-type.supports', example), text('label.link-type.supports')),
      ],
    });
    held.push(file);
  }
  return held;
}
