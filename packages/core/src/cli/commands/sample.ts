import type { CliIO } from '../main.js';

export const summary = '(sample: not built yet)';

export async function run(_argv: string[], io: CliIO): Promise<number> {
  io.stderr('plumb sample: not built yet');
  return 2;
}
