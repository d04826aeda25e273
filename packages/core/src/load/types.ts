import type { CanonicalTable } from '../schema.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Text } from '../text.js';

/** Where a file's bytes come from. A `URL` is fetched (only ever the URL given). */
export type SourceData = string | ArrayBuffer | Uint8Array | Blob | URL;
/** `xlsx`, `ods`: a spreadsheet (Excel, OpenDocument), each sheet read as CSV text (load/workbooks.ts). */
export type SourceFormat = 'csv' | 'tsv' | 'json' | 'ndjson' | 'parquet' | 'arrow' | 'xlsx' | 'ods';

export interface SourceInput {
  /** File name as the user knows it; used in every diagnostic. */
  name: string;
  data: SourceData;
  /** Force the canonical table, or `flat-okr` for one row per key result (else inferred from columns and name). */
  table?: CanonicalTable | 'flat-okr';
  /** Force the format (else from the name, then the bytes). */
  format?: SourceFormat;
}

export interface LoadOptions {
  /** Declared confidence scale for every file (else inferred, with a warning). */
  confidenceScale?: ConfidenceScale;
  /** Declared date order for ambiguous dates like 03/04/2026 (else inferred per column, ambiguity reported). */
  dateOrder?: 'dmy' | 'mdy';
  /** Abort a running load (a newer one supersedes it). */
  signal?: AbortSignal;
  /** The fetch used for `URL` sources (default: global fetch). */
  fetch?: typeof fetch;
  /**
   * Where parquet-wasm's .wasm file is fetched from in a browser (URL, bytes or
   * a compiled module). Default: `parquet_wasm_bg.wasm` beside parquet-wasm's
   * module, i.e. self-hosted with the app. Node reads it from disk itself.
   */
  parquetWasm?: string | URL | Uint8Array | ArrayBuffer | WebAssembly.Module;
  /** Row diagnostics listed per file, code and column before the rest are summarised in one (default 100). */
  maxRowDiagnostics?: number;
  /**
   * Size of the rating scale (3, 4 or 5 points) that ratings written as words are on, when no rating
   * scale file gives their labels and the words fit several sizes (normalise/rating-words.ts).
   */
  ratingPoints?: 3 | 4 | 5;
  // ---- Reading real exports (load/mapping.ts, load/cycle-inference.ts, normalise/encoding.ts)
  /**
   * Input column → canonical column, overriding inference in every file that has
   * the column (header compared like aliases: case, spaces and punctuation ignored).
   * The target is a column of the file's table (`key_result_id`), `table.column`
   * to apply to one table only, or `ignore` to leave the column out.
   */
  mapping?: Record<string, string>;
  /**
   * Answers to the loader's questions (`LoadReport.questions`): question id → the chosen
   * candidate's value (`--answer "id=value"`, a mapping file's `answers`). load/questions.ts.
   */
  answers?: Record<string, string>;
  /** Text encoding of CSV/TSV/JSON files (default: UTF-8, with Windows-1252 detected and warned about). */
  encoding?: TextEncodingName;
  /** Declared OKR cycle (YYYY-MM-DD) for objectives whose cycle no cycles table describes. */
  cycleStart?: string;
  cycleEnd?: string;
  /** First month (1–12) of the fiscal year, for period labels like "FY27 Q1" (default 1, with a warning). */
  fiscalYearStart?: number;
  /** Called as a long load goes: bytes read, rows checked, files done. */
  onProgress?: (progress: LoadProgress) => void;
  /**
   * Called mid-load when the calibration views' tables (`CALIBRATION_TABLES`) hold their final rows while the other
   * files still load: views that read only those may draw. The load loads those files first when every file's table is
   * declared or told for certain from its head (load/peek.ts) and ratings are among them (load/phases.ts), and calls
   * this only when every rating's cycle has a cycles row (else that cycle is inferred at the end, as one pass infers
   * it). At the end `dataVersion` moves as after any load; what was derived from those tables alone stays, unless a
   * later file changed them after all (an OKR cycle added to `cycles`). A file whose table was told from its head and
   * that fed a calibration table after all, once read whole, starts the load over in one pass: this is then called
   * again with no tables (nothing drawn meanwhile holds). The load continues once the returned promise settles.
   */
  onTablesReady?: (tables: readonly CanonicalTable[]) => void | Promise<void>;
  /**
   * With `onTablesReady`: one pass instead of two steps when the other files are known to hold fewer bytes than this
   * (default 4 MiB, `FIRST_TABLES_MIN_BYTES`): loading them takes less than a second step's own statements cost. A
   * URL's size is its Content-Length, read with the file's head (load/peek.ts); a server that sends none leaves it
   * unknown (two steps).
   */
  firstTablesMinBytes?: number;
  /** A `URL` source that has not answered in full within this many milliseconds is an error (default 120,000). */
  fetchTimeout?: number;
  /**
   * Memory (bytes) the database may use for a load; the files' estimated need is checked
   * against it before each file is staged. Default: what DuckDB-WASM can hold (about 3.1 GiB
   * of its 4 GB heap). `Infinity` turns the check off (native DuckDB).
   */
  memoryLimit?: number;
}

/** Where a load is (`LoadOptions.onProgress`, `<plumb-data>`'s `plumb-progress` event). */
export interface LoadProgress {
  /** `read`: bytes of a file arriving; `check`: a file staged and checked; `settle`: cross-file checks; `done`. */
  phase: 'read' | 'check' | 'settle' | 'done';
  /** The file being read or checked (absent for `settle` and `done`). */
  file?: string;
  filesDone: number;
  filesTotal: number;
  /** Bytes read so far over all files, and the total where every size is known (else null). */
  bytesDone: number;
  bytesTotal: number | null;
  /** Data rows staged and checked so far. */
  rowsDone: number;
}

/** Encodings `LoadOptions.encoding` accepts (Latin-1 is read as its superset Windows-1252, as browsers do). */
export type TextEncodingName = 'utf-8' | 'windows-1252' | 'latin-1';

/** How a file writes confidence; normalised to 0–1 by `normaliseConfidence` (normalise/confidence.ts). */
export type ConfidenceScale =
  | 'unit' // 0–1
  | 'zero-to-ten' // 0–10
  | 'one-to-ten' // 1–10
  | 'percent' // 0–100 or "45%"
  | 'low-medium-high'
  | 'red-amber-green'
  | 'on-track'; // on track / at risk / off track

export interface FileReport {
  file: string;
  /** The table the file fed; null when it could not be read or told. */
  table: CanonicalTable | 'flat-okr' | null;
  format: SourceFormat;
  input_rows: number;
  loaded_rows: number;
  rejected_rows: number;
  /** Source column → canonical column, for every column that was mapped. */
  mapped_columns: Record<string, string>;
  /** Source columns kept nowhere (reported as a warning too). */
  unmapped_columns: string[];
  /** The mapping report: every input column in file order, what it became and why (load/mapping.ts). */
  columns?: ColumnReport[];
  /** Scales, orders, value kinds and encodings inferred or declared for this file (load/mapping.ts). */
  decisions?: LoadDecision[];
}

/** One input column of a file: the canonical column it fills, or why it is not loaded. */
export interface ColumnReport {
  input: string;
  /** Canonical column (`check_ins.key_result_id`-style names for a flat sheet: `key_result.title`), or null. */
  target: string | null;
  /**
   * `declared` (LoadOptions.mapping), `name` (the canonical name itself), `alias` (a known export name),
   * `inferred` (decided from the data, named in `decisions`: a progress column whose numbers sit in the key results' spans,
   * a status column of status words, first and last names joined).
   */
  how?: 'declared' | 'name' | 'alias' | 'inferred';
  /** Why a column is not loaded (English), and as a text (load/text.ts). */
  reason?: string;
  reasonText?: Text;
}

/** A choice the loader made for a file or one of its columns, and whether the caller declared it. */
export interface LoadDecision {
  /** What was decided: `confidence-scale`, `date-order`, `decimal-separator`, `value-kind`, `encoding`, `cycle`. */
  kind: string;
  column?: string;
  /** The choice, e.g. `one-to-ten`, `dmy`, `value`, `percent`, `windows-1252`. */
  value: string;
  declared: boolean;
  /** The evidence, in English words, and as a text (load/text.ts). */
  message: string;
  text?: Text;
}

/** The answer to every load: counts reconcile (`input_rows = loaded_rows + rejected_rows`). */
export interface LoadReport {
  ok: boolean;
  input_rows: number;
  loaded_rows: number;
  rejected_rows: number;
  /** Rows per canonical table after the load. */
  tables: Record<string, number>;
  diagnostics: Diagnostic[];
  files: FileReport[];
  /**
   * Decisions that would change numbers and that no evidence in the data settles: each
   * file a question shapes is held back (its rows rejected under the `question` code)
   * until the question is answered through the option its candidates name (load/questions.ts).
   */
  questions: LoadQuestion[];
}

// ---------------------------------------------------------------- questions (load/questions.ts)

/** The load options an answer can set: everything a mapping file may hold. */
export interface AnswerPatch {
  dateOrder?: 'dmy' | 'mdy';
  confidenceScale?: ConfidenceScale;
  encoding?: TextEncodingName;
  cycleStart?: string;
  cycleEnd?: string;
  fiscalYearStart?: number;
  /** The size of the scale that ratings written as words are on (normalise/rating-words.ts). */
  ratingPoints?: 3 | 4 | 5;
  /** `Column=target` or `file.csv:Column=target` entries (mapping.ts). */
  mapping?: Record<string, string>;
  /** Question id → the value of the candidate chosen. */
  answers?: Record<string, string>;
}

/** One possible answer: what it means for the numbers, and the option that gives it. */
export interface QuestionCandidate {
  /** The answer's value (`dmy`, `objectives`, `Employee ID` …), as `answers[id]` would hold it. */
  value: string;
  /** What choosing it implies, in words (e.g. `03/04/2026 is 3 April 2026`). */
  implies: string;
  impliesText?: Text;
  /** How the value reads to a person, when the value is a code (`dmy`, a table name); else the value is data. */
  label?: Text;
  /** The load options that give this answer. */
  patch: AnswerPatch;
  /** The same, as the command-line option (`--date-order dmy`, `--map "file.csv:Rating=ratings.rating@manager"`). */
  option: string;
}

/** A decision the loader could not back with evidence: asked, and the file it shapes waits. */
export interface LoadQuestion {
  /** Stable across loads of the same files: `kind:file[:column]`. */
  id: string;
  /** What is decided: `table`, `id-column`, `row-kind`, `confidence-scale`, `stage`, `date-order`, … */
  kind: string;
  file: string;
  column?: string;
  /** The question, in words, with the evidence that leaves it open. */
  ask: string;
  askText?: Text;
  /** Canonical tables whose rows from this file wait for the answer. */
  tables: (CanonicalTable | 'flat-okr')[];
  candidates: QuestionCandidate[];
}

/**
 * A question as a shape raises it (`LoadContext.ask`): the question and what each candidate implies as
 * texts (codes of load/messages.en.ts; English and the option text are filled in by `completeQuestion`).
 */
export type QuestionDraft = Omit<LoadQuestion, 'id' | 'candidates' | 'ask' | 'askText'> & {
  id?: string;
  ask: Text;
  candidates: CandidateDraft[];
};

/** A candidate as a shape gives it. */
export type CandidateDraft = Omit<QuestionCandidate, 'option' | 'implies' | 'impliesText'> & { implies: Text };

/** What `--save-mapping` writes and `--mapping`/`mapping=` read: the answers, reusable. */
export interface MappingFile extends AnswerPatch {
  plumb: 'mapping';
  version: 1;
}

