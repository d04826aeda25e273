// Node side of the Storybook smoke test (a vitest browser command): builds the
// static Storybook into a temp folder, serves it, and opens a few of its
// pages in a fresh context of the test browser, collecting page errors.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, dirname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { BrowserCommand } from 'vitest/node';
import type { BrowserContext } from 'playwright';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

export interface StorybookPage {
  id: string;
  /** Text of the story's root (or docs page) once it settled. */
  text: string;
  errors: string[];
}

export interface StorybookSmokeReport {
  entries: { id: string; type: string; title: string }[];
  pages: StorybookPage[];
}

export const buildAndOpenStorybook: BrowserCommand<[ids: string[]]> = async (ctx, ids) => {
  const out = mkdtempSync(join(tmpdir(), 'plumb-storybook-'));
  try {
    await promisify(execFile)(
      process.execPath,
      [join(root, 'node_modules', 'storybook', 'dist', 'bin', 'dispatcher.js'), 'build', '-c', 'stories/.storybook', '-o', out, '--quiet'],
      { cwd: root, env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' }, maxBuffer: 64 << 20 },
    );
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as {
      entries: Record<string, { id: string; type: string; title: string }>;
    };
    const server = createServer((req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
      const file = join(out, path === '/' ? 'index.html' : path);
      if (!file.startsWith(out) || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = (ctx as unknown as { context: BrowserContext }).context.browser()!;
    const context = await browser.newContext();
    const pages: StorybookPage[] = [];
    try {
      for (const id of ids) {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        const docs = id.endsWith('--docs');
        await page.goto(`${origin}/iframe.html?id=${id}&viewMode=${docs ? 'docs' : 'story'}`);
        const selector = docs ? '#storybook-docs' : '#storybook-root';
        await page.waitForFunction(
          ({ selector, docs }) => {
            const el = document.querySelector(selector);
            if (!el) return false;
            const text = (el as HTMLElement).innerText;
            return docs ? /Attributes|ATTRIBUTES/.test(text) : !!el.firstElementChild;
          },
          { selector, docs },
          { timeout: 30_000 },
        );
        const text = await page.evaluate(
          (selector) => (document.querySelector(selector) as HTMLElement).innerText,
          selector,
        );
        pages.push({ id, text, errors });
        await page.close();
      }
    } finally {
      await context.close();
      server.close();
    }
    return { entries: Object.values(index.entries), pages } satisfies StorybookSmokeReport;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
};
