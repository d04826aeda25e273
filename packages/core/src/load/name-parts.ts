/**
 * A people file with no name column but a first-name and a last-name column (SAP SuccessFactors' FIRSTNAME and
 * LASTNAME, 15Five's "First name" / "Last name", "Vorname" / "Nachname", "Prénom" / "Nom"): `people.name` is the
 * two joined with a space (either alone where the other is blank), so views show names and references by full
 * name resolve. Named in the file's decisions; the two columns report `name` as their target.
 */
import { normaliseHeader } from '../normalise/index.js';
import { quoteIdentifier as q } from '../sql.js';
import type { LoadContext } from './context.js';
import type { StagedFile } from './stage.js';
import { say } from './text.js';

const FIRST = new Set(['firstname', 'first', 'givenname', 'forename', 'vorname', 'prenom', 'nombre']);
const LAST = new Set(['lastname', 'last', 'surname', 'familyname', 'nachname', 'familienname', 'nom', 'nomdefamille', 'apellido', 'apellidos']);

/** The synthetic column's header (never a header of the file: it has parentheses and says what it is). */
const NAME_HEADER = '(name from first and last name)';

export interface NameParts {
  staged: StagedFile;
  header: string;
  first: string;
  last: string;
}

/** The staged file with a joined name column, or null when `unmapped` has no first-name and last-name pair. */
export async function joinNameParts(ctx: LoadContext, fileIndex: number, name: string, staged: StagedFile, unmapped: readonly string[]): Promise<NameParts | null> {
  const first = unmapped.find((h) => FIRST.has(normaliseHeader(h)));
  const last = unmapped.find((h) => LAST.has(normaliseHeader(h)));
  if (first === undefined || last === undefined) return null;
  const col = (h: string) => `NULLIF(trim(${q(`c${staged.headers.indexOf(h)}`)}), '')`;
  const view = ctx.view(`named${fileIndex}`);
  await ctx.run([`CREATE VIEW ${view} AS SELECT *, concat_ws(' ', ${col(first)}, ${col(last)}) AS ${q(`c${staged.headers.length}`)} FROM ${staged.stage}`]);
  ctx.decide(name, { kind: 'name-columns', value: 'people.name', declared: false, ...say('decision.name-parts', { first, last }) });
  return {
    staged: { ...staged, stage: view, headers: [...staged.headers, NAME_HEADER], workTables: [view, ...staged.workTables] },
    header: NAME_HEADER,
    first,
    last,
  };
}
