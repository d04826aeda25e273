/**
 * One sheet with objectives and key results as rows of their own, told apart by a type or level column
 * ("Objective" / "Key Result", "Goal" / "KR", "Ziel" / "Schlüsselergebnis", "Objectif" / "Résultat clé"),
 * each row naming its parent (an objective's parent objective, a key result's objective) by id or title.
 *
 * Decided by structure, never by the type column's header: a column of a few distinct values (in a bounded
 * sample of the file) with both an objective word and a key-result word among
 * them (other kinds, like "Initiative", may sit beside them), splits the file. The evidence (the words and their row counts) is named in the file's decisions;
 * two such columns are a question. Rows of another kind ("Initiative", blank) are rejected, each named.
 */
import { tableToRows } from '../arrow-rows.js';
import { mapColumns, normaliseConfidence, normaliseHeader, type ColumnMapping } from '../normalise/index.js';
import { quoteIdentifier as q, quoteLiteral } from '../sql.js';
import type { LoadContext } from './context.js';
import { answerCandidate, questionId } from './questions.js';
import { fileBaseName } from './mapping-scope.js';
import type { StagedFile } from './stage.js';
import { text } from '../text.js';
import { say, textSql } from './text.js';

/** Row-kind words (as `normaliseHeader` leaves them: lower case, letters and digits). */
const OBJECTIVE_WORDS = new Set(['objective', 'objectives', 'goal', 'o', 'obj', 'companyobjective', 'teamobjective', 'ziel', 'objectif', 'objetivo', 'okrobjective']);
const KEY_RESULT_WORDS = new Set(['keyresult', 'keyresults', 'kr', 'krs', 'milestone', 'milestones', 'result', 'metric', 'measure', 'schlusselergebnis', 'schluesselergebnis', 'resultatcle', 'resultatscles', 'resultadoclave']);

/**
 * Results that are work, not measures (Perdoo's "Initiative", a project, a task): a flat sheet's result-kind column
 * holds key-result words and these only. Perdoo: "Initiatives do not affect an Objective's progress by default"
 * (support.perdoo.com, "Understand how progress is calculated for OKRs").
 */
const WORK_ITEM_WORDS = new Set(['initiative', 'initiatives', 'initiativen', 'project', 'projects', 'projekt', 'projet', 'task', 'tasks', 'aufgabe', 'tache', 'action', 'actions', 'epic', 'epics', 'massnahme', 'massnahmen', 'manahme', 'manahmen', 'output', 'outputs']);

/** Rows a sample reads to find the row-kind column (the split itself covers every row). */
const SAMPLE_ROWS = 5000;
/** A row-kind column has a handful of values. */
const MAX_KINDS = 8;

const wordOf = (value: string) => normaliseHeader(value.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));

/**
 * Up to `MAX_KINDS + 1` distinct trimmed, non-blank values of each of `columns` (SQL expressions over `view`) among the
 * view's first `SAMPLE_ROWS` rows: more than `MAX_KINDS` means "not a column of kinds". One aggregate pass over the
 * sample; a scalar subquery per column planned and read the view once per column (~3× the time on a 10k-row file).
 */
async function distinctInSample(ctx: LoadContext, view: string, columns: readonly string[]): Promise<string[][]> {
  if (columns.length === 0) return [];
  const lists = columns.map(
    (c, i) => `array_to_string(list_distinct(list(trim(${c})) FILTER (WHERE NULLIF(trim(${c}), '') IS NOT NULL))[1:${MAX_KINDS + 1}], chr(30)) AS k${i}`,
  );
  const [row] = tableToRows<Record<string, string | null>>(await ctx.connector.query(`SELECT ${lists.join(', ')} FROM (SELECT * FROM ${view} LIMIT ${SAMPLE_ROWS})`));
  // Sorted: a decision names them, in the same order on every run (DISTINCT's order is the hash table's).
  return columns.map((_, i) => (row?.[`k${i}`] ? String(row[`k${i}`]).split('\u001e').sort() : []));
}

export interface InterleavedSplit {
  /** The row-kind column's header. */
  kindHeader: string;
  /** Views over the stage: the objective rows and the key-result rows (headers as the file's, plus one synthetic id column when the file has none). */
  objectives: StagedFile;
  keyResults: StagedFile;
  objectiveMapping: ColumnMapping;
  keyResultMapping: ColumnMapping;
}

/**
 * Find the row-kind column of a staged file (null when there is none: the file is read as before).
 * Two candidate columns are asked (`ctx.ask`); the answer (`answers[row-kind:file]`) names the column.
 */
export async function findRowKindColumn(ctx: LoadContext, fileIndex: number, name: string, staged: StagedFile): Promise<number | null | 'asked'> {
  if (staged.headers.length < 2) return null;
  // A column read typed (every value a number or a date) holds no words: not asked.
  const textual = staged.headers.map((_, i) => i).filter((i) => !staged.typed?.has(i));
  const kinds = await distinctInSample(ctx, staged.stage, textual.map((i) => q(`c${i}`)));
  const candidates: number[] = [];
  textual.forEach((i, j) => {
    const values = kinds[j]!;
    if (values.length < 2 || values.length > MAX_KINDS) return;
    const words = values.map(wordOf);
    // Other kinds ("Initiative") may sit beside them: those rows are rejected, each named.
    if (words.some((w) => OBJECTIVE_WORDS.has(w)) && words.some((w) => KEY_RESULT_WORDS.has(w))) candidates.push(i);
  });
  if (candidates.length === 0) return null;
  const id = questionId('row-kind', name);
  const answered = ctx.answer(id);
  if (answered !== undefined) {
    const i = staged.headers.findIndex((h) => normaliseHeader(h) === normaliseHeader(answered));
    return i >= 0 ? i : null;
  }
  if (candidates.length === 1) return candidates[0]!;
  ctx.ask(fileIndex, {
    kind: 'row-kind',
    file: name,
    ask: text('ask.row-kind', { file: name, columns: candidates.map((i) => `"${staged.headers[i]}"`).join(' | ') }),
    tables: ['objectives', 'key_results'],
    candidates: candidates.map((i) => answerCandidate(id, staged.headers[i]!, text('implies.row-kind', { column: staged.headers[i]! }))),
  });
  return 'asked';
}

/**
 * A flat sheet's result-kind column (one row per key result, some rows typed as work items such as "Initiative"):
 * among `headers` no other mapping reads, the first whose few distinct values are key-result words and work-item
 * words, both present. Its work-item rows are rejected, each named (they count in no progress), and the evidence is
 * named in the decisions. Returns the header, or null when the sheet has no such column.
 */
export async function rejectWorkItemRows(ctx: LoadContext, fileIndex: number, name: string, staged: StagedFile, headers: readonly string[]): Promise<string | null> {
  if (headers.length === 0) return null;
  const col = (h: string) => q(`c${staged.headers.indexOf(h)}`);
  const kinds = await distinctInSample(ctx, staged.stage, headers.map(col));
  const header = headers.find((_, i) => {
    const words = kinds[i]!.map(wordOf);
    return words.length >= 2 && words.length <= MAX_KINDS && words.every((w) => KEY_RESULT_WORDS.has(w) || WORK_ITEM_WORDS.has(w)) &&
      words.some((w) => KEY_RESULT_WORDS.has(w)) && words.some((w) => WORK_ITEM_WORDS.has(w));
  });
  if (header === undefined) return null;
  const kind = col(header);
  const counts = tableToRows<{ v: string | null; n: number }>(await ctx.connector.query(`SELECT trim(${kind}) AS v, count(*)::INTEGER AS n FROM ${staged.stage} GROUP BY 1 ORDER BY 2 DESC`));
  const keyResultValues = counts.filter((c) => c.v !== null && KEY_RESULT_WORDS.has(wordOf(c.v))).map((c) => c.v!);
  await ctx.addRowFindings(
    `SELECT ${fileIndex}, __row, 'error', 'row-kind', ?, ${textSql('row.row-kind', { column: '?', value: `coalesce(trim(${kind}), '')` })}, true
     FROM ${staged.stage} WHERE trim(${kind}) NOT IN (${keyResultValues.map(quoteLiteral).join(', ')}) OR ${kind} IS NULL`,
    [header, header],
    fileIndex,
  );
  const said = (values: (string | null)[]) => values.map((v) => text('row-kind-value', { value: v ?? '', n: counts.find((c) => c.v === v)!.n }));
  ctx.decide(name, {
    kind: 'row-kind',
    column: header,
    value: 'key_results',
    declared: false,
    ...say('decision.result-kind', { column: header, keyResults: said(keyResultValues), others: said(counts.filter((c) => !keyResultValues.includes(c.v!)).map((c) => c.v)) }),
  });
  return header;
}

/**
 * Split the file on its row-kind column: two views and their column mappings, the evidence named,
 * and every row of neither kind rejected with a finding naming its value.
 */
export async function splitInterleaved(ctx: LoadContext, fileIndex: number, name: string, staged: StagedFile, kindIndex: number): Promise<InterleavedSplit> {
  const kind = q(`c${kindIndex}`);
  const kindHeader = staged.headers[kindIndex]!;
  const counts = tableToRows<{ v: string | null; n: number }>(
    await ctx.connector.query(`SELECT trim(${kind}) AS v, count(*)::INTEGER AS n FROM ${staged.stage} GROUP BY 1 ORDER BY 2 DESC`),
  );
  const objectiveValues = counts.filter((c) => c.v !== null && OBJECTIVE_WORDS.has(wordOf(c.v))).map((c) => c.v!);
  const keyResultValues = counts.filter((c) => c.v !== null && KEY_RESULT_WORDS.has(wordOf(c.v))).map((c) => c.v!);
  const inList = (values: string[]) => (values.length ? `trim(${kind}) IN (${values.map(quoteLiteral).join(', ')})` : 'false');

  // Columns as the objectives layout reads them; the same columns then name the key result's id, title and objective.
  const headers = staged.headers;
  const asObjectives = mapColumns(headers, 'objectives');
  const asKeyResults = mapColumns(headers, 'key_results');
  const headerFor = (m: ColumnMapping, target: string) => Object.entries(m.mapping).find(([, t]) => t === target)?.[0];
  const idHeader = headerFor(asObjectives, 'objective_id') ?? headerFor(asKeyResults, 'key_result_id');
  const titleHeader = headerFor(asObjectives, 'title') ?? headerFor(asKeyResults, 'title');
  const parentHeader = headerFor(asObjectives, 'parent_objective_id') ?? headerFor(asKeyResults, 'objective_id');
  const col = (h: string | undefined) => (h === undefined ? 'NULL::VARCHAR' : q(`c${headers.indexOf(h)}`));
  // Without an id column a row is known by its title (a key result by its objective and title, as in a flat sheet).
  const synthetic = idHeader === undefined;
  const SYNTHETIC = '(id from the title)';
  const all = headers.map((_, i) => q(`c${i}`)).join(', ');
  const objectivesView = ctx.view(`objrows${fileIndex}`);
  const keyResultsView = ctx.view(`krrows${fileIndex}`);
  // Whether an aligned objective counts in its parent's progress, when the sheet does not say (asked, or as answered).
  const linkType = parentHeader && !Object.values(asObjectives.mapping).includes('link_type')
    ? await alignedLinkType(ctx, fileIndex, name, staged, parentHeader, col(idHeader ?? titleHeader), col(titleHeader), inList(objectiveValues), inList(keyResultValues))
    : null;
  const LINK_TYPE = '(aligned objectives, as answered)';
  const extraHeaders = [...(synthetic ? [SYNTHETIC] : []), ...(linkType ? [LINK_TYPE] : [])];
  const extra = (idExpr: string, linkExpr: string) =>
    [...(synthetic ? [idExpr] : []), ...(linkType ? [linkExpr] : [])].map((e, i) => `, ${e} AS ${q(`c${headers.length + i}`)}`).join('');
  await ctx.run([
    `CREATE VIEW ${objectivesView} AS SELECT __row, ${all}${extra(col(titleHeader), `CASE WHEN NULLIF(trim(${col(parentHeader)}), '') IS NOT NULL THEN ${quoteLiteral(linkType ?? '')} END`)} FROM ${staged.stage} WHERE ${inList(objectiveValues)}`,
    `CREATE VIEW ${keyResultsView} AS SELECT __row, ${all}${extra(`${col(parentHeader)} || ' / ' || ${col(titleHeader)}`, 'NULL::VARCHAR')} FROM ${staged.stage} WHERE ${inList(keyResultValues)}`,
  ]);
  const viewHeaders = [...headers, ...extraHeaders];
  const objectiveMapping: Record<string, string> = { ...asObjectives.mapping };
  const keyResultMapping: Record<string, string> = {};
  for (const [h, t] of Object.entries(asKeyResults.mapping)) if (t !== 'key_result_id' && t !== 'objective_id' && t !== 'title') keyResultMapping[h] = t;
  // The row-kind column is read as the split, not as a level.
  delete objectiveMapping[kindHeader];
  delete keyResultMapping[kindHeader];
  const id = idHeader ?? SYNTHETIC;
  objectiveMapping[id] = 'objective_id';
  keyResultMapping[id] = 'key_result_id';
  if (titleHeader) keyResultMapping[titleHeader] = 'title';
  if (parentHeader) {
    objectiveMapping[parentHeader] = 'parent_objective_id';
    keyResultMapping[parentHeader] = 'objective_id';
  }
  if (linkType) objectiveMapping[LINK_TYPE] = 'link_type';
  // Status words as the only confidence signal: an otherwise unread column whose values are all status words.
  if (!Object.values(keyResultMapping).includes('confidence')) {
    const unread = headers.filter((h) => h !== kindHeader && !(h in objectiveMapping) && !(h in keyResultMapping));
    const status = await statusColumn(ctx, keyResultsView, headers, unread);
    if (status) {
      keyResultMapping[status.header] = 'confidence';
      ctx.decide(name, {
        kind: 'confidence-column',
        column: status.header,
        value: 'key_result.confidence',
        declared: false,
        ...say('decision.status-confidence', { column: status.header, values: status.values.map((v) => `"${v}"`).join(', ') }),
      });
    }
  }
  const finish = (mapping: Record<string, string>): ColumnMapping => ({
    mapping,
    unmapped: [],
    duplicates: [],
    missingRequired: [],
  });

  // Rows of neither kind: each rejected, its value named.
  await ctx.addRowFindings(
    `SELECT ${fileIndex}, __row, 'error', 'row-kind', ?, ${textSql('row.row-kind', { column: '?', value: `coalesce(trim(${kind}), '')` })}, true
     FROM ${staged.stage} WHERE NOT (${inList([...objectiveValues, ...keyResultValues])}) OR ${kind} IS NULL`,
    [kindHeader, kindHeader],
    fileIndex,
  );
  const said = (values: string[]) => values.map((v) => text('row-kind-value', { value: v, n: counts.find((c) => c.v === v)!.n }));
  ctx.decide(name, {
    kind: 'row-kind',
    column: kindHeader,
    value: 'objectives + key_results',
    declared: ctx.answer(questionId('row-kind', name)) !== undefined,
    ...say('decision.row-kind', { column: kindHeader, objectives: said(objectiveValues), keyResults: said(keyResultValues), parent: parentHeader ?? null, id: synthetic ? null : id }),
  });
  // The views carry the text columns only (no typed values or keys: read as text, see index.ts).
  const { keys: _keys, ...textOnly } = staged;
  const view = (stage: string): StagedFile => ({ ...textOnly, stage, headers: viewHeaders, workTables: [stage] });
  return {
    kindHeader,
    objectives: view(objectivesView),
    keyResults: view(keyResultsView),
    objectiveMapping: finish(objectiveMapping),
    keyResultMapping: finish(keyResultMapping),
  };
}

/**
 * A sheet naming an objective's parent in the same column as a key result's objective does not say whether an
 * aligned objective's progress counts in its parent's (contributes) or only sits under it (supports): for a
 * parent with key results of its own the two give different roll-ups, so it is asked (Betterworks' goal export
 * states no alignment type). The answer (`answers[link-type:file:column]`) is returned; null when no parent has
 * both, or when asked (the file is then held).
 */
async function alignedLinkType(
  ctx: LoadContext,
  fileIndex: number,
  name: string,
  staged: StagedFile,
  parentHeader: string,
  idExpr: string,
  titleExpr: string,
  isObjective: string,
  isKeyResult: string,
): Promise<'contributes' | 'supports' | null> {
  const parent = q(`c${staged.headers.indexOf(parentHeader)}`);
  const aligned = tableToRows<{ child: string; parent: string }>(
    await ctx.connector.query(
      `WITH o AS (SELECT __row, trim(${idExpr}) AS id, trim(${titleExpr}) AS title, NULLIF(trim(${parent}), '') AS parent FROM ${staged.stage} WHERE ${isObjective}),
            k AS (SELECT DISTINCT NULLIF(trim(${parent}), '') AS parent FROM ${staged.stage} WHERE ${isKeyResult}),
            p AS (SELECT DISTINCT o.id, o.title FROM o JOIN k ON k.parent IN (o.id, o.title))
       SELECT c.title AS child, p.title AS parent FROM o c JOIN p ON c.parent IN (p.id, p.title) ORDER BY c.__row`,
    ),
  );
  if (aligned.length === 0) return null;
  const id = questionId('link-type', fileBaseName(name), parentHeader);
  const answered = ctx.answer(id);
  if (answered === 'contributes' || answered === 'supports') {
    ctx.decide(name, { kind: 'link-type', column: parentHeader, value: answered, declared: true, ...say(`decision.link-type.${answered}`, { column: parentHeader }) });
    return answered;
  }
  const example = { child: aligned[0]!.child, parent: aligned[0]!.parent, n: aligned.length };
  ctx.ask(fileIndex, {
    id,
    kind: 'link-type',
    file: name,
    column: parentHeader,
    ask: text('ask.link-type', { file: name, ...example }),
    tables: ['objectives', 'key_results'],
    candidates: [
      answerCandidate(id, 'contributes', text('implies.link-type.contributes', example), text('label.link-type.contributes')),
      answerCandidate(id, 'supports', text('implies.link-type.supports', example), text('label.link-type.supports')),
    ],
  });
  return null;
}

/** The first of `candidates` whose distinct values (a bounded sample) all read as status words, with those values. */
export async function statusColumn(ctx: LoadContext, view: string, headers: readonly string[], candidates: readonly string[]): Promise<{ header: string; values: string[] } | null> {
  if (candidates.length === 0) return null;
  const kinds = await distinctInSample(ctx, view, candidates.map((h) => q(`c${headers.indexOf(h)}`)));
  for (const [i, header] of candidates.entries()) {
    const values = kinds[i]!;
    if (values.length === 0 || values.length > MAX_KINDS) continue;
    if (values.every((v) => !/\d/.test(v) && 'value' in normaliseConfidence(v, 'on-track'))) return { header, values };
  }
  return null;
}
