import { CALIBRATION_TABLES } from '../calibration-tables.js';
import type { CanonicalTable } from '../schema.js';
import type { TargetTable } from './convert.js';
import type { LoadReport, SourceInput } from './types.js';

/**
 * The files of the calibration views' tables (`CALIBRATION_TABLES`, loaded first when a caller asks for them early) and
 * the rest (a flat OKR sheet among them), given each file's table (`tables`: declared, or told from its head by
 * load/peek.ts), when ratings are among the first and the rest is not empty; else null (one load). Review cycles are
 * inferred in the second step, over every file, as one pass does: see `loadSources`.
 */
export function splitFirstTables(sources: readonly SourceInput[], tables: readonly TargetTable[]): { first: SourceInput[]; rest: SourceInput[] } | null {
  const calibration = (i: number) => CALIBRATION_TABLES.includes(tables[i] as CanonicalTable);
  const first = sources.filter((_, i) => calibration(i));
  const rest = sources.filter((_, i) => !calibration(i));
  if (rest.length === 0 || !tables.some((t, i) => t === 'ratings' && calibration(i))) return null;
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
