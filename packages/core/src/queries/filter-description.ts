/**
 * What a filter means, in words a banner can say: "Engineering and its 6 sub-teams", "reports of
 * Dara Fernández (direct and indirect)". The numbers come from the same hierarchies every query
 * filters by (`hierarchy.ts`), so the banner and the views cannot disagree.
 */
import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import { pseudonymIndex } from '../privacy/pseudonym-index.js';
import { descendantsOf, managerHierarchy, teamHierarchy } from './hierarchy.js';
import { ORG_FILTER_FIELDS, type NamedQueryOptions, type OrgFilter } from './options.js';

export interface FilterPart {
  field: keyof OrgFilter;
  /** The value as given (a pseudonym code stays a code). */
  id: string;
  /** The team's or person's name (a pseudonym label when anonymized), an objective's title; else the value. */
  label: string;
  /** A team: how many teams are under it. */
  sub_teams?: number;
  /** A manager: how many people report to them, directly and in all. */
  direct_reports?: number;
  reports?: number;
  /** The value names nothing in the data (the views match nobody). */
  unknown?: boolean;
}

export interface FilterDescription {
  parts: FilterPart[];
  /** Cycles in the team tree or manager chain the filter walks (reported, never followed round). */
  cycles: string[][];
}

/** The team tree and the manager chain, closed (what every team and manager filter reads). */
export async function buildHierarchies(connector: Connector): Promise<void> {
  await teamHierarchy(connector);
  await managerHierarchy(connector);
}

const PERSON_FIELDS = new Set<keyof OrgFilter>(['manager_id', 'rater_id', 'person_id']);

export async function describeFilter(connector: Connector, options: NamedQueryOptions): Promise<FilterDescription> {
  const parts: FilterPart[] = [];
  const cycles: string[][] = [];
  const fields = ORG_FILTER_FIELDS.filter((f) => options[f] != null && options[f] !== '');
  const needsIndex = options.anonymize || fields.some((f) => PERSON_FIELDS.has(f));
  const index = needsIndex ? await pseudonymIndex(connector, options.salt ?? '') : null;
  for (const field of fields) {
    const id = options[field]!;
    if (field === 'team_id') {
      const tree = await teamHierarchy(connector);
      const name = tree.names.get(id);
      const known = tree.parent.has(id);
      parts.push({ field, id, label: name ?? id, sub_teams: known ? descendantsOf(tree, id).length : 0, ...(known ? {} : { unknown: true }) });
      cycles.push(...tree.cycles.filter((c) => c.includes(id)));
    } else if (PERSON_FIELDS.has(field)) {
      const person = index?.resolve(id) ?? id;
      const tree = await managerHierarchy(connector);
      const known = tree.parent.has(person);
      const label = options.anonymize && known ? index!.label(person, 'Person') : (tree.names.get(person) ?? id);
      const part: FilterPart = { field, id: options.anonymize && known ? index!.code(person) : id, label, ...(known ? {} : { unknown: true }) };
      if (field === 'manager_id') {
        part.direct_reports = tree.children.get(person)?.length ?? 0;
        part.reports = descendantsOf(tree, person).length;
        cycles.push(...tree.cycles.filter((c) => c.includes(person)));
      }
      parts.push(part);
    } else if (field === 'objective_id' || field === 'key_result_id') {
      const table = field === 'objective_id' ? 'objectives' : 'key_results';
      const rows = await queryRows<{ title: string | null }>(connector, `SELECT title FROM ${table} WHERE ${field} = ? LIMIT 1`, [id]);
      parts.push({ field, id, label: rows[0]?.title ?? id, ...(rows.length ? {} : { unknown: true }) });
    } else {
      parts.push({ field, id, label: id });
    }
  }
  return { parts, cycles };
}
