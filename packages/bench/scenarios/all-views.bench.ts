import type { BenchScenario } from '../src/scenario.js';
import { runAllViews } from './all-views.js';

const scenario: BenchScenario = {
  name: 'all-views',
  sizes: [600, 10_000, 100_000],
  run: runAllViews,
};
export default scenario;
