/**
 * Two header rows: system keys, then labels (SAP SuccessFactors' user data file: "Header Row 1: System Keys",
 * "Header Row 2: Data Labels", data "from the third row on"; SAP KBA 2087504). Read as data, the label row
 * becomes a person called "Username" and every typed column gets one unparseable value.
 *
 * Considered only when row 2 reads like headers: no cell of it is a number, date or id, and at least two
 * of its cells (and half of its filled ones) name a canonical column or restate the key above them. Then
 * it is decided by structure, the evidence named in the file's decisions:
 * - labels restate the keys ("USERID" / "User ID", "HIREDATE" / "Hire Date"), or
 * - a column whose rows below are all numbers, dates or ids has text in row 2, or
 * - row 1 is key-like identifiers (no spaces: STATUS, USERID, custom01) over labels with spaces.
 * Without any of these it is a question (`--answer "header-rows:file=2"`). Data rows keep their file row
 * numbers (the first is row 3), so every diagnostic still names the row a spreadsheet shows.
 */
import { tableToRows } from '../arrow-rows.js';
import { TABLE_LAYOUTS, matchHeader, normaliseHeader } from '../normalise/index.js';
import { quoteIdentifier as q } from '../sql.js';
import type { LoadContext } from './context.js';
import { answerCandidate, questionId } from './questions.js';
import { say } from './text.js';
import { text, type Text } from '../text.js';
import { fileBaseName } from './mapping-scope.js';
import { firstRowOf, type StagedFile } from './stage.js';

/** Rows read below row 2 to tell which columns hold only typed values. */
const SAMPLE_ROWS = 5000;

/** A number ("1.234,5", "45 %"), a date ("03.09.2026", "2026-09-03", "Sep 3, 2026", "3 Sep 2026") or an id ("80017", "E-1042"). */
const TYPED = [
  '[-+]?[0-9][0-9.,\' ]*%?',
  '[-+]?[.,][0-9]+%?',
  '[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}([ T].*)?',
  '[A-Za-z]{3,9}\\.? [0-9]{1,2},? [0-9]{4}',
  '[0-9]{1,2}\\.? [A-Za-z]{3,9}\\.? [0-9]{4}',
  '[A-Za-z]{0,5}[-_]?[0-9]+',
];
const TYPED_SQL = `^(${TYPED.join('|')})$`;
const TYPED_JS = new RegExp(`^(${TYPED.join('|')})$`);
/** A system key: one word of letters, digits, `_` or `.` (STATUS, USERID, custom01, hireDate). */
const KEY_LIKE = /^[A-Za-z][A-Za-z0-9_.]*$/;

const namesAColumn = (cell: string) => TABLE_LAYOUTS.some((t) => matchHeader(cell, t) !== null);

/**
 * Row 2's cells (`labels`, trimmed) under the header's (`keys`) when they read like labels (then the sample below them
 * decides, or it is asked), else null: row 2 is data, whatever the rows below hold. A file's head tells it
 * (load/peek.ts).
 */
export function labelRowCandidate(keys: readonly string[], labels: readonly string[]) {
  const filled = labels.map((l, i) => ({ label: l, key: keys[i]!, i })).filter((c) => c.label !== '');
  if (filled.length < 2 || filled.some((c) => TYPED_JS.test(c.label))) return null;
  const restated = filled.filter((c) => normaliseHeader(c.label) === normaliseHeader(c.key));
  const headerLike = filled.filter((c) => namesAColumn(c.label) || normaliseHeader(c.label) === normaliseHeader(c.key));
  if (headerLike.length < 2 || headerLike.length * 2 < filled.length) return null;
  return { filled, restated, headerLike };
}

/**
 * The file with row 2 read as its labels (a new stage over rows 3…, headers from the two rows), the file
 * unchanged (`null`: row 2 is data), or `'asked'` when nothing tells which.
 */
export async function secondHeaderRow(ctx: LoadContext, fileIndex: number, name: string, staged: StagedFile): Promise<StagedFile | null | 'asked'> {
  if ((staged.format !== 'csv' && staged.format !== 'tsv') || staged.inputRows < 2 || staged.headers.length < 2) return null;
  const cols = staged.headers.map((_, i) => q(`c${i}`));
  // Row 2 first, and the sample below it only when row 2 reads like labels: most files stop after this one read.
  // A stage keeps the file's row order (rows are numbered as in the file), so row 2 is its first row when it is
  // there: read as the first row, not as `WHERE __row = 2`, which DuckDB answers by scanning every row (100k
  // check-ins: ~120 ms CPU, ~4 ms for the first row). A CSV read typed brought it with its row count.
  const [first] = staged.firstRow !== undefined
    ? staged.firstRow ? [staged.firstRow] : []
    : tableToRows<Record<string, unknown>>(await ctx.connector.query(firstRowOf(staged.headers.length, staged.stage)));
  const second = Number(first?.__row) === 2 ? first : undefined;
  if (!second) return null;
  const keys = staged.headers;
  const labels = keys.map((_, i) => String(second[`r${i}`] ?? '').trim());
  const candidate = labelRowCandidate(keys, labels);
  if (!candidate) return null;
  const { filled, restated, headerLike } = candidate;
  const [row] = tableToRows<Record<string, string | number | null>>(
    await ctx.connector.query(
      `SELECT ${cols.map((c, i) => `count(NULLIF(trim(${c}), '')) AS n${i}, count(*) FILTER (WHERE regexp_matches(trim(${c}), ?)) AS t${i}`).join(', ')}
       FROM (SELECT * FROM ${staged.stage} WHERE __row > 2 LIMIT ${SAMPLE_ROWS})`,
      cols.map(() => TYPED_SQL),
    ),
  );

  const typedBelow = filled.filter((c) => Number(row?.[`n${c.i}`]) > 0 && Number(row?.[`t${c.i}`]) === Number(row?.[`n${c.i}`]));
  const filledKeys = keys.filter((k) => k !== '');
  const keyLike = filledKeys.length >= 2 && filledKeys.every((k) => KEY_LIKE.test(k)) && filled.some((c) => /\s/.test(c.label));
  const evidence: Text[] = [];
  // Up to three columns named, the rest counted.
  const named = (list: { label: string; key: string }[], f: (c: { label: string; key: string }) => string) => ({
    columns: list.slice(0, 3).map(f).join(', '),
    more: Math.max(0, list.length - 3),
  });
  if (restated.length >= 2) evidence.push(text('header-rows.restated', named(restated, (c) => `"${c.key}" / "${c.label}"`)));
  if (typedBelow.length > 0) evidence.push(text('header-rows.typed', named(typedBelow, (c) => `"${c.label}"`)));
  if (keyLike) evidence.push(text('header-rows.keys', named(filled, (c) => `"${c.key}"`)));

  const id = questionId('header-rows', fileBaseName(name));
  const answered = ctx.answer(id);
  const dataRows = staged.inputRows - 1;
  if (answered === '1') {
    ctx.decide(name, { kind: 'header-rows', value: '1', declared: true, ...say('decision.header-rows-data', { file: name }) });
    return null;
  }
  if (answered !== '2' && evidence.length === 0) {
    ctx.ask(fileIndex, {
      kind: 'header-rows',
      file: name,
      ask: text('ask.header-rows', { file: name, ...named(headerLike, (c) => `"${c.label}"`) }),
      tables: [],
      candidates: [
        answerCandidate(id, '2', text('implies.header-rows.labels', { rows: dataRows }), text('label.header-rows.labels')),
        answerCandidate(id, '1', text('implies.header-rows.data', { rows: staged.inputRows }), text('label.header-rows.data')),
      ],
    });
    return 'asked';
  }
  // Each column is known by the label a person reads, or by its key where only the key names a column. A column
  // read typed (stage.ts) had an empty row-2 cell (a label parses as no number or date), so it keeps its key and
  // the types chosen from row 1's headers still hold.
  const headers = keys.map((key, i) => {
    const label = labels[i]!;
    if (label === '') return key;
    return !namesAColumn(label) && namesAColumn(key) ? key : label;
  });
  ctx.decide(name, {
    kind: 'header-rows',
    value: '2',
    declared: answered === '2',
    ...(answered === '2' ? say('decision.header-rows-answered', { file: name }) : say('decision.header-rows', { file: name, evidence })),
  });
  const stage = ctx.view(`labelled${fileIndex}`);
  await ctx.run([`CREATE VIEW ${stage} AS SELECT * FROM ${staged.stage} WHERE __row > 2`]);
  return { ...staged, stage, headers, inputRows: dataRows, workTables: [stage, ...staged.workTables] };
}
