import type { CanonicalTable } from '../schema.js';

/**
 * What happens to a row whose reference points at nothing:
 * - `reject`: the row belongs to what it references (a check-in to its key
 *   result); without it the row cannot be placed, so it is not loaded (error).
 * - `clear`: a hierarchy link (parent objective, manager, parent team); the row
 *   loads as a root and the link is removed, so every hierarchy in the database
 *   is whole (error).
 * - `warn`: a lookup (owner, rater, author); the value is kept as given (warning).
 * A reference is checked only when the referenced table has rows (a
 * key_results file alone is not "dangling" for lack of objectives).
 */
export type ReferencePolicy = 'reject' | 'clear' | 'warn';

export interface ReferenceRule {
  from: CanonicalTable;
  column: string;
  to: CanonicalTable;
  toColumn: string;
  /** Also accept the referenced row's title/name (or any of several columns) instead of its id (load/references-by-title.ts). */
  byTitle?: string | readonly string[];
  policy: ReferencePolicy;
  /** Words for messages: "objective", "key result", "person", "team". */
  noun: string;
}

const person = (from: CanonicalTable, column: string, policy: ReferencePolicy): ReferenceRule => ({
  from, column, to: 'people', toColumn: 'person_id', byTitle: ['name', 'email'], policy, noun: 'person',
});

/** In dependency order: a rejection earlier (a key result) cascades to rows checked later (its check-ins). */
export const REFERENCE_RULES: readonly ReferenceRule[] = [
  { from: 'key_results', column: 'objective_id', to: 'objectives', toColumn: 'objective_id', byTitle: 'title', policy: 'reject', noun: 'objective' },
  { from: 'objectives', column: 'parent_objective_id', to: 'objectives', toColumn: 'objective_id', byTitle: 'title', policy: 'clear', noun: 'objective' },
  { from: 'objectives', column: 'parent_key_result_id', to: 'key_results', toColumn: 'key_result_id', byTitle: 'title', policy: 'clear', noun: 'key result' },
  { from: 'check_ins', column: 'key_result_id', to: 'key_results', toColumn: 'key_result_id', byTitle: 'title', policy: 'reject', noun: 'key result' },
  { from: 'links', column: 'key_result_id', to: 'key_results', toColumn: 'key_result_id', byTitle: 'title', policy: 'reject', noun: 'key result' },
  { from: 'recognitions', column: 'key_result_id', to: 'key_results', toColumn: 'key_result_id', byTitle: 'title', policy: 'warn', noun: 'key result' },
  { from: 'teams', column: 'parent_team_id', to: 'teams', toColumn: 'team_id', byTitle: 'name', policy: 'clear', noun: 'team' },
  person('people', 'manager_id', 'clear'),
  { from: 'people', column: 'team_id', to: 'teams', toColumn: 'team_id', byTitle: 'name', policy: 'warn', noun: 'team' },
  { from: 'objectives', column: 'team_id', to: 'teams', toColumn: 'team_id', byTitle: 'name', policy: 'warn', noun: 'team' },
  person('teams', 'lead_id', 'warn'),
  person('objectives', 'owner_id', 'warn'),
  person('key_results', 'owner_id', 'warn'),
  person('check_ins', 'author_id', 'warn'),
  person('ratings', 'employee_id', 'reject'),
  person('ratings', 'rater_id', 'warn'),
  person('feedback', 'subject_id', 'reject'),
  person('feedback', 'giver_id', 'warn'),
  person('recognitions', 'person_id', 'reject'),
  person('person_attributes', 'person_id', 'reject'),
];

/** Hierarchies checked for cycles: the table, its id, its parent link (and the words for messages). */
export const HIERARCHIES = [
  { table: 'objectives', id: 'objective_id', parent: 'parent_objective_id', name: 'objective alignment' },
  { table: 'people', id: 'person_id', parent: 'manager_id', name: 'manager chain' },
  { table: 'teams', id: 'team_id', parent: 'parent_team_id', name: 'team tree' },
] as const;
