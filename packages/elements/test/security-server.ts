// Node side of the strict-CSP and hostile-data browser test (a vitest browser
// command): builds the standalone bundle, writes a sample organisation whose
// every free-text field carries markup that would set `window.__pwned` if it
// ever ran, serves it with test/security/ and opens the page twice in a fresh
// browser context — once under exactly the README's policy (plus the
// `img-src 'self' blob:` the README asks for PNG export), once with no policy
// at all (so markup that the CSP would have blocked still could not run
// unnoticed) — recording every request and every CSP violation, with the
// Plumb element each violation came from.
import { mkdtempSync, rmSync, writeFileSync, cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserCommand } from 'vitest/node';
import type { BrowserContext } from 'playwright';
// Relative sources, not '@plumb/core': vite bundles this file into its config, where the workspace condition is not set.
import { generateSample, sampleRows, sampleTableToText } from '../../core/src/sample/index.js';
import type { CanonicalTable } from '../../core/src/schema.js';
import { allThemesCSS } from '../src/shared/themes.js';
import { STRICT_CSP, copyStandaloneBundle, serveFolder } from './standalone-server.js';

const here = dirname(fileURLToPath(import.meta.url));
export const SECURITY_CSP = `${STRICT_CSP}; img-src 'self' blob:`;

/** Markup that sets a global if a browser ever treats it as HTML/SVG/URL rather than text. */
export const PAYLOADS = [
  `<img src=x onerror="window.__pwned='img'">`,
  `<script>window.__pwned='script'</script>`,
  `javascript:window.__pwned='url'`,
  `<svg><a href="javascript:window.__pwned='svg'"><text>go</text></a></svg>`,
];

/** The free-text columns of the canonical tables (ids, dates, numbers and enums keep their values so the data still loads). */
const TEXT_COLUMNS: Partial<Record<CanonicalTable, string[]>> = {
  people: ['name', 'email', 'department', 'location', 'level'],
  teams: ['name'],
  cycles: ['name'],
  objectives: ['title'],
  key_results: ['title', 'unit'],
  check_ins: ['note'],
  links: ['title', 'external_id'],
  ratings: ['reason'],
  rating_scale: ['label'],
  feedback: ['text'],
  recognitions: ['message'],
};

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes the hostile sample as CSV files; returns the file names. */
export function writeHostileSample(dir: string, people = 40): string[] {
  const org = generateSample({ people });
  const files: string[] = [];
  for (const [name, table] of Object.entries(org.tables) as [CanonicalTable, (typeof org.tables)[CanonicalTable]][]) {
    const hostile = TEXT_COLUMNS[name];
    let text: string;
    if (!hostile) text = [...sampleTableToText(table, 'csv')].join('');
    else {
      const columns = table.columns.map((c) => c.name);
      const rows = sampleRows(table);
      const lines = [columns.join(',')];
      rows.forEach((row, i) => {
        lines.push(
          columns
            .map((c) => {
              const value = row[c];
              if (!hostile.includes(c) || value === null || value === undefined) return csvCell(value);
              return csvCell(`${value} ${PAYLOADS[(i + hostile.indexOf(c)) % PAYLOADS.length]}`);
            })
            .join(','),
        );
      });
      text = lines.join('\n') + '\n';
    }
    writeFileSync(join(dir, `${name}.csv`), text);
    files.push(`${name}.csv`);
  }
  writeFileSync(join(dir, 'files.json'), JSON.stringify(files));
  return files;
}

/** Every element tag registered by a define module (the same list the manifest has, without running the analyzer). */
export function elementTags(): string[] {
  const src = join(here, '..', 'src');
  const tags = new Set<string>();
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.define.ts')))
    for (const match of readFileSync(join(src, file), 'utf8').matchAll(/defineElement\('(plumb-[\w-]+)'/g)) tags.add(match[1]!);
  return [...tags].sort();
}

export interface SecurityRun {
  result: string | null;
  error: string | null;
  foreignRequests: string[];
  requests: string[];
  /** `directive host-element blocked-uri`, one per violation. */
  violations: string[];
}

export interface SecurityReport {
  csp: SecurityRun;
  /** When some violation could not be attributed: the directives each view violates on a page of its own. */
  violationsByView: Record<string, string[]>;
  open: SecurityRun;
  payloads: string[];
}

export const openSecurityPage: BrowserCommand<[]> = async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'plumb-security-'));
  try {
    await copyStandaloneBundle(dir);
    cpSync(join(here, 'security'), dir, { recursive: true });
    writeFileSync(join(dir, 'themes.css'), allThemesCSS());
    mkdirSync(join(dir, 'org'));
    writeHostileSample(join(dir, 'org'));
    writeFileSync(join(dir, 'tags.json'), JSON.stringify(elementTags()));
    const browser = (ctx as unknown as { context: BrowserContext }).context.browser();
    if (!browser) throw new Error('no browser to open the security page in');
    const runPage = async (csp: string | null, query = ''): Promise<SecurityRun> => {
      const { origin, server } = await serveFolder(dir, csp);
      const context = await browser.newContext({ viewport: { width: 1280, height: 2000 } });
      const requests: string[] = [];
      const foreignRequests: string[] = [];
      context.on('request', (request) => {
        const url = request.url();
        requests.push(url.replace(origin, ''));
        if (!url.startsWith(origin + '/') && !url.startsWith('blob:') && !url.startsWith('data:')) foreignRequests.push(url);
      });
      await context.addInitScript(() => {
        const seen: string[] = ((window as unknown as { __violations: string[] }).__violations = []);
        document.addEventListener(
          'securitypolicyviolation',
          (e) => {
            const host = e.composedPath().find((n) => n instanceof Element && n.localName.startsWith('plumb-')) as Element | undefined;
            seen.push(`${e.effectiveDirective} ${host?.localName ?? (e.target as Element)?.localName ?? 'document'} ${e.blockedURI}`);
          },
          true,
        );
      });
      const page = await context.newPage();
      try {
        await page.goto(`${origin}/index.html${query}`);
        await page.waitForFunction(() => document.body.dataset.result || document.body.dataset.error, null, { timeout: 150_000 });
        const [result, error, violations] = await page.evaluate(
          () =>
            [document.body.dataset.result ?? null, document.body.dataset.error ?? null, (window as unknown as { __violations: string[] }).__violations] as const,
        );
        return { result, error, foreignRequests, requests, violations: [...violations] };
      } finally {
        await context.close();
        server.close();
      }
    };
    const csp = await runPage(SECURITY_CSP);
    // A violation raised while lit clones a template has no element on its path yet: open the page
    // once per view to say which view it comes from.
    const violationsByView: Record<string, string[]> = {};
    if (csp.violations.some((v) => v.split(' ')[1] === 'document'))
      for (const tag of elementTags().filter((t) => !['plumb-data', 'plumb-source', 'plumb-data-table', 'plumb-load-report', 'plumb-room', 'plumb-reason-dialog'].includes(t))) {
        const alone = await runPage(SECURITY_CSP, `?only=${tag}`);
        violationsByView[tag] = [...new Set(alone.violations.map((v) => v.split(' ')[0]!))];
      }
    return { csp, violationsByView, open: await runPage(null), payloads: PAYLOADS } satisfies SecurityReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
