import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR } from './data.js';

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  chromium: string;
  date: string;
  /** 1-minute load average when the run started: the machine is shared, so timings move with it. */
  loadAverage?: number;
}

export function machine(chromium: string): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch { /* not Linux */ }
  return {
    cores: cpus().length,
    cpu,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    chromium,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    loadAverage: Math.round(loadavg()[0]! * 10) / 10,
  };
}

/** What one load run measures, in Node or in Chromium. */
export interface LoadMeasurement {
  startupMs?: number;
  loadMs?: number;
  /** The raw floor for the same files in the same process or page (`loadFloor`): DuckDB alone. */
  floorMs?: number;
  /** DuckDB-WASM instantiated (start-up without the schema), to set `<plumb-data>` ready against. */
  instantiateMs?: number;
  queryMs?: number;
  peakMB: number;
  checkIns?: number;
  /** Rows the loader rejected, and its first error message. */
  rejected?: number;
  rejectedWhy?: string;
  groups?: number;
  loader?: string;
  error?: string;
}

export interface LoadEntry extends LoadMeasurement {
  people: number;
  runtime: 'node' | 'chromium';
  format: 'csv' | 'parquet';
  fileMB: number;
  measuredAt: string;
}

export interface ScenarioEntry {
  people: number;
  scenario: string;
  metrics?: Record<string, number>;
  error?: string;
  measuredAt: string;
}

export interface Results {
  machine?: Machine;
  loads: LoadEntry[];
  scenarios: ScenarioEntry[];
}

const RESULTS_JSON = join(BENCH_DIR, 'results.json');
const RESULTS_MD = join(BENCH_DIR, 'RESULTS.md');
/** Hand-written observations, appended to RESULTS.md under "Findings". */
const FINDINGS_MD = join(BENCH_DIR, 'FINDINGS.md');

export function readResults(): Results {
  if (!existsSync(RESULTS_JSON)) return { loads: [], scenarios: [] };
  return JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as Results;
}

const loaderKind = (e: LoadEntry) => (e.loader?.startsWith('direct') ? 'direct' : (e.loader ?? '—'));

/** New measurements replace old ones of the same (people, runtime, format, loader) or (people, scenario). */
export function mergeResults(old: Results, fresh: Results): Results {
  // Rows of the direct path and of the loader stay side by side: the gap is the loader's cost.
  const loadKey = (e: LoadEntry) => `${e.people}|${e.runtime}|${e.format}|${loaderKind(e)}`;
  const scenarioKey = (e: ScenarioEntry) => `${e.people}|${e.scenario}`;
  const freshLoads = new Set(fresh.loads.map(loadKey));
  const freshScenarios = new Set(fresh.scenarios.map(scenarioKey));
  const loads = [...old.loads.filter((e) => !freshLoads.has(loadKey(e))), ...fresh.loads];
  const scenarios = [...old.scenarios.filter((e) => !freshScenarios.has(scenarioKey(e))), ...fresh.scenarios];
  loads.sort((a, b) => a.people - b.people || a.runtime.localeCompare(b.runtime) || a.format.localeCompare(b.format) || loaderKind(a).localeCompare(loaderKind(b)));
  scenarios.sort((a, b) => a.people - b.people || a.scenario.localeCompare(b.scenario));
  return { machine: fresh.machine ?? old.machine, loads, scenarios };
}

const ms = (v: number | undefined) => (v === undefined ? '—' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const num = (v: number | undefined) => (v === undefined ? '—' : v.toLocaleString('en'));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function loadTable(loads: readonly LoadEntry[]): string {
  return table(
    ['people', 'runtime', 'format', 'files', 'loader', 'start-up', 'load', 'raw floor', 'load ÷ floor', 'query', 'peak RSS', 'check-ins', 'result'],
    loads.map((e) => [
      num(e.people), e.runtime, e.format, `${Math.round(e.fileMB)} MB`, loaderKind(e), ms(e.startupMs), ms(e.loadMs), ms(e.floorMs),
      e.floorMs && e.loadMs ? `${(e.loadMs / e.floorMs).toFixed(2)} ×` : '—', ms(e.queryMs),
      `${Math.round(e.peakMB)} MiB`, num(e.checkIns),
      e.error ? `FAILED: ${e.error}` : e.rejected ? `ok, ${num(e.rejected)} rows rejected: ${e.rejectedWhy ?? ''}` : 'ok',
    ]),
  );
}

export function scenarioTable(entries: readonly ScenarioEntry[]): string {
  const rows: string[][] = [];
  for (const e of entries) {
    if (e.error) rows.push([num(e.people), e.scenario, 'error', e.error]);
    for (const [metric, value] of Object.entries(e.metrics ?? {})) {
      rows.push([num(e.people), e.scenario, metric, /\(ms\)|ms$/.test(metric) ? ms(value) : num(Math.round(value * 100) / 100)]);
    }
  }
  return table(['people', 'scenario', 'metric', 'value'], rows);
}

export function writeResults(results: Results): void {
  writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
  const m = results.machine;
  const md = `# Bench results

Written by \`pnpm bench\` (packages/bench); each run replaces the rows it measured (raw numbers in results.json).

Machine: ${m ? `${m.cores} cores, ${m.cpu}, ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.chromium}, measured ${m.date}${m.loadAverage !== undefined ? ` (load average ${m.loadAverage} at the start: the machine was shared, so times are noisy)` : ''}` : 'unknown'}.

## Loading the sample organisation

Start-up: DuckDB-WASM instantiated and the canonical schema created. Load: every table file read
(Chromium: fetched from the local vite server) and inserted, summed over the 12 tables. Query: median
confidence per team per week over check_ins ⋈ key_results ⋈ objectives. Peak RSS: Node, the measuring
process's maxRSS; Chromium, the highest sum of RSS over the browser's process tree, sampled every 250 ms.
Loader: \`loadSources\` is @plumb/core's loader with every check; \`direct\` is the bench's own path before it landed
(CSV: \`read_csv\` with the schema's column types; Parquet: parquet-wasm → Arrow IPC → insert). Raw floor: the
same files in the same process or page just before, by DuckDB alone (CSV: \`read_csv\` with auto-detect;
Parquet: parquet-wasm → Arrow IPC → insert), fetch included in Chromium; the goal is load ÷ floor ≤ 1.3.

${loadTable(results.loads)}

## Scenarios (in Chromium, after the Parquet load)

${results.scenarios.length ? scenarioTable(results.scenarios) : 'None measured yet.'}
${existsSync(FINDINGS_MD) ? `\n## Findings\n\n${readFileSync(FINDINGS_MD, 'utf8').trim()}\n` : ''}`;
  writeFileSync(RESULTS_MD, md);
}
