import type { CliIO } from '../main.js';

export const summary = '(burndown: not built yet)';

export async function run(_argv: string[], io: CliIO): Promise<number> {
  io.stderr('plumb burndown: not built yet');
  return 2;
}
