export * from './types.js';
export { queryCascadeRows, queryCascadeCycle, parseAsOf, DONE_LINK_STATUSES } from './query.js';
export { buildCascade, nodeKey, UNALIGNED_GROUP_KEY, UNALIGNED_GROUP_TITLE } from './build.js';
export { keyResultValue, type KeyResultValue } from './key-result-value.js';
export { rollupParts, isRollupMode, type RollupPart, type RollupInputs } from './rollup.js';
export { cascadeStatus, cycleElapsedShare, DEFAULT_STATUS_THRESHOLDS, STATUS_LABELS } from './status.js';
export { explainCascadeNode, formatPercent, type CascadeExplanation, type ExplainPart } from './explain.js';
export {
  queryCascade, cascadeReport, cascadeReportFromTree, type CascadeReport, type CascadeReportNode,
} from './cascade.js';
export { cascadeAggregate, GROUP_OPEN_LIMIT, type CascadeAggregate, type RollupVariant } from './aggregate.js';
export {
  queryCascadeView, queryCascadeChildren, queryCascadeSearch, queryCascadeRecognitions, prepareCascadeView, FOCUS_LIMIT, SEARCH_LIMIT,
  type CascadeViewOptions, type CascadeViewNode, type CascadeViewResult, type CascadeChildrenOptions, type CascadeSearchOptions,
  type CascadeSearchResult, type CascadeRecognitionsOptions, type CascadeRecognition, type CascadeRecognitionsResult,
  type CascadeRecognitionSummary,
} from './view-query.js';
export { cascadeQuery, cascadeChildrenQuery, cascadeSearchQuery, cascadeRecognitionsQuery } from './named.js';
