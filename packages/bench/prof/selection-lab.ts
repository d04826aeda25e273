// A DuckDB loaded once at a size, for trying statements against it without a load per try (100k: ~20 s): it loads the
// sample, builds the calibration pre-aggregates, writes the statements of the report and the nine-box (unfiltered, for
// the five busiest teams, the calibration bench's department and department + level) to
// DIR/stmts-<query>-<team|all|department|department-level>.json as [{sql, params}], then runs every job file dropped into
// DIR/q/ — a JSON list of {name, sql, params, reps?, raw?} — answering DIR/q/<file>.out: per job the median CPU and the
// wall of each run (the jobs of one file alternate, round by round), the row count, and with raw the first rows as JSON.
// Planning alone: `PREPARE p AS <statement with literals>` (EXPLAIN's time includes drawing the plan); DuckDB's own
// profile: a job `SET enable_profiling='json'` first (printed to this process's stdout). The heavy lock is held while
// loading and while a job file runs, not while idle. Found with it (11th session): a team's report statement at 100k
// plans ~60 ms of ~150, the nine-box ~23 of ~115; reading three text columns of the 525k rating counts costs ~25 ms.
// Run: DIR=/tmp/lab NODE_OPTIONS=--conditions=plumb-source npx tsx packages/bench/prof/selection-lab.ts [people] &
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { buildPreAggregates, calibrationReportQuery, nineBoxQuery, queryRows, type NamedQuery } from '@plumb/core';
import { timedSample } from './timed-sample.js';
import { VIEW_OPTIONS } from './view-options.js';

const dir = process.env.DIR ?? '/tmp/selection-lab';
mkdirSync(`${dir}/q`, { recursive: true });
/** Hold /tmp/plumb-heavy.lock while `work` runs (a child flock holds it until its stdin closes). */
async function locked<T>(work: () => Promise<T>): Promise<T> {
  const child = spawn('flock', ['/tmp/plumb-heavy.lock', 'sh', '-c', 'echo locked; cat >/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  try { return await work(); } finally { child.stdin.end(); }
}
const people = Number(process.argv[2] ?? 100000);
const { connector } = await locked(async () => {
  const sample = await timedSample(people);
  await buildPreAggregates(sample.connector, [calibrationReportQuery, nineBoxQuery] as NamedQuery<never, unknown>[]);
  return sample;
});
const teams = (await queryRows<{ team_id: string }>(connector,
  `SELECT o.team_id FROM objectives o JOIN key_results k ON k.objective_id = o.objective_id
    WHERE o.team_id IN (SELECT team_id FROM people WHERE team_id IS NOT NULL GROUP BY team_id HAVING count(*) >= 5)
    GROUP BY o.team_id ORDER BY count(*) DESC, o.team_id LIMIT 5`)).map((r) => r.team_id);
const query = connector.query.bind(connector);
let log: { sql: string; params: unknown[] }[] = [];
connector.query = async (sql, params) => { log.push({ sql, params: [...(params ?? [])] }); return query(sql, params); };
// The calibration bench's filters: the largest department, then its largest level as well.
const [dept] = await queryRows<{ d: string }>(connector, 'SELECT department AS d FROM people WHERE department IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1');
const [lvl] = await queryRows<{ l: string }>(connector, 'SELECT level AS l FROM people WHERE level IS NOT NULL AND department = ? GROUP BY 1 ORDER BY count(*) DESC LIMIT 1', [dept!.d]);
const filters: [string, object][] = [['all', {}], ...teams.map((t) => [t, { team_id: t }] as [string, object]),
  ['department', { department: dept!.d }], ['department-level', { department: dept!.d, level: lvl!.l }]];
for (const [name, filter] of filters) for (const q of [calibrationReportQuery, nineBoxQuery] as NamedQuery<never, unknown>[]) {
  log = [];
  await q.run(connector, { ...VIEW_OPTIONS[q.name as keyof typeof VIEW_OPTIONS], ...filter } as never);
  writeFileSync(`${dir}/stmts-${q.name}-${name}.json`, JSON.stringify(log, null, 1));
}
connector.query = query;
console.log(`ready: teams ${teams.join(' ')}`);
const time = async (sql: string, params: unknown[]) => {
  const c = process.cpuUsage();
  const t = performance.now();
  const r = await query(sql, params as never);
  const d = process.cpuUsage(c);
  return [performance.now() - t, (d.user + d.system) / 1000, r] as const;
};
const med = (v: number[]) => (v.length ? [...v].sort((a, b) => a - b)[v.length >> 1]!.toFixed(1) : '-');
for (;;) {
  for (const f of readdirSync(`${dir}/q`).filter((x) => x.endsWith('.json'))) {
    const path = `${dir}/q/${f}`;
    const jobs = JSON.parse(readFileSync(path, 'utf8')) as { name: string; sql: string; params: unknown[]; reps?: number; raw?: boolean }[];
    renameSync(path, `${path}.taken`);
    // Jobs of one file alternate: round r runs every job once, so a slow moment of the machine hits all of them.
    const runs = jobs.map(() => ({ ms: [] as number[], cpu: [] as number[], rows: 0, error: '', raw: '' }));
    await locked(async () => {
      const rounds = Math.max(...jobs.map((j) => j.reps ?? 5));
      for (let r = 0; r < rounds; r++) {
        for (const [i, j] of jobs.entries()) {
          if (r >= (j.reps ?? 5) || runs[i]!.error) continue;
          try {
            const [ms, cpu, t] = await time(j.sql, j.params);
            runs[i]!.ms.push(ms); runs[i]!.cpu.push(cpu); runs[i]!.rows = t.numRows;
            if (j.raw) runs[i]!.raw = JSON.stringify(t.toArray().map((x) => x.toJSON()), (_k, v) => (typeof v === 'bigint' ? Number(v) : v)).slice(0, 20000);
          } catch (e) { runs[i]!.error = (e as Error).message.slice(0, 400); }
        }
      }
    });
    const out = jobs.map((j, i) => { const x = runs[i]!; return x.error ? `${j.name}: ERROR ${x.error}` : `${j.name}: cpu ${med(x.cpu)} ms, wall ${med(x.ms)} [${x.ms.map((v) => v.toFixed(0)).join(' ')}], rows ${x.rows}${x.raw ? ` ${x.raw}` : ''}`; });
    writeFileSync(`${path.replace(/\.json$/, '')}.out`, out.join('\n') + '\n');
  }
  await new Promise((r) => setTimeout(r, 200));
}
