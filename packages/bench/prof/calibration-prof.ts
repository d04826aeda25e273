// Node profile of the calibration views' filter path: the rating distribution and the nine-box on the
// seeded sample, cold (pre-aggregates built), warm, then a department and a level filter — each SQL
// statement's time with EACH=1.
// Run: NODE_OPTIONS=--conditions=plumb-source pnpm exec tsx packages/bench/prof/calibration-prof.ts [people] [rounds]
import { calibrationReport, loadSample, nineBoxReport, queryRows } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';

const people = Number(process.argv[2] ?? 10000);
const rounds = Number(process.argv[3] ?? 3);
const connector = new NodeConnector();
let t = performance.now();
await loadSample(connector, { people, seed: 1 });
console.log(`load ${people} people: ${(performance.now() - t).toFixed(0)} ms`);
const { department } = (await queryRows<{ department: string }>(connector, 'SELECT department FROM people WHERE department IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1'))[0]!;
const { level } = (await queryRows<{ level: string }>(connector, 'SELECT level FROM people WHERE department = ? AND level IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1', [department]))[0]!;
let sqlMs = 0;
const query = connector.query.bind(connector);
connector.query = async (sql, params) => {
  const s = performance.now();
  try {
    return await query(sql, params);
  } finally {
    const d = performance.now() - s;
    sqlMs += d;
    if (process.env.EACH) console.log(`    ${d.toFixed(0)} ms: ${sql.replace(/\s+/g, ' ').slice(0, 110)}`);
  }
};
async function timed(label: string, run: () => Promise<unknown>): Promise<void> {
  t = performance.now();
  sqlMs = 0;
  await run();
  console.log(`${label}: ${(performance.now() - t).toFixed(0)} ms (sql ${sqlMs.toFixed(0)})`);
}
const distribution = (extra: object) => calibrationReport(connector, { minGroup: 5, maxRaters: 40, ...extra });
const nineBox = (extra: object) => nineBoxReport(connector, { minGroup: 5, namesPerBox: 8, ...extra });
await timed('cold: distribution', () => distribution({}));
await timed('cold: nine-box', () => nineBox({}));
for (let i = 0; i < rounds; i++) {
  // A location that matches nobody keeps each round's filters apart (no cached answer).
  await timed(`distribution, department ${i}`, () => distribution({ department, location: i > 0 ? `x${i}` : undefined }));
  await timed(`distribution, department + level ${i}`, () => distribution({ department, level }));
  await timed(`nine-box, department ${i}`, () => nineBox({ department, location: i > 0 ? `x${i}` : undefined }));
}
