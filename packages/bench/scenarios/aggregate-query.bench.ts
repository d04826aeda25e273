import { queryRows } from '@plumb/core';
import { AGGREGATE_SQL } from '../src/load-files.js';
import type { BenchScenario } from '../src/scenario.js';

/** The example scenario: the representative aggregate (median confidence per team per week), run twice (cold, warm). */
const scenario: BenchScenario = {
  name: 'aggregate-query',
  async run(ctx) {
    let groups = 0;
    await ctx.time('first run (ms)', async () => {
      groups = (await queryRows(ctx.connector, AGGREGATE_SQL)).length;
    });
    await ctx.time('second run (ms)', () => queryRows(ctx.connector, AGGREGATE_SQL));
    return { 'team-weeks': groups };
  },
};
export default scenario;
