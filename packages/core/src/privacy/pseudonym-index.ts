import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import { pseudonymize } from '../calibration/pseudonyms.js';
import { derived } from '../queries/derived.js';

/**
 * One pseudonym per person for the whole data set and salt, so the same person is the same code in
 * every view, whatever each view's rows happen to be (collision suffixes are decided over everyone,
 * not per result). `code` replaces the id in anonymized results (keys, events, exports); `label`
 * replaces the name. `resolve` turns a code from an anonymized selection back into the id, inside
 * core only, so a view that shows pseudonyms never holds a real id.
 */
export interface PseudonymIndex {
  /** The code for a person id ("K7QM", or "K7QM-2" where two ids share a code). */
  code(id: string): string;
  /** A display label: `${prefix} ${code}` (prefix e.g. "Person", "Manager", "Owner"). */
  label(id: string, prefix?: string): string;
  /** The person id a code stands for, or null. Accepts real ids too (returned as they are). */
  resolve(codeOrId: string): string | null;
  readonly size: number;
}

/** Every column of the canonical schema that holds a person id. */
const PERSON_ID_COLUMNS: readonly [table: string, column: string][] = [
  ['people', 'person_id'],
  ['people', 'manager_id'],
  ['teams', 'lead_id'],
  ['objectives', 'owner_id'],
  ['key_results', 'owner_id'],
  ['check_ins', 'author_id'],
  ['ratings', 'employee_id'],
  ['ratings', 'rater_id'],
  ['feedback', 'subject_id'],
  ['feedback', 'giver_id'],
  ['recognitions', 'person_id'],
  ['recognitions', 'given_by'],
];

async function existingColumns(connector: Connector): Promise<Set<string>> {
  const rows = await queryRows<{ t: string; c: string }>(
    connector,
    `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'main'`,
  );
  return new Set(rows.map((r) => `${r.t}.${r.c}`));
}

/** The pseudonym index of `connector`'s data for `salt` (built once per data version and salt). */
export function pseudonymIndex(connector: Connector, salt = ''): Promise<PseudonymIndex> {
  return derived(connector, `pseudonyms:${salt}`, async (): Promise<PseudonymIndex> => {
    const present = await existingColumns(connector);
    const parts = PERSON_ID_COLUMNS.filter(([t, c]) => present.has(`${t}.${c}`)).map(
      ([t, c]) => `SELECT CAST("${c}" AS VARCHAR) AS id FROM "${t}" WHERE "${c}" IS NOT NULL`,
    );
    const ids = parts.length
      ? (await queryRows<{ id: string }>(connector, `SELECT DISTINCT id FROM (${parts.join(' UNION ALL ')})`)).map((r) => r.id)
      : [];
    const withPrefix = pseudonymize(ids, '', salt); // "" prefix: values are " CODE"
    const codeOf = new Map<string, string>();
    const idOf = new Map<string, string>();
    for (const [id, value] of withPrefix) {
      const code = value.trim();
      codeOf.set(id, code);
      idOf.set(code, id);
    }
    const code = (id: string) => codeOf.get(id) ?? pseudonymize([id], '', salt).get(id)!.trim();
    return {
      size: codeOf.size,
      code,
      label: (id, prefix = 'Person') => `${prefix} ${code(id)}`,
      resolve: (value) => idOf.get(value) ?? (codeOf.has(value) ? value : null),
    };
  });
}
