export * from './types.js';
export { queryCascadeRows, queryCascadeCycle, parseAsOf } from './query.js';
export { buildCascade, nodeKey, UNALIGNED_GROUP_KEY, UNALIGNED_GROUP_TITLE } from './build.js';
export { keyResultValue, type KeyResultValue } from './key-result-value.js';
export { rollupParts, rollupFromParts, isRollupMode, type RollupPart, type RollupResult, type RollupInputs } from './rollup.js';
export { cascadeStatus, cycleElapsedShare, DEFAULT_STATUS_THRESHOLDS, STATUS_LABELS } from './status.js';
export { explainCascadeNode, formatPercent, type CascadeExplanation, type ExplainPart } from './explain.js';
export {
  queryCascade, cascadeReport, cascadeReportFromTree, type CascadeReport, type CascadeReportNode,
} from './cascade.js';
