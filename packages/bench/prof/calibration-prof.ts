// Node profile of the calibration views' filter path: the rating distribution and the nine-box on the
// seeded sample with the options their elements pass, cold (pre-aggregates built), then a department
// and a level filter — each SQL statement's time with EACH=1; CPU time beside the wall time (firmer on
// a shared machine).
// Run: NODE_OPTIONS=--conditions=plumb-source pnpm exec tsx packages/bench/prof/calibration-prof.ts [people] [rounds]
import { calibrationReport, nineBoxReport, queryRows } from '@plumb/core';
import { timedSample } from './timed-sample.js';

const people = Number(process.argv[2] ?? 10000);
const rounds = Number(process.argv[3] ?? 3);
const { connector, sql } = await timedSample(people);
let t = performance.now();
const { department } = (await queryRows<{ department: string }>(connector, 'SELECT department FROM people WHERE department IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1'))[0]!;
const { level } = (await queryRows<{ level: string }>(connector, 'SELECT level FROM people WHERE department = ? AND level IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1', [department]))[0]!;
async function timed(label: string, run: () => Promise<unknown>): Promise<void> {
  t = performance.now();
  const cpu = process.cpuUsage();
  sql.ms = 0;
  await run();
  const used = process.cpuUsage(cpu);
  console.log(`${label}: ${(performance.now() - t).toFixed(0)} ms (sql ${sql.ms.toFixed(0)}, cpu ${((used.user + used.system) / 1000).toFixed(0)})`);
}
// What <plumb-rating-distribution> and <plumb-nine-box> ask for by default.
const distribution = (extra: object) => calibrationReport(connector, { minGroup: 5, maxRaters: 40, changes: false, ...extra });
const nineBox = (extra: object) => nineBoxReport(connector, { minGroup: 5, namesPerBox: 3, ...extra });
await timed('cold: distribution', () => distribution({}));
await timed('cold: nine-box', () => nineBox({}));
for (let i = 0; i < rounds; i++) {
  // A location that matches nobody keeps each round's filters apart (no cached answer).
  await timed(`distribution, department ${i}`, () => distribution({ department, location: i > 0 ? `x${i}` : undefined }));
  await timed(`distribution, department + level ${i}`, () => distribution({ department, level }));
  await timed(`nine-box, department ${i}`, () => nineBox({ department, location: i > 0 ? `x${i}` : undefined }));
}
