// What the bench page's four views ask their named queries for by default (no attributes set), by query name — the
// options the prof scripts replay, so they measure the statements a page sends. Privacy options are the caller's.
export const VIEW_OPTIONS: Record<'cascade' | 'burndown' | 'calibration-report' | 'nine-box', Record<string, unknown>> = {
  cascade: { cycle: null, asOf: null, rollup: null, thresholds: {}, depth: null, showKeyResults: true },
  burndown: { by: 'cycle', threshold: 0.5, ruleWeek: 4, seriesLimit: 12, measures: ['confidence'] },
  'calibration-report': { maxRaters: 40, changesByRater: false, changes: false },
  'nine-box': { compareStage: null, performanceDimension: 'overall', potentialDimension: 'potential', namesPerBox: 3 },
};
