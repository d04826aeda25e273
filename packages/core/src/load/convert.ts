import { Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { tableToRows } from '../arrow-rows.js';
import { SCHEMA, type CanonicalTable, type ColumnSpec } from '../schema.js';
import { quoteIdentifier, quoteLiteral } from '../sql.js';
import type { LoadContext } from './context.js';
import {
  DEFAULT_DATE_ORDER,
  inferConfidenceScale,
  inferDateOrder,
  inferDecimalSeparator,
  normaliseConfidence,
  parseDate,
  parseNumber,
  type DateOrder,
  type TableLayout,
  CONFIDENCE_SCALES,
} from '../normalise/index.js';
import { unquote, type OwnColumns, type StagedFile, type TypedColumn } from './stage.js';
import { deferValueKind } from './value-kind.js';
import { calibratedSpec, stageColumns } from './calibrated-columns.js';
import { ADOPT_MIN_ROWS, candidate } from './reconcile.js';
import { questionId } from './questions.js';
import { isNotRated, ratingWordKey, resolveRatingWords } from '../normalise/rating-words.js';
import { enumSynonymsSql } from '../normalise/vocabularies.js';
import type { ConfidenceScale, LoadOptions } from './types.js';
import { say, textSql } from './text.js';
import { text, type Text } from '../text.js';

/** A day/month-ambiguous date as words under one order ("3 April 2026"), for a question's candidates. */
function dateWords(raw: string, order: DateOrder): Text {
  const parsed = parseDate(raw, order);
  return 'error' in parsed ? text('implies.date-unread', { raw, order: text(`order.${order}`) }) : text('implies.date', { raw, date: parsed.iso });
}

export type TargetTable = TableLayout;

/** The canonical column a mapping target names: `title`, or `objective.title` in a flat sheet. */
export function targetSpec(table: TargetTable, target: string): ColumnSpec | undefined {
  // A calibration sheet's second stage (load/calibrated-columns.ts).
  if (table === 'ratings' && calibratedSpec(target)) return calibratedSpec(target);
  if (table !== 'flat-okr') return SCHEMA[table].columns.find((c) => c.name === target);
  const [part, column] = target.split('.') as [string, string | undefined];
  const owner = part === 'objective' ? 'objectives' : part === 'key_result' ? 'key_results' : part === 'check_in' ? 'check_ins' : undefined;
  return owner && column ? SCHEMA[owner].columns.find((c) => c.name === column) : undefined;
}

type Kind = 'text' | 'enum' | 'number' | 'progress' | 'date' | 'confidence';

function kindOf(spec: ColumnSpec): Kind {
  if (spec.name === 'confidence') return 'confidence';
  if (spec.name === 'progress' || spec.name === 'stated_progress') return 'progress';
  if (spec.type === 'DOUBLE' || spec.type === 'INTEGER') return 'number';
  if (spec.type === 'DATE') return 'date';
  if (spec.values) return 'enum';
  return 'text';
}

/**
 * The columns (by index) convertFile will read as numbers or dates under this mapping: the stage may read
 * them typed (load/stage.ts). A confidence column is no number here: its words and scales are read from text.
 */
export function expectedColumnTypes(table: TargetTable, headers: readonly string[], mapping: Record<string, string>): Map<number, TypedColumn> {
  const types = new Map<number, TypedColumn>();
  const seen = new Set<string>();
  headers.forEach((header, index) => {
    const target = mapping[header];
    // As convertFile plans: the first column of a repeated header is the mapped one.
    if (!target || seen.has(header)) return;
    seen.add(header);
    const spec = targetSpec(table, target);
    const kind = spec && kindOf(spec);
    if (kind === 'number' || kind === 'progress') types.set(index, 'DOUBLE');
    else if (kind === 'date') types.set(index, 'DATE');
  });
  return types;
}

interface ColumnPlan {
  target: string;
  spec: ColumnSpec;
  kind: Kind;
  index: number; // source column c<index>
  header: string;
  /** SQL for a row's scale, the second key of its cell-map entries (a confidence column beside a confidence_scale column). */
  scaleKey?: string;
  /** SQL for the cell text when it is not one source column alone. */
  text?: string;
}

/** A ratings column that holds the rating itself: `rating`, or a stage's (`calibrated.rating`). */
const isRatingTarget = (table: TargetTable, target: string) => table === 'ratings' && (target === 'rating' || target.endsWith('.rating'));

/** The loaded rating scale's labels (earlier loads and this load's files so far), by ratingWordKey. */
async function scaleLabels(ctx: LoadContext): Promise<Map<string, number>> {
  const rows = tableToRows<{ label: string; value: number }>(
    await ctx.connector.query(
      `SELECT label, value FROM (SELECT label, value FROM rating_scale UNION ALL SELECT label, value FROM ${candidate(ctx, 'rating_scale')}) WHERE label IS NOT NULL`,
    ),
  );
  return new Map(rows.map((r) => [ratingWordKey(r.label), r.value]));
}

export interface TypedFile {
  /** SQL yielding __file, __row and one typed column per mapped target (+ confidence_raw/_scale). */
  select: string;
  targets: string[];
  /** Work tables the select reads besides the stage (dropped once it has been used). */
  workTables: string[];
  /** Each target's expression over the stage alone (no join), with the typed table behind it: see reconcile.ts `adoptStaged`. */
  own?: OwnColumns;
}

interface CellResult {
  col: number;
  raw: string;
  /** The row's scale key of a confidence cell beside a scale column ('' for a row without one). */
  k?: string | null;
  /** The confidence scale a confidence cell was read on. */
  sc?: string | null;
  num: number | null;
  dt: string | null;
  code: string | null;
  text: Text | null;
}

const NUMBER_DOT = String.raw`[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?`;
const NUMBER_INT = String.raw`[-+]?\d+`;
const ISO_DATE = String.raw`\d{4}-\d{2}-\d{2}([ T].*)?`;

/** A parsed number as a fraction when it was a percentage ("45%" → 0.45). */
function numberValue(parsed: { value: number; percent: boolean }): number {
  return parsed.value;
}

/**
 * Type every mapped column in SQL: clean values by cast, the rest (comma
 * decimals, "45%", day/month dates, confidence words) through the JS parsers
 * once per distinct text, joined back. Unparseable and out-of-range cells and
 * missing required values become row findings.
 */
export async function convertFile(
  ctx: LoadContext,
  fileIndex: number,
  name: string,
  staged: StagedFile,
  table: TargetTable,
  mapping: Record<string, string>,
  required: readonly (readonly string[])[],
  options: LoadOptions,
): Promise<TypedFile> {
  const db = ctx.connector;
  const stage = staged.stage;
  const plans: ColumnPlan[] = [];
  const planned = new Set<string>();
  staged.headers.forEach((header, index) => {
    const target = mapping[header];
    // A header text repeated: the first column of that name is the mapped one.
    if (!target || planned.has(header)) return;
    planned.add(header);
    const spec = targetSpec(table, target);
    if (!spec) return;
    plans.push({ target, spec, kind: kindOf(spec), index, header });
  });
  const src = (p: ColumnPlan) => p.text ?? `s.${quoteIdentifier(`c${p.index}`)}`;
  // A row's cell-map entry: by the cell's text, and its scale where the file has a scale column (two keys, no
  // concatenated string per row).
  const cellMatch = (m: string, p: ColumnPlan) => `${m}.col = ${p.index} AND ${m}.raw = ${src(p)}${p.scaleKey ? ` AND ${m}.k = ${p.scaleKey}` : ''}`;
  // A column the stage read typed (load/stage.ts): its values are the numbers or dates, every one of them
  // parsed, so it needs no scan, no cell map and no cast here.
  const typed = (p: ColumnPlan): string | null => {
    const type = staged.typed?.get(p.index);
    if (!type || p.text || p.scaleKey) return null;
    const fits = type === 'DOUBLE' ? p.kind === 'number' || p.kind === 'progress' : p.kind === 'date';
    return fits ? `s.${quoteIdentifier(`t${p.index}`)}` : null;
  };
  // Confidence: read from `confidence_raw` when the file has it (a Plumb export
  // re-loaded), else from `confidence`; a `confidence_scale` column gives each
  // row's scale. The derived columns are written from the read, not copied.
  const byName = (n: string) => plans.find((x) => x.spec.name === n);
  const rawPlan = byName('confidence_raw');
  const scalePlan = byName('confidence_scale');
  let confidencePlan = byName('confidence');
  // The source columns a confidence is read from: its number (the confidence column, else the raw one), its
  // text as given (confidence_raw, else the confidence column) and its scale (see ownCells below).
  const confidenceSources = { value: (confidencePlan ?? rawPlan)?.index, raw: (rawPlan ?? confidencePlan)?.index, scale: scalePlan?.index };
  if (rawPlan) {
    if (confidencePlan) {
      // Both columns: the raw text where a row has it, else the row's confidence (a blank
      // confidence_raw column must not blank every confidence).
      plans.splice(plans.indexOf(confidencePlan), 1);
      rawPlan.text = `coalesce(NULLIF(trim(${src(rawPlan)}), ''), ${src(confidencePlan)})`;
    }
    rawPlan.kind = 'confidence';
    rawPlan.target = rawPlan.target.replace(/confidence_raw$/, 'confidence');
    confidencePlan = rawPlan;
  }
  if (scalePlan && confidencePlan) {
    plans.splice(plans.indexOf(scalePlan), 1);
    confidencePlan.scaleKey = `coalesce(NULLIF(lower(trim(${src(scalePlan)})), ''), '')`;
  }
  // Missing required values and values outside a closed vocabulary are counted in the same
  // scan as the decimal-separator sample (one round trip), listed later only where there are any.
  const enums = plans.filter((x) => x.kind === 'enum');
  // Text and closed-list columns: whether any cell may have spaces to trim, counted in the same scan (see mayNeedTrim).
  const texts = plans.filter((x) => x.kind === 'text' || x.kind === 'enum');
  // A group is met by any one of its columns (a flat sheet's objective: id or title).
  const requiredPlans = required
    .map((group) => plans.filter((x) => group.includes(x.target)))
    .filter((group) => group.length > 0);
  const missing = (group: ColumnPlan[]) => group.map((p) => (typed(p) ? `${typed(p)} IS NULL` : blank(src(p)))).join(' AND ');
  const offList = (p: ColumnPlan) =>
    `(NOT ${blank(src(p))} AND lower(trim(${src(p)})) NOT IN (${p.spec.values!.map(quoteLiteral).join(', ')}) AND NOT coalesce(${enumSynonymsSql(table, p.spec.name, src(p), 'known')}, false))`;

  // One decimal separator per file: exports come from one locale.
  // A typed CSV column's evidence is its bounded sample's (load/stage.ts), the others' their first 500 such values.
  const numeric = plans.filter((p) => p.kind === 'number' || p.kind === 'progress');
  const sampled = (p: ColumnPlan) => (typed(p) ? staged.decimalSamples?.get(p.index) : undefined);
  // A typed stage table may become the candidate rows (reconcile.ts `adoptStaged`) where no value is placed otherwise
  // than read: in the same scan, per text cell the empty ones (placed as NULL) and per closed list the values not
  // written as listed (placed lower-cased, as a synonym's value or blank).
  const ownTable = staged.raw && staged.inputRows >= ADOPT_MIN_ROWS ? staged.raw : undefined;
  const textCells = ownTable ? [...ownTable.cells].filter(([, c]) => c.type === 'VARCHAR').map(([cell]) => cell) : [];
  const listed = ownTable ? enums.filter((p) => !p.text) : [];
  // A typed progress column's largest value (it tells a 0–100 scale) needs nothing from this scan's other counts.
  const typedProgress = plans.filter((p) => p.kind === 'progress' && typed(p));
  const firstScan = [
    ...typedProgress.map((p) => `(SELECT CAST(max(${typed(p)}) AS VARCHAR) FROM ${stage} s) AS ${quoteIdentifier(`max${p.index}`)}`),
    ...numeric.map((p, i) => sampled(p)
      ? `NULL AS n${i}`
      : `(SELECT string_agg(v, chr(30)) FROM (SELECT ${src(p)} AS v FROM ${stage} s WHERE ${src(p)} LIKE '%,%' OR ${src(p)} LIKE '%.%' LIMIT 500)) AS n${i}`),
    ...(requiredPlans.length + enums.length + texts.length + textCells.length > 0
      // count_if, not count(*) FILTER: the condition as a value, not a selection per aggregate — a third less CPU over
      // 1.75 M check-ins. Each count is read as "any?" (NULL when the file has no rows).
      ? [`* FROM (SELECT ${[
          ...requiredPlans.map((p, i) => `count_if(${missing(p)}) AS r${i}`),
          ...enums.map((p, i) => `count_if(${offList(p)}) AS e${i}`),
          ...texts.map((p, i) => `count_if(${mayNeedTrim(src(p))}) AS w${i}`),
          ...textCells.map((c) => `count_if(s.${quoteIdentifier(c)} = '') AS ${quoteIdentifier(`z${c}`)}`),
          ...listed.map((p, i) => `count_if(${src(p)} NOT IN (${p.spec.values!.map(quoteLiteral).join(', ')})) AS l${i}`),
        ].join(', ')} FROM ${stage} s)`]
      : []),
  ];
  // A file of no rows (a header alone, an empty Parquet table): nothing to count, sample or read by distinct value —
  // both scans are left out, and what follows reads their results as empty (every count none, no values to parse).
  const empty = staged.inputRows === 0;
  const scanned = firstScan.length && !empty
    ? (tableToRows<Record<string, string | number | null>>(await db.query(`SELECT ${firstScan.join(', ')}`))[0] ?? {})
    : {};
  const samples = numeric.flatMap((p, i) => sampled(p) ?? String(scanned[`n${i}`] ?? '').split('\u001e').filter((v) => v !== ''));
  const decimalInference = samples.length ? inferDecimalSeparator(samples) : null;
  const decimal = decimalInference?.decimal ?? '.';
  if (decimalInference?.ambiguous) {
    ctx.fileDiagnostic({
      severity: 'warning',
      code: 'ambiguous-number',
      ...say('diag.ambiguous-number', { sample: samples[0]!, decimal, evidence: decimalInference.evidenceText }),
      file: name,
    });
  }
  const fastNumber = decimal === ',' ? NUMBER_INT : NUMBER_DOT;
  const isFastNumber = (v: string) => `regexp_full_match(trim(${v}), ${quoteLiteral(fastNumber)})`;
  const isFastDate = (v: string) =>
    `(regexp_full_match(trim(${v}), ${quoteLiteral(ISO_DATE)}) AND TRY_CAST(substr(trim(${v}), 1, 10) AS DATE) IS NOT NULL)`;

  // Classify distinct values, not rows: a 2-million-row column has few distinct dates or scores.
  // Every column's values that SQL cannot read by cast come back in one query: (col, sc, v);
  // a progress column's largest plain number comes as col = -1 - index.
  const distinctSql = (p: ColumnPlan, where: (v: string) => string) =>
    `SELECT ${p.index} AS col, NULL::VARCHAR AS sc, v FROM (SELECT DISTINCT ${src(p)} AS v FROM ${stage} s WHERE ${src(p)} IS NOT NULL) WHERE trim(v) <> '' AND (${where('v')})`;
  const secondScan: string[] = [];
  /** A confidence column's distinct combinations of the stage cells its expressions read, by source column. */
  const combinations = new Map<number, { table: string; columns: string[] }>();
  for (const p of empty ? [] : plans) {
    const t = typed(p);
    // Typed: every value is read; a progress column's largest value came with the first scan.
    if (t) continue;
    if (p.kind === 'number' || p.kind === 'progress') secondScan.push(distinctSql(p, (v) => `NOT ${isFastNumber(v)}`));
    if (p.kind === 'progress') {
      secondScan.push(
        `SELECT ${-1 - p.index} AS col, NULL::VARCHAR AS sc, CAST(max(TRY_CAST(trim(v) AS DOUBLE)) AS VARCHAR) AS v FROM (SELECT DISTINCT ${src(p)} AS v FROM ${stage} s) WHERE ${isFastNumber('v')}`,
      );
    }
    if (p.kind === 'date') secondScan.push(distinctSql(p, (v) => `NOT ${isFastDate(v)}`));
    if (p.kind === 'confidence') {
      const sc = scalePlan && p.scaleKey ? `NULLIF(lower(trim(${src(scalePlan)})), '')` : 'NULL::VARCHAR';
      const cellColumns = stageCells([sc, src(p)]);
      let from = `${stage} s`;
      if (cellColumns.length) {
        // Kept as a table: read here, and again below to give each combination its cells (cellsByCombination).
        // A cell whose text the stage computes from a typed value (stage.ts `keys`) is told apart by that value,
        // and its text computed per combination.
        const table = ctx.table(`conf${fileIndex}_${p.index}`);
        const columns: string[] = [];
        const keyedTexts: string[] = [];
        for (const c of cellColumns) {
          const i = Number(/\d+/.exec(c)![0]);
          const textOf = staged.keys?.get(i);
          const key = `s.${quoteIdentifier(`k${i}`)}`;
          columns.push(textOf ? key : c);
          if (textOf) keyedTexts.push(`${textOf(key)} AS ${quoteIdentifier(`c${i}`)}`);
        }
        ctx.defer([`CREATE TABLE ${table} AS SELECT ${[...columns, ...keyedTexts].join(', ')} FROM (SELECT DISTINCT ${columns.join(', ')} FROM ${stage} s) s`]);
        combinations.set(p.index, { table, columns });
        from = `${table} s`;
      }
      secondScan.push(
        `SELECT DISTINCT ${p.index} AS col, ${sc} AS sc, ${src(p)} AS v
         FROM ${from} WHERE NOT ${blank(src(p))}`,
      );
    }
  }
  const unread = new Map<number, { sc: string | null; v: string }[]>();
  for (const p of typedProgress) {
    const max = scanned[`max${p.index}`];
    if (max !== null && max !== undefined) unread.set(-1 - p.index, [{ sc: null, v: String(max) }]);
  }
  if (secondScan.length) {
    for (const r of tableToRows<{ col: number; sc: string | null; v: string | null }>(await db.query(secondScan.join('\nUNION ALL\n')))) {
      if (r.v === null) continue;
      const list = unread.get(r.col) ?? [];
      list.push({ sc: r.sc, v: r.v });
      unread.set(r.col, list);
    }
  }
  const distinct = (p: ColumnPlan): string[] => (unread.get(p.index) ?? []).map((x) => x.v);

  const cells: CellResult[] = [];
  const factors = new Map<number, number>();
  let labels: Map<string, number> | undefined;
  let asked = false;
  for (const p of plans) {
    ctx.checkAborted();
    if (p.kind === 'number' || p.kind === 'progress') {
      const values = distinct(p);
      const parsed = values.map((raw) => ({ raw, result: parseNumber(raw, { decimal }) }));
      let factor = 1;
      // Check-in and key-result progress: value, progress or percent is decided against each
      // key result's start and target once every file is read (load/value-kind.ts).
      const deferred = p.kind === 'progress' && deferValueKind(ctx, fileIndex, table, p.target, parsed.some((x) => 'value' in x.result && x.result.percent), staged.inputRows);
      if (p.kind === 'progress' && !deferred) {
        // Progress as 0–100 rather than 0–1: decided per column from its plain (non-"%") values.
        const fastMax = Number(unread.get(-1 - p.index)?.[0]?.v ?? 0);
        const plainMax = Math.max(fastMax, ...parsed.map((x) => ('value' in x.result && !x.result.percent ? x.result.value : 0)));
        if (plainMax > 2) {
          factor = 100;
          ctx.fileDiagnostic({
            severity: 'warning',
            code: 'percent-scale-inferred',
            ...say('diag.percent-scale-inferred', { column: p.header, max: plainMax }),
            file: name,
            column: p.header,
          });
        }
      }
      factors.set(p.index, factor);
      // Ratings as words: through the scale's labels or the built-in wordings (normalise/rating-words.ts).
      const words = isRatingTarget(table, p.target) ? parsed.filter((x) => 'error' in x.result).map((x) => x.raw) : [];
      const wordValues = new Map<string, number>();
      const notRated = new Set(words.filter(isNotRated));
      const toRead = words.filter((x) => !notRated.has(x));
      if (toRead.length) {
        labels ??= await scaleLabels(ctx);
        const read = resolveRatingWords(toRead, labels, options.ratingPoints);
        if ('question' in read) {
          // The scale's size changes the numbers: asked (ratingPoints answers), the file held back.
          asked = true;
          ctx.ask(fileIndex, {
            // One question per file: the answer (a scale size) holds for every rating column of it.
            id: questionId('rating-scale', name),
            kind: 'rating-scale',
            file: name,
            column: p.header,
            ask: text('ask.rating-scale', { column: p.header, why: read.questionText }),
            tables: ['ratings'],
            candidates: read.fits.map((size) => {
              const values = resolveRatingWords(toRead, new Map(), size);
              return {
                value: String(size),
                label: text('rating-points', { size }),
                implies:
                  'values' in values
                    ? text('implies.rating-words', { words: [...values.values].map(([raw, v]) => text('rating-word-is', { raw, value: v, size })) })
                    : text('rating-points', { size }),
                patch: { ratingPoints: size },
              };
            }),
          });
        } else if ('values' in read) {
          for (const [raw, v] of read.values) wordValues.set(raw, v);
          if (read.how !== 'scale') ctx.ratingWords.push({ file: name, column: p.header, values: read.values });
          ctx.fileDiagnostic({
            severity: 'warning',
            code: 'rating-words-read',
            ...say(`diag.rating-words-read.${read.how === 'scale' ? 'scale' : read.how === 'number-prefix' ? 'prefix' : 'built-in'}`, {
              column: p.header,
              points: read.points ?? null,
              evidence: read.evidenceText,
              words: [...read.values].map(([raw, v]) => `"${raw}" = ${v}`).join(', '),
            }),
            file: name,
            column: p.header,
          });
        }
      }
      for (const { raw, result } of parsed) {
        // The file waits for the answer: its words are not reported as unreadable.
        if (asked && toRead.includes(raw)) continue;
        if (notRated.has(raw)) {
          cells.push({ col: p.index, raw, num: null, dt: null, code: 'not-rated', text: text('cell.not-rated', { raw }) });
          continue;
        }
        if (wordValues.has(raw)) {
          cells.push({ col: p.index, raw, num: wordValues.get(raw)!, dt: null, code: null, text: null });
          continue;
        }
        if ('error' in result) {
          cells.push({ col: p.index, raw, num: null, dt: null, code: 'unparseable', text: result.errorText });
        } else {
          const value = result.percent ? numberValue(result) : numberValue(result) / factor;
          cells.push({ col: p.index, raw, num: value, dt: null, code: null, text: null });
        }
      }
    } else if (p.kind === 'date') {
      const values = distinct(p);
      if (values.length === 0) continue;
      let order: DateOrder = options.dateOrder ?? DEFAULT_DATE_ORDER;
      if (!options.dateOrder) {
        const id = questionId('date-order', name, p.header);
        const answered = ctx.answer(id);
        const inferred = inferDateOrder(values);
        if (answered === 'dmy' || answered === 'mdy') {
          order = answered;
          ctx.decide(name, { kind: 'date-order', column: p.header, value: order, declared: true, ...say('decision.date-order-answered', { column: p.header, order: text(`order.${order}`) }) });
        } else if (inferred.ambiguous) {
          // Day/month or month/day moves every such date: asked, never guessed.
          const example = values.find((v) => /\d/.test(v)) ?? values[0]!;
          ctx.ask(fileIndex, {
            kind: 'date-order',
            file: name,
            column: p.header,
            ask: text('ask.date-order', { column: p.header, evidence: inferred.evidenceText }),
            tables: [table === 'flat-okr' ? 'flat-okr' : table],
            candidates: (['dmy', 'mdy'] as const).map((o) => ({
              value: o,
              label: text(`order.${o}`),
              implies: dateWords(example, o),
              patch: { dateOrder: o },
            })),
          });
        } else if (inferred.order) {
          order = inferred.order;
          ctx.decide(name, { kind: 'date-order', column: p.header, value: order, declared: false, ...say('decision.date-order', { column: p.header, order: text(`order.${order}`), evidence: inferred.evidenceText }) });
        }
      }
      for (const raw of values) {
        const result = parseDate(raw, order);
        if ('error' in result) cells.push({ col: p.index, raw, num: null, dt: null, code: 'unparseable', text: result.errorText });
        else cells.push({ col: p.index, raw, num: null, dt: result.iso, code: null, text: null });
      }
    } else if (p.kind === 'confidence') {
      const pairs = unread.get(p.index) ?? [];
      const rowScale = (sc: string | null) => (sc && (CONFIDENCE_SCALES as readonly string[]).includes(sc) ? (sc as ConfidenceScale) : null);
      const values = [...new Set(pairs.filter((x) => !rowScale(x.sc)).map((x) => x.v))];
      let scale: ConfidenceScale | null = options.confidenceScale ?? null;
      if (!scale && values.length) {
        const inferred = inferConfidenceScale(values, { decimal });
        scale = inferred.scale;
        ctx.fileDiagnostic(
          scale
            ? {
                severity: 'warning',
                code: 'confidence-scale-inferred',
                ...say('diag.confidence-scale-inferred', { column: p.header, scale: text('scale-key', { scale }), reason: inferred.reasonText }),
                file: name,
                column: p.header,
              }
            : {
                severity: 'error',
                code: 'unparseable',
                ...say('diag.confidence-scale-unknown', { column: p.header, reason: inferred.reasonText }),
                file: name,
                column: p.header,
              },
        );
      }
      for (const { sc, v: raw } of pairs) {
        const k = p.scaleKey ? (sc ?? '') : null;
        if (sc && !rowScale(sc)) {
          cells.push({ col: p.index, raw, k, num: null, dt: null, code: 'unparseable', text: text('cell.unknown-scale', { scale: sc, scales: CONFIDENCE_SCALES.join(', ') }) });
          continue;
        }
        const used = rowScale(sc) ?? scale;
        if (!used) continue;
        const result = normaliseConfidence(raw, used, { decimal });
        if ('error' in result) {
          const numeric = result.code === 'out-of-range';
          cells.push({
            col: p.index,
            raw,
            k,
            num: null,
            dt: null,
            code: numeric ? 'out-of-range' : 'unparseable',
            text: text('cell.confidence', { scale: used, error: result.errorText }),
          });
        } else cells.push({ col: p.index, raw, k, sc: used, num: result.value, dt: null, code: null, text: null });
      }
    }
  }

  const map = ctx.table(`cells${fileIndex}`);
  // Most files need no cell map at all: every value cast in SQL.
  if (cells.length) await db.insertArrowIPC(
    unquote(map),
    tableToIPC(
      new Table({
        col: vectorFromArray(cells.map((c) => c.col), new Int32()),
        raw: vectorFromArray(cells.map((c) => c.raw), new Utf8()),
        k: vectorFromArray(cells.map((c) => c.k ?? null), new Utf8()),
        sc: vectorFromArray(cells.map((c) => c.sc ?? null), new Utf8()),
        num: vectorFromArray(cells.map((c) => c.num), new Float64()),
        dt: vectorFromArray(cells.map((c) => c.dt), new Utf8()),
        code: vectorFromArray(cells.map((c) => c.code), new Utf8()),
        text: vectorFromArray(cells.map((c) => (c.text ? JSON.stringify(c.text) : null)), new Utf8()),
      }),
      'stream',
    ),
    { create: true },
  );
  const mapped = new Set(cells.map((c) => c.col));
  // A confidence column's cells per combination of the stage cells they are read from (a few hundred rows
  // for two million check-ins): the rows then join on those cells as they are, with no trim, lower or
  // coalesce per row (100k Parquet check-ins, that INSERT alone: 2.8 s CPU with the per-row join, 1.7 s with this one).
  const cellsByCombination = new Map<number, { table: string; columns: string[]; own: Partial<Record<'num' | 'raw' | 'sc', string>> }>();
  for (const p of plans) {
    const combos = combinations.get(p.index);
    if (p.kind !== 'confidence' || !combos || !mapped.has(p.index)) continue;
    const table = ctx.table(`confmap${fileIndex}_${p.index}`);
    ctx.defer([
      `CREATE TABLE ${table} AS SELECT ${combos.columns.join(', ')}, m.num, m.sc, NULLIF(trim(${src(p)}), '') AS raw
       FROM ${combos.table} s LEFT JOIN ${map} m ON ${cellMatch('m', p)}`,
    ]);
    const own = ownCells(staged, confidenceSources, combos.columns);
    // Over the few combinations: is each result what a plain expression of the row's own cells gives?
    const [same] = tableToRows<{ num: boolean | null; raw: boolean | null; sc: boolean | null }>(
      await db.query(
        `SELECT ${(['num', 'raw', 'sc'] as const)
          .map((c) => (own[c] ? `bool_and(${c} IS NOT DISTINCT FROM ${own[c]} AND CAST(${c} AS VARCHAR) IS NOT DISTINCT FROM CAST(${own[c]} AS VARCHAR)) AS ${c}` : `false AS ${c}`))
          .join(', ')} FROM ${table} s`,
      ),
    );
    cellsByCombination.set(p.index, {
      table,
      columns: combos.columns,
      own: { num: same?.num ? own.num : undefined, raw: same?.raw ? own.raw : undefined, sc: same?.sc ? own.sc : undefined },
    });
  }
  const joins: string[] = [];
  const selects: string[] = [`${fileIndex}::INTEGER AS __file`, 's.__row'];
  const targets: string[] = [];
  const exprs: OwnColumns['columns'] = [];
  for (const p of plans) {
    const m = `m${p.index}`;
    const join = () => {
      if (mapped.has(p.index)) joins.push(`LEFT JOIN ${map} ${m} ON ${cellMatch(m, p)}`);
      return mapped.has(p.index);
    };
    let expr: string;
    switch (p.kind) {
      case 'text':
        expr = scanned[`w${texts.indexOf(p)}`] ? `NULLIF(${trimmed(src(p))}, '')` : `NULLIF(${src(p)}, '')`;
        break;
      case 'enum': {
        const word = scanned[`w${texts.indexOf(p)}`] ? `lower(trim(${src(p)}))` : `lower(${src(p)})`;
        expr = `CASE WHEN ${word} IN (${p.spec.values!.map(quoteLiteral).join(', ')}) THEN ${word} ${enumSynonymsSql(table, p.spec.name, src(p))} END`;
        break;
      }
      // Every value the fast pattern does not match is in the cell map, so the
      // rest cast without checking again (no regular expression per row).
      case 'number':
      case 'progress': {
        const factor = factors.get(p.index) ?? 1;
        const fast = `${typed(p) ?? `TRY_CAST(trim(${src(p)}) AS DOUBLE)`}${factor === 1 ? '' : ` / ${factor}`}`;
        expr = join() ? `CASE WHEN ${m}.raw IS NOT NULL THEN ${m}.num ELSE ${fast} END` : fast;
        break;
      }
      case 'date': {
        const fast = typed(p) ?? `TRY_CAST(substr(trim(${src(p)}), 1, 10) AS DATE)`;
        expr = join() ? `CASE WHEN ${m}.raw IS NOT NULL THEN CAST(${m}.dt AS DATE) ELSE ${fast} END` : fast;
        break;
      }
      case 'confidence': {
        const byCombination = cellsByCombination.get(p.index);
        const own = byCombination?.own ?? {};
        // NULL cells (a short row, a Parquet null) are a combination too: matched as equal. No join when every
        // result is the row's own cells (the usual Plumb export: number, its text and its scale as read).
        if (byCombination && !(own.num && own.raw && own.sc)) {
          joins.push(`LEFT JOIN ${byCombination.table} ${m} ON ${byCombination.columns.map((c) => `${m}.${c.slice(2)} IS NOT DISTINCT FROM ${c}`).join(' AND ')}`);
        }
        expr = own.num ?? (byCombination || join() ? `${m}.num` : 'NULL::DOUBLE');
        break;
      }
    }
    const add = (target: string, e: string, differs?: number) => {
      selects.push(`${e} AS ${quoteIdentifier(target)}`);
      targets.push(target);
      // Rows whose value differs from the cell, where the first scan counted them: an empty text, a value off its list.
      const empty = /^NULLIF\(s\."(c\d+)", ''\)$/.exec(e)?.[1];
      const counted = differs ?? (empty && textCells.includes(empty) ? Number(scanned[`z${empty}`] ?? 0) : undefined);
      exprs.push({ target, expr: e, ...(counted === undefined ? {} : { differs: counted }) });
    };
    add(p.target, expr, p.kind === 'enum' && listed.includes(p) && !scanned[`w${texts.indexOf(p)}`] ? Number(scanned[`l${listed.indexOf(p)}`] ?? 0) : undefined);
    if (p.kind === 'confidence') {
      const prefix = p.target.slice(0, -'confidence'.length);
      const own = cellsByCombination.get(p.index)?.own ?? {};
      add(prefix + 'confidence_raw', own.raw ?? (cellsByCombination.has(p.index) ? `${m}.raw` : `NULLIF(trim(${src(p)}), '')`));
      add(prefix + 'confidence_scale', own.sc ?? (mapped.has(p.index) ? `${m}.sc` : 'NULL::VARCHAR'));
    }
  }
  const select = `SELECT ${selects.join(', ')} FROM ${stage} s ${joins.join(' ')}`;

  // Cell findings (unparseable / out-of-range values reject their row), missing required values
  // (reject) and values outside a closed vocabulary (left blank, warned): one statement.
  const withErrors = new Set(cells.filter((c) => c.code !== null).map((c) => c.col));
  const firstStage = table === 'ratings' ? `${stageColumns(plans.map((x) => x.target))[0] ?? ''}.rating` : '';
  const findingSql: string[] = [];
  const findingParams: string[] = [];
  for (const p of plans) {
    if (!withErrors.has(p.index)) continue;
    // "Too new to rate" is no error: the row is counted (rejected) when it is the row's own rating, and
    // another stage's column without a rating only places no rating for that stage.
    const own = p.target === 'rating' || !plans.some((x) => x.target === 'rating');
    findingSql.push(
      `SELECT s.__row, CASE WHEN m.code = 'not-rated' THEN 'warning' ELSE 'error' END, m.code, ?, m.text, m.code <> 'not-rated' OR ${own && (p.target === 'rating' || p.target === firstStage) ? 'true' : 'false'}
       FROM ${stage} s JOIN ${map} m ON ${cellMatch('m', p)} WHERE m.code IS NOT NULL`,
    );
    findingParams.push(p.header);
  }
  for (const [i, group] of requiredPlans.entries()) {
    if (!scanned[`r${i}`]) continue;
    // A row without a required value cannot be placed.
    const headers = group.map((p) => `"${p.header}"`).join(' or ');
    findingSql.push(`SELECT s.__row, 'error', 'missing-value', ?, ?, true FROM ${stage} s WHERE ${missing(group)}`);
    findingParams.push(group[0]!.header, JSON.stringify(text('row.missing-value', { columns: headers, targets: group.map((p) => p.target).join(' | ') })));
  }
  for (const [i, p] of enums.entries()) {
    if (!scanned[`e${i}`]) continue;
    // An unknown value is left blank, with a warning.
    findingSql.push(`SELECT s.__row, 'warning', 'out-of-range', ?, ${textSql('row.not-in-list', { value: `trim(${src(p)})`, list: { value: p.spec.values!.join(', ') } })}, false FROM ${stage} s WHERE ${offList(p)}`);
    findingParams.push(p.header);
  }
  if (findingSql.length) {
    await ctx.addRowFindings(
      `SELECT ${fileIndex}, * FROM (${findingSql.join('\nUNION ALL\n')})`,
      findingParams,
      fileIndex,
    );
  }
  const comboTables = [...combinations.values(), ...cellsByCombination.values()].map((c) => c.table);
  return {
    select,
    targets,
    workTables: [...(cells.length ? [map] : []), ...comboTables],
    ...(ownTable && joins.length === 0 ? { own: { stage, raw: ownTable, columns: exprs } } : {}),
  };
}

/**
 * SQL true when a cell is empty or only whitespace, as `NULLIF(trim(x), '') IS NULL` says: `ltrim` stops at the
 * first other character, where `trim` (its right end) walks every character of every cell — a third of the
 * time over a two-million-row column. (DuckDB's trim, ltrim and rtrim strip the same characters.)
 */
function blank(x: string): string {
  return `(${x} IS NULL OR ltrim(${x}) = '')`;
}

/**
 * SQL true for a cell `trim` might change: one with a space at either end or any character beyond ASCII (DuckDB's
 * trim strips exactly the 17 Unicode space separators, of which only the space is ASCII — checked code point by
 * code point). No such cell in a column: every cell is its own trim, and the column is copied as it is — the
 * check is O(1) per cell plus a byte count, where `trimmed` walks each cell two or three times and copies it.
 */
function mayNeedTrim(x: string): string {
  return `(prefix(${x}, ' ') OR suffix(${x}, ' ') OR strlen(${x}) <> length(${x}))`;
}

/**
 * `trim(x)`, faster: a cell whose last character is printable ASCII (most ids, names, notes) has nothing to strip
 * at its right end, so `ltrim` gives the same text without walking every character to find that end; any other
 * last character (a space or control character, anything beyond ASCII, or an empty cell) goes through `trim`.
 */
function trimmed(x: string): string {
  return `CASE WHEN right(${x}, 1) < '!' OR right(${x}, 1) >= chr(128) THEN trim(${x}) ELSE ltrim(${x}) END`;
}

/**
 * Plain expressions of a row's own stage cells that may give its confidence results (checked against every
 * combination before use; convertFile): the number as typed (`k<i>`, Parquet/Arrow) or cast from its text, the
 * raw text and the scale as given, an empty cell as none. Only over cells of the combination table (`columns`), so
 * that a combination's expression is its rows' — deterministic expressions of the same cells give the same result.
 */
function ownCells(
  staged: StagedFile,
  sources: { value: number | undefined; raw: number | undefined; scale: number | undefined },
  columns: readonly string[],
): Partial<Record<'num' | 'raw' | 'sc', string>> {
  const cell = (prefix: 'c' | 'k', i: number | undefined) => {
    const c = i === undefined ? null : `s.${quoteIdentifier(`${prefix}${i}`)}`;
    return c && columns.includes(c) ? c : undefined;
  };
  const keyed = cell('k', sources.value);
  const text = cell('c', sources.value);
  const raw = cell('c', sources.raw);
  const scale = cell('c', sources.scale);
  return {
    ...(keyed ? { num: `CAST(${keyed} AS DOUBLE)` } : text ? { num: `TRY_CAST(${text} AS DOUBLE)` } : {}),
    ...(raw ? { raw: `NULLIF(${raw}, '')` } : {}),
    ...(scale ? { sc: `NULLIF(${scale}, '')` } : {}),
  };
}

/**
 * The stage columns (`s."c<i>"`) the expressions read: over their distinct combinations the expressions
 * (trim, lower, coalesce: deterministic, of those columns alone) run once per combination, not per row —
 * a confidence column of two million check-ins has a few hundred.
 */
function stageCells(expressions: readonly string[]): string[] {
  return [...new Set(expressions.join(' ').match(/\bs\."c\d+"/g) ?? [])];
}
