/**
 * A people file with several id-like columns ("Employee ID" and "User ID", "Worker ID", "Person Number"):
 * which one is the id changes every manager link and every rating's employee, so it is chosen by what the
 * data references, never by the header's name alone. Every id-like column's values are kept beside the row
 * (`recordIdColumns`, while the file is staged); once every file of the load is placed, `chooseIdColumns`
 * counts, per column, the distinct values the people references of all files name (manager, team lead,
 * owners, authors, ratings' employee and rater, feedback's subject and giver …, this load's and earlier
 * loads'). The column named by strictly the most wins, the evidence in the file's decisions; a tie between
 * columns the data names is a question answered by `--map "file.csv:Column=people.person_id"`. When nothing
 * references any of them, no number depends on the choice: the column the header names is kept, and said.
 *
 * Also here: SAP SuccessFactors' documented "no manager" value (NO_MANAGER / NO_MGR in the user data file's
 * MANAGER column) is no manager, not a dangling link.
 */
import { tableToRows } from '../arrow-rows.js';
import { matchHeader } from '../normalise/index.js';
import { quoteIdentifier as q, quoteLiteral } from '../sql.js';
import { REFERENCE_RULES } from '../validate/references.js';
import type { LoadContext } from './context.js';
import { fileBaseName } from './mapping-scope.js';
import type { StagedFile } from './stage.js';
import { say, textSql } from './text.js';
import { text, type Text } from '../text.js';
import type { FileReport } from './types.js';

/** Last words that make a header an identifier ("Worker ID", "Person Number", "Personalnummer"), and whole keys ("EMPID"). */
const ID_LAST_WORDS = new Set(['id', 'number', 'no', 'nr', 'nummer', 'num']);
const ID_KEYS = new Set(['empid', 'userid', 'personid', 'workerid', 'staffid', 'personalnummer', 'matricule', 'personnelnumber']);

/** A header that reads as a person's identifier. */
function idLike(header: string): boolean {
  if (matchHeader(header, 'people')?.column === 'person_id') return true;
  const words = header.replace(/([a-z])([A-Z])/g, '$1 $2').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return ID_LAST_WORDS.has(words.at(-1) ?? '') || ID_KEYS.has(words.join(''));
}

/**
 * Values SAP SuccessFactors' user data file uses for "no manager" (upper case). Each holds a '_', which neither trim
 * nor upper makes: `contains(…, '_')` is a cheap test before upper(trim(…)) of every manager id.
 */
const NO_MANAGER = ['NO_MANAGER', 'NO_MGR'];

export interface IdColumns {
  fileIndex: number;
  file: string;
  /** Candidate headers; the first is the one mapped to person_id by its name. */
  headers: string[];
  /** Work table: __row and a0…aN, the trimmed values of each candidate. */
  table: string;
}

/**
 * A people file's id-like columns besides the one mapped to `person_id` (none declared by the mapping):
 * their values are kept per row for `chooseIdColumns`. Returns null when there is nothing to choose.
 */
export async function recordIdColumns(
  ctx: LoadContext,
  fileIndex: number,
  name: string,
  staged: StagedFile,
  mapping: Record<string, string>,
  declared: ReadonlySet<string>,
): Promise<IdColumns | null> {
  const idHeader = Object.entries(mapping).find(([, t]) => t === 'person_id')?.[0];
  if (idHeader === undefined || declared.has(idHeader)) return null;
  const others = staged.headers.filter((h, i) => h !== idHeader && staged.headers.indexOf(h) === i && !(h in mapping) && idLike(h));
  const headers = [idHeader, ...others];
  if (headers.length < 2) return null;
  const table = ctx.table(`ids${fileIndex}`);
  await ctx.connector.query(
    `CREATE TABLE ${table} AS SELECT __row, ${headers.map((h, k) => `NULLIF(trim(${q(`c${staged.headers.indexOf(h)}`)}), '') AS a${k}`).join(', ')} FROM ${staged.stage}`,
  );
  return { fileIndex, file: name, headers, table };
}

export interface IdChoice {
  /** Files whose id column is a question: their rows wait. */
  asked: number[];
  /** The id column chosen per file, when it is not the one the header named. */
  changed: Map<number, { from: string; to: string }>;
}

/**
 * Choose each people file's id column by the references of every file (see the module comment), rewrite
 * `person_id` of its candidate rows when another column wins, and clear documented "no manager" values.
 * `cand(t)`: the candidate table of canonical table t.
 */
export async function chooseIdColumns(ctx: LoadContext, files: readonly IdColumns[], peopleFiles: readonly number[], cand: (t: string) => string): Promise<IdChoice> {
  const choice: IdChoice = { asked: [], changed: new Map() };
  const db = ctx.connector;
  for (const fileIndex of peopleFiles) {
    // The words are the loader's own constants (no data): quoted literals, so the statement travels with what waits.
    const cleared = await db.query(
      `UPDATE ${cand('people')} SET manager_id = NULL WHERE __file = ${fileIndex} AND contains(manager_id, '_') AND upper(trim(manager_id)) IN (${NO_MANAGER.map((w) => quoteLiteral(w)).join(', ')})`,
    );
    const n = Number(cleared.getChild('Count')?.get(0) ?? 0);
    if (n > 0) {
      ctx.decide(ctx.fileNames[fileIndex] ?? '', {
        kind: 'no-manager',
        column: ctx.recordedHeader(fileIndex, 'people', 'manager_id') ?? 'manager_id',
        value: NO_MANAGER.join(' / '),
        declared: false,
        ...say('decision.no-manager', { n, words: NO_MANAGER.join(' / ') }),
      });
    }
  }
  if (files.length === 0) return choice;
  // Every value a people reference names (this load's candidates and earlier loads' rows), per rule.
  const rules = REFERENCE_RULES.filter((r) => r.to === 'people');
  const refs = rules
    .map((r, i) => `SELECT ${i} AS r, ${q(r.column)} AS v FROM ${cand(r.from)} UNION ALL SELECT ${i}, ${q(r.column)} FROM ${q(r.from)}`)
    .join(' UNION ALL ');
  for (const f of files) {
    const counts = tableToRows<Record<string, number>>(
      await db.query(
        `WITH refs AS (SELECT DISTINCT r, v FROM (${refs}) WHERE v IS NOT NULL)
         SELECT r, ${f.headers.map((_, k) => `count(*) FILTER (WHERE v IN (SELECT a${k} FROM ${f.table})) AS m${k}`).join(', ')}
         FROM refs GROUP BY r ORDER BY r`,
      ),
    );
    const total = f.headers.map((_, k) => counts.reduce((a, c) => a + Number(c[`m${k}`] ?? 0), 0));
    const best = Math.max(...total);
    const top = f.headers.map((_, k) => k).filter((k) => total[k] === best);
    const describe = (k: number): Text => {
      const refs = counts.filter((c) => Number(c[`m${k}`]) > 0).map((c) => {
        const rule = rules[Number(c.r)]!;
        return text('id-column.ref', { n: Number(c[`m${k}`]), ref: `${rule.from}.${rule.column}` });
      });
      return refs.length ? text('id-column.refs', { column: f.headers[k]!, refs }) : text('id-column.no-refs', { column: f.headers[k]! });
    };
    if (best === 0) {
      ctx.decide(f.file, {
        kind: 'id-column',
        column: f.headers[0]!,
        value: 'people.person_id',
        declared: false,
        ...say('decision.id-column-kept', { columns: f.headers.map((h) => `"${h}"`).join(', '), column: f.headers[0]! }),
      });
      continue;
    }
    if (top.length > 1) {
      const base = fileBaseName(f.file);
      ctx.ask(f.fileIndex, {
        kind: 'id-column',
        file: f.file,
        column: f.headers[top[0]!]!,
        ask: text('ask.id-column', { file: f.file, evidence: top.map(describe) }),
        tables: ['people'],
        candidates: top.map((k) => ({
          value: f.headers[k]!,
          implies: text('implies.id-column', { column: f.headers[k]!, evidence: describe(k) }),
          patch: { mapping: { [`${base}:${f.headers[k]!}`]: 'people.person_id' } },
        })),
      });
      choice.asked.push(f.fileIndex);
      continue;
    }
    const k = top[0]!;
    ctx.decide(f.file, {
      kind: 'id-column',
      column: f.headers[k]!,
      value: 'people.person_id',
      declared: false,
      ...say('decision.id-column', { column: f.headers[k]!, evidence: f.headers.map((_, j) => describe(j)) }),
    });
    if (k === 0) continue;
    // Another column is the id: its values replace the named one's; a row without one cannot be placed.
    await ctx.addRowFindings(
      `SELECT ?, i.__row, 'error', 'missing-value', ?, ${textSql('row.no-id', { column: { value: f.headers[k]! } })}, true
       FROM ${f.table} i JOIN ${cand('people')} c ON c.__file = ? AND c.__row = i.__row WHERE i.a${k} IS NULL`,
      [f.fileIndex, f.headers[k]!, f.fileIndex],
      f.fileIndex,
    );
    await db.query(`DELETE FROM ${cand('people')} c WHERE c.__file = ? AND c.__row IN (SELECT __row FROM ${f.table} WHERE a${k} IS NULL)`, [f.fileIndex]);
    await db.query(`UPDATE ${cand('people')} c SET person_id = i.a${k} FROM ${f.table} i WHERE c.__file = ? AND c.__row = i.__row`, [f.fileIndex]);
    choice.changed.set(f.fileIndex, { from: f.headers[0]!, to: f.headers[k]! });
  }
  return choice;
}
