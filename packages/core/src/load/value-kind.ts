/**
 * Is a check-in's (or key result's) "progress"/"score" column a measured value,
 * a progress share (0–1) or a percentage (0–100)? A global threshold cannot
 * tell (a revenue of 25,000 is not 25,000 %; 40 customers of a 10→50 target are
 * not 40 %), so the column is read as plain numbers first and decided here,
 * once every file is in the candidate tables, against each row's own key
 * result: numbers that sit inside their key result's start–target span are
 * values. Decided per file and column, in one SQL statement each, and reported
 * per column (a warning when the numbers are moved or scaled).
 */
import { mappingForFile } from './mapping-scope.js';
import { tableToRows } from '../arrow-rows.js';
import type { Diagnostic } from '../diagnostics.js';
import { normaliseHeader } from '../normalise/index.js';
import type { LoadContext } from './context.js';
import type { TableLayout as TargetTable } from '../normalise/index.js';
import { candidate } from './reconcile.js';
import { normalisedTitle } from './references-by-title.js';
import type { LoadDecision } from './types.js';
import { text, type Text, type TextParams } from '../text.js';
import { say } from './text.js';

export type ValueKind = 'value' | 'progress' | 'percent';

interface DeferredColumn {
  fileIndex: number;
  /** The candidate table holding the column, and the column. */
  owner: 'check_ins' | 'key_results';
  /** The row's measured-value column in that table. */
  valueColumn: 'value' | 'current_value';
  /** A flat sheet's dated snapshot also became a check-in, which follows the key result's decision. */
  flat: boolean;
  /** Rows in the file (its span evidence is read from a systematic sample of a large file). */
  rows: number;
}

/**
 * Rows whose number is set against its key result's span, at most (about): a larger file's evidence is every
 * k-th row, so the join and the median stay bounded whatever the file's size. The counts that need no join
 * (numbers 0–2 and 0–150, the lowest and highest) are still over every row.
 */
export const VALUE_KIND_SAMPLE_ROWS = 20_000;

const deferred = new WeakMap<LoadContext, DeferredColumn[]>();

/**
 * Called by convert.ts for a progress column: true when its reading waits for
 * `decideValueKinds` (check-in and key-result progress without "%" signs,
 * which declare percentages themselves), so convert reads plain numbers.
 */
export function deferValueKind(ctx: LoadContext, fileIndex: number, table: TargetTable, target: string, hasPercentSigns: boolean, rows: number): boolean {
  if (hasPercentSigns) return false;
  let column: DeferredColumn | null = null;
  if (table === 'check_ins' && target === 'progress') column = { fileIndex, owner: 'check_ins', valueColumn: 'value', flat: false, rows };
  else if (table === 'key_results' && target === 'progress') column = { fileIndex, owner: 'key_results', valueColumn: 'current_value', flat: false, rows };
  else if (table === 'flat-okr' && target === 'key_result.progress') column = { fileIndex, owner: 'key_results', valueColumn: 'current_value', flat: true, rows };
  if (!column) return false;
  const list = deferred.get(ctx) ?? [];
  list.push(column);
  deferred.set(ctx, list);
  return true;
}

/** The counts a decision rests on. */
export interface ValueKindEvidence {
  /** Rows with a number. */
  n: number;
  /** Rows whose key result has a start and a target that differ. */
  with_span: number;
  /** Of those, rows whose number sits inside its key result's span (10 % slack either side). */
  inside: number;
  /** Rows with a number in 0–2 (a share, overachievement allowed) and in 0–150 (a percentage). */
  share_like: number;
  percent_like: number;
  /** Median span width (|target − start|) of the rows' key results. */
  median_width: number | null;
  lo: number | null;
  hi: number | null;
  /** `with_span`, `inside` and `median_width` are over every `step`-th row (1: every row). */
  step?: number;
}

/**
 * The decision for one column (pure, for tests): inside the spans → value
 * (unless the numbers are all 0–2 and the spans wide, so they are shares);
 * else 0–2 → progress share; else 0–150 → percent; else value.
 */
export function decideValueKind(e: ValueKindEvidence): { kind: ValueKind; reason: string; reasonText: Text } {
  const insideShare = e.with_span ? e.inside / e.with_span : 0;
  const allShares = e.n > 0 && e.share_like === e.n;
  const span = !e.with_span
    ? null
    : (e.step ?? 1) > 1
      ? text('value-kind.span-sampled', { inside: e.inside, total: e.with_span, step: e.step })
      : text('value-kind.span', { inside: e.inside, total: e.with_span });
  const because = (kind: ValueKind, code: string, params: TextParams) => {
    const said = say(code, params);
    return { kind, reason: said.message, reasonText: said.text };
  };
  if (e.with_span > 0 && insideShare >= 0.9) {
    if (allShares && (e.median_width ?? 0) > 2) return because('progress', 'value-kind.shares-wide', { width: e.median_width });
    return because('value', 'value-kind.inside', { span });
  }
  if (allShares) return because('progress', 'value-kind.shares', { span });
  if (e.n > 0 && e.percent_like / e.n >= 0.9) return because('percent', 'value-kind.percent', { hi: e.hi, span });
  return because('value', 'value-kind.value', { hi: e.hi, span });
}

/**
 * Decide every deferred column of this load and rewrite the candidate rows:
 * a value moves to the value column (progress is then computed from start and
 * target), a percentage is divided by 100, a share stays.
 */
export async function decideValueKinds(
  ctx: LoadContext,
  fileNames: readonly string[],
  mapping: Record<string, string> | undefined,
): Promise<(LoadDecision & { file: string })[]> {
  const declaredIn = (fileIndex: number) => new Set(Object.keys(mappingForFile(mapping, fileNames[fileIndex]) ?? {}).map(normaliseHeader));
  const columns = deferred.get(ctx) ?? [];
  deferred.delete(ctx);
  const decisions: (LoadDecision & { file: string })[] = [];
  const db = ctx.connector;
  for (const d of columns) {
    ctx.checkAborted();
    const cand = candidate(ctx, d.owner);
    const krs = candidate(ctx, 'key_results');
    const fileIndex = Number(d.fileIndex);
    // A large file's span evidence: every step-th row (a systematic sample, the same on every load).
    const step = Math.max(1, Math.ceil(d.rows / VALUE_KIND_SAMPLE_ROWS));
    const sampled = (alias: string) => `${alias}__file = ${fileIndex} AND ${alias}progress IS NOT NULL${step > 1 ? ` AND ${alias}__row % ${step} = 0` : ''}`;
    const rows =
      d.owner === 'key_results'
        ? `SELECT progress AS v, start_value AS s, target_value AS t FROM ${cand} WHERE ${sampled('')}`
        : // Every join is on equal keys: a check-in's key result by id, and only the distinct references
          // that match no id by normalised title (a join on a per-row expression of 1.75 M check-ins took 108 s).
          // by_id holds only the key results the sample names (a semi-join, not a group over every key result).
          `WITH kr AS (SELECT key_result_id, title, start_value, target_value FROM ${krs}
                       UNION ALL SELECT key_result_id, title, start_value, target_value FROM key_results),
                refs AS (SELECT DISTINCT key_result_id AS ref FROM ${cand} WHERE ${sampled('')} AND key_result_id IS NOT NULL),
                by_id AS (SELECT key_result_id, any_value(start_value) AS s, any_value(target_value) AS t
                          FROM kr WHERE key_result_id IN (SELECT ref FROM refs) GROUP BY 1),
                unmatched AS (SELECT ref, ${normalisedTitle('ref')} AS k FROM refs ANTI JOIN by_id i ON i.key_result_id = refs.ref),
                by_title AS (SELECT ${normalisedTitle('title')} AS k, any_value(start_value) AS s, any_value(target_value) AS t
                             FROM kr WHERE title IS NOT NULL AND EXISTS (SELECT 1 FROM unmatched) GROUP BY 1 HAVING count(DISTINCT key_result_id) = 1),
                resolved AS (SELECT key_result_id AS ref, s, t FROM by_id
                             UNION ALL SELECT u.ref, b.s, b.t FROM unmatched u JOIN by_title b ON b.k = u.k)
           SELECT c.progress AS v, r.s, r.t
           FROM ${cand} c LEFT JOIN resolved r ON r.ref = c.key_result_id
           WHERE ${sampled('c.')}`;
    const [e] = tableToRows<ValueKindEvidence>(
      await db.query(
        `WITH r AS (${rows}), w AS (SELECT *, s IS NOT NULL AND t IS NOT NULL AND s <> t AS spanned, abs(t - s) AS width FROM r)
         SELECT every.*, spans.*, ${step} AS step FROM
           (SELECT count(*)::INTEGER AS n, count_if(progress BETWEEN 0 AND 2)::INTEGER AS share_like,
                   count_if(progress BETWEEN 0 AND 150)::INTEGER AS percent_like, min(progress) AS lo, max(progress) AS hi
              FROM ${cand} WHERE __file = ${fileIndex} AND progress IS NOT NULL) every,
           (SELECT count(*) FILTER (WHERE spanned)::INTEGER AS with_span,
                   count(*) FILTER (WHERE spanned AND v BETWEEN least(s, t) - 0.1 * width AND greatest(s, t) + 0.1 * width)::INTEGER AS inside,
                   median(width) FILTER (WHERE spanned) AS median_width
              FROM w) spans`,
      ),
    );
    if (!e || e.n === 0) continue;
    const header = ctx.recordedHeader(d.fileIndex, d.owner, 'progress') ?? 'progress';
    // Declared progress (--map "Score=progress"): only share or percent is left to tell.
    const decision = declaredIn(d.fileIndex).has(normaliseHeader(header))
      ? e.hi !== null && e.hi > 2
        ? { kind: 'percent' as const, reasonText: text('value-kind.declared-percent', { hi: e.hi }) }
        : { kind: 'progress' as const, reasonText: text('value-kind.declared-shares') }
      : decideValueKind(e);
    const file = fileNames[d.fileIndex] ?? '';
    // A file that also has a value column keeps both as given: the progress column is then progress.
    const hasValue = ctx.recordedHeader(d.fileIndex, d.owner, d.valueColumn) !== null;
    const kind: ValueKind = decision.kind === 'value' && hasValue ? 'progress' : decision.kind;
    const targets = d.flat ? [[cand, d.valueColumn] as const, [candidate(ctx, 'check_ins'), 'value'] as const] : [[cand, d.valueColumn] as const];
    for (const [table, valueColumn] of targets) {
      if (kind === 'value') {
        await db.query(`UPDATE ${table} SET ${valueColumn} = coalesce(${valueColumn}, progress), progress = NULL WHERE __file = ?`, [d.fileIndex]);
      } else if (kind === 'percent') {
        await db.query(`UPDATE ${table} SET progress = progress / 100 WHERE __file = ?`, [d.fileIndex]);
      }
    }
    const said = say(`value-kind.reads-as.${kind}`, { column: header, target: d.valueColumn, reason: decision.reasonText, kept: kind !== decision.kind ? 'yes' : null });
    decisions.push({ file, kind: 'value-kind', column: header, value: kind, declared: false, ...said });
    if (kind !== 'progress') {
      const diagnostic: Diagnostic & { decision: string } = {
        severity: 'warning',
        code: kind === 'percent' ? 'percent-scale-inferred' : 'value-kind-inferred',
        ...say('value-kind.map-it', { decision: said.text, option: `--map "${header}=${kind === 'value' ? d.valueColumn : 'progress'}"` }),
        file,
        column: header,
        decision: kind,
      };
      ctx.fileDiagnostic(diagnostic);
    }
  }
  return decisions;
}
