/**
 * The canonical schema (DESIGN.md): every loader maps its input onto these
 * tables. IDs are text. Optional columns may be null; required ones are
 * named in `required`.
 */

export type ColumnType = 'VARCHAR' | 'DOUBLE' | 'DATE' | 'INTEGER';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** The loader reports a row without it as an error. */
  required?: boolean;
  /** Allowed values, for text columns with a closed vocabulary. */
  values?: readonly string[];
}

export interface TableSpec {
  name: CanonicalTable;
  /** Columns that identify a row; duplicates are reported. */
  key: readonly string[];
  columns: readonly ColumnSpec[];
}

export const CANONICAL_TABLES = [
  'people',
  'teams',
  'cycles',
  'objectives',
  'key_results',
  'check_ins',
  'links',
  'ratings',
  'rating_scale',
  'feedback',
  'recognitions',
  'person_attributes',
  'calibration_sessions',
  'calibration_events',
] as const;
export type CanonicalTable = (typeof CANONICAL_TABLES)[number];

/**
 * The calibration session's tables: written by the room (append-only), not by an export, so an export
 * without them (or with only their header) is normal — no empty-file warning, no rows expected from a sample.
 */
export const SESSION_TABLES = ['calibration_sessions', 'calibration_events'] as const satisfies readonly CanonicalTable[];
export type SessionTable = (typeof SESSION_TABLES)[number];
export const isSessionTable = (table: string): table is SessionTable => (SESSION_TABLES as readonly string[]).includes(table);

const v = (name: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, type: 'VARCHAR', ...extra });
const d = (name: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, type: 'DOUBLE', ...extra });
const int = (name: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, type: 'INTEGER', ...extra });
const date = (name: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, type: 'DATE', ...extra });

export const SCHEMA: Record<CanonicalTable, TableSpec> = {
  people: {
    name: 'people',
    key: ['person_id'],
    columns: [
      v('person_id', { required: true }), v('name'), v('email'), v('manager_id'), v('team_id'),
      v('department'), v('location'), v('level'), date('hire_date'),
    ],
  },
  teams: {
    name: 'teams',
    key: ['team_id'],
    columns: [v('team_id', { required: true }), v('name'), v('parent_team_id'), v('lead_id')],
  },
  cycles: {
    name: 'cycles',
    key: ['cycle_id'],
    columns: [
      v('cycle_id', { required: true }), v('name'), v('kind', { values: ['okr', 'review'] }),
      date('start_date'), date('end_date'),
    ],
  },
  objectives: {
    name: 'objectives',
    key: ['objective_id'],
    columns: [
      v('objective_id', { required: true }), v('cycle_id'), v('title'),
      v('level', { values: ['company', 'team', 'individual'] }), v('owner_id'), v('team_id'),
      v('parent_objective_id'), v('parent_key_result_id'),
      v('link_type', { values: ['contributes', 'supports'] }), d('weight'),
      v('rollup_mode', { values: ['krs', 'children', 'both'] }),
      // A progress the export states, kept beside the one Plumb computes.
      d('stated_progress'),
    ],
  },
  key_results: {
    name: 'key_results',
    key: ['key_result_id'],
    columns: [
      v('key_result_id', { required: true }), v('objective_id', { required: true }), v('title'), v('owner_id'),
      d('start_value'), d('target_value'), v('unit'), d('weight'),
      v('direction', { values: ['increase', 'decrease'] }),
      // Snapshot the export carries; used where no check-in exists.
      d('current_value'), d('progress'), d('confidence'), v('confidence_raw'), v('confidence_scale'),
    ],
  },
  check_ins: {
    name: 'check_ins',
    key: ['key_result_id', 'checked_at'],
    columns: [
      v('key_result_id', { required: true }), date('checked_at', { required: true }), d('value'), d('progress'),
      d('confidence'), v('confidence_raw'), v('confidence_scale'), v('status'), v('note'), v('author_id'),
      d('planned_value'),
    ],
  },
  links: {
    name: 'links',
    key: ['key_result_id', 'kind', 'external_id'],
    columns: [
      v('key_result_id', { required: true }), v('kind', { values: ['milestone', 'sprint', 'project'] }),
      v('external_id'), v('title'), date('due_date'), v('status'),
    ],
  },
  ratings: {
    name: 'ratings',
    key: ['cycle_id', 'employee_id', 'rater_id', 'stage', 'dimension'],
    columns: [
      v('cycle_id'), v('employee_id', { required: true }), v('rater_id'),
      v('stage', { values: ['self', 'manager', 'calibrated', 'final'] }), v('dimension'),
      d('rating', { required: true }), date('rated_at'), v('reason'),
    ],
  },
  rating_scale: {
    name: 'rating_scale',
    key: ['cycle_id', 'value'],
    columns: [v('cycle_id'), d('value', { required: true }), v('label'), d('guideline_share')],
  },
  feedback: {
    name: 'feedback',
    key: [],
    columns: [
      v('cycle_id'), v('subject_id', { required: true }), v('giver_id'),
      v('relationship', { values: ['peer', 'report', 'manager', 'self'] }), d('score'), v('text'), date('given_at'),
    ],
  },
  recognitions: {
    name: 'recognitions',
    key: [],
    columns: [v('person_id', { required: true }), v('key_result_id'), v('given_by'), date('given_at'), v('message')],
  },
  // Protected attributes live apart and are opt-in (adverse-impact checks only).
  person_attributes: {
    name: 'person_attributes',
    key: ['person_id', 'attribute'],
    columns: [v('person_id', { required: true }), v('attribute', { required: true }), v('value')],
  },
  // A calibration session and its log (packages/core/src/session): append-only, never updated or
  // deleted (but a session's `closed_at`, written once when it closes); the calibrated stage views
  // show is derived from `ratings` + the log (`plumb_ratings`).
  // Times are ISO 8601 instants as text (to the millisecond, in UTC: "2026-12-06T01:30:00.000Z").
  calibration_sessions: {
    name: 'calibration_sessions',
    key: ['session_id'],
    columns: [
      v('session_id', { required: true }), v('cycle_id'), v('scope'), v('facilitator_id'), v('opened_at'), v('closed_at'),
    ],
  },
  calibration_events: {
    name: 'calibration_events',
    key: ['session_id', 'seq'],
    columns: [
      v('session_id', { required: true }), int('seq', { required: true }),
      v('kind', { required: true, values: ['rating', 'discussed', 'note', 'undo'] }),
      v('employee_id'), v('dimension'), d('from_rating'), d('to_rating'), v('reason'), v('by_id'), v('at'), int('undoes_seq'),
    ],
  },
};

/** CREATE TABLE statements for the whole canonical schema (idempotent). */
export function schemaDDL(): string[] {
  return CANONICAL_TABLES.map((t) => {
    const cols = SCHEMA[t].columns.map((c) => `"${c.name}" ${c.type}`).join(', ');
    return `CREATE TABLE IF NOT EXISTS "${t}" (${cols})`;
  });
}

// Row types: what `SELECT *` from each table gives through `tableToRows` (dates as ISO strings).
type Text = string | null;
type Num = number | null;
type IsoDate = string | null;

export interface PersonRow { person_id: string; name: Text; email: Text; manager_id: Text; team_id: Text; department: Text; location: Text; level: Text; hire_date: IsoDate }
export interface TeamRow { team_id: string; name: Text; parent_team_id: Text; lead_id: Text }
export interface CycleRow { cycle_id: string; name: Text; kind: 'okr' | 'review' | null; start_date: IsoDate; end_date: IsoDate }
export interface ObjectiveRow {
  objective_id: string; cycle_id: Text; title: Text; level: 'company' | 'team' | 'individual' | null; owner_id: Text;
  team_id: Text; parent_objective_id: Text; parent_key_result_id: Text; link_type: 'contributes' | 'supports' | null;
  weight: Num; rollup_mode: 'krs' | 'children' | 'both' | null; stated_progress: Num;
}
export interface KeyResultRow {
  key_result_id: string; objective_id: string; title: Text; owner_id: Text; start_value: Num; target_value: Num;
  unit: Text; weight: Num; direction: 'increase' | 'decrease' | null; current_value: Num; progress: Num;
  confidence: Num; confidence_raw: Text; confidence_scale: Text;
}
export interface CheckInRow {
  key_result_id: string; checked_at: string; value: Num; progress: Num; confidence: Num; confidence_raw: Text;
  confidence_scale: Text; status: Text; note: Text; author_id: Text; planned_value: Num;
}
export interface LinkRow { key_result_id: string; kind: 'milestone' | 'sprint' | 'project' | null; external_id: Text; title: Text; due_date: IsoDate; status: Text }
export interface RatingRow {
  cycle_id: Text; employee_id: string; rater_id: Text; stage: 'self' | 'manager' | 'calibrated' | 'final' | null;
  dimension: Text; rating: number; rated_at: IsoDate; reason: Text;
}
export interface RatingScaleRow { cycle_id: Text; value: number; label: Text; guideline_share: Num }
export interface FeedbackRow { cycle_id: Text; subject_id: string; giver_id: Text; relationship: 'peer' | 'report' | 'manager' | 'self' | null; score: Num; text: Text; given_at: IsoDate }
export interface RecognitionRow { person_id: string; key_result_id: Text; given_by: Text; given_at: IsoDate; message: Text }
export interface PersonAttributeRow { person_id: string; attribute: string; value: Text }
export interface CalibrationSessionRow { session_id: string; cycle_id: Text; scope: Text; facilitator_id: Text; opened_at: Text; closed_at: Text }
export type CalibrationEventKind = 'rating' | 'discussed' | 'note' | 'undo';
export interface CalibrationEventRow {
  session_id: string; seq: number; kind: CalibrationEventKind; employee_id: Text; dimension: Text; from_rating: Num;
  to_rating: Num; reason: Text; by_id: Text; at: Text; undoes_seq: Num;
}

export interface CanonicalRows {
  people: PersonRow; teams: TeamRow; cycles: CycleRow; objectives: ObjectiveRow; key_results: KeyResultRow;
  check_ins: CheckInRow; links: LinkRow; ratings: RatingRow; rating_scale: RatingScaleRow; feedback: FeedbackRow;
  recognitions: RecognitionRow; person_attributes: PersonAttributeRow; calibration_sessions: CalibrationSessionRow;
  calibration_events: CalibrationEventRow;
}
