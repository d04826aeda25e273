// Node side of the calibration-session browser test (a vitest browser command): builds the standalone
// bundle, serves it with the session page (test/session-page) from one local server, and drives real
// pages in a fresh browser context: changes, a real reload, a second tab on the same session.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserCommand } from 'vitest/node';
import type { BrowserContext, Page } from 'playwright';
import { STRICT_CSP, copyStandaloneBundle, serveFolder } from './standalone-server.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface SessionPagesReport {
  error: string | null;
  /** Steps as the page saw them: what each read of the views and the log returned. */
  steps: Record<string, unknown>;
  ms: Record<string, number>;
}

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.ready || document.body.dataset.error, null, { timeout: 60_000 });
  const error = await page.evaluate(() => document.body.dataset.error ?? null);
  if (error) throw new Error(`page error: ${error}`);
}

type Win = {
  plumbSession: {
    changeRating(c: object): Promise<{ seq: number }>;
    markDiscussed(c: object): Promise<unknown>;
    undo(seq?: number): Promise<unknown>;
    redo(): Promise<unknown>;
    events: unknown[];
    state: string;
  };
  plumbRead(): Promise<unknown>;
  plumbChanges: unknown[];
};

export const openSessionPages: BrowserCommand<[]> = async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-session-'));
  await copyStandaloneBundle(dir);
  cpSync(join(here, 'session-page'), dir, { recursive: true });
  const { origin, server } = await serveFolder(dir, STRICT_CSP);
  const browser = (ctx as unknown as { context: BrowserContext }).context.browser();
  if (!browser) throw new Error('no browser to open the session page in');
  const context = await browser.newContext();
  const steps: Record<string, unknown> = {};
  const ms: Record<string, number> = {};
  try {
    const a = await context.newPage();
    await a.goto(`${origin}/index.html`);
    await ready(a);
    steps.initial = await a.evaluate(() => (window as unknown as Win).plumbRead());
    // Three moves (one of two levels with its reason), one refused for want of a reason, a discussed mark, an undo.
    steps.changes = await a.evaluate(async () => {
      const s = (window as unknown as Win).plumbSession;
      const out: unknown[] = [];
      const t0 = performance.now();
      out.push(await s.changeRating({ employee_id: 'e01', to_rating: 4 }));
      const one = performance.now() - t0;
      out.push(await s.changeRating({ employee_id: 'e07', to_rating: 3, reason: 'Shipped the billing rewrite' }));
      out.push(await s.changeRating({ employee_id: 'e05', to_rating: 4 }));
      try {
        await s.changeRating({ employee_id: 'e03', to_rating: 5 });
        out.push('accepted without a reason');
      } catch (error) {
        out.push({ refused: (error as { code?: string }).code });
      }
      out.push(await s.markDiscussed({ employee_id: 'e02' }));
      out.push(await s.undo());
      return { out, one, state: s.state };
    });
    steps.afterChanges = await a.evaluate(() => (window as unknown as Win).plumbRead());
    // A real reload: the page starts from scratch; the session comes back from IndexedDB.
    const t0 = performance.now();
    await a.reload();
    await ready(a);
    ms.reloadToReady = performance.now() - t0;
    steps.afterReload = await a.evaluate(() => (window as unknown as Win).plumbRead());
    // A second tab on the same data and session: it sees the log; a change in one appears in the other.
    const b = await context.newPage();
    await b.goto(`${origin}/index.html`);
    await ready(b);
    steps.tabB = await b.evaluate(() => (window as unknown as Win).plumbRead());
    await a.evaluate(() => (window as unknown as Win).plumbSession.changeRating({ employee_id: 'e10', to_rating: 3 }));
    await b.waitForFunction(() => (window as unknown as Win).plumbChanges.some((c) => (c as { remote: boolean }).remote), null, { timeout: 20_000 });
    steps.tabBAfterA = await b.evaluate(() => (window as unknown as Win).plumbRead());
    // A stale write: B changes e12 from the rating it saw while A has changed it meanwhile (B not yet told).
    steps.conflict = await Promise.all([
      a.evaluate(() => (window as unknown as Win).plumbSession.changeRating({ employee_id: 'e12', to_rating: 3 }).then(() => 'saved', (e) => (e as { code: string }).code)),
      b.evaluate(() => (window as unknown as Win).plumbSession.changeRating({ employee_id: 'e12', to_rating: 5, from_rating: 4 }).then(() => 'saved', (e) => (e as { code: string }).code)),
    ]);
    steps.conflictState = await Promise.all([a, b].map((p) => p.evaluate(() => (window as unknown as Win).plumbSession.state)));
    steps.finalA = await a.evaluate(() => (window as unknown as Win).plumbRead());
    steps.finalB = await b.evaluate(() => (window as unknown as Win).plumbRead());
    return { error: null, steps, ms } satisfies SessionPagesReport;
  } catch (error) {
    return { error: String(error), steps, ms };
  } finally {
    await context.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
