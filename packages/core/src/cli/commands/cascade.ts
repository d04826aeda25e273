import type { CliIO } from '../main.js';

export const summary = '(cascade: not built yet)';

export async function run(_argv: string[], io: CliIO): Promise<number> {
  io.stderr('plumb cascade: not built yet');
  return 2;
}
