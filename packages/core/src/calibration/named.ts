import type { Connector } from '../connector.js';
import { DEFAULT_MIN_GROUP } from '../queries/options.js';
import { defineQuery, type PrepareOptions } from '../queries/registry.js';
import { calibrationReport, type CalibrationOptions, type CalibrationReport } from './report.js';
import { nineBoxReport, type NineBoxOptions, type NineBoxReport } from './nine-box.js';
import { haloTable, nineBoxCountsTable, ratingCounts, withBlocks } from './aggregates.js';
import { calibrationOverview } from './queries.js';

/**
 * The pre-aggregates both calibration views count from (ratings, and with `nineBox` the default
 * performance × potential pairs, per atom with their privacy blocks; the halo figures): only the
 * filter-independent tables, so preparing never repeats a view's own final query (its privacy plan for
 * the filter it shows, its counts).
 */
async function prepareCalibration(connector: Connector, { minGroup }: PrepareOptions, nineBox: boolean): Promise<void> {
  const k = Math.max(1, Math.floor(minGroup ?? DEFAULT_MIN_GROUP));
  await calibrationOverview(connector);
  await withBlocks(connector, await ratingCounts(connector), k);
  if (!nineBox) await haloTable(connector);
  if (nineBox) await withBlocks(connector, await nineBoxCountsTable(connector, { performance: 'overall', potential: 'potential' }), k);
}

/** The rating distribution's query: per-rater distributions, statistics and moves (`calibrationReport`). */
export const calibrationReportQuery = defineQuery<CalibrationOptions, CalibrationReport>('calibration-report', calibrationReport, (connector, options) =>
  prepareCalibration(connector, options, false));

/** The nine-box's query: people per performance × potential box under the same privacy plan. */
export const nineBoxQuery = defineQuery<NineBoxOptions, NineBoxReport>('nine-box', nineBoxReport, (connector, options) =>
  prepareCalibration(connector, options, true));
