import { spawn } from 'node:child_process';

export interface ChildRun {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

/** A Node process (`node <args>`) run to its end, its output kept; killed after `timeoutSeconds` (signal SIGKILL). */
export function runNode(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutSeconds: number }): Promise<ChildRun> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutSeconds * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - start });
    });
  });
}

/** The last non-empty line of a process's output (what a failure says). */
export const lastLine = (text: string): string => text.trim().split('\n').filter(Boolean).pop() ?? '';
