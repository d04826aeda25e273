/**
 * Rating exports put several stages on one row: the manager's rating and the
 * calibrated one ("Original answer" / "Calibrated answer" in 15Five, "Rating
 * Before/After Calibration" in an HR system's calibration export), or a review
 * summary's self average beside the manager's total. Such columns map to
 * `<stage>.rating` (and `<stage>.rater_id`, `.rated_at`, `.reason`), for stage
 * self, manager, calibrated or final — by a known alias, by the words of the
 * header (a rating word and a stage word: "Self-Evaluation Avg", "Bewertung nach
 * Kalibrierung"), or declared: `--map "Rating After Calibration=ratings.rating@calibrated"`.
 *
 * Each input row then places one rating (the file's `rating` column at the row's
 * stage, `manager` unless a stage column says otherwise; without a `rating`
 * column, the first stage column in STAGE_COLUMN_ORDER) and one derived rating per
 * other stage column that holds a value. A self rating's rater is the employee.
 * Derived rows are not input rows, so the file's counts still reconcile.
 */
import { SCHEMA, type ColumnSpec } from '../schema.js';
import { quoteIdentifier as q, quoteLiteral } from '../sql.js';
import type { LoadContext } from './context.js';

export type StageOfColumn = 'self' | 'manager' | 'calibrated' | 'final';
/** The stage a row's own rating takes when the file has no plain `rating` column: the first present here. */
export const STAGE_COLUMN_ORDER: readonly StageOfColumn[] = ['manager', 'calibrated', 'final', 'self'];
const STAGE_PREFIX = /^(self|manager|calibrated|final)\.(rating|rater_id|rated_at|reason)$/;

/** Aliases of the stage columns (compared like every alias). */
export const CALIBRATED_ALIASES: Record<string, string[]> = {
  'calibrated.rating': [
    'Calibrated Rating', 'Calibrated Score', 'Calibrated Answer', 'Calibrated Performance', 'Calibrated', 'Calibrated Performance Rating',
    'Calibrated Overall', 'Rating After Calibration', 'Post-Calibration Rating',
  ],
  'calibrated.rater_id': ['Calibrated By', 'Calibrated Answer Contributor', 'Calibrator', 'Calibrated Rater'],
  'calibrated.rated_at': ['Calibrated At', 'Calibrated Answer Timestamp', 'Calibration Date', 'Calibrated Date', 'Calibrated On'],
  'calibrated.reason': ['Calibration Reason', 'Calibration Comment', 'Calibration Note', 'Calibrated Reason'],
  'manager.rating': ['Rating Before Calibration', 'Pre-Calibration Rating', 'Original Rating', 'Proposed Rating', 'Manager Total'],
  'self.rating': ['Self Rating', 'Self Score', 'Self-Evaluation Avg', 'Self Assessment Score', 'Self Review Rating'],
};

const words = (list: string) => list.split('|');
// A header that names a rating (or a score, an average, a total)…
const RATING_WORDS = words('rating|score|avg|average|total|mean|overall|evaluation|assessment|bewertung|beurteilung|note|punkte|durchschnitt|gesamt|evaluation|moyenne|score total|appreciation|einstufung');
// …and a stage. Order matters: "after calibration" before "calibration", "self" before "manager".
const STAGE_PATTERNS: [StageOfColumn, RegExp][] = [
  ['calibrated', /\b(after calibration|post calibration|calibrated|nach (der )?kalibrierung|kalibriert|apres (la )?calibration|calibre|calibree)\b/],
  ['manager', /\b(before calibration|pre calibration|vor (der )?kalibrierung|avant (la )?calibration)\b/],
  ['final', /\b(final|endgultig|finale|definitive)\b/],
  ['self', /\b(self|selbst|selbsteinschatzung|selbstbewertung|auto|autoevaluation|auto evaluation)\b/],
  ['manager', /\b(manager|line manager|supervisor|vorgesetzte|vorgesetzter|fuhrungskraft|responsable|gestionnaire)\b/],
];

function headerWords(header: string): string {
  return ` ${header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

/**
 * The stage a rating column's header names ("Self-Evaluation Avg" → self, "Bewertung nach Kalibrierung" →
 * calibrated), or null when it names no rating or no stage. A header with an id/name/e-mail word is a
 * person column ("Manager ID", "Manager Email"), never a rating.
 */
export function stageOfRatingHeader(header: string): StageOfColumn | null {
  const h = headerWords(header);
  if (/\b(id|name|email|e mail|mail|vorname|nachname|nom|prenom|comment|kommentar|date|datum|am|on|at)\b/.test(h)) return null;
  if (!RATING_WORDS.some((w) => h.includes(` ${w} `))) return null;
  for (const [stage, pattern] of STAGE_PATTERNS) if (pattern.test(h)) return stage;
  return null;
}

/** `rating@calibrated` (the mapping's stage syntax) → `calibrated.rating`; anything else unchanged. */
export function stageTarget(target: string): string {
  const m = /^(?:ratings\.)?(rating|rater_id|rated_at|reason)@(self|manager|calibrated|final)$/.exec(target.trim());
  return m ? `${m[2]}.${m[1]}` : target;
}

/** The column spec a `<stage>.*` ratings target is typed as (its base column's). */
export function calibratedSpec(target: string): ColumnSpec | undefined {
  const m = STAGE_PREFIX.exec(target);
  if (!m) return undefined;
  return SCHEMA.ratings.columns.find((c) => c.name === m[2]);
}

/** Stages with a rating column among a ratings file's targets, in STAGE_COLUMN_ORDER. */
export function stageColumns(targets: readonly string[]): StageOfColumn[] {
  return STAGE_COLUMN_ORDER.filter((s) => targets.includes(`${s}.rating`));
}

/**
 * The SQL columns of a ratings file's own (non-derived) row: like any table's, except that without a
 * `rating` column the first stage column is the rating and names the stage.
 */
export function ownRatingColumns(targets: readonly string[]): string[] | null {
  const given = new Set(targets);
  const stages = stageColumns(targets);
  if (given.has('rating') || stages.length === 0) return null;
  return rowColumns(stages[0]!, given);
}

function rowColumns(stage: StageOfColumn, given: ReadonlySet<string>): string[] {
  return SCHEMA.ratings.columns.map((c) => {
    const own = `${stage}.${c.name}`;
    if (c.name === 'stage') return `${quoteLiteral(stage)} AS ${q(c.name)}`;
    if (given.has(own)) return `t.${q(own)} AS ${q(c.name)}`;
    // A self rating's rater is the employee; another stage's rater is unknown unless its own column says.
    if (c.name === 'rater_id') return stage === 'self' ? `t.${q('employee_id')} AS ${q(c.name)}` : stage === 'manager' && given.has('rater_id') ? `t.${q('rater_id')} AS ${q(c.name)}` : `NULL::VARCHAR AS ${q(c.name)}`;
    if (c.name === 'rated_at' || c.name === 'reason') return `NULL::${c.type} AS ${q(c.name)}`;
    return given.has(c.name) ? `t.${q(c.name)} AS ${q(c.name)}` : `NULL::${c.type} AS ${q(c.name)}`;
  });
}

/**
 * After a ratings file's rows are candidates: give its rows stage `manager` where none is stated (when it
 * has stage columns), and add one derived row per other stage column with a value. `select` is the typed
 * file (convert.ts), `keep` the not-rejected filter on alias `t`.
 */
export async function addCalibratedRatings(ctx: LoadContext, fileIndex: number, targets: readonly string[], select: string, keep: string, cand: string): Promise<void> {
  const stages = stageColumns(targets);
  if (stages.length === 0) return;
  const given = new Set(targets);
  const hasOwn = given.has('rating');
  if (hasOwn) await ctx.connector.query(`UPDATE ${cand} SET stage = 'manager' WHERE __file = ? AND stage IS NULL AND NOT __derived`, [fileIndex]);
  // Without a plain rating column the first stage column is the row's own rating (ownRatingColumns).
  const derived = hasOwn ? stages : stages.slice(1);
  for (const stage of derived) {
    await ctx.connector.query(
      `INSERT INTO ${cand} BY NAME SELECT t.__file, t.__row, true AS __derived, ${rowColumns(stage, given).join(', ')}
       FROM (${select}) t WHERE ${keep} AND t.${q(`${stage}.rating`)} IS NOT NULL`,
    );
  }
}
