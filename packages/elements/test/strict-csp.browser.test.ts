// Every element, the demo's switches and every export on one page under the
// README's strict CSP, with markup in every text field of the data
// (security-server.ts builds and serves it; security/page.js drives it).
import { beforeAll, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import type { SecurityReport, SecurityRun } from './security-server.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    openSecurityPage: () => Promise<SecurityReport>;
  }
}

interface PageResult {
  tags: string[];
  views: string[];
  steps: { name: string; states: Record<string, string>; markup: string[] }[];
  exports: Record<string, Record<'csv' | 'svg' | 'png', { type?: string; bytes?: number; text?: string; markup?: string[]; error?: string }>>;
  peopleAfter: number;
  pwned: string | null;
  finalMarkup: string[];
}

let report: SecurityReport;
const parsed = (run: SecurityRun): PageResult => {
  expect(run.error).toBeNull();
  return JSON.parse(run.result ?? '{}') as PageResult;
};

beforeAll(async () => {
  report = await commands.openSecurityPage();
}, 400_000);

it('under exactly the README policy, no element raises a CSP violation (listed by element) and no request leaves the origin', () => {
  const run = report.csp;
  const page = parsed(run);
  expect(page.views.length).toBeGreaterThanOrEqual(4);
  expect(run.foreignRequests).toEqual([]);
  // One line per element and directive, so a failure says exactly which view still needs fixing.
  const byElement = [...new Set(run.violations)].sort();
  expect({ violations: byElement, byView: report.violationsByView }).toEqual({ violations: [], byView: {} });
});

it('markup in every text field of the data never runs and never becomes an element or attribute, in any view, switch state or export, with or without the CSP', () => {
  for (const run of [report.csp, report.open]) {
    const page = parsed(run);
    expect(page.pwned).toBeNull();
    for (const step of page.steps) expect(step.markup, step.name).toEqual([]);
    expect(page.finalMarkup).toEqual([]);
    for (const [view, files] of Object.entries(page.exports)) {
      expect(files.svg?.markup ?? [], `${view} SVG export`).toEqual([]);
      // CSV cells are text for a spreadsheet: the payload may be there, but never as a formula.
      for (const line of (files.csv?.text ?? '').split('\n')) expect(line, `${view} CSV`).not.toMatch(/(^|,)"?(=|@|[+-][^\d.])/);
    }
  }
  // The payloads did reach the page as text (the test would prove nothing otherwise).
  const text = Object.values(parsed(report.open).steps[0]?.states ?? {}).join(' ');
  expect(text).toContain(`onerror="window.__pwned='img'"`);
  expect(text).toContain(`<script>window.__pwned='script'</script>`);
});

it('hostile strings in attributes and selections are values, never SQL: no view errors on a syntax error and no table is dropped', () => {
  const page = parsed(report.open);
  expect(page.peopleAfter).toBe(40);
  for (const name of ['hostile attributes', 'hostile selection', 'hostile department selection']) {
    const step = page.steps.find((s) => s.name === name)!;
    for (const [view, text] of Object.entries(step.states)) expect(text, `${view} after ${name}`).not.toMatch(/Parser Error|syntax error|Catalog Error/i);
  }
});

it('every view exports what it offers (charts CSV, SVG and PNG; tables CSV) from the page as it stands, after every switch', () => {
  const page = parsed(report.csp);
  const problems: string[] = [];
  const TABLES = ['plumb-calibration-table', 'plumb-session-log'];
  for (const view of page.views) {
    const files = page.exports[view]!;
    if (files.csv?.error) problems.push(`${view} csv: ${files.csv.error}`);
    else expect(files.csv?.bytes, `${view} csv`).toBeGreaterThan(0);
    for (const kind of ['svg', 'png'] as const) {
      if (TABLES.includes(view)) {
        expect(files[kind], `${view} offers no ${kind}`).toBeUndefined();
        continue;
      }
      if (files[kind]?.error) problems.push(`${view} ${kind}: ${files[kind].error}`);
      else expect(files[kind]?.bytes, `${view} ${kind}`).toBeGreaterThan(0);
    }
  }
  expect(problems).toEqual([]);
  // The charts are all there (a test that exported nothing would prove nothing).
  expect(page.views.filter((v) => !TABLES.includes(v)).length).toBeGreaterThanOrEqual(5);
});
