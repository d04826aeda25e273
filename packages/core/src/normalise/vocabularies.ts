/**
 * Words real exports use for the values of a closed vocabulary, per canonical column (en/de/fr).
 * A 360 export names the reviewer's role ("Direct report", "Additional manager", "Kollegin",
 * "Collaborateur direct"); feedback.relationship holds one of peer, report, manager, self.
 * Skip-level and additional managers are managers (they rate from above); upward feedback is a report's.
 */
import type { TableLayout } from './aliases.js';
import { quoteLiteral } from '../sql.js';

const ROLE_WORDS: Record<string, string[]> = {
  self: ['self', 'self assessment', 'self review', 'self evaluation', 'self reflection', 'reviewee', 'selbst', 'selbsteinschatzung', 'selbstbewertung', 'auto evaluation', 'autoevaluation', 'soi meme'],
  manager: [
    'line manager', 'direct manager', 'primary manager', 'additional manager', 'additional managers', 'secondary manager', 'dotted line manager',
    'skip level', 'skip level manager', 'managers manager', 'fuhrungskraft', 'vorgesetzter', 'vorgesetzte', 'zusatzliche fuhrungskraft',
    'weitere fuhrungskraft', 'responsable', 'responsable hierarchique', 'manager supplementaire', 'responsable supplementaire', 'n 1', 'n 2', 'gestionnaire',
  ],
  report: [
    'direct report', 'direct reports', 'upward', 'upward feedback', 'subordinate', 'team member', 'mitarbeiter', 'mitarbeiterin', 'direkt unterstellt',
    'direkter mitarbeiter', 'collaborateur', 'collaboratrice', 'collaborateur direct', 'subordonne',
  ],
  peer: ['peers', 'colleague', 'coworker', 'co worker', 'kollege', 'kollegin', 'kollegen', 'pair', 'pairs', 'collegue'],
};

const SYNONYMS: Partial<Record<TableLayout, Record<string, Record<string, string[]>>>> = {
  feedback: { relationship: ROLE_WORDS },
};

/** The SQL key a cell is compared by: no case, accents or punctuation. */
const keySql = (expr: string) => `trim(regexp_replace(lower(strip_accents(trim(${expr}))), '[^a-z0-9]+', ' ', 'g'))`;

/**
 * SQL for an enum column's synonyms: `WHEN <key> is one of […] THEN 'value' …` (to continue a CASE), or with
 * `known` a boolean expression saying whether the cell is a synonym at all. Empty when the column has none.
 * `list_contains`, not `IN (…)`: DuckDB plans a long IN list as a join that computes the key (a regular
 * expression) for every row, where a function inside a CASE or AND runs only for the rows still undecided.
 */
export function enumSynonymsSql(table: TableLayout, column: string, expr: string, mode: 'case' | 'known' = 'case'): string {
  const words = SYNONYMS[table]?.[column];
  if (!words) return mode === 'known' ? 'false' : '';
  const key = keySql(expr);
  const oneOf = (list: readonly string[]) => `list_contains([${list.map(quoteLiteral).join(', ')}], ${key})`;
  if (mode === 'known') return oneOf(Object.values(words).flat());
  return Object.entries(words)
    .map(([value, list]) => `WHEN ${oneOf(list)} THEN ${quoteLiteral(value)}`)
    .join(' ');
}
