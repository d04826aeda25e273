import type { CliIO } from '../main.js';

export const summary = '(validate: not built yet)';

export async function run(_argv: string[], io: CliIO): Promise<number> {
  io.stderr('plumb validate: not built yet');
  return 2;
}
