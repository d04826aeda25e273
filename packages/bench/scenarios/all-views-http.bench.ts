import type { BenchScenario } from '../src/scenario.js';
import { runAllViews } from './all-views.js';

// The same scenario over HttpConnector: each view's named query runs in native DuckDB next to the
// data (one request per view), which is how a 1,000,000-person organisation is served.
const scenario: BenchScenario = {
  name: 'all-views-http',
  runtime: 'http',
  run: runAllViews,
};
export default scenario;
