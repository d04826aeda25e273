// pnpm bench [--sizes 600,10000,100000,1000000] [--only name[,name]] [--seed S] [--timeout SECONDS] [--report-only]
// Names for --only: node-csv, node-parquet, chromium-csv, chromium-parquet, cli-validate, or a scenario's name.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CANONICAL_TABLES } from '@plumb/core';
import { browserRun, startPageServer } from './browser.js';
import { startBenchHttpServer } from './http-run.js';
import { buildCompiledCli, cliValidateRun } from './cli-run.js';
import { lastLine, runNode } from './child.js';
import { BENCH_DIR, dataDir, dirBytes, ensureData } from './data.js';
import { BENCH_FORMATS, type BenchFormat } from './load-files.js';
import type { NodeRunResult } from './node-run.js';
import { loadTable, machine, mergeResults, readResults, scenarioTable, writeResults, type LoadEntry, type Results, type ScenarioEntry } from './report.js';

function parseArgs(argv: string[]) {
  const opts = { sizes: [600, 10_000, 100_000, 1_000_000], only: null as string[] | null, seed: 1, timeout: 600, reportOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--') continue;
    else if (flag === '--sizes') opts.sizes = value().split(',').map((s) => Number(s.replace(/_/g, '').replace(/k$/i, '000').replace(/m$/i, '000000')));
    else if (flag === '--only') opts.only = value().split(',').filter(Boolean);
    else if (flag === '--seed') opts.seed = Number(value());
    else if (flag === '--timeout') opts.timeout = Number(value());
    else if (flag === '--report-only') opts.reportOnly = true;
    else {
      console.error(`bench: unknown argument "${argv[i]}" (pnpm bench [--sizes 600,10000] [--only node-csv,chromium-parquet,<scenario>] [--seed S] [--timeout S])`);
      process.exit(2);
    }
  }
  if (opts.sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 1_000_000)) {
    console.error('bench: --sizes takes whole numbers from 1 to 1000000, comma-separated');
    process.exit(2);
  }
  return opts;
}

async function nodeRun(dir: string, format: BenchFormat, timeoutSeconds: number): Promise<NodeRunResult> {
  const r = await runNode(['--import', 'tsx', join(BENCH_DIR, 'src', 'node-run.ts'), dir, format], { cwd: BENCH_DIR, timeoutSeconds });
  try {
    return JSON.parse(lastLine(r.stdout)) as NodeRunResult;
  } catch {
    const why = r.signal === 'SIGKILL' ? `killed after ${timeoutSeconds} s` : `exit ${r.code ?? r.signal}`;
    return { peakMB: 0, loader: '', error: `${why}: ${lastLine(r.stderr) || 'no output'}` };
  }
}

/** Scenario files by base name (`scenarios/<name>.bench.ts`); they are imported only in the page (they may need a DOM). */
function scenarioFiles(): string[] {
  return readdirSync(join(BENCH_DIR, 'scenarios')).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length)).sort();
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.reportOnly) {
    writeResults(readResults());
    console.log('RESULTS.md rewritten from results.json');
    return;
  }
  const allScenarios = scenarioFiles();
  const wanted = (name: string) => !opts.only || opts.only.includes(name);
  // `<name>-http.bench.ts`: views over HttpConnector to native DuckDB in this process (runs at 1M people).
  const isHttp = (name: string) => name.endsWith('-http');
  const scenarios = allScenarios.filter(wanted).filter((name) => !isHttp(name));
  const httpScenarios = allScenarios.filter(wanted).filter(isHttp);
  const log = (line: string) => console.log(line);
  const fresh: Results = { loads: [], scenarios: [] };
  let chromiumVersion = '';
  let page: Awaited<ReturnType<typeof startPageServer>> | null = null;
  const now = () => new Date().toISOString();
  let cliBuilt = false;

  try {
    for (const people of opts.sizes) {
      if (httpScenarios.length) {
        page ??= await startPageServer();
        const dir = await ensureData(people, opts.seed, 'parquet', log);
        log(`http     ${people} native DuckDB behind plumb serve …`);
        let served: Awaited<ReturnType<typeof startBenchHttpServer>> | null = null;
        try {
          served = await startBenchHttpServer(dir, new URL(page.url).origin);
          log(`  loaded in ${Math.round(served.loadMs)} ms (${served.rows.check_ins?.toLocaleString('en')} check-ins)`);
          const r = await browserRun(page.url, people, 'parquet', '', CANONICAL_TABLES, httpScenarios, opts.timeout, { httpUrl: served.url });
          for (const [scenario, value] of Object.entries(r.scenarios)) {
            const s: ScenarioEntry = { people, scenario, measuredAt: now() };
            if ('error' in value && typeof value.error === 'string') s.error = value.error;
            else s.metrics = { 'server load, native DuckDB (ms)': served.loadMs, 'server start-up: pre-aggregates built (ms)': served.prepareMs, ...(value as Record<string, number>) };
            fresh.scenarios.push(s);
          }
          if (r.error) for (const scenario of httpScenarios) if (!r.scenarios[scenario]) fresh.scenarios.push({ people, scenario, error: r.error, measuredAt: now() });
        } catch (error) {
          for (const scenario of httpScenarios) fresh.scenarios.push({ people, scenario, error: String((error as Error).message ?? error), measuredAt: now() });
        } finally {
          await served?.close();
        }
      }
      // `plumb validate` as installed (compiled), beside node + native DuckDB reading the same CSV files. Not at 1M:
      // 2.6 GB of CSV is a server's load (`plumb serve`), not a command run at a desk.
      if (wanted('cli-validate') && people <= 100_000) {
        const dir = await ensureData(people, opts.seed, 'csv', log);
        log(`cli      ${people} plumb validate (compiled) …`);
        try {
          if (!cliBuilt) buildCompiledCli();
          cliBuilt = true;
          const metrics = await cliValidateRun(dir, people >= 100_000 ? 3 : 5, opts.timeout);
          fresh.scenarios.push({ people, scenario: 'cli-validate', metrics, measuredAt: now() });
          log(`  ${Math.round(metrics[Object.keys(metrics)[0]!]!)} ms, ${metrics['validate ÷ floor']!.toFixed(2)}× the floor`);
        } catch (error) {
          fresh.scenarios.push({ people, scenario: 'cli-validate', error: String((error as Error).message ?? error), measuredAt: now() });
        }
      }
      for (const format of BENCH_FORMATS) {
        const runNode = wanted(`node-${format}`);
        // Scenarios run in the page after the Parquet load.
        const runChromium = wanted(`chromium-${format}`) || (format === 'parquet' && scenarios.length > 0);
        if (!runNode && !runChromium) continue;
        const dir = await ensureData(people, opts.seed, format, log);
        const fileMB = dirBytes(dir) / 1e6;
        if (runNode) {
          log(`node     ${people} ${format} …`);
          const r = await nodeRun(dir, format, opts.timeout);
          const entry: LoadEntry = { people, runtime: 'node', format, fileMB, peakMB: r.peakMB, measuredAt: now(), loader: r.loader };
          Object.assign(entry, pick(r));
          fresh.loads.push(entry);
          log(`  ${entry.error ? `FAILED ${entry.error}` : `load ${Math.round(entry.loadMs ?? 0)} ms, query ${Math.round(entry.queryMs ?? 0)} ms`}`);
        }
        if (runChromium) {
          page ??= await startPageServer();
          log(`chromium ${people} ${format} …`);
          const dataPath = dataDir(people, opts.seed, format).slice(join(BENCH_DIR, '.data').length + 1);
          const r = await browserRun(page.url, people, format, dataPath, CANONICAL_TABLES, format === 'parquet' ? scenarios : [], opts.timeout);
          chromiumVersion ||= r.chromiumVersion ? `Chromium ${r.chromiumVersion}` : '';
          const entry: LoadEntry = { people, runtime: 'chromium', format, fileMB, peakMB: r.peakMB, measuredAt: now() };
          Object.assign(entry, pick(r));
          if (r.loader) entry.loader = r.loader;
          fresh.loads.push(entry);
          log(`  ${entry.error ? `FAILED ${entry.error}` : `load ${Math.round(entry.loadMs ?? 0)} ms, query ${Math.round(entry.queryMs ?? 0)} ms`}`);
          for (const [scenario, value] of Object.entries(r.scenarios)) {
            const s: ScenarioEntry = { people, scenario, measuredAt: now() };
            if ('error' in value && typeof value.error === 'string') s.error = value.error;
            else s.metrics = value as Record<string, number>;
            fresh.scenarios.push(s);
          }
          if (format === 'parquet' && r.error && scenarios.length) {
            for (const scenario of scenarios) {
              if (!r.scenarios[scenario]) fresh.scenarios.push({ people, scenario, error: `not run: ${r.error}`, measuredAt: now() });
            }
          }
        }
      }
    }
  } finally {
    await page?.server.close();
  }
  fresh.machine = machine(chromiumVersion || 'Chromium not run');
  console.log(`\n${loadTable(fresh.loads)}`);
  if (fresh.scenarios.length) console.log(`\n${scenarioTable(fresh.scenarios)}`);
  writeResults(mergeResults(readResults(), fresh));
  console.log('\nwritten to packages/bench/RESULTS.md');
}

function pick(r: Partial<LoadEntry>): Partial<LoadEntry> {
  const out: Partial<LoadEntry> = {};
  for (const key of ['startupMs', 'instantiateMs', 'loadMs', 'floorMs', 'queryMs', 'checkIns', 'rejected', 'rejectedWhy', 'error'] as const) {
    if (r[key] !== undefined) (out as Record<string, unknown>)[key] = r[key];
  }
  return out;
}

await main();
