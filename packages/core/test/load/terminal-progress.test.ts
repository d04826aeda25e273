import { afterAll, expect, it } from 'vitest';
import { terminalProgress } from '../../src/node/terminal-progress.js';
import { openFiles } from '../../src/node/index.js';
import { FIXTURES } from './helpers.js';
import { fileURLToPath } from 'node:url';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 300, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

it('a terminal sees a one-line progress report while files load, erased at the end; a pipe sees nothing', async () => {
  const tty = fakeStream(true);
  const onProgress = terminalProgress(tty.stream)!;
  const path = fileURLToPath(new URL('exports/normalised/objectives.csv', FIXTURES));
  const { connector, report } = await openFiles([path], { onProgress });
  closers.push(() => connector.close());
  expect(report.loaded_rows).toBeGreaterThan(0);
  expect(tty.writes[0]).toMatch(/^\r\u001b\[2Kplumb: reading .*objectives\.csv \(file 1 of 1; 0 of 0 MB read, 0 rows checked\)$/);
  expect(tty.writes.at(-1)).toBe('\r\u001b[2K'); // erased: the result prints on a clean line
  expect(terminalProgress(fakeStream(false).stream)).toBeUndefined();
});
