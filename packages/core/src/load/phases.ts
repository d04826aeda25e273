import { CALIBRATION_TABLES } from '../calibration-tables.js';
import type { CanonicalTable } from '../schema.js';
import type { LoadReport, SourceInput } from './types.js';

/**
 * The files of the calibration views' tables (`CALIBRATION_TABLES`, loaded first when a caller asks for them early) and
 * the rest (a flat OKR sheet among them), when loading them in two steps places and says what one load does; else null
 * (one load). Only files whose table is declared: a file's table told from its headers is known only once it is read,
 * and a file of the rest that turned out to feed a calibration table would change what was drawn. (Review cycles are
 * inferred in the second step, over every file, as one pass does: see `loadSources`.)
 */
export function splitFirstTables(sources: readonly SourceInput[]): { first: SourceInput[]; rest: SourceInput[] } | null {
  if (!sources.every((s) => s.table !== undefined)) return null;
  const first = sources.filter((s) => CALIBRATION_TABLES.includes(s.table as CanonicalTable));
  const rest = sources.filter((s) => !CALIBRATION_TABLES.includes(s.table as CanonicalTable));
  if (rest.length === 0 || !first.some((s) => s.table === 'ratings')) return null;
  return { first, rest };
}

/** One report of the two steps' reports, its files in the order the caller gave them. */
export function mergeReports(sources: readonly SourceInput[], first: readonly SourceInput[], a: LoadReport, b: LoadReport): LoadReport {
  const byPosition = new Map<SourceInput, LoadReport['files'][number]>();
  first.forEach((s, i) => byPosition.set(s, a.files[i]!));
  sources.filter((s) => !first.includes(s)).forEach((s, i) => byPosition.set(s, b.files[i]!));
  const diagnostics = [...a.diagnostics, ...b.diagnostics];
  return {
    ok: a.ok && b.ok,
    input_rows: a.input_rows + b.input_rows,
    loaded_rows: a.loaded_rows + b.loaded_rows,
    rejected_rows: a.rejected_rows + b.rejected_rows,
    tables: b.tables,
    diagnostics,
    files: sources.map((s) => byPosition.get(s)!),
    questions: [...a.questions, ...b.questions],
  };
}
