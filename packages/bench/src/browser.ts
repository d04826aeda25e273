import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { chromium, type BrowserServer, type Page } from 'playwright-core';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import type { CanonicalTable } from '@plumb/core';
import { BENCH_DIR, DATA_DIR } from './data.js';
import type { BenchFormat } from './load-files.js';
import type { LoadMeasurement } from './report.js';
import { stripDuckDBSourceMaps, workspaceSources } from '../../devtools/vite-plugins.js';

export const CHROMIUM = process.env.PLUMB_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-precise-memory-info',
];

/** Serves `.data/` under /data/ (streamed: a 1M-person CSV is over a gigabyte). */
function dataFiles(): Plugin {
  return {
    name: 'plumb-bench:data',
    configureServer(server) {
      server.middlewares.use('/data/', (req, res, next) => {
        const path = resolve(DATA_DIR, decodeURIComponent((req.url ?? '').split('?')[0]!.replace(/^\//, '')));
        if (!path.startsWith(DATA_DIR + sep)) return next();
        try {
          const size = statSync(path).size;
          res.setHeader('Content-Length', String(size));
          res.setHeader('Content-Type', 'application/octet-stream');
          createReadStream(path).pipe(res);
        } catch {
          res.statusCode = 404;
          res.end();
        }
      });
    },
  };
}


export async function startPageServer(): Promise<{ url: string; server: ViteDevServer }> {
  const server = await createServer({
    root: join(BENCH_DIR, 'page'),
    configFile: false,
    logLevel: 'error',
    clearScreen: false,
    plugins: [stripDuckDBSourceMaps(), workspaceSources(), dataFiles()],
    optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'] },
    server: { host: '127.0.0.1', port: 5390, strictPort: false, hmr: false, fs: { allow: [join(BENCH_DIR, '..', '..')] } },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite did not report a URL');
  return { url, server };
}

/** Sum of RSS over a process and its descendants (the browser, its renderer, GPU and utility processes). */
export function treeRssBytes(root: number): number {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
    } catch { /* exited */ }
  }
  let total = 0;
  for (const pid of parent.keys()) {
    let p: number | undefined = pid;
    while (p !== undefined && p !== root && p > 1) p = parent.get(p);
    if (p !== root) continue;
    try {
      total += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
    } catch { /* exited */ }
  }
  return total;
}

export interface BrowserRunResult extends LoadMeasurement {
  scenarios: Record<string, Record<string, number> | { error: string }>;
  chromiumVersion?: string;
}

class StepTimeout extends Error {}

async function step<T>(label: string, seconds: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(`${label}: no answer after ${seconds} s (page killed)`)), seconds * 1000);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const firstLine = (error: unknown) => String((error as Error).message ?? error).split('\n')[0]!.replace(/^page\.evaluate: /, '');

/**
 * One measurement in a fresh Chromium: start DuckDB-WASM in the page, load each
 * table file, run the aggregate, then the scenarios (if any), sampling the
 * process tree's RSS throughout. Every step has a timeout; a crashed or hung
 * page ends the run with a recorded error, never a hang.
 */
export async function browserRun(
  pageUrl: string,
  people: number,
  format: BenchFormat,
  dataPath: string,
  tables: readonly CanonicalTable[],
  scenarioFiles: readonly string[],
  timeoutSeconds: number,
  /** `http` scenarios: no load in the page; the views query this plumb serve URL. */
  options: { httpUrl?: string } = {},
): Promise<BrowserRunResult> {
  const result: BrowserRunResult = { peakMB: 0, scenarios: {} };
  let server: BrowserServer | null = null;
  let sampler: NodeJS.Timeout | undefined;
  let peak = 0;
  try {
    server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const pid = server.process().pid!;
    const sample = () => { peak = Math.max(peak, treeRssBytes(pid)); };
    sampler = setInterval(sample, 250);
    const browser = await chromium.connect(server.wsEndpoint());
    result.chromiumVersion = browser.version();
    const page: Page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Each scenario in turn; one that fails is recorded and the next runs, unless the page stopped answering.
    const runScenarios = async () => {
      for (const file of scenarioFiles) {
        try {
          const ran = await step(`scenario ${file}`, timeoutSeconds, page.evaluate(([f, p]) => window.plumbBench.runScenario(f, p), [file, people] as const));
          if (ran) result.scenarios[ran.name] = ran.metrics;
        } catch (error) {
          result.scenarios[file] = { error: firstLine(error) };
          if (error instanceof StepTimeout) throw error;
        }
      }
    };
    await step('open page', 60, page.goto(pageUrl).then(() => page.waitForFunction(() => document.title === 'Plumb bench: ready', null, { timeout: 60_000 })));
    if (options.httpUrl) {
      await step('connect (http)', 60, page.evaluate((u) => window.plumbBench.useHttp(u), options.httpUrl));
      await runScenarios();
      sample();
      if (pageErrors.length && !result.error) result.error = `page error: ${pageErrors[0]}`;
      return result;
    }
    result.loader = await page.evaluate(() => window.plumbBench.loader);
    const started = await step('start-up', timeoutSeconds, page.evaluate(() => window.plumbBench.start()));
    result.startupMs = started.ms;
    result.instantiateMs = started.instantiateMs;
    let loadMs = 0;
    if (result.loader === 'loadSources') {
      const urls = Object.fromEntries(tables.map((t) => [t, `/data/${dataPath}/${t}.${format}`]));
      result.floorMs = await step(`raw floor (${format})`, timeoutSeconds, page.evaluate(([f, u]) => window.plumbBench.loadFloor(f, u), [format, urls] as const))
        .catch((error: unknown) => { throw new Error(`raw floor ${format}: ${firstLine(error)}`); });
      const loaded = await step(`load (${format})`, timeoutSeconds, page.evaluate(([f, u]) => window.plumbBench.loadAll(f, u), [format, urls] as const))
        .catch((error: unknown) => { throw new Error(`load ${format}: ${firstLine(error)}`); });
      loadMs = loaded.ms;
      result.checkIns = loaded.checkIns;
      result.rejected = loaded.rejected;
      if (loaded.firstError) result.rejectedWhy = loaded.firstError;
    } else for (const table of tables) {
      const url = `/data/${dataPath}/${table}.${format}`;
      const loaded = await step(`load ${table}.${format}`, timeoutSeconds,
        page.evaluate(([t, f, u]) => window.plumbBench.loadTable(t, f, u), [table, format, url] as const))
        .catch((error: unknown) => { throw new Error(`load ${table}.${format}: ${firstLine(error)}`); });
      loadMs += loaded.ms;
      if (table === 'check_ins') result.checkIns = loaded.rows;
    }
    result.loadMs = loadMs;
    const query = await step('query', timeoutSeconds, page.evaluate(() => window.plumbBench.query()));
    result.queryMs = query.ms;
    result.groups = query.groups;
    await runScenarios();
    sample();
    await page.evaluate(() => window.plumbBench.close()).catch(() => undefined);
    if (pageErrors.length && !result.error) result.error = `page error: ${pageErrors[0]}`;
  } catch (error) {
    result.error = firstLine(error);
  } finally {
    clearInterval(sampler);
    result.peakMB = peak / 1024 / 1024;
    await server?.kill().catch(() => undefined);
  }
  return result;
}
