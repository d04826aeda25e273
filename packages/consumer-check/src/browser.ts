// Opens a served app in Chromium (playwright-core, Debian's /usr/bin/chromium)
// and records what a careful embedder would look at: page errors, console
// errors, CSP violations and every request to another origin.
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.PLUMB_CHROMIUM ?? '/usr/bin/chromium';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface PageRecord {
  page: Page;
  pageErrors: string[];
  consoleErrors: string[];
  foreignRequests: string[];
  violations: () => Promise<string[]>;
  close: () => Promise<void>;
}

export async function openApp(browser: Browser, origin: string, path = '/'): Promise<PageRecord> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const foreignRequests: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin + '/') && !url.startsWith('blob:') && !url.startsWith('data:')) foreignRequests.push(url);
  });
  await context.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __violations: string[] }).__violations = []);
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error.stack ?? error)));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(origin + path);
  return {
    page,
    pageErrors,
    consoleErrors,
    foreignRequests,
    violations: () => page.evaluate(() => [...(window as unknown as { __violations: string[] }).__violations]),
    close: () => context.close(),
  };
}

/**
 * In the page: waits until `<plumb-data>` is ready and every view named in
 * `tags` has drawn (its shadow root holds a chart, tree, grid or table and no
 * loading or error state), then returns, per tag, what it shows.
 */
export async function waitForViews(page: Page, tags: string[], timeout = 60_000): Promise<Record<string, string>> {
  const shown = () =>
    page.evaluate((tags) => tags.map((tag) => `${tag}: ${(document.querySelector(tag)?.shadowRoot?.textContent ?? '(none)').replace(/\s+/g, ' ').trim().slice(0, 160)}`).join(' | '), ['plumb-data', ...tags]);
  await page.waitForFunction(
    (tags) => {
      const data = document.querySelector('plumb-data') as (HTMLElement & { status?: string }) | null;
      if (data?.status === 'error') return true;
      if (data?.status !== 'ready') return false;
      return tags.every((tag) => {
        const el = document.querySelector(tag);
        const root = el?.shadowRoot;
        if (!root) return false;
        const text = root.textContent ?? '';
        if (/Loading|Querying/i.test(text)) return false;
        return !!root.querySelector('svg, [role="tree"], [role="grid"], table');
      });
    },
    tags,
    { timeout, polling: 250 },
  ).catch(async (error: unknown) => {
    // Say what each view shows, so a timeout names the view that did not draw.
    throw new Error(`${(error as Error).message}; the page shows: ${await shown().catch(() => '?')}`);
  });
  return page.evaluate((tags) => {
    const out: Record<string, string> = {};
    const data = document.querySelector('plumb-data') as (HTMLElement & { status?: string }) | null;
    out['plumb-data'] = `${data?.status}: ${data?.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim().slice(0, 200)}`;
    for (const tag of tags) out[tag] = (document.querySelector(tag)?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
    return out;
  }, tags);
}

/**
 * In the page: selects the team with the most people (from the served
 * people.csv) on `<plumb-data>` and waits until `view` shows something else.
 * Returns the team and the view's text before and after.
 */
export async function selectTeamAndWait(page: Page, view: string, timeout = 30_000): Promise<{ team: string; before: string; after: string }> {
  const team = await page.evaluate(async () => {
    const text = await (await fetch('org/people.csv')).text();
    const [header = '', ...rows] = text.trim().split(/\r?\n/);
    const column = header.split(',').indexOf('team_id');
    const counts = new Map<string, number>();
    for (const row of rows) {
      const team = row.split(',')[column] ?? '';
      counts.set(team, (counts.get(team) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  });
  const before = await page.evaluate((view) => (document.querySelector(view)?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' '), view);
  await page.evaluate((team) => {
    const data = document.querySelector('plumb-data') as unknown as { select(s: unknown): void };
    data.select({ kind: 'team', id: team, filter: { team_id: team } });
  }, team);
  await page.waitForFunction(
    ({ view, before }) => {
      const text = (document.querySelector(view)?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
      return text !== before && !/Loading|Querying/i.test(text);
    },
    { view, before },
    { timeout, polling: 200 },
  );
  const after = await page.evaluate((view) => (document.querySelector(view)?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' '), view);
  return { team, before, after };
}
