/**
 * Column aliases: how real exports name the columns of the canonical schema.
 *
 * Matching is on `normaliseHeader` keys, so "Key Result", "key_result", "KEY-RESULT" and
 * "Key Result " all meet. A header whose normalised form is the canonical column name
 * itself always wins over one that only matches an alias.
 */
import { CANONICAL_TABLES, SCHEMA, type CanonicalTable } from '../schema.js';
import { CALIBRATED_ALIASES, stageOfRatingHeader } from '../load/calibrated-columns.js';

/** A canonical table, or the flat sheet of one row per key result (objective columns repeated). */
export type TableLayout = CanonicalTable | 'flat-okr';

// BOM, zero-width space/joiners, word joiner, soft hyphen: invisible, yet they break equality.
const INVISIBLE = /[\uFEFF\u200B-\u200D\u2060\u00AD]/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NOT_ALPHANUMERIC = /[^\p{L}\p{N}]+/gu;
const BRACKETED = /\s*[([{][^)\]}]*[)\]}]\s*/g;
const HAS_BRACKET = /[([{]/;
const MAX_HEADER_LENGTH = 200;

/**
 * The comparison key of a header: lower case, accents, spaces, underscores, punctuation,
 * BOM, zero-width characters and non-breaking spaces removed. "% Complete" → "complete",
 * "Check-in Date" → "checkindate", "Échéance" → "echeance".
 */
export function normaliseHeader(h: string): string {
  return h
    .replace(INVISIBLE, '')
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(NOT_ALPHANUMERIC, '');
}

/**
 * Canonical column → the names exports use for it (compared via `normaliseHeader`).
 * The canonical name itself needs no alias. Generic names ("ID", "Name", "Value") appear
 * only in tables where they are unambiguous.
 */
export const COLUMN_ALIASES: Record<CanonicalTable, Record<string, string[]>> = {
  people: {
    // German and French forms after the English ones (Personalnummer, Matricule; Vorgesetzter, Responsable…).
    person_id: ['Person ID', 'Employee ID', 'Employee Number', 'Emp ID', 'Staff ID', 'Worker ID', 'User ID', 'ID', 'Employee', 'Personalnummer', 'Mitarbeiter-ID', 'Benutzer-ID', 'Matricule', 'ID employé'],
    name: ['Name', 'Full Name', 'Employee Name', 'Display Name', 'Person', 'Worker', 'Worker Name', 'Mitarbeiter', 'Nom', 'Nom complet', 'Employé'],
    email: ['Email', 'Email Address', 'Work Email', 'Mail', 'Adresse e-mail', 'E-Mail-Adresse'],
    manager_id: ['Manager', 'Manager ID', 'Manager Email', 'Reports To', 'Line Manager', 'Supervisor', 'Direct Manager', 'Vorgesetzter', 'Führungskraft', 'Responsable', 'Manager (e-mail)'],
    team_id: ['Team', 'Team ID', 'Squad', 'Team Name', 'Équipe'],
    department: ['Department', 'Dept', 'Division', 'Business Unit', 'Function', 'Org Unit', 'Supervisory Organization', 'Abteilung', 'Service', 'Département'],
    location: ['Location', 'Office', 'Site', 'Country', 'City', 'Standort', 'Lieu'],
    level: ['Level', 'Grade', 'Job Level', 'Band', 'Seniority', 'Career Level', 'Stufe', 'Niveau'],
    hire_date: ['Hire Date', 'Start Date', 'Date Hired', 'Join Date', 'Joining Date', 'Joined', 'Employment Start', 'Eintrittsdatum', "Date d'entrée", "Date d'embauche"],
  },
  teams: {
    team_id: ['Team ID', 'ID', 'Team', 'Squad ID', 'Department ID'],
    name: ['Name', 'Team Name', 'Title', 'Squad', 'Department'],
    parent_team_id: ['Parent Team', 'Parent Team ID', 'Parent', 'Parent ID', 'Parent Department', 'Reports Into'],
    lead_id: ['Lead', 'Lead ID', 'Team Lead', 'Manager', 'Head', 'Owner'],
  },
  cycles: {
    cycle_id: ['Cycle ID', 'Cycle', 'ID', 'Quarter', 'Period', 'Timeframe', 'Review Cycle'],
    name: ['Name', 'Cycle Name', 'Title', 'Label'],
    kind: ['Kind', 'Type', 'Cycle Type'],
    start_date: ['Start', 'Start Date', 'Begins', 'From', 'Period Start'],
    end_date: ['End', 'End Date', 'Ends', 'To', 'Period End'],
  },
  objectives: {
    objective_id: ['Objective ID', 'Goal ID', 'OKR ID', 'Obj ID', 'Objective Key', 'ID'],
    // Quantive calls cycles "sessions".
    cycle_id: ['Cycle', 'Cycle ID', 'Quarter', 'Period', 'Timeframe', 'Time Period', 'Session', 'Session ID'],
    title: ['Title', 'Objective', 'Objective Title', 'Objective Name', 'Goal', 'Goal Title', 'Goal Name', 'Name', 'O'],
    level: ['Level', 'Objective Level', 'Goal Level', 'Objective Type', 'Goal Type', 'Scope'],
    owner_id: ['Owner', 'Owner ID', 'Owner Email', 'Assignee', 'Responsible', 'Objective Owner', 'Goal Owner', 'Owned By', 'Accountable'],
    team_id: ['Team', 'Team ID', 'Team Name', 'Squad', 'Department', 'Group'],
    parent_objective_id: [
      'Parent Objective', 'Parent Objective ID', 'Aligned To', 'Aligns With', 'Aligned With', 'Parent Goal',
      'Parent Goal ID', 'Contributes To', 'Parent', 'Parent ID',
    ],
    parent_key_result_id: ['Parent Key Result', 'Parent Key Result ID', 'Parent KR', 'Parent KR ID', 'Aligned To KR'],
    link_type: ['Link Type', 'Alignment Type', 'Alignment'],
    weight: ['Weight', 'Weighting', 'Objective Weight'],
    rollup_mode: ['Rollup Mode', 'Rollup', 'Progress Rollup'],
    stated_progress: ['Progress', '% Complete', 'Percent Complete', 'Completion', 'Score', 'Objective Progress', 'Objective Score', 'Attainment'],
  },
  key_results: {
    key_result_id: ['Key Result ID', 'KR ID', 'Result ID', 'Measure ID', 'KR Key', 'ID', 'Outcome ID', 'Metric ID'],
    // An objective reference may be an id or a title; the loader resolves titles.
    objective_id: ['Objective ID', 'Objective', 'Goal ID', 'Goal', 'Parent Objective', 'Parent Objective ID', 'Obj ID', 'OKR ID'],
    title: ['Title', 'Key Result', 'KR', 'KR Title', 'Key Result Title', 'Key Result Name', 'KR Name', 'Measure', 'Metric', 'Name', 'Outcome', 'Outcome Title'],
    // Perdoo and Koan call a key result's owner its lead.
    owner_id: ['Owner', 'Owner ID', 'Owner Email', 'Assignee', 'Responsible', 'KR Owner', 'Key Result Owner', 'Owned By', 'Accountable', 'Lead', 'KR Lead'],
    start_value: ['Start', 'Baseline', 'Initial', 'Start Value', 'Initial Value', 'Starting Value', 'Baseline Value', 'From'],
    target_value: ['Target', 'Goal Value', 'Target Value', 'Desired Value', 'To'],
    unit: ['Unit', 'Metric Unit', 'Units', 'Unit of Measure', 'UoM'],
    weight: ['Weight', 'Weighting', 'KR Weight'],
    direction: ['Direction', 'Metric Direction'],
    current_value: ['Current', 'Actual', 'Value', 'Current Value', 'Actual Value', 'Latest Value', 'Achieved'],
    progress: ['Progress', '% Complete', 'Percent Complete', 'Completion', 'Score', 'Progress Percent', 'KR Progress', 'KR Score', 'Attainment'],
    confidence: ['Confidence', 'Confidence Level', 'Health', 'RAG', 'RAG Status', 'Status Confidence', 'Confidence Score', 'Confidence Rating'],
    confidence_raw: [],
    confidence_scale: ['Confidence Scale'],
  },
  check_ins: {
    key_result_id: ['Key Result ID', 'KR ID', 'Key Result', 'KR', 'Result ID', 'Measure ID', 'Outcome ID', 'Outcome', 'Metric ID'],
    checked_at: [
      'Check-in Date', 'Date', 'Updated At', 'Week Of', 'Checked At', 'Updated', 'Last Updated', 'Update Date',
      'Timestamp', 'Week', 'Week Ending', 'Reported At', 'Created At', 'As Of',
    ],
    value: ['Value', 'Current', 'Actual', 'Current Value', 'Actual Value', 'New Value', 'Reported Value'],
    progress: ['Progress', '% Complete', 'Percent Complete', 'Completion', 'Score'],
    confidence: ['Confidence', 'Confidence Level', 'Health', 'RAG', 'RAG Status', 'Status Confidence', 'Confidence Score', 'Confidence Rating'],
    confidence_raw: [],
    confidence_scale: ['Confidence Scale'],
    status: ['Status', 'State', 'Check-in Status'],
    note: ['Comment', 'Note', 'Update', 'Notes', 'Comments', 'Check-in Note', 'Remarks', 'Commentary', 'Summary', 'Description', 'Body'],
    author_id: ['Author', 'Author ID', 'Updated By', 'Submitted By', 'Checked In By', 'Reporter', 'By', 'Created By'],
    planned_value: ['Planned', 'Planned Value', 'Plan', 'Expected', 'Expected Value', 'Forecast'],
  },
  links: {
    key_result_id: ['Key Result ID', 'KR ID', 'Key Result', 'KR'],
    kind: ['Kind', 'Type', 'Link Type', 'Item Type'],
    // Jira's issue key (MOB-1) names an issue better than its numeric id.
    external_id: ['External ID', 'Issue Key', 'Key', 'Issue ID', 'ID', 'Ticket', 'Reference', 'Ref'],
    title: ['Title', 'Name', 'Summary'],
    due_date: ['Due Date', 'Due', 'Deadline', 'Target Date', 'End Date'],
    status: ['Status', 'State'],
  },
  ratings: {
    cycle_id: ['Cycle', 'Cycle ID', 'Review Cycle', 'Review Period', 'Period', 'Calibration Session', 'Calibration Program', 'Kalibrierungssitzung', 'Beurteilungszeitraum', 'Cycle de revue'],
    // An id before a name: the export's own key first.
    employee_id: [
      'Employee', 'Employee ID', 'Reviewee', 'Reviewee ID', 'Employee Email', 'Ratee', 'Person ID', 'Subject', 'Benutzer-ID', 'Mitarbeiter-ID',
      'Personalnummer', 'Matricule', 'Worker', 'Mitarbeiter', 'Employé', 'Collaborateur',
    ],
    rater_id: [
      'Rater', 'Rater ID', 'Reviewer', 'Reviewer ID', 'Manager', 'Manager ID', 'Rated By', 'Manager Email', 'Original Answer Respondent',
      'Vorgesetzter', 'Vorgesetzter ID', 'Führungskraft', 'Responsable', 'Évaluateur',
    ],
    stage: ['Stage', 'Review Stage', 'Rating Stage', 'Phase', 'Round'],
    dimension: ['Dimension', 'Competency', 'Category', 'Rating Type', 'Criterion', 'Question'],
    rating: [
      'Rating', 'Score', 'Performance Rating', 'Performance', 'Overall Rating', 'Final Rating', 'Rating Value', 'Value', 'Original Answer',
      'Manager Rating', 'Manager Score', 'Leistungsbewertung', 'Bewertung', 'Gesamtbewertung', 'Évaluation de la performance', 'Évaluation',
    ],
    rated_at: ['Rated At', 'Rating Date', 'Review Date', 'Date', 'Submitted At', 'Submitted', 'Original Answer Timestamp', 'Date de soumission', 'Bewertet am'],
    reason: ['Reason', 'Justification', 'Rationale', 'Comment', 'Comments', 'Notes', 'Note', 'Calibration Note'],
  },
  rating_scale: {
    cycle_id: ['Cycle', 'Cycle ID'],
    value: ['Value', 'Rating', 'Score', 'Rating Value', 'Wert', 'Valeur'],
    label: ['Label', 'Name', 'Rating Label', 'Description', 'Title', 'Bezeichnung', 'Beschreibung', 'Libellé'],
    guideline_share: [
      'Guideline Share', 'Guideline', 'Target Share', 'Target Distribution', 'Expected Share', 'Distribution', 'Share', 'Richtwert', 'Zielverteilung',
      'Répartition cible',
    ],
  },
  feedback: {
    cycle_id: ['Cycle', 'Cycle ID', 'Review Cycle'],
    subject_id: ['Subject', 'Subject ID', 'Reviewee', 'Reviewee ID', 'Employee', 'Employee ID', 'Recipient', 'Ratee', 'About', 'Reviewee Email', 'Participant'],
    giver_id: [
      'Giver', 'Giver ID', 'Reviewer', 'Given By', 'From', 'Author', 'Rater', 'Respondent', 'Reviewer ID', 'Reviewer Email', 'Contributor',
      'Contributor ID', 'Rater ID', 'Respondent ID',
    ],
    // The reviewer's role is what makes a file 360 answers rather than ratings (normalise/infer-table.ts).
    relationship: [
      'Relationship', 'Relation', 'Reviewer Type', 'Rater Type', 'Perspective', 'Reviewer Role', 'Contributor Role', 'Rater Role', 'Review Type',
      'Reviewer Relationship', 'Feedback Type', 'Rolle', 'Beziehung', 'Rôle', 'Type d’évaluateur',
    ],
    score: ['Score', 'Rating', 'Value'],
    text: ['Text', 'Feedback', 'Comment', 'Comments', 'Response', 'Answer', 'Message'],
    given_at: ['Given At', 'Date', 'Submitted At', 'Submitted', 'Created At'],
  },
  recognitions: {
    person_id: ['Person', 'Person ID', 'Recipient', 'Employee', 'Employee ID', 'Receiver', 'To'],
    key_result_id: ['Key Result ID', 'KR ID', 'Key Result', 'KR'],
    given_by: ['Given By', 'From', 'Giver', 'Sender', 'Author'],
    given_at: ['Given At', 'Date', 'Sent At', 'Created At'],
    message: ['Message', 'Text', 'Note', 'Comment', 'Reason'],
  },
  person_attributes: {
    person_id: ['Person ID', 'Employee ID', 'Employee', 'Person', 'ID'],
    attribute: ['Attribute', 'Field', 'Characteristic'],
    value: ['Value'],
  },
  // Plumb's own session export: its column names are the canonical ones.
  calibration_sessions: {
    session_id: ['Session', 'Session ID'], cycle_id: ['Cycle', 'Review Cycle'], scope: [], facilitator_id: ['Facilitator'],
    opened_at: ['Opened', 'Opened At'], closed_at: ['Closed', 'Closed At'],
  },
  calibration_events: {
    session_id: ['Session', 'Session ID'], seq: ['Seq', 'Sequence'], kind: ['Event', 'Event Kind'], employee_id: ['Employee', 'Employee ID'],
    dimension: ['Dimension'], from_rating: ['Before', 'From Rating'], to_rating: ['After', 'To Rating'], reason: ['Reason', 'Comment'],
    by_id: ['By', 'Author'], at: ['Time', 'Timestamp', 'Changed At'], undoes_seq: ['Undoes'],
  },
};

/**
 * The flat OKR sheet: one row per key result, objective columns repeated. Targets are
 * `objective.<column>` and `key_result.<column>` so the loader can split a row into an
 * objectives row and a key_results row. `objective.parent_objective_id` may hold an id or
 * a title; the loader resolves titles. Bare headers ("Owner", "Weight", "Progress") belong
 * to the key result, since the row is one; objective-level ones say so ("Objective Owner").
 */
export const FLAT_OKR_ALIASES: Record<string, string[]> = {
  'objective.objective_id': ['Objective ID', 'Goal ID', 'OKR ID', 'Obj ID', 'Objective Key'],
  'objective.title': ['Objective', 'Objective Title', 'Objective Name', 'Goal', 'Goal Title', 'Goal Name', 'O'],
  'objective.owner_id': ['Objective Owner', 'Objective Owner ID', 'Objective Owner Email', 'Goal Owner', 'Objective Assignee'],
  'objective.parent_objective_id': [
    'Parent Objective', 'Parent Objective ID', 'Parent Objective Title', 'Aligned To', 'Aligns With', 'Aligned With',
    'Parent Goal', 'Parent Goal ID', 'Contributes To', 'Parent', 'Parent ID',
  ],
  'objective.parent_key_result_id': ['Parent Key Result', 'Parent Key Result ID', 'Parent KR', 'Parent KR ID', 'Aligned To KR'],
  'objective.level': ['Level', 'Objective Level', 'Goal Level', 'Objective Type', 'Goal Type', 'Scope'],
  'objective.team_id': ['Team', 'Team ID', 'Team Name', 'Squad', 'Department', 'Group', 'Objective Team'],
  'objective.cycle_id': ['Cycle', 'Cycle ID', 'Quarter', 'Period', 'Timeframe', 'Time Period'],
  'objective.link_type': ['Link Type', 'Alignment Type'],
  'objective.weight': ['Objective Weight', 'Goal Weight'],
  'objective.rollup_mode': ['Rollup Mode', 'Rollup'],
  'objective.stated_progress': ['Objective Progress', 'Objective Score', 'Objective % Complete', 'Goal Progress', 'Objective Completion'],
  'key_result.key_result_id': ['Key Result ID', 'KR ID', 'Result ID', 'Measure ID', 'KR Key', 'Outcome ID'],
  'key_result.title': ['Key Result', 'KR', 'KR Title', 'Key Result Title', 'Key Result Name', 'KR Name', 'Measure', 'Metric', 'Outcome'],
  'key_result.owner_id': ['Owner', 'Owner ID', 'Owner Email', 'Assignee', 'Responsible', 'KR Owner', 'Key Result Owner', 'Owned By', 'Lead', 'KR Lead'],
  'key_result.start_value': ['Start', 'Baseline', 'Initial', 'Start Value', 'Initial Value', 'Starting Value', 'Baseline Value'],
  'key_result.target_value': ['Target', 'Goal Value', 'Target Value', 'Desired Value'],
  'key_result.current_value': ['Current', 'Actual', 'Value', 'Current Value', 'Actual Value', 'Latest Value', 'Achieved'],
  'key_result.unit': ['Unit', 'Metric Unit', 'Units', 'Unit of Measure', 'UoM'],
  'key_result.weight': ['Weight', 'Weighting', 'KR Weight'],
  'key_result.direction': ['Direction', 'Metric Direction'],
  'key_result.progress': ['Progress', '% Complete', 'Percent Complete', 'Completion', 'Score', 'KR Progress', 'KR Score'],
  'key_result.confidence': [
    'Confidence', 'Confidence Level', 'Health', 'RAG', 'RAG Status', 'Status Confidence', 'Confidence Score', 'Confidence Rating',
  ],
  'key_result.confidence_scale': ['Confidence Scale'],
};

// Prefixed forms of the table aliases ("KR Target", "Key Result Confidence", "Objective Cycle",
// "Goal Team"): exports that repeat objective columns often name them this way.
const FLAT_PREFIXES = { objective: ['Objective', 'Goal'], key_result: ['KR', 'Key Result'] } as const;
for (const [target, names] of Object.entries(FLAT_OKR_ALIASES)) {
  const [part, column] = target.split('.') as ['objective' | 'key_result', string];
  const tableAliases = COLUMN_ALIASES[part === 'objective' ? 'objectives' : 'key_results'][column] ?? [];
  const seen = new Set(names.map(normaliseHeader));
  for (const prefix of FLAT_PREFIXES[part]) {
    for (const alias of tableAliases) {
      const name = `${prefix} ${alias}`;
      const key = normaliseHeader(name);
      if (!seen.has(key)) {
        seen.add(key);
        names.push(name);
      }
    }
  }
}

/**
 * Required target columns of each layout, as groups of alternatives: a group is met when
 * any one of its columns is mapped. Canonical tables take `SCHEMA`'s required columns;
 * the flat sheet needs an objective (id or title) and a key result (id or title).
 */
export const REQUIRED_COLUMNS: Record<TableLayout, readonly (readonly string[])[]> = {
  ...(Object.fromEntries(
    CANONICAL_TABLES.map((t) => [t, SCHEMA[t].columns.filter((c) => c.required).map((c) => [c.name])]),
  ) as Record<CanonicalTable, string[][]>),
  // A review summary or calibration export may give its ratings only in stage columns (load/calibrated-columns.ts).
  ratings: [['employee_id'], ['rating', 'manager.rating', 'calibrated.rating', 'final.rating', 'self.rating']],
  'flat-okr': [
    ['objective.title', 'objective.objective_id'],
    ['key_result.title', 'key_result.key_result_id'],
  ],
};

/** Every layout `mapColumns` and `inferTable` know, canonical tables first. */
export const TABLE_LAYOUTS: readonly TableLayout[] = [...CANONICAL_TABLES, 'flat-okr'];

interface Target {
  column: string;
  /** 0 = the canonical name itself; higher = a later alias. Lower wins. */
  rank: number;
}

function buildLookup(aliases: Record<string, string[]>, exact: Record<string, string[]>): Map<string, Target> {
  const lookup = new Map<string, Target>();
  const put = (key: string, target: Target) => {
    const prev = lookup.get(key);
    if (!prev || target.rank < prev.rank) lookup.set(key, target);
  };
  for (const [column, names] of Object.entries(exact)) for (const n of names) put(normaliseHeader(n), { column, rank: 0 });
  for (const [column, names] of Object.entries(aliases)) {
    names.forEach((n, i) => put(normaliseHeader(n), { column, rank: 1 + i }));
  }
  return lookup;
}

function flatExactNames(): Record<string, string[]> {
  const exact: Record<string, string[]> = {};
  for (const target of Object.keys(FLAT_OKR_ALIASES)) exact[target] = [target];
  return exact;
}

/** Bare schema names in a flat sheet ("key_result_id", "target_value"): low-priority aliases. */
function flatBareAliases(): Record<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const target of Object.keys(FLAT_OKR_ALIASES)) {
    const bare = target.slice(target.indexOf('.') + 1);
    owners.set(bare, [...(owners.get(bare) ?? []), target]);
  }
  const out: Record<string, string[]> = {};
  for (const [bare, targets] of owners) {
    // "title" alone is ambiguous (objective or key result); owner_id/weight belong to the row's key result.
    const target = targets.length === 1 ? targets[0] : targets.find((t) => t.startsWith('key_result.') && bare !== 'title');
    if (target) out[target] = [bare];
  }
  return out;
}

const LOOKUPS: Record<TableLayout, Map<string, Target>> = {} as Record<TableLayout, Map<string, Target>>;
for (const t of CANONICAL_TABLES) {
  const exact = Object.fromEntries(SCHEMA[t].columns.map((c) => [c.name, [c.name]]));
  // A calibration sheet's calibrated stage beside the manager's (load/calibrated-columns.ts).
  if (t === 'ratings') for (const target of Object.keys(CALIBRATED_ALIASES)) exact[target] = [target];
  LOOKUPS[t] = buildLookup(t === 'ratings' ? { ...COLUMN_ALIASES[t], ...CALIBRATED_ALIASES } : COLUMN_ALIASES[t], exact);
}
{
  const aliases: Record<string, string[]> = {};
  const bare = flatBareAliases();
  for (const [target, names] of Object.entries(FLAT_OKR_ALIASES)) aliases[target] = [...names, ...(bare[target] ?? [])];
  LOOKUPS['flat-okr'] = buildLookup(aliases, flatExactNames());
}

/** The canonical column a single header maps to in a layout (and how good the match is), or null. */
export function matchHeader(header: string, table: TableLayout): { column: string; exact: boolean; rank: number } | null {
  const lookup = LOOKUPS[table];
  // No real header is this long; the bracket pattern below would be slow on one.
  if (header.length > MAX_HEADER_LENGTH) return null;
  const key = normaliseHeader(header);
  let target = lookup.get(key);
  // "Confidence (1-10)", "Target [USD]": a bracketed remark after the name.
  if (!target && HAS_BRACKET.test(header)) target = lookup.get(normaliseHeader(header.replace(BRACKETED, ' ')));
  // A rating column whose header names a stage ("Self-Evaluation Avg", "Bewertung nach Kalibrierung"):
  // the stage the header states wins over a plain `rating` alias.
  if (table === 'ratings' && (!target || (target.rank > 0 && target.column === 'rating'))) {
    const stage = stageOfRatingHeader(header);
    if (stage) target = { column: `${stage}.rating`, rank: 1 };
  }
  // "Owners", "Key Results", "Targets": a plural of a known name. Never an exact match.
  if (!target && key.length > 3 && key.endsWith('s')) {
    const singular = lookup.get(key.slice(0, -1));
    if (singular) target = { column: singular.column, rank: Math.max(1, singular.rank) + 1000 };
  }
  return target ? { column: target.column, exact: target.rank === 0, rank: target.rank } : null;
}

export interface ColumnMapping {
  /** Source header → canonical column, one source header per canonical column. */
  mapping: Record<string, string>;
  /** Headers that match nothing in this layout. */
  unmapped: string[];
  /** Required columns (first name of each unmet group) that no header maps to. */
  missingRequired: string[];
  /**
   * Headers that map to a column another header already took (the better match kept:
   * the exact canonical name, else the earlier alias, else the leftmost header).
   */
  duplicates: string[];
}

/** Map a file's headers onto a layout's canonical columns. */
export function mapColumns(headers: string[], table: TableLayout): ColumnMapping {
  if (!LOOKUPS[table]) throw new Error(`Unknown table "${table}". Valid tables: ${TABLE_LAYOUTS.join(', ')}.`);
  const winner = new Map<string, { header: string; rank: number; index: number }>();
  const unmapped: string[] = [];
  const duplicates: string[] = [];
  const seenHeaders = new Set<string>();
  headers.forEach((header, index) => {
    if (seenHeaders.has(header)) {
      // The same header text twice: the mapping can hold it once.
      if (matchHeader(header, table)) duplicates.push(header);
      else unmapped.push(header);
      return;
    }
    seenHeaders.add(header);
    const match = matchHeader(header, table);
    if (!match) {
      unmapped.push(header);
      return;
    }
    const prev = winner.get(match.column);
    if (!prev) {
      winner.set(match.column, { header, rank: match.rank, index });
    } else if (match.rank < prev.rank) {
      duplicates.push(prev.header);
      winner.set(match.column, { header, rank: match.rank, index });
    } else {
      duplicates.push(header);
    }
  });
  const mapping: Record<string, string> = {};
  for (const [column, w] of [...winner].sort((a, b) => a[1].index - b[1].index)) mapping[w.header] = column;
  const mapped = new Set(winner.keys());
  const missingRequired: string[] = [];
  for (const group of REQUIRED_COLUMNS[table]) {
    if (!group.some((c) => mapped.has(c)) && group[0]) missingRequired.push(group[0]);
  }
  // Keep the input order for the reported lists.
  const order = new Map(headers.map((h, i) => [h, i] as const));
  duplicates.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return { mapping, unmapped, missingRequired, duplicates };
}

/**
 * Wide rating exports (a 9-box sheet: "Employee, Manager, Performance Rating, Potential")
 * put a second rating dimension in its own column. `mapColumns` leaves such a column
 * unmapped (ratings has one `rating` column); a loader that unpivots it into rows with
 * `dimension` = the key finds it here.
 */
export const RATING_DIMENSION_ALIASES: Record<string, string[]> = {
  potential: ['Potential', 'Potential Rating', 'Potential Score', 'Potential Level'],
};
const RATING_DIMENSION_LOOKUP = new Map<string, string>();
for (const [dimension, names] of Object.entries(RATING_DIMENSION_ALIASES)) {
  for (const n of names) RATING_DIMENSION_LOOKUP.set(normaliseHeader(n), dimension);
}

/** The rating dimension a wide-layout column holds ("Potential" → 'potential'), or null. */
export function matchRatingDimension(header: string): string | null {
  return RATING_DIMENSION_LOOKUP.get(normaliseHeader(header)) ?? null;
}
