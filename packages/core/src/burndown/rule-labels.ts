import type { BuiltInRule } from './rules.js';

// Apart from the rules' code (their SQL loads with the burn-down's query), so the element names an alert's rule
// without downloading it.

export const RULE_LABELS: Record<BuiltInRule['kind'], string> = {
  'below-threshold': 'Confidence below threshold',
  'confidence-drop': 'Confidence dropped',
  stale: 'No recent check-in',
  divergence: 'Confidence and progress disagree',
};
