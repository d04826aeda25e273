import type { CliIO } from '../main.js';

export const summary = '(stats: not built yet)';

export async function run(_argv: string[], io: CliIO): Promise<number> {
  io.stderr('plumb stats: not built yet');
  return 2;
}
