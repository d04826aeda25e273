// The consumer check: what a developer who has never seen this repository gets
// from `npm install @plumb/elements` (or react, or cli). Builds and packs the
// published packages, installs the tarballs into scratch apps (plain vite +
// HTML, React 19, Vue 3, plain Node), builds each app, serves it under the
// README's strict CSP and opens it in Chromium. Nothing is cached outside the
// repository: the scratch folder is new each run, and the apps' own
// dependencies come from this package's devDependencies (so the workspace
// install has put them in the pnpm store).
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const checkDir = join(here, '..');
export const repoDir = join(checkDir, '..', '..');
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'";
export const PUBLISHED = ['core', 'elements', 'react', 'cli'] as const;
export type Published = (typeof PUBLISHED)[number];
export const APPS = ['html', 'react', 'vue', 'node'] as const;

export interface RunResult {
  stdout: string;
  stderr: string;
  seconds: number;
}

export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const seconds = (performance.now() - started) / 1000;
      if (error) reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr, seconds });
    });
  });
}

/** The pnpm that runs this test (`npx pnpm@… test` in CI), else the one on PATH. */
export function pnpm(args: string[], cwd: string): Promise<RunResult> {
  const execpath = process.env.npm_execpath;
  if (execpath && /pnpm/.test(execpath)) {
    return /\.c?js$/.test(execpath) ? run(process.execPath, [execpath, ...args], cwd) : run(execpath, args, cwd);
  }
  return run('pnpm', args, cwd);
}

/** Builds the published packages and packs them (pnpm pack applies what npm publish would). */
export async function buildAndPack(out: string): Promise<Record<Published, string>> {
  const filters = PUBLISHED.flatMap((name) => ['--filter', `@plumb/${name}`]);
  await pnpm(['-r', ...filters, 'run', 'build'], repoDir);
  const tarballs = {} as Record<Published, string>;
  for (const name of PUBLISHED) {
    await pnpm(['pack', '--pack-destination', out], join(repoDir, 'packages', name));
    const file = readdirSync(out).find((f) => f.startsWith(`plumb-${name}-`) && f.endsWith('.tgz'));
    if (!file) throw new Error(`pnpm pack wrote no tarball for @plumb/${name}`);
    tarballs[name] = join(out, file);
  }
  return tarballs;
}

/** The version of a dependency the workspace uses (so the scratch install finds it in the store). */
function workspaceVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(join(checkDir, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const version = pkg.devDependencies[name];
  if (!version) throw new Error(`${name} is not a devDependency of @plumb/consumer-check`);
  return version;
}

/** Writes the scratch workspace: the four apps, each depending on the tarballs, and installs it. */
export async function installScratch(dir: string, tarballs: Record<Published, string>): Promise<RunResult> {
  const file = (name: Published) => `file:${tarballs[name]}`;
  const deps = (names: string[]) => Object.fromEntries(names.map((n) => [n, workspaceVersion(n)]));
  const apps: Record<(typeof APPS)[number], Record<string, string>> = {
    html: { '@plumb/elements': file('elements'), 'apache-arrow': '^17.0.0', ...deps(['vite']) },
    react: {
      '@plumb/elements': file('elements'),
      '@plumb/react': file('react'),
      'apache-arrow': '^17.0.0',
      ...deps(['vite', 'react', 'react-dom', '@types/react', '@types/react-dom', 'typescript']),
    },
    vue: { '@plumb/elements': file('elements'), 'apache-arrow': '^17.0.0', ...deps(['vite', 'vue', '@vitejs/plugin-vue', 'typescript']) },
    node: {
      '@plumb/core': file('core'),
      '@plumb/elements': file('elements'),
      '@plumb/react': file('react'),
      '@plumb/cli': file('cli'),
      'apache-arrow': '^17.0.0',
      ...deps(['react']),
    },
  };
  for (const [app, dependencies] of Object.entries(apps)) {
    cpSync(join(checkDir, 'apps', app), join(dir, app), { recursive: true });
    writeFileSync(join(dir, app, 'package.json'), JSON.stringify({ name: `scratch-${app}`, private: true, type: 'module', dependencies }, null, 2));
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true }, null, 2));
  // The tarballs depend on each other by version (`@plumb/core: ^0.1.0`), which no registry has: point those at the files.
  const overrides = PUBLISHED.map((name) => `  '@plumb/${name}': '${file(name)}'`).join('\n');
  writeFileSync(
    join(dir, 'pnpm-workspace.yaml'),
    `packages:\n${APPS.map((a) => `  - ${a}`).join('\n')}\noverrides:\n${overrides}\nonlyBuiltDependencies:\n  - esbuild\n`,
  );
  return pnpm(['install', '--prefer-offline', '--reporter=silent'], dir);
}

/** The sample organisation, written by the installed `plumb` command, copied into each web app. */
export async function writeSample(dir: string, people: number): Promise<{ files: string[]; seconds: number }> {
  const out = join(dir, 'org');
  const bin = join(dir, 'node', 'node_modules', '@plumb', 'cli', 'bin', 'plumb.mjs');
  const { seconds } = await run(process.execPath, [bin, 'sample', '--people', String(people), '--out', out, '--format', 'csv'], dir);
  const files = readdirSync(out).filter((f) => f.endsWith('.csv')).sort();
  // Workday's reports as Excel workbooks (core's export corpus), for the plain page's second <plumb-data>.
  cpSync(WORKBOOKS, join(dir, 'html', 'public', 'excel'), { recursive: true, filter: (f) => !f.endsWith('.json') });
  for (const app of ['html', 'react', 'vue']) {
    cpSync(out, join(dir, app, 'public', 'org'), { recursive: true });
    const srcDir = app === 'html' ? join(dir, app) : join(dir, app, 'src');
    writeFileSync(join(srcDir, 'org-files.json'), JSON.stringify(files));
  }
  return { files, seconds };
}

/** `plumb validate` of the installed CLI on the sample, timed from a fresh process. */
export async function timeValidate(dir: string): Promise<RunResult> {
  const bin = join(dir, 'node', 'node_modules', '@plumb', 'cli', 'bin', 'plumb.mjs');
  const files = readdirSync(join(dir, 'org')).filter((f) => f.endsWith('.csv')).map((f) => join(dir, 'org', f));
  return run(process.execPath, [bin, 'validate', ...files], dir);
}

/** Workday's two reports as Excel workbooks, with their ground truth (core/test/fixtures/exports/tools/workday-excel). */
export const WORKBOOKS = join(checkDir, '..', 'core', 'test', 'fixtures', 'exports', 'tools', 'workday-excel');

/** The installed CLI validates Excel workbooks (their reader is a chunk the compiled CLI imports when one comes). */
export async function validateWorkbooks(dir: string): Promise<RunResult> {
  const bin = join(dir, 'node', 'node_modules', '@plumb', 'cli', 'bin', 'plumb.mjs');
  const files = readdirSync(WORKBOOKS).filter((f) => f.endsWith('.xlsx')).map((f) => join(WORKBOOKS, f));
  return run(process.execPath, [bin, 'validate', '--rating-points', '3', ...files], dir);
}

/**
 * The installed CLI writes the sample as Parquet and validates it: Parquet is read by parquet-wasm, a package the
 * compiled CLI loads at run time (not bundled), so this fails when the install lacks it.
 */
export async function validateParquet(dir: string, people: number): Promise<RunResult> {
  const bin = join(dir, 'node', 'node_modules', '@plumb', 'cli', 'bin', 'plumb.mjs');
  const out = join(dir, 'org-parquet');
  await run(process.execPath, [bin, 'sample', '--people', String(people), '--out', out, '--format', 'parquet'], dir);
  const files = readdirSync(out).filter((f) => f.endsWith('.parquet')).map((f) => join(out, f));
  return run(process.execPath, [bin, 'validate', ...files], dir);
}

export async function buildApp(dir: string, app: 'html' | 'react' | 'vue'): Promise<RunResult> {
  const appDir = join(dir, app);
  if (app !== 'html') await run(process.execPath, [join(appDir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], appDir);
  return run(process.execPath, [join(appDir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], appDir);
}

export interface NodeImportReport {
  imported: string[];
  failed: { entry: string; error: string }[];
  globals: string[];
  elementsClosure: string[];
}

export async function nodeImports(dir: string): Promise<NodeImportReport> {
  const { stdout } = await run(process.execPath, [join(dir, 'node', 'check.mjs')], join(dir, 'node'));
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as NodeImportReport;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
};

/** Serves a built app (and, for the plain page, the installed standalone build at /standalone/) under the strict CSP. */
export async function serve(root: string, mounts: Record<string, string> = {}): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let base = root;
    let rest = path;
    for (const [prefix, folder] of Object.entries(mounts))
      if (path.startsWith(prefix)) [base, rest] = [folder, path.slice(prefix.length)];
    const file = join(base, rest === '/' || rest === '' ? 'index.html' : rest);
    if (!file.startsWith(base) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': STRICT_CSP });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-consumer-'));
  mkdirSync(join(dir, 'tarballs'));
  return dir;
}

export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
