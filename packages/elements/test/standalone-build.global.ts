// Browser project's global setup: the standalone bundle (which the standalone, security and session pages serve) is
// built in a child process from the start of the run, beside the tests, instead of on the browser files' one lane
// when the first of those pages opens (~30 s of it waiting on two CI cores). standalone-server.ts takes it from here.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the build is handed over: the config's commands and this setup are separate module instances of one process. */
export const STANDALONE_BUILD = Symbol.for('plumb.test.standaloneBuild');

export default function setup(): (() => void) | undefined {
  // In CI only: run alone, a browser file that never opens those pages would pay for the build.
  if (!process.env.CI) return undefined;
  const out = mkdtempSync(join(tmpdir(), 'plumb-standalone-bundle-'));
  const script = fileURLToPath(new URL('../scripts/build-standalone.mjs', import.meta.url));
  const started = performance.now();
  const child = spawn(process.execPath, [script, out], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const built = new Promise<{ dir: string; seconds: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve({ dir: out, seconds: (performance.now() - started) / 1000 }) : reject(new Error(`the standalone build failed (exit ${code}): ${stderr.slice(-2000)}`)),
    );
  });
  built.catch(() => undefined); // reported by the page that needs it
  (globalThis as Record<symbol, unknown>)[STANDALONE_BUILD] = built;
  return () => {
    child.kill();
    rmSync(out, { recursive: true, force: true });
  };
}
