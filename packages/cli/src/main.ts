/**
 * `plumb` — the command line of @plumb/core. Each command lives in
 * `commands/<name>.ts` and exports `run(argv, io) → exit code`
 * (0 fine, 1 the data has errors, 2 usage error).
 */
import type { CliIO } from './io.js';

export type { CliIO };

export type CommandModule = { run(argv: string[], io: CliIO): Promise<number>; summary: string };

export const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  validate: () => import('./commands/validate.js'),
  sample: () => import('./commands/sample.js'),
  cascade: () => import('./commands/cascade.js'),
  burndown: () => import('./commands/burndown.js'),
  stats: () => import('./commands/stats.js'),
  serve: () => import('./commands/serve.js'),
  review: () => import('./commands/review.js'),
  draft: () => import('./commands/draft.js'),
  session: () => import('./commands/session.js'),
};

export async function usage(): Promise<string> {
  const lines = ['Usage: plumb <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${(await load()).summary}`);
  lines.push('', 'Run `plumb <command> --help` for a command\'s options, `plumb --version` for the version.');
  return lines.join('\n');
}

/**
 * The version: of the nearest `@plumb/*` package.json above this module (@plumb/cli's in the workspace and
 * when bundled into its dist/, wherever that is installed).
 */
export async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  for (let up = '../'; up.length <= 15; up += '../') {
    try {
      const pkg = JSON.parse(await readFile(new URL(`${up}package.json`, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name?.startsWith('@plumb/') && pkg.version) return pkg.version;
    } catch {
      // not here: one folder up
    }
  }
  return 'unknown';
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout(`plumb ${await version()}`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(await usage());
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`plumb: unknown command "${name}"\n\n${await usage()}`);
    return 2;
  }
  return (await load()).run(rest, io);
}
