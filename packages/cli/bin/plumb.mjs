#!/usr/bin/env node
// The `plumb` command. A published install runs the compiled bundle in dist/
// (plain JavaScript, no TypeScript loader); in the workspace, before
// `pnpm --filter @plumb/cli build`, it runs core's TypeScript sources through
// tsx (a workspace devDependency, never a dependency of this package).
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath, pathToFileURL } from 'node:url';

// `plumb stats … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// A one-shot command runs DuckDB-WASM's 34 MB module for a second or two; V8's
// optimising tier would spend both cores of a small machine compiling it in the
// background for code that has finished by then. Baseline (Liftoff) code only
// roughly halves the wall time of `plumb validate` on the 600-person sample.
// `serve` runs for hours and keeps the optimising tier; PLUMB_WASM_OPTIMIZE=1
// keeps it for any command (large inputs).
const LONG_RUNNING = new Set(['serve']);
if (!LONG_RUNNING.has(process.argv[2] ?? '') && process.env.PLUMB_WASM_OPTIMIZE !== '1') setFlagsFromString('--liftoff-only');

const built = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const sources = fileURLToPath(new URL('../../core/src/cli/main.ts', import.meta.url));
let mod;
if (existsSync(built) && process.env.PLUMB_CLI_SOURCES !== '1') {
  mod = await import(pathToFileURL(built).href);
} else if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import(pathToFileURL(sources).href);
} else {
  process.stderr.write('plumb: dist/main.js is missing; reinstall @plumb/cli\n');
  process.exit(2);
}
const code = await mod.main(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  stderr: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
});
process.exitCode = code;
