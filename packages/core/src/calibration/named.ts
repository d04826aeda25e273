import type { Connector } from '../connector.js';
import { DEFAULT_MIN_GROUP } from '../queries/options.js';
import type { PrepareOptions } from '../queries/registry.js';
import { defineQuery } from '../queries/registry.js';
import type { CalibrationOptions, CalibrationReport } from './report.js';
import type { NineBoxOptions, NineBoxReport } from './nine-box.js';
import type { CalibrationLogOptions, CalibrationLogResult } from './session-log.js';
import type { CalibrationTableOptions, CalibrationTableResult } from '../session/table-query.js';

// The calibration views' named queries. Their code (reports, pre-aggregates, their SQL) is imported with the first run
// or build: a page whose connector answers named queries itself (`plumb serve`) never downloads it.
const aggregatesCode = () => import('./aggregates.js');
const reportCode = () => import('./report.js');
const nineBoxCode = () => import('./nine-box.js');
const logCode = () => import('./session-log.js');
const tableCode = () => import('../session/table-query.js');

/**
 * The pre-aggregates both calibration views count from (ratings, and with `nineBox` the default
 * performance × potential pairs, per atom with their privacy blocks; the halo figures): only the
 * filter-independent tables, so preparing never repeats a view's own final query (its privacy plan for
 * the filter it shows, its counts).
 */
async function prepareCalibration(connector: Connector, { minGroup }: PrepareOptions, nineBox: boolean): Promise<void> {
  const [{ haloTable, isCompetency, nineBoxCountsTable, ratingCounts, withBlocks }, { calibrationOverview }] = await Promise.all([aggregatesCode(), import('./queries.js')]);
  const k = Math.max(1, Math.floor(minGroup ?? DEFAULT_MIN_GROUP));
  const overview = await calibrationOverview(connector);
  await withBlocks(connector, await ratingCounts(connector), k);
  // The halo figures need competency ratings: without any, the distribution never asks for them.
  if (!nineBox && overview.some((r) => isCompetency(r.dimension))) await haloTable(connector);
  if (nineBox) await withBlocks(connector, await nineBoxCountsTable(connector, { performance: 'overall', potential: 'potential' }), k);
}

/** The rating distribution's query: per-rater distributions, statistics and moves (`calibrationReport`). */
export const calibrationReportQuery = defineQuery<CalibrationOptions, CalibrationReport>(
  'calibration-report',
  async (connector, options) => (await reportCode()).calibrationReport(connector, options),
  (connector, options) => prepareCalibration(connector, options, false),
  reportCode,
);

/** The nine-box's query: people per performance × potential box under the same privacy plan. */
export const nineBoxQuery = defineQuery<NineBoxOptions, NineBoxReport>(
  'nine-box',
  async (connector, options) => (await nineBoxCode()).nineBoxReport(connector, options),
  (connector, options) => prepareCalibration(connector, options, true),
  nineBoxCode,
);

/** The session log's query (`<plumb-session-log>`). */
export const calibrationLogQuery = defineQuery<CalibrationLogOptions, CalibrationLogResult>(
  'calibration-log',
  async (connector, options) => (await logCode()).calibrationLog(connector, options),
  undefined,
  logCode,
);

/** The calibration table's named query. */
export const calibrationTableQuery = defineQuery<CalibrationTableOptions, CalibrationTableResult>(
  'calibration-table',
  async (connector, options) => (await tableCode()).calibrationTable(connector, options),
  undefined,
  tableCode,
);
