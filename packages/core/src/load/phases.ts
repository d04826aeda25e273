import { CALIBRATION_TABLES } from '../calibration-tables.js';
import type { CanonicalTable } from '../schema.js';
import type { FilePlan } from './peek.js';
import type { LoadReport, SourceInput } from './types.js';

/**
 * Bytes of the other files below which one pass draws every view sooner (LoadOptions.firstTablesMinBytes): their load
 * takes less than a second step's own statements cost. The sample, CSV, in Chromium (`pnpm bench --only
 * files-to-views`): at 600 people (1.2 MB of OKR files) two steps drew the calibration views 0–0.25 s sooner and the
 * burn-down and cascade 0.1–0.4 s later; at 10,000 (20 MB) the distribution 0.5–1.4 s sooner and the others from as
 * soon to 0.9 s later, varying between runs (packages/bench/FINDINGS.md).
 */
export const FIRST_TABLES_MIN_BYTES = 4 << 20;

/**
 * The files of the calibration views' tables (`CALIBRATION_TABLES`, loaded first when a caller asks for them early) and
 * the rest (a flat OKR sheet among them), given each file's table (declared, or told from its head by load/peek.ts) and
 * size, when ratings are among the first and the rest is not known to be smaller than `minBytes`; else null (one
 * load). Review cycles are inferred in the second step, over every file, as one pass does: see `loadSources`.
 */
export function splitFirstTables(
  sources: readonly SourceInput[],
  plans: readonly FilePlan[],
  minBytes = FIRST_TABLES_MIN_BYTES,
): { first: SourceInput[]; rest: SourceInput[] } | null {
  const calibration = (i: number) => CALIBRATION_TABLES.includes(plans[i]!.table as CanonicalTable);
  const first = sources.filter((_, i) => calibration(i));
  const rest = sources.filter((_, i) => !calibration(i));
  if (rest.length === 0 || !plans.some((p) => p.table === 'ratings')) return null;
  const restSizes = plans.filter((_, i) => !calibration(i)).map((p) => p.size);
  if (restSizes.every((size) => size !== null) && restSizes.reduce((a, b) => a! + b!, 0)! < minBytes) return null;
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
