import { defineQuery } from '../queries/registry.js';
import { calibrationReport, type CalibrationOptions, type CalibrationReport } from './report.js';
import { nineBoxReport, type NineBoxOptions, type NineBoxReport } from './nine-box.js';

/** The rating distribution's query: per-rater distributions, statistics and moves (`calibrationReport`). */
export const calibrationReportQuery = defineQuery<CalibrationOptions, CalibrationReport>('calibration-report', calibrationReport, (connector, { minGroup }) =>
  calibrationReport(connector, minGroup === undefined ? {} : { minGroup }));

/** The nine-box's query: people per performance × potential box under the same privacy plan. */
export const nineBoxQuery = defineQuery<NineBoxOptions, NineBoxReport>('nine-box', nineBoxReport, (connector, { minGroup }) =>
  nineBoxReport(connector, minGroup === undefined ? {} : { minGroup }));
