import { tableToRows } from '../arrow-rows.js';
import { CANONICAL_TABLES, SCHEMA, type CanonicalTable } from '../schema.js';
import { quoteIdentifier as q, quoteLiteral } from '../sql.js';
import { findCycles } from '../validate/cycles.js';
import { HIERARCHIES, REFERENCE_RULES, type ReferenceRule } from '../validate/references.js';
import type { LoadContext } from './context.js';
import type { TableLayout as TargetTable } from '../normalise/index.js';
import { referenceTargets, titleMatch, titleWords } from './references-by-title.js';
import { addCalibratedRatings, ownRatingColumns, stageColumns } from './calibrated-columns.js';
import { unquote, type OwnColumns } from './stage.js';
import { narrowByObjective } from './objective-hints.js';
import { text } from '../text.js';
import { say, textSql } from './text.js';

/** One typed file, ready to be placed into canonical tables. */
export interface TypedSource {
  fileIndex: number;
  table: TargetTable;
  /** SQL yielding __file, __row and the typed target columns. */
  select: string;
  targets: string[];
  /** The targets' expressions over a typed stage table (convert.ts): that table may become the candidate rows. */
  own?: OwnColumns;
}

const OBJECTIVE_COLUMNS = SCHEMA.objectives.columns.map((c) => c.name);
const KEY_RESULT_COLUMNS = SCHEMA.key_results.columns.map((c) => c.name);

/** The candidate table of a canonical table: this load's rows before they are settled and inserted. */
export const candidate = (ctx: LoadContext, t: CanonicalTable) => ctx.table(`cand_${t}`);

/** One candidate table per canonical table: `__file`, `__row`, `__derived`, then its columns. */
export function createCandidateTables(ctx: LoadContext): void {
  ctx.defer(
    CANONICAL_TABLES.map((t) => {
      const cols = SCHEMA[t].columns.map((c) => `${q(c.name)} ${c.type}`).join(', ');
      return `CREATE TABLE ${candidate(ctx, t)} (__file INTEGER, __row INTEGER, __derived BOOLEAN, ${cols})`;
    }),
  );
}

/** The filter keeping rows without a rejecting finding (none at all when the file has none). */
function notRejected(ctx: LoadContext, fileIndex: number, alias: string): string {
  if (!ctx.mayReject(fileIndex)) return 'true';
  return `NOT EXISTS (SELECT 1 FROM ${ctx.findings} f WHERE f.file_index = ${alias}.__file AND f."row" = ${alias}.__row AND f.rejects)`;
}

/** Place one file's rows that survived typing into the candidate tables (a flat sheet into two). */
export async function addCandidates(ctx: LoadContext, s: TypedSource): Promise<void> {
  const given = new Set(s.targets);
  const keep = notRejected(ctx, s.fileIndex, 't');
  if (s.table === 'flat-okr') {
    for (const t of ['objectives', 'key_results', 'check_ins'] as const) ctx.placedCandidates.add(t);
    await splitFlat(ctx, s, keep, candidate(ctx, 'objectives'), candidate(ctx, 'key_results'), candidate(ctx, 'check_ins'));
    return;
  }
  const spec = SCHEMA[s.table];
  const cols =
    (s.table === 'ratings' ? ownRatingColumns(s.targets) : null) ??
    spec.columns.map((c) => (given.has(c.name) ? `t.${q(c.name)}` : `NULL::${c.type}`) + ` AS ${q(c.name)}`);
  if (s.table === 'feedback' && given.has('text') && !given.has('score')) {
    // One answer column for score and text questions: an answer that is a number is a score.
    const score = `TRY_CAST(CASE WHEN regexp_full_match(trim(t.text), '[-+]?\\d+([.,]\\d+)?') THEN replace(trim(t.text), ',', '.') END AS DOUBLE)`;
    cols[spec.columns.findIndex((c) => c.name === 'score')] = `${score} AS score`;
    cols[spec.columns.findIndex((c) => c.name === 'text')] = `CASE WHEN ${score} IS NULL THEN t.text END AS text`;
  }
  const plain = cols.every((c, i) => c === `t.${q(spec.columns[i]!.name)} AS ${q(spec.columns[i]!.name)}` || c === `NULL::${spec.columns[i]!.type} AS ${q(spec.columns[i]!.name)}`);
  const calibrated = s.table === 'ratings' && stageColumns(s.targets).length > 0;
  const first = !ctx.placedCandidates.has(s.table);
  ctx.placedCandidates.add(s.table);
  if (s.own && first && keep === 'true' && plain && !calibrated && (await adoptStaged(ctx, s.fileIndex, s.table as CanonicalTable, s.own))) return;
  // Nothing reads its result: sent with the next statement (the file's work tables dropped after it), one round trip fewer.
  ctx.defer([
    `INSERT INTO ${candidate(ctx, s.table)} BY NAME SELECT t.__file, t.__row, false AS __derived, ${cols.join(', ')} FROM (${s.select}) t WHERE ${keep}`,
  ]);
  // A calibration sheet's calibrated column becomes a second, derived rating (load/calibrated-columns.ts).
  if (s.table === 'ratings') await addCalibratedRatings(ctx, s.fileIndex, s.targets, s.select, keep, candidate(ctx, 'ratings'));
}

/**
 * Rows from which a typed stage table is taken as the candidate table rather than copied: below, the copy costs
 * less than the dozen catalog statements that take it (Node, per file: ~20 ms CPU either way at 10,000 rows;
 * at 176,000 the copy 217 ms, taking it ~50 ms) and a small load sends no statement shape it would not send anyway.
 */
export const ADOPT_MIN_ROWS = 50_000;

/**
 * Read straight into the candidate shape: when every column of a file is placed as a function of one column of
 * its typed stage table (Parquet, Arrow, a CSV read typed) and no row is rejected, that table becomes the
 * candidate table instead of being copied into it (at 100k people the copy was ~1 s of check-ins alone).
 * Exact: a column whose expression may give another value than the cell is checked over every row in one
 * scan, and only where some row differs is it rewritten — by the same expression (UPDATE, or ALTER … TYPE …
 * USING where the type changes). The rows keep their order and `__row`s (checked). Returns false, having
 * changed nothing, when the table cannot be taken as it is: columns out of the canonical order, a column read
 * twice or an expression of two cells (the caller takes only a first file into an empty candidate table).
 */
async function adoptStaged(ctx: LoadContext, fileIndex: number, table: CanonicalTable, own: OwnColumns): Promise<boolean> {
  const spec = SCHEMA[table].columns;
  const { raw } = own;
  const position = new Map(raw.columns.map((c, i) => [c, i]));
  const plan: { target: string; type: string; column: string; rawType: string; expr: string; over: string; stageCell: string; differs?: number }[] = [];
  const used = new Set<string>();
  for (const { target, expr, differs } of own.columns) {
    const cells = [...new Set(expr.match(/\bs\."[ckt]\d+"/g) ?? [])];
    const cell = cells.length === 1 ? raw.cells.get(cells[0]!.slice(3, -1)) : undefined;
    const canonical = spec.find((c) => c.name === target);
    // Anything else the expression reads (a row number, another alias) keeps the copy.
    const rest = expr.replaceAll(cells[0] ?? '\u0000', '');
    if (!cell || !canonical || used.has(cell.column) || /\b[a-z]\w*\.("|\w)/i.test(rest.replace(/'[^']*'/g, ''))) return false;
    used.add(cell.column);
    plan.push({ target, type: canonical.type, column: cell.column, rawType: cell.type, expr, over: expr.replaceAll(cells[0]!, cell.column), stageCell: cells[0]!, ...(differs === undefined ? {} : { differs }) });
  }
  // The table's columns, in order, must be the canonical columns from the first on; the ones after are added empty.
  plan.sort((a, b) => position.get(a.column)! - position.get(b.column)!);
  if (plan.some((p, i) => p.target !== spec[i]!.name)) return false;
  const cand = candidate(ctx, table);
  const identity = (p: (typeof plan)[number]) => p.rawType === p.type && (p.over === p.column || p.over === `CAST(${p.column} AS ${p.type})`);
  const rewritten = plan.filter((p) => !identity(p) && p.rawType === p.type);
  // Rows whose value is not the cell's: counted in the first scan (convert.ts), else here, in one scan.
  const checked = rewritten.filter((p) => p.differs === undefined);
  const [counts] = checked.length
    ? tableToRows<Record<string, number>>(
        await ctx.connector.query(
          `SELECT ${checked.map((p, i) => `count_if((${p.expr}) IS DISTINCT FROM ${p.stageCell}) AS d${i}`).join(', ')} FROM ${own.stage} s`,
        ),
      )
    : [{}];
  const differing = (p: (typeof plan)[number]) => p.differs ?? Number(counts?.[`d${checked.indexOf(p)}`] ?? 0);
  const statements: string[] = [`DROP VIEW IF EXISTS ${own.stage}`, `DROP TABLE ${cand}`];
  for (const column of raw.columns) if (!used.has(column)) statements.push(`ALTER TABLE ${raw.table} DROP COLUMN ${column}`);
  for (const p of rewritten) {
    if (differing(p) > 0) statements.push(`UPDATE ${raw.table} SET ${p.column} = ${p.over} WHERE (${p.over}) IS DISTINCT FROM ${p.column}`);
  }
  for (const p of plan) {
    if (p.rawType !== p.type) statements.push(`ALTER TABLE ${raw.table} ALTER COLUMN ${p.column} SET DATA TYPE ${p.type} USING ${p.over}`);
  }
  // Columns named otherwise than their target; through names of our own first when a column bears a name another is given.
  const renamed = plan.filter((p) => p.column !== q(p.target));
  const clash = renamed.some((p) => used.has(q(p.target)));
  for (const [i, p] of renamed.entries()) statements.push(`ALTER TABLE ${raw.table} RENAME COLUMN ${p.column} TO ${q(clash ? `__adopt${i}` : p.target)}`);
  if (clash) for (const [i, p] of renamed.entries()) statements.push(`ALTER TABLE ${raw.table} RENAME COLUMN ${q(`__adopt${i}`)} TO ${q(p.target)}`);
  for (const c of spec.slice(plan.length)) statements.push(`ALTER TABLE ${raw.table} ADD COLUMN ${q(c.name)} ${c.type}`);
  const sequence = ctx.table(`rows${fileIndex}_seq`);
  statements.push(
    `ALTER TABLE ${raw.table} ADD COLUMN __file INTEGER DEFAULT ${fileIndex}`,
    `ALTER TABLE ${raw.table} ADD COLUMN __derived BOOLEAN DEFAULT false`,
    `CREATE SEQUENCE ${sequence} START ${raw.rowOffset}`,
    `ALTER TABLE ${raw.table} ADD COLUMN __row INTEGER DEFAULT nextval(${quoteLiteral(unquote(sequence))})`,
    `ALTER TABLE ${raw.table} ALTER COLUMN __row DROP DEFAULT`,
    `DROP SEQUENCE ${sequence}`,
    `ALTER TABLE ${raw.table} RENAME TO ${cand}`,
  );
  // The numbers are given in the table's order (one pass over its row groups); should they ever not be, set them from it.
  const [check] = tableToRows<{ off: number }>(
    await ctx.connector.query(`${statements.join(';\n')};\nSELECT count_if(__row <> rowid + ${raw.rowOffset}) AS off FROM ${cand}`),
  );
  if (Number(check?.off ?? 0) > 0) await ctx.connector.query(`UPDATE ${cand} SET __row = (rowid + ${raw.rowOffset})::INTEGER`);
  return true;
}

/**
 * Cross-file checks and the final insert. Duplicates, references and cycles
 * are settled on the candidate tables in SQL (cycles in JS over id/parent
 * pairs), then the survivors are appended to the canonical tables. Every row
 * removed from a candidate table gets a rejecting finding first.
 */
export async function settle(ctx: LoadContext, fed: ReadonlySet<CanonicalTable>): Promise<Map<number, number>> {
  const db = ctx.connector;
  const cand = (t: CanonicalTable) => candidate(ctx, t);
  const placed = new Map<number, number>();
  if (fed.size === 0) return placed;

  if (fed.has('check_ins')) {
    // A title two objectives share, told apart by the objective column on the same row (load/objective-hints.ts).
    for (const { file, header, n } of await narrowByObjective(ctx, cand('check_ins'), cand('key_results'), cand('objectives'))) {
      ctx.decide(ctx.fileNames[file] ?? '', {
        kind: 'reference',
        column: header,
        value: 'key result by title and objective',
        declared: false,
        ...say('decision.title-by-objective', { n, column: header }),
      });
    }
  }
  // Duplicate keys: the first occurrence (an earlier load, then file order, then row order) wins.
  // One pass tells, per table fed, whether any key repeats (rows less distinct key hashes: a repeat always
  // counts; a hash collision only sends the table through the exact check below, which then finds none —
  // and a hash set is cheaper than grouping the keys themselves); only tables with any are worked through.
  const keyed = CANONICAL_TABLES.filter((t) => SCHEMA[t].key.length > 0 && fed.has(t));
  const repeatedKeys = keyed.length
    ? (tableToRows<Record<string, number>>(
        await db.query(
          `SELECT ${keyed
            .map((t, i) => {
              const k = SCHEMA[t].key.map((c) => q(c)).join(', ');
              return `(SELECT count(*) - count(DISTINCT hash(${k})) FROM (SELECT ${k} FROM ${q(t)} UNION ALL SELECT ${k} FROM ${cand(t)})) AS d${i}`;
            })
            .join(', ')}`,
        ),
      )[0] ?? {})
    : {};
  for (const [i, t] of keyed.entries()) {
    if (!repeatedKeys[`d${i}`]) continue;
    const key = SCHEMA[t].key;
    const k = key.map((c) => q(c)).join(', ');
    const dup = ctx.table(`dup_${t}`);
    const joinKey = key.map((c) => `a.${q(c)} IS NOT DISTINCT FROM d.${q(c)}`).join(' AND ');
    const duplicates = await db.query(
      `CREATE TABLE ${dup} AS
       WITH everything AS (SELECT -1 AS __file, 0 AS __row, false AS __derived, ${k} FROM ${q(t)}
                           UNION ALL SELECT __file, __row, __derived, ${k} FROM ${cand(t)}),
            d AS (SELECT ${k} FROM everything GROUP BY ALL HAVING count(*) > 1),
            ranked AS (SELECT a.*, row_number() OVER w AS rn, first_value(a.__file) OVER w AS first_file, first_value(a.__row) OVER w AS first_row
                       FROM everything a JOIN d ON ${joinKey}
                       WINDOW w AS (PARTITION BY ${key.map((c) => `a.${q(c)}`).join(', ')} ORDER BY a.__file, a.__row))
       SELECT * FROM ranked WHERE rn > 1 AND __file >= 0`,
    );
    if (rowCount(duplicates) === 0) continue;
    const keyText = key.length === 1 ? `CAST(x.${q(key[0]!)} AS VARCHAR)` : `concat_ws(' / ', ${key.map((c) => `CAST(x.${q(c)} AS VARCHAR)`).join(', ')})`;
    await ctx.addRowFindings(
      `SELECT x.__file, x.__row, 'error', 'duplicate-id', ${ctx.columnRef(t, key[0]!)},
         CASE WHEN x.first_file < 0
              THEN ${textSql('row.duplicate-earlier', { table: { value: t }, key: keyText })}
              ELSE ${textSql('row.duplicate', { table: { value: t }, key: keyText, file: ctx.fileNameSql('x.first_file'), row: { number: 'x.first_row' } })} END,
         NOT x.__derived
       FROM ${dup} x`,
    );
    await db.query(`DELETE FROM ${cand(t)} c WHERE EXISTS (SELECT 1 FROM ${dup} x WHERE x.__file = c.__file AND x.__row = c.__row)`);
  }

  // Every reference rule's unresolved count in one query; only rules with any (or whose target
  // lost rows to an earlier rule) are worked through, statement by statement.
  const rules = REFERENCE_RULES.filter((rule) => fed.has(rule.from));
  const unresolvedCounts: Record<string, number> = rules.length
    ? Object.fromEntries(tableToRows<{ r: number; n: number }>(await db.query(unresolvedCountsSql(rules, cand))).map((x) => [`r${x.r}`, x.n]))
    : {};
  const shrunk = new Set<CanonicalTable>();
  for (const [i, rule] of rules.entries()) {
    ctx.checkAborted();
    if (!unresolvedCounts[`r${i}`] && !shrunk.has(rule.to)) continue;
    if (await checkReference(ctx, rule, cand(rule.from), cand(rule.to))) shrunk.add(rule.from);
  }

  for (const h of HIERARCHIES) {
    ctx.checkAborted();
    if (!fed.has(h.table) && !(h.table === 'objectives' && fed.has('key_results'))) continue;
    await breakCycles(ctx, h, cand(h.table), cand('key_results'));
  }

  if (fed.has('key_results')) await finishKeyResults(ctx, cand('key_results'));

  // Rows placed per file (to check the report's counts against what was really inserted), and
  // which canonical tables are still empty: one query for every table fed.
  const order = [...fed];
  const tallies = tableToRows<{ t: number; file: number; n: number }>(
    await db.query(
      order
        .map((t, i) => `SELECT ${i} AS t, __file AS file, count_if(NOT __derived)::BIGINT AS n FROM ${cand(t)} GROUP BY __file
                        UNION ALL SELECT ${i}, -1, count(*) FROM (SELECT 1 FROM ${q(t)} LIMIT 1)`)
        .join('\nUNION ALL\n'),
    ),
  );
  const statements: string[] = [];
  for (const [i, t] of order.entries()) {
    const files = tallies.filter((x) => x.t === i && x.file >= 0);
    for (const { file, n } of files) placed.set(file, (placed.get(file) ?? 0) + n);
    // No rows for this table (an empty file, every row rejected): the table stays as it is.
    if (files.length === 0) continue;
    if ((tallies.find((x) => x.t === i && x.file === -1)?.n ?? 0) === 0) {
      // First load into this table: the candidate table (same columns after the three
      // bookkeeping ones) becomes it, instead of copying millions of rows once more.
      for (const c of ['__file', '__row', '__derived']) statements.push(`ALTER TABLE ${cand(t)} DROP COLUMN ${q(c)}`);
      statements.push(`DROP TABLE ${q(t)}`, `ALTER TABLE ${cand(t)} RENAME TO ${q(t)}`);
    } else {
      const cols = SCHEMA[t].columns.map((c) => q(c.name)).join(', ');
      statements.push(`INSERT INTO ${q(t)} (${cols}) SELECT ${cols} FROM ${cand(t)}`);
    }
  }
  await ctx.run(statements);
  return placed;
}

async function finishKeyResults(ctx: LoadContext, kr: string): Promise<void> {
  // Key results: direction from start/target unless given; target = start leaves progress undefined.
  await ctx.addRowFindings(
    `SELECT c.__file, c.__row, 'warning', 'target-equals-start', ${ctx.columnRef('key_results', 'target_value')},
       ${textSql('row.target-equals-start', { id: 'c.key_result_id', target: 'c.target_value' })}, false
     FROM ${kr} c WHERE c.start_value = c.target_value`,
  );
  // Nothing reads its result: sent with the next statement.
  ctx.defer([
    `UPDATE ${kr} SET direction = CASE WHEN target_value > start_value THEN 'increase' WHEN target_value < start_value THEN 'decrease' END WHERE direction IS NULL`,
  ]);
}

/**
 * A flat sheet (one row per key result, objective columns repeated) → one
 * objective per distinct objective id (or title) and one key result per row.
 * The first row's objective values win; a repeat that disagrees is a warning.
 */
/** Rows a CREATE TABLE … AS, INSERT, UPDATE or DELETE touched (DuckDB answers with a `Count`). */
function rowCount(result: Awaited<ReturnType<LoadContext['connector']['query']>>): number {
  return Number(result.getChild('Count')?.get(0) ?? 0);
}


async function splitFlat(
  ctx: LoadContext,
  s: TypedSource,
  keep: string,
  objectives: string,
  keyResults: string,
  checkIns: string,
): Promise<void> {
  const db = ctx.connector;
  const given = new Set(s.targets);
  const has = (t: string) => given.has(t);
  const col = (t: string) => q(t);
  const oidExpr = has('objective.objective_id')
    ? has('objective.title')
      ? `coalesce(${col('objective.objective_id')}, ${col('objective.title')})`
      : col('objective.objective_id')
    : has('objective.title')
      ? col('objective.title')
      : 'NULL::VARCHAR';
  const rows = ctx.table(`flat${s.fileIndex}`);
  await db.query(
    `CREATE TABLE ${rows} AS SELECT t.*, ${oidExpr} AS __oid FROM (${s.select}) t WHERE ${keep} AND ${oidExpr} IS NOT NULL`,
  );
  const objectiveSelect = OBJECTIVE_COLUMNS.map((c) => {
    if (c === 'objective_id') return `__oid AS ${q(c)}`;
    const spec = SCHEMA.objectives.columns.find((x) => x.name === c)!;
    return has(`objective.${c}`) ? `arg_min(${col(`objective.${c}`)}, __row) AS ${q(c)}` : `NULL::${spec.type} AS ${q(c)}`;
  });
  await db.query(
    `INSERT INTO ${objectives} BY NAME SELECT __file, min(__row) AS __row, true AS __derived, ${objectiveSelect.join(', ')} FROM ${rows} GROUP BY __file, __oid`,
  );
  for (const c of OBJECTIVE_COLUMNS) {
    if (c === 'objective_id' || !has(`objective.${c}`)) continue;
    const x = col(`objective.${c}`);
    await ctx.addRowFindings(
      `WITH f AS (SELECT __oid, arg_min(${x}, __row) AS v, min(__row) AS first_row FROM ${rows} WHERE ${x} IS NOT NULL GROUP BY __oid)
       SELECT r.__file, r.__row, 'warning', 'conflicting-value', ${ctx.columnRef('objectives', c)},
         ${textSql('row.conflicting-value', { id: 'r.__oid', column: { value: c }, here: `r.${x}`, kept: 'f.v', row: { number: 'f.first_row' } })}, false
       FROM ${rows} r JOIN f USING (__oid) WHERE r.${x} IS NOT NULL AND r.${x} <> f.v`,
    );
  }
  if (!has('key_result.title') && !has('key_result.key_result_id')) return;
  const krId = has('key_result.key_result_id')
    ? `coalesce(${col('key_result.key_result_id')}, __oid || ' / ' || ${has('key_result.title') ? col('key_result.title') : 'NULL'})`
    : `__oid || ' / ' || ${col('key_result.title')}`;
  const krSelect = KEY_RESULT_COLUMNS.map((c) => {
    if (c === 'key_result_id') return `${krId} AS ${q(c)}`;
    if (c === 'objective_id') return `__oid AS ${q(c)}`;
    const spec = SCHEMA.key_results.columns.find((x) => x.name === c)!;
    return has(`key_result.${c}`) ? `${col(`key_result.${c}`)} AS ${q(c)}` : `NULL::${spec.type} AS ${q(c)}`;
  });
  const present = [has('key_result.title') ? `${col('key_result.title')} IS NOT NULL` : 'false', has('key_result.key_result_id') ? `${col('key_result.key_result_id')} IS NOT NULL` : 'false'];
  await db.query(
    `INSERT INTO ${keyResults} BY NAME SELECT __file, __row, false AS __derived, ${krSelect.join(', ')} FROM ${rows} WHERE ${present.join(' OR ')}`,
  );
  if (!has('check_in.checked_at')) return;
  // With an "as of" date, the row's snapshot is also a dated check-in of its key result.
  const fromKr: Record<string, string> = {
    key_result_id: krId,
    value: 'key_result.current_value',
    progress: 'key_result.progress',
    confidence: 'key_result.confidence',
    confidence_raw: 'key_result.confidence_raw',
    confidence_scale: 'key_result.confidence_scale',
  };
  const checkInSelect = SCHEMA.check_ins.columns.map((spec) => {
    const c = spec.name;
    if (c === 'key_result_id') return `${krId} AS ${q(c)}`;
    const source = fromKr[c] ?? `check_in.${c}`;
    return has(source) ? `${col(source)} AS ${q(c)}` : `NULL::${spec.type} AS ${q(c)}`;
  });
  await db.query(
    `INSERT INTO ${checkIns} BY NAME SELECT __file, __row, true AS __derived, ${checkInSelect.join(', ')} FROM ${rows}
     WHERE (${present.join(' OR ')}) AND ${col('check_in.checked_at')} IS NOT NULL`,
  );
}

/**
 * SQL counting, per rule (`r`, its index in `rules`), the references that match no id (no row when none, or
 * when the referenced table has no rows): an anti-join on ids alone (the title rows `referenceTargets` adds
 * repeat the same ids). One anti-join per referenced table, probed by every rule that points at it — not one
 * per rule: eleven rules point at people, and a statement of twenty subqueries cost ~5× the CPU to plan and
 * run in DuckDB-WASM at 600 people (296–319 → 60 ms; packages/bench/prof/load-prof.ts).
 */
function unresolvedCountsSql(rules: readonly ReferenceRule[], cand: (t: CanonicalTable) => string): string {
  const byTarget = new Map<string, [number, ReferenceRule][]>();
  rules.forEach((rule, i) => {
    const key = `${rule.to}.${rule.toColumn}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), [i, rule]]);
  });
  return [...byTarget.values()]
    .map((group) => {
      const { to, toColumn } = group[0]![1];
      const ids = `(SELECT ${q(toColumn)} AS id FROM ${cand(to)} UNION ALL SELECT ${q(toColumn)} FROM ${q(to)})`;
      const refs = group.map(([i, rule]) => `SELECT ${i} AS r, ${q(rule.column)} AS ref FROM ${cand(rule.from)} WHERE ${q(rule.column)} IS NOT NULL`).join(' UNION ALL ');
      return `SELECT c.r, count(*) AS n FROM (${refs}) c ANTI JOIN ${ids} t ON t.id = c.ref WHERE EXISTS ${ids} GROUP BY c.r`;
    })
    .join('\nUNION ALL\n');
}

/** Resolve titles, report and settle the unresolved references of one rule; true when rows were removed. */
async function checkReference(ctx: LoadContext, rule: ReferenceRule, from: string, to: string): Promise<boolean> {
  const db = ctx.connector;
  const c = q(rule.column);
  // By id, else by normalised title/name/email (load/references-by-title.ts).
  const targets = referenceTargets(rule, to);
  const res = ctx.table(`ref_${rule.from}_${rule.column}`);
  const unresolved = await db.query(
    `CREATE TABLE ${res} AS
     WITH t AS ${targets},
          unresolved AS (SELECT c.__file, c.__row, c.__derived, c.${c} AS ref FROM ${from} c
                         WHERE c.${c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM t WHERE t.id = c.${c}))
     SELECT u.__file, u.__row, u.__derived, u.ref, count(DISTINCT t.id) AS n, min(t.id) AS id, string_agg(DISTINCT t.id, ', ') AS ids
     FROM unresolved u LEFT JOIN t ON ${titleMatch(rule, 't.title', 'u.ref')}
     -- References are checked only when the referenced table has rows.
     WHERE EXISTS (SELECT 1 FROM t)
     GROUP BY ALL`,
  );
  // A reference given by title (or name) that names exactly one row: replace it by that row's id.
  if (rowCount(unresolved) === 0) return false;
  await db.query(
    `UPDATE ${from} SET ${c} = r.id FROM ${res} r WHERE r.n = 1 AND ${from}.__file = r.__file AND ${from}.__row = r.__row`,
  );
  const severity = rule.policy === 'warn' ? 'warning' : 'error';
  const fixed = { from: { value: rule.from }, column: { value: rule.column }, to: { value: rule.to }, policy: { value: rule.policy } };
  await ctx.addRowFindings(
    `SELECT r.__file, r.__row, ?, CASE WHEN r.n = 0 THEN 'dangling-reference' ELSE 'ambiguous-reference' END, ${ctx.columnRef(rule.from, rule.column)},
       CASE WHEN r.n = 0 THEN ${textSql('row.dangling-reference', { ...fixed, ref: 'r.ref' })}
            ELSE ${textSql('row.ambiguous-reference', { ...fixed, ref: 'r.ref', n: { number: 'r.n' }, by: { value: titleWords(rule) }, ids: 'r.ids' })} END,
       ? AND NOT r.__derived
     FROM ${res} r WHERE r.n <> 1`,
    [severity, rule.policy === 'reject'],
  );
  if (rule.policy === 'reject') {
    const deleted = await db.query(`DELETE FROM ${from} c WHERE EXISTS (SELECT 1 FROM ${res} r WHERE r.n <> 1 AND r.__file = c.__file AND r.__row = c.__row)`);
    return rowCount(deleted) > 0;
  }
  if (rule.policy === 'clear') {
    await db.query(`UPDATE ${from} SET ${c} = NULL FROM ${res} r WHERE r.n <> 1 AND ${from}.__file = r.__file AND ${from}.__row = r.__row`);
  }
  return false;
}

interface LinkRow {
  id: string;
  parent: string;
  __file: number;
  __row: number;
  via_kr: boolean;
}

/** Report each cycle with its ids and cut it at the link read last, so the rest of the hierarchy loads. */
async function breakCycles(
  ctx: LoadContext,
  h: (typeof HIERARCHIES)[number],
  cand: string,
  krCand: string,
): Promise<void> {
  const db = ctx.connector;
  const id = q(h.id);
  const parent = q(h.parent);
  // An objective aligned to a key result hangs under that key result's objective.
  const source =
    h.table === 'objectives'
      ? `(SELECT o.objective_id AS id, coalesce(o.parent_objective_id, k.objective_id) AS parent, o.__file, o.__row, o.parent_objective_id IS NULL AS via_kr
          FROM (SELECT __file, __row, objective_id, parent_objective_id, parent_key_result_id FROM ${cand}
                UNION ALL SELECT -1, 0, objective_id, parent_objective_id, parent_key_result_id FROM objectives) o
          LEFT JOIN (SELECT key_result_id, objective_id FROM ${krCand} UNION ALL SELECT key_result_id, objective_id FROM key_results) k
            ON k.key_result_id = o.parent_key_result_id)`
      : `(SELECT ${id} AS id, ${parent} AS parent, __file, __row, false AS via_kr FROM ${cand}
          UNION ALL SELECT ${id}, ${parent}, -1, 0, false FROM ${q(h.table)})`;
  // Only nodes with a parent that are themselves someone's parent can be on a cycle (each member of one is the
  // parent of the one before it): the rest — most people, most objectives — need not cross into JavaScript.
  const links = tableToRows<LinkRow>(
    await db.query(`WITH l AS (SELECT * FROM ${source} WHERE parent IS NOT NULL) SELECT * FROM l WHERE id IN (SELECT parent FROM l)`),
  );
  if (links.length === 0) return;
  const byId = new Map(links.map((l) => [l.id, l]));
  for (const cycle of findCycles(links)) {
    const members = cycle.map((m) => byId.get(m)!).filter((l) => l.__file >= 0);
    if (members.length === 0) continue;
    const cut = members.reduce((a, b) => (b.__file > a.__file || (b.__file === a.__file && b.__row > a.__row) ? b : a));
    const path = [...cycle, cycle[0]].join(' → ');
    const column = cut.via_kr ? 'parent_key_result_id' : h.parent;
    await ctx.addRowFindings(
      `SELECT ?, ?, 'error', 'cycle', ${ctx.columnRef(h.table, column)}, ?, false FROM (SELECT ?::INTEGER AS __file) x`,
      [
        cut.__file,
        cut.__row,
        JSON.stringify(text('row.cycle', { table: h.table, path, n: cycle.length, id: cut.id, parent: cut.parent })),
        cut.__file,
      ],
    );
    await db.query(`UPDATE ${cand} SET ${q(column)} = NULL WHERE __file = ? AND __row = ?`, [cut.__file, cut.__row]);
  }
}
