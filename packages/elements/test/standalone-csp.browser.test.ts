import { expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import type { StandalonePageReport } from './standalone-server.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    openStandalonePage: () => Promise<StandalonePageReport>;
  }
}

it('the standalone build loads CSV and Parquet from a plain page under a strict CSP, with no request to another host', async () => {
  const report = await commands.openStandalonePage();
  // The policy really is enforced (an inline script on the control page was blocked)…
  expect(report.controlBlocked).toBe(true);
  expect(report.controlViolations.some((v) => v.startsWith('script-src'))).toBe(true);
  // …and the real page started DuckDB-WASM and parquet-wasm, loaded both files and drew the rows, inside it.
  expect(report.error).toBeNull();
  expect(report.violations).toEqual([]);
  expect(report.foreignRequests).toEqual([]);
  const result = JSON.parse(report.result ?? '{}') as {
    tables: Record<string, number>;
    rows: { name: string; team: string }[];
    shown: number;
  };
  expect(result.tables).toMatchObject({ people: 3, teams: 2 });
  expect(result.rows).toEqual([
    { name: 'Ada', team: 'Engineering' },
    { name: 'Grace', team: 'Engineering' },
    { name: 'Lin', team: 'Sales' },
  ]);
  expect(result.shown).toBe(3);
}, 120_000);
