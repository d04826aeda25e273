import { expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import type { StandalonePageReport } from './standalone-server.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    openStandalonePage: () => Promise<StandalonePageReport>;
  }
}

it('the standalone build works from a plain page under a strict CSP, with no request to another host', async () => {
  const report = await commands.openStandalonePage();
  // The policy really is enforced (an inline script on the control page was blocked)…
  expect(report.controlBlocked).toBe(true);
  expect(report.controlViolations.some((v) => v.startsWith('script-src'))).toBe(true);
  // …and the real page loaded DuckDB-WASM, took the rows and drew them, inside it.
  expect(report.error).toBeNull();
  expect(report.violations).toEqual([]);
  expect(report.foreignRequests).toEqual([]);
  const result = JSON.parse(report.result ?? '{}') as { tables: Record<string, number>; shown: number };
  expect(result.tables.people).toBe(3);
  expect(result.shown).toBe(3);
}, 120_000);
