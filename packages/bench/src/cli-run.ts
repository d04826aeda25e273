/**
 * `plumb validate` as a user runs it (issue 20: ≤ 1.5 s on the 600-person sample): the compiled command (packages/cli's
 * dist over @plumb/core's dist, both built first: what an install runs, no TypeScript loader), from process start to
 * exit, beside a floor in the same run: a Node process that opens native DuckDB and reads the same CSV files with
 * `read_csv`'s auto-detection (validate-floor.mjs). Floor and command alternate; medians of `runs` wall times.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { lastLine, runNode } from './child.js';
import { BENCH_DIR } from './data.js';

const PACKAGES = join(BENCH_DIR, '..');

/** Build @plumb/core (tsc) and @plumb/cli (vite) into their dist folders, as `pnpm pack` does. */
export function buildCompiledCli(): void {
  const tsc = createRequire(join(PACKAGES, 'core', 'package.json')).resolve('typescript/bin/tsc');
  const steps: [string, string[], string][] = [
    [process.execPath, ['-e', "require('fs').rmSync('dist',{recursive:true,force:true})"], join(PACKAGES, 'core')],
    [process.execPath, [tsc, '-p', 'tsconfig.build.json'], join(PACKAGES, 'core')],
    [process.execPath, ['scripts/build-cli.mjs'], join(PACKAGES, 'cli')],
  ];
  for (const [command, args, cwd] of steps) {
    const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} in ${cwd}: ${lastLine(r.stderr || r.stdout)}`);
  }
}

/** Wall time of one process, start to exit; throws on a non-zero exit. */
async function timedRun(args: string[], env: NodeJS.ProcessEnv, timeoutSeconds: number): Promise<{ ms: number; stdout: string }> {
  const r = await runNode(args, { cwd: BENCH_DIR, env, timeoutSeconds });
  if (r.code !== 0) throw new Error(`${args.slice(0, 2).join(' ')}: exit ${r.code ?? r.signal}: ${lastLine(r.stderr || r.stdout)}`);
  return r;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export async function cliValidateRun(csvDir: string, runs: number, timeoutSeconds: number): Promise<Record<string, number>> {
  const files = readdirSync(csvDir).filter((f) => f.endsWith('.csv')).sort().map((f) => join(csvDir, f));
  // The environment of a user's shell: no TypeScript loader or source condition inherited from `pnpm bench`.
  const env: NodeJS.ProcessEnv = { ...process.env, PLUMB_CLI_COMPILED: '1' };
  delete env.NODE_OPTIONS;
  const cli = [join(PACKAGES, 'cli', 'bin', 'plumb.mjs'), 'validate', ...files];
  const floor = [join(BENCH_DIR, 'src', 'validate-floor.mjs'), ...files];
  const times = { cli: [] as number[], floor: [] as number[] };
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    times.floor.push((await timedRun(floor, env, timeoutSeconds)).ms);
    const { ms, stdout } = await timedRun(cli, env, timeoutSeconds);
    times.cli.push(ms);
    // The last line: "N input rows: N loaded, 0 rejected (…); 0 errors, …".
    const summary = /(\d+) input rows: (\d+) loaded, (\d+) rejected/.exec(stdout);
    if (!summary || summary[3] !== '0') throw new Error(`plumb validate did not load every row: ${lastLine(stdout)}`);
    rows = Number(summary[2]);
  }
  const cliMs = median(times.cli);
  const floorMs = median(times.floor);
  return {
    [`plumb validate, compiled, start to exit: median of ${runs} (ms)`]: cliMs,
    [`plumb validate, fastest of ${runs} (ms)`]: Math.min(...times.cli),
    [`raw floor: node + native DuckDB read_csv of the same files, median of ${runs} (ms)`]: floorMs,
    'validate ÷ floor': cliMs / floorMs,
    'rows validated': rows,
  };
}
