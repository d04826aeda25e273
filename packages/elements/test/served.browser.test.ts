// The page's elements, unchanged, over an authenticated plumb serve (issue #17): <plumb-data server>
// with a token property. An administrator's page draws every view; a manager's page draws every view
// from their subtree only — no one outside it named anywhere in the views' text or attributes.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import '../src/index.js';
import type { PlumbData } from '../src/plumb-data/plumb-data.js';
import type { PlumbView } from '../src/view/plumb-view.js';
import { shadowContent, until } from './browser-helpers.js';

interface Served {
  url: string;
  tokens: { admin: string; manager: string };
  insideNames: string[];
  outsideNames: string[];
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    startServedSample: (allowOrigin: string) => Promise<Served>;
    stopPlumbHttpServer: (url: string) => Promise<void>;
  }
}

const VIEW_TAGS = ['plumb-cascade-tree', 'plumb-confidence-burndown', 'plumb-rating-distribution', 'plumb-nine-box'];

let served: Served;
afterEach(() => document.body.replaceChildren());
afterAll(async () => {
  if (served) await commands.stopPlumbHttpServer(served.url);
});

async function page(token: string | null): Promise<{ data: PlumbData; views: PlumbView<object, unknown>[] }> {
  const data = document.createElement('plumb-data') as PlumbData;
  data.hideDiagnostics = true;
  data.setAttribute('server', served.url);
  if (token) data.token = token;
  for (const tag of VIEW_TAGS) data.append(Object.assign(document.createElement(tag), { className: 'view' }));
  document.body.append(data);
  const views = [...data.querySelectorAll<PlumbView<object, unknown>>('.view')];
  await until(() => data.status === 'error' || views.every((v) => v.status === 'ready' || v.status === 'error'), 'the page to draw');
  return { data, views };
}

describe('<plumb-data server> over an authenticated plumb serve (120-person sample, real loopback server)', () => {
  it('draws every view for an administrator, with the token only as a property', async () => {
    served = await commands.startServedSample(location.origin);
    const { data, views } = await page(served.tokens.admin);
    for (const v of views) expect(v.status, `${v.localName}: ${v.error?.message}`).toBe('ready');
    expect(data.outerHTML).not.toContain(served.tokens.admin);
    const text = views.map(shadowContent).join('\n');
    expect(served.insideNames.some((n) => text.includes(n))).toBe(true);
    // The administrator's page names people the manager's must not: the check below can fail.
    expect(served.outsideNames.some((n) => text.includes(n))).toBe(true);
  });

  it('draws nothing without a token', async () => {
    const { data } = await page(null);
    expect(data.status).toBe('error');
  });

  it("shows a manager their subtree only, in every view", async () => {
    const { views } = await page(served.tokens.manager);
    for (const v of views) expect(v.status, `${v.localName}: ${v.error?.message}`).toBe('ready');
    const text = views.map(shadowContent).join('\n');
    expect(served.outsideNames.length).toBeGreaterThan(20);
    expect(served.outsideNames.filter((n) => text.includes(n))).toEqual([]);
    expect(served.insideNames.some((n) => text.includes(n))).toBe(true);
  });
});
