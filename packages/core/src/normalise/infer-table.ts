/**
 * Which canonical table (or the flat OKR sheet) a file feeds, from its columns and name,
 * and the `file.csv:table` spec that forces it.
 */
import type { Text } from '../text.js';
import { say } from '../load/text.js';
import { text } from '../text.js';
import { REQUIRED_COLUMNS, TABLE_LAYOUTS, mapColumns, matchHeader, normaliseHeader, type TableLayout } from './aliases.js';

export interface TableInference {
  /** The best layout, or null when nothing fits or two layouts fit equally well. */
  table: TableLayout | null;
  /**
   * 0–1: share of the headers mapped (generic names count half, aliases 0.9 of an exact
   * canonical name), scaled by the required columns met, three quarters of the score; a
   * file-name hint is the last quarter.
   */
  score: number;
  /** One sentence for a diagnostic. */
  reason: string;
  /** The same as a text (load/messages.en.ts). */
  reasonText: Text;
  /** The other layouts that matched anything, best first. */
  alternatives: { table: TableLayout; score: number }[];
  /** When two or more layouts fit equally well (and `table` is null): those layouts. */
  tied: TableLayout[];
}

/** Headers too generic to say much about which table a file is ("ID", "Name", "Date"…). */
const GENERIC_HEADERS = new Set(
  [
    'id', 'name', 'title', 'value', 'date', 'status', 'type', 'kind', 'label', 'score', 'description', 'key', 'from', 'to',
    'by', 'o', 'note', 'notes', 'comment', 'comments', 'text', 'message', 'parent', 'summary', 'owner', 'team', 'cycle',
    'level', 'weight', 'start', 'end', 'period', 'current', 'rating',
  ].map(normaliseHeader),
);

/** File-name words (normalised) that hint at a layout. */
const NAME_HINTS: Record<TableLayout, string[]> = {
  people: ['people', 'person', 'persons', 'employee', 'employees', 'staff', 'users', 'roster', 'hris', 'directory', 'headcount'],
  teams: ['team', 'teams', 'departments', 'squads'],
  cycles: ['cycle', 'cycles', 'quarters', 'periods', 'sessions', 'planningsessions'],
  objectives: ['objective', 'objectives', 'goals'],
  key_results: ['keyresult', 'keyresults', 'kr', 'krs', 'metrics'],
  check_ins: ['checkin', 'checkins', 'updates', 'progressupdates', 'krupdates', 'okrupdates', 'reflections', 'metriccheckins'],
  links: ['link', 'links', 'milestones', 'sprints', 'jira', 'issues', 'tickets', 'epics'],
  ratings: ['rating', 'ratings', 'review', 'reviews', 'calibration', 'performance', 'ninebox', '9box'],
  rating_scale: ['ratingscale', 'scale', 'guideline', 'guidelines', 'distribution'],
  feedback: ['feedback', '360', 'threesixty'],
  recognitions: ['recognition', 'recognitions', 'kudos', 'shoutouts', 'praise'],
  person_attributes: ['attributes', 'personattributes', 'demographics'],
  calibration_sessions: ['calibrationsessions'],
  calibration_events: ['calibrationevents', 'calibrationlog', 'sessionlog'],
  'flat-okr': ['okr', 'okrs', 'okrexport'],
};
const HINT_LOOKUP = new Map<string, TableLayout[]>();
for (const layout of TABLE_LAYOUTS) {
  for (const word of NAME_HINTS[layout]) HINT_LOOKUP.set(word, [...(HINT_LOOKUP.get(word) ?? []), layout]);
}

/** Words of a file name: "okrs.xlsx-export.csv" → okrs, xlsx, export, csv (+ adjacent pairs joined). */
function fileNameWords(fileName: string): string[] {
  const base = fileName.replace(/[?#].*$/, '').split(/[\\/]/).pop() ?? '';
  const parts = base
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)|(\d)([A-Za-z])/g, (_m, a, b, c, d) => (a ? `${a} ${b}` : `${c} ${d}`))
    .split(/[^A-Za-z0-9]+/)
    .map(normaliseHeader)
    .filter(Boolean);
  const words = [...parts];
  for (let i = 0; i + 1 < parts.length; i++) words.push(parts[i]! + parts[i + 1]!);
  return words;
}

/** The layouts a file name hints at, with the word that did it. */
export function fileNameHints(fileName: string): Map<TableLayout, string> {
  const hints = new Map<TableLayout, string>();
  for (const word of fileNameWords(fileName)) {
    for (const layout of HINT_LOOKUP.get(word) ?? []) if (!hints.has(layout)) hints.set(layout, word);
  }
  return hints;
}

const MIN_COLUMN_SCORE = 0.3;
const NAME_BONUS = 0.25;
const ALIAS_WEIGHT = 0.9;

/**
 * Infer the layout of a file from its headers (and name). Columns decide; a file-name hint
 * adds a quarter and breaks ties. Returns `table: null` when the best column score is under
 * 0.3 or two layouts tie, so the caller asks for `file.csv:table` instead of guessing.
 */
export function inferTable(headers: string[], fileName?: string): TableInference {
  const present = headers.filter((h) => normaliseHeader(h) !== '');
  const hints = fileName ? fileNameHints(fileName) : new Map<TableLayout, string>();
  const scored: { table: TableLayout; score: number; columnScore: number; missing: string[]; mapped: number }[] = [];
  for (const layout of TABLE_LAYOUTS) {
    const m = mapColumns(present, layout);
    const mappedHeaders = Object.keys(m.mapping);
    if (mappedHeaders.length === 0) continue;
    let weighted = 0;
    for (const h of mappedHeaders) {
      // An exact canonical name says more than an alias ("value" is check_ins' own column,
      // only an alias of key_results.current_value).
      const weight = GENERIC_HEADERS.has(normaliseHeader(h)) ? 0.5 : 1;
      weighted += matchHeader(h, layout)?.exact ? weight : weight * ALIAS_WEIGHT;
    }
    const groups = REQUIRED_COLUMNS[layout].length;
    const met = groups - m.missingRequired.length;
    const coverage = weighted / present.length;
    const columnScore = coverage * (groups === 0 ? 1 : 0.4 + (0.6 * met) / groups);
    const score = columnScore * (1 - NAME_BONUS) + (hints.has(layout) ? NAME_BONUS : 0);
    scored.push({ table: layout, score: round(score), columnScore, missing: m.missingRequired, mapped: mappedHeaders.length });
  }
  // Stable: on equal scores canonical tables (listed first) come before the flat sheet.
  scored.sort((a, b) => b.score - a.score);
  // A reviewer's role column ("Reviewer Role", "Relationship") makes a file 360 answers, never ratings:
  // peer, report and self scores are no manager's rating.
  if (present.some((h) => matchHeader(h, 'feedback')?.column === 'relationship')) {
    const at = scored.findIndex((s) => s.table === 'ratings');
    if (at >= 0) scored.splice(at, 1);
  }
  // A file name alone never makes a layout fit: its columns must.
  // An API dump named for its table ("checkins.json" with 18 fields) fits when every required
  // column is there, however many other fields it carries.
  const fitting = scored.filter((s) => s.columnScore >= MIN_COLUMN_SCORE || (hints.has(s.table) && s.missing.length === 0 && s.mapped >= 2));
  const best = fitting[0];
  if (!best) {
    const closest = scored[0];
    const shown = present.slice(0, 8).map((h) => `"${h}"`).join(', ');
    const fit = say('reason.no-table-fits', { columns: shown, more: Math.max(0, present.length - 8), total: present.length, closest: closest?.table ?? null, mapped: closest?.mapped ?? null });
    return {
      table: null,
      score: closest?.score ?? 0,
      reason: fit.message,
      reasonText: fit.text,
      alternatives: scored.map(({ table, score }) => ({ table, score })),
      tied: [],
    };
  }
  const alternativesOf = (skip: (typeof scored)[number] | null) => scored.filter((s) => s !== skip).map(({ table, score }) => ({ table, score }));
  const tied = fitting.filter((s) => s.score === best.score);
  if (tied.length > 1 && !tied.some((t) => t.table === 'flat-okr' && tied.length === 2)) {
    return {
      table: null,
      score: best.score,
      ...((t) => ({ reason: t.message, reasonText: t.text }))(say('reason.tables-tied', { tables: tied.map((t) => text('table-name', { table: t.table })) })),
      alternatives: alternativesOf(null),
      tied: tied.map((t) => t.table),
    };
  }
  const hint = hints.get(best.table);
  const fit = say('reason.table-fit', { mapped: best.mapped, total: present.length, table: best.table, hint: hint ?? null, missing: best.missing.length ? best.missing.join(', ') : null });
  return { table: best.table, score: best.score, reason: fit.message, reasonText: fit.text, alternatives: alternativesOf(best), tied: [] };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export interface SourceSpec {
  path: string;
  /** The table forced by `path:table`: a canonical table, or `'flat-okr'` (`path:flat-okr`, `path:flat`). */
  table?: TableLayout;
  /** The same as `table` (kept for callers that read it). */
  layout?: TableLayout;
}

const TABLE_SUFFIX = /^[A-Za-z][A-Za-z0-9_-]*$/;
const LAYOUT_BY_KEY = new Map<string, TableLayout>(TABLE_LAYOUTS.map((t) => [normaliseHeader(t), t]));
LAYOUT_BY_KEY.set('flat', 'flat-okr');

/**
 * Split `file.csv:key_results` into path and forced table. Only a last `:` followed by a
 * word counts, so `C:\data\x.csv`, `https://host:8080/x.csv` and `data/x.csv` are plain
 * paths; a single-letter prefix is read as a drive letter (`C:x`). Table names compare
 * like headers (`check-ins`, `CheckIns`). An unknown table name throws, naming the valid ones.
 */
export function parseSourceSpec(spec: string): SourceSpec {
  const at = spec.lastIndexOf(':');
  if (at < 0) return { path: spec };
  const path = spec.slice(0, at);
  const suffix = spec.slice(at + 1);
  if (suffix === '') throw new Error(`"${spec}" ends with ':' but names no table. Valid tables: ${TABLE_LAYOUTS.join(', ')}.`);
  if (!TABLE_SUFFIX.test(suffix)) return { path: spec };
  if (/^[A-Za-z]$/.test(path)) return { path: spec }; // a Windows drive letter
  if (path === '') throw new Error(`"${spec}" names a table but no file before the ':'.`);
  const layout = LAYOUT_BY_KEY.get(normaliseHeader(suffix));
  if (!layout) {
    throw new Error(`Unknown table "${suffix}" in "${spec}". Valid tables: ${TABLE_LAYOUTS.join(', ')}.`);
  }
  return { path, table: layout, layout };
}

