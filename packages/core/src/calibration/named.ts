import type { Connector } from '../connector.js';
import { CALIBRATION_TABLES } from '../calibration-tables.js';
import { DEFAULT_MIN_GROUP } from '../queries/options.js';
import { isServed } from '../queries/derived.js';
import type { PrepareOptions } from '../queries/registry.js';
import { defineLazyQuery, loadOnce } from '../queries/registry.js';
import type { CalibrationOptions } from './report.js';
import type { NineBoxOptions } from './nine-box.js';
import type { CalibrationLogOptions } from './session-log.js';
import type { CalibrationTableOptions } from '../session/table-query.js';

// The calibration views' named queries; their code (reports, pre-aggregates, their SQL) is imported on first use.
const aggregatesCode = loadOnce(() => import('./aggregates.js'));
const queriesCode = loadOnce(() => import('./queries.js'));
const reportCode = loadOnce(() => import('./report.js'));
const nineBoxCode = loadOnce(() => import('./nine-box.js'));
// Each view's query code with everything its build and first answer import (a page fetches it while its data loads),
// so neither waits for a fetch: the distribution's statistics chunk (report.ts asks for it on each run) among them.
const distributionCode = loadOnce(() =>
  Promise.all([reportCode(), aggregatesCode(), queriesCode(), import('./rater-statistics.js')]).then(([report]) => report),
);
const nineBoxQueryCode = loadOnce(() => Promise.all([nineBoxCode(), aggregatesCode(), queriesCode(), reportCode()]).then(([nineBox]) => nineBox));

/**
 * The pre-aggregates both calibration views count from (ratings, and with `nineBox` the default
 * performance × potential pairs, per atom with their privacy blocks; the halo figures), and what the
 * default view reads besides its counts (the latest cycle's scale, values given and filter menus; the
 * nine-box's bands): only filter-independent tables and figures, so preparing never repeats a view's own
 * final query (its privacy plan for the filter it shows, its counts). On a server this runs at start-up,
 * so a first request runs only its final statements.
 */
async function prepareCalibration(connector: Connector, { minGroup }: PrepareOptions, nineBox: boolean): Promise<void> {
  const [{ haloTable, isCompetency, nineBoxCountsTable, ratingCounts }, { calibrationOverview, ratingScale, ratingValues }, report] =
    await Promise.all([aggregatesCode(), queriesCode(), reportCode()]);
  const k = Math.max(1, Math.floor(minGroup ?? DEFAULT_MIN_GROUP));
  const overview = await calibrationOverview(connector);
  await ratingCounts(connector, k);
  const dims = { performance: 'overall', potential: 'potential' };
  const plans = isServed(connector);
  if (nineBox) {
    const nineBoxes = await nineBoxCode();
    await nineBoxCountsTable(connector, dims, k);
    await nineBoxes.bandRanges(connector, report.resolveFilter(overview, { dimension: dims.performance }).cycle, dims);
    if (plans) await nineBoxes.decideDefaultNineBoxPlan(connector, dims, k);
    return;
  }
  if (plans) await report.decideDefaultReportPlan(connector, k);
  // The halo figures need competency ratings: without any, the distribution never asks for them.
  if (overview.some((r) => isCompetency(r.dimension))) await haloTable(connector);
  const { cycle, stage, dimension } = report.resolveFilter(overview, {});
  await Promise.all([ratingScale(connector, cycle), ratingValues(connector, cycle, stage, dimension), report.calibrationMenus(connector, cycle)]);
}


/** The rating distribution's query: per-rater distributions, statistics and moves (`calibrationReport`). */
export const calibrationReportQuery = defineLazyQuery(
  'calibration-report',
  distributionCode,
  (m, connector, options: CalibrationOptions) => m.calibrationReport(connector, options),
  (_m, connector, options) => prepareCalibration(connector, options, false),
  CALIBRATION_TABLES,
);

/** The nine-box's query: people per performance × potential box under the same privacy plan. */
export const nineBoxQuery = defineLazyQuery(
  'nine-box',
  nineBoxQueryCode,
  (m, connector, options: NineBoxOptions) => m.nineBoxReport(connector, options),
  (_m, connector, options) => prepareCalibration(connector, options, true),
  CALIBRATION_TABLES,
);

/** The session log's query (`<plumb-session-log>`). */
export const calibrationLogQuery = defineLazyQuery('calibration-log', () => import('./session-log.js'), (m, connector, options: CalibrationLogOptions) =>
  m.calibrationLog(connector, options),
);

/** The calibration table's named query. */
export const calibrationTableQuery = defineLazyQuery('calibration-table', () => import('../session/table-query.js'), (m, connector, options: CalibrationTableOptions) =>
  m.calibrationTable(connector, options),
);
