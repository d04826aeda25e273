#!/usr/bin/env node
// The `plumb` command. A published install runs the compiled bundle in dist/
// (plain JavaScript, no TypeScript loader) over the installed @plumb/core. In
// the workspace, where this package's src/ is present, it runs the sources
// through tsx (a workspace devDependency, never a dependency of this package)
// with @plumb/core's sources (the `plumb-source` condition), so a dist/ left by
// an earlier build is never stale; PLUMB_CLI_COMPILED=1 runs dist/ there too.
import { existsSync, statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath, pathToFileURL } from 'node:url';

// `plumb stats … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// A short one-shot run (small files) finishes before V8's optimising tier has
// compiled DuckDB-WASM's 34 MB module; on a small machine that background
// compile takes the cores the run needs. Baseline (Liftoff) code alone roughly
// halves `plumb validate` on the 600-person sample (1.4 MB of CSV). Larger
// inputs run long enough to gain from optimised code (10,000 people, 25 MB:
// about 1.7× faster with it), and `serve` runs for hours: those keep it.
// PLUMB_WASM_OPTIMIZE=1 / =0 forces either.
const SMALL_INPUT_BYTES = 8 * 1024 * 1024;
function inputBytes(args) {
  let total = 0;
  for (const arg of args) {
    const path = arg.replace(/:[a-z_]+$/, '');
    try {
      const info = statSync(path);
      if (info.isFile()) total += info.size;
    } catch {
      // not a file (an option or its value)
    }
  }
  return total;
}
const [command, ...rest] = process.argv.slice(2);
const optimize = process.env.PLUMB_WASM_OPTIMIZE;
const baselineOnly =
  optimize === '0' || (optimize !== '1' && command !== 'serve' && command !== 'sample' && inputBytes(rest) < SMALL_INPUT_BYTES);
if (baselineOnly) setFlagsFromString('--liftoff-only');

const built = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const sources = fileURLToPath(new URL('../src/main.ts', import.meta.url));
let mod;
if (existsSync(sources) && process.env.PLUMB_CLI_COMPILED !== '1') {
  const { register } = await import('tsx/esm/api');
  register();
  // @plumb/core's exports name its sources under the workspace-only `plumb-source` condition.
  const { register: registerHooks } = await import('node:module');
  registerHooks(
    'data:text/javascript,export function resolve(s,c,next){return next(s,{...c,conditions:["plumb-source",...c.conditions]})}',
  );
  mod = await import(pathToFileURL(sources).href);
} else if (existsSync(built)) {
  mod = await import(pathToFileURL(built).href);
} else {
  process.stderr.write('plumb: dist/main.js is missing; reinstall @plumb/cli\n');
  process.exit(2);
}
const code = await mod.main(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  stderr: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
});
process.exitCode = code;
