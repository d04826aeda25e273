/**
 * References given by title or name where an id is expected: a check-in's key
 * result ("Reach 40 paying customers"), a rating's employee ("Dana Whitfield"
 * or "dana@example.com"). Settled in SQL in one join per rule (reconcile.ts's
 * `checkReference`): a reference that matches no id is matched on the
 * normalised title (case, surrounding and repeated spaces ignored); exactly one
 * match replaces it by that row's id, two or more are reported with every
 * candidate's id and never guessed.
 */
import { quoteIdentifier as q } from '../sql.js';
import type { ReferenceRule } from '../validate/references.js';

/** The columns a rule matches on besides the id (a person: name and email). */
export function titleColumns(rule: ReferenceRule): readonly string[] {
  if (!rule.byTitle) return [];
  return typeof rule.byTitle === 'string' ? [rule.byTitle] : rule.byTitle;
}

/** SQL normalising a title for matching: lower case, trimmed, inner runs of white space as one space. */
export function normalisedTitle(expr: string): string {
  return `regexp_replace(lower(trim(${expr})), '\\s+', ' ', 'g')`;
}

/**
 * `(id, title)` rows of every row a reference may name: the candidates of this
 * load and the rows already in the canonical table, once per title column.
 */
export function referenceTargets(rule: ReferenceRule, candidates: string): string {
  const id = q(rule.toColumn);
  const titles = titleColumns(rule);
  const selects = (from: string) =>
    titles.length === 0
      ? [`SELECT ${id} AS id, NULL::VARCHAR AS title FROM ${from}`]
      : // Every row once (an untitled row is still a target by id), then once more per further title column.
        titles.map((t, i) => `SELECT ${id} AS id, ${q(t)} AS title FROM ${from}${i > 0 ? ` WHERE ${q(t)} IS NOT NULL` : ''}`);
  return `(${[...selects(candidates), ...selects(q(rule.to))].join(' UNION ALL ')})`;
}

/** The join condition of an unresolved reference `ref` to a target's `title`. */
export function titleMatch(rule: ReferenceRule, title: string, ref: string): string {
  return titleColumns(rule).length ? `${normalisedTitle(title)} = ${normalisedTitle(ref)}` : 'false';
}

/** "title", "name or email": for messages. */
export function titleWords(rule: ReferenceRule): string {
  return titleColumns(rule).join(' or ') || 'title';
}
