// Served beside plumb.js (the standalone build) with the hostile sample in
// org/ and the list of every element in tags.json. Drives what a user and an
// embedder can: every view, the demo's switches (anonymize, projector, theme,
// language), hostile attribute values and selections, every export; reports
// on <body data-result> what it saw. The Node side (security-server.ts)
// records requests and CSP violations; the test judges.
import { exportCSV, exportPNG, exportSVG, queryRows } from './plumb.js';

// Not views: the data element, its parts, the room (a layout of views) and the reason dialog (a part of the session views).
const NOT_VIEWS = new Set(['plumb-data', 'plumb-source', 'plumb-data-table', 'plumb-load-report', 'plumb-room', 'plumb-reason-dialog']);
const HOSTILE = `x'); DROP TABLE people; -- " <img src=x onerror="window.__pwned='attr'">`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function deepText(root) {
  let text = '';
  const walk = (node) => {
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) text += child.textContent;
      else walk(child);
    }
  };
  walk(root);
  return text.replace(/\s+/g, ' ');
}

/** Elements or attributes that markup from data would have made: any of them is a finding. */
function markupFindings(root) {
  const found = [];
  const walk = (node, host) => {
    for (const el of node.querySelectorAll('*')) {
      const where = `${host}>${el.localName}`;
      if (['script', 'img', 'iframe', 'object', 'embed'].includes(el.localName)) found.push(`<${el.localName}> in ${where}`);
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push(`${attr.name}= on ${where}`);
        if (/href$/i.test(attr.name) && /^\s*javascript:/i.test(attr.value)) found.push(`javascript: ${attr.name} on ${where}`);
      }
      if (el.shadowRoot) walk(el.shadowRoot, el.localName);
    }
  };
  walk(root, root === document.body ? 'body' : 'export');
  return found;
}

function busy(view) {
  const text = view.shadowRoot?.textContent ?? '';
  return !view.shadowRoot || /Loading|Querying/i.test(text);
}

async function settle(views, timeout = 20000) {
  const start = performance.now();
  await sleep(50);
  while (views.some(busy) && performance.now() - start < timeout) await sleep(100);
  await Promise.all(views.map((v) => v.updateComplete));
  await sleep(100);
}

async function exportsOf(view) {
  const out = {};
  // What the view offers (a table view exports CSV only), as its export menu does.
  const formats = view.constructor.exportFormats ?? ['csv', 'svg', 'png'];
  for (const [kind, run] of [
    ['csv', () => exportCSV(view, { download: false })],
    ['svg', () => exportSVG(view, { download: false })],
    ['png', () => exportPNG(view, { download: false })],
  ].filter(([kind]) => formats.includes(kind))) {
    try {
      const blob = await run();
      const text = kind === 'png' ? '' : await blob.text();
      let markup = [];
      if (kind === 'svg') {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        markup = markupFindings(doc.documentElement);
      }
      out[kind] = { type: blob.type, bytes: blob.size, text: text.slice(0, 20000), markup };
    } catch (error) {
      out[kind] = { error: String(error.message ?? error) };
    }
  }
  return out;
}

async function main() {
  const tags = await (await fetch('tags.json')).json();
  const files = await (await fetch('org/files.json')).json();
  const data = document.getElementById('org');
  const views = [];
  // `?only=<tag>`: that view alone (the Node side uses it to say which view a violation comes from).
  const only = new URLSearchParams(location.search).get('only');
  for (const tag of tags.filter((t) => !NOT_VIEWS.has(t) && (!only || t === only))) {
    const view = document.createElement(tag);
    data.append(view);
    views.push(view);
  }
  const table = document.createElement('plumb-data-table');
  table.caption = 'People';
  data.append(table);
  const loaded = new Promise((resolve, reject) => {
    data.addEventListener('plumb-load', resolve, { once: true });
    data.addEventListener('plumb-error', (e) => reject(new Error(e.detail.message)), { once: true });
  });
  data.src = files.map((f) => `org/${f}`).join(' ');
  await loaded;
  table.rows = await queryRows(data.source.connector, 'SELECT name, department, location FROM people ORDER BY person_id LIMIT 20');
  await settle(views);

  const steps = [];
  const record = async (name) => {
    await settle(views);
    steps.push({
      name,
      states: Object.fromEntries(views.map((v) => [v.localName, (v.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').slice(0, 300)])),
      markup: markupFindings(document.body),
    });
  };
  await record('loaded');
  // The demo's switches, one after another, on every view.
  for (const v of views) v.setAttribute('anonymize', '');
  data.setAttribute('anonymize', '');
  await record('anonymize');
  for (const v of views) v.setAttribute('projector', '');
  document.body.dataset.plumbTheme = 'projector';
  await record('projector');
  document.body.dataset.plumbTheme = 'dark';
  for (const v of views) v.removeAttribute('projector');
  await record('theme dark');
  document.documentElement.lang = 'de';
  await record('lang de');
  document.documentElement.lang = 'fr';
  await record('lang fr');
  document.documentElement.lang = 'en';
  for (const v of views) v.removeAttribute('anonymize');
  data.removeAttribute('anonymize');
  await record('switches off');

  // Hostile strings through attributes and the linked selection (they must reach SQL as values, never as SQL).
  for (const v of views) for (const attr of ['department', 'level', 'cycle', 'team-id', 'stage']) v.setAttribute(attr, HOSTILE);
  await record('hostile attributes');
  for (const v of views) for (const attr of ['department', 'level', 'cycle', 'team-id', 'stage']) v.removeAttribute(attr);
  await data.select({ kind: 'team', id: HOSTILE, filter: { team_id: HOSTILE } });
  await record('hostile selection');
  await data.select({ kind: 'department', id: HOSTILE, filter: { department: HOSTILE } });
  await record('hostile department selection');
  await data.select(null);
  await record('selection cleared');

  // The person review draws one person: the first one (whose name is a payload too).
  const [first] = await queryRows(data.source.connector, 'SELECT person_id FROM people ORDER BY person_id LIMIT 1');
  for (const view of views) if (view.localName === 'plumb-person-review') view.setAttribute('person', first.person_id);
  await Promise.all(views.map((v) => v.settled?.()));
  await record('person chosen');

  const exports = {};
  for (const view of [...views, table]) exports[view.localName] = await exportsOf(view);
  const people = await queryRows(data.source.connector, 'SELECT count(*)::INTEGER AS n FROM people');

  document.body.dataset.result = JSON.stringify({
    tags,
    views: views.map((v) => v.localName),
    steps,
    exports,
    peopleAfter: people[0]?.n,
    pwned: window.__pwned ?? null,
    finalMarkup: markupFindings(document.body),
    textSample: deepText(document.body).slice(0, 2000),
  });
}

main().catch((error) => {
  document.body.dataset.error = String(error?.stack ?? error);
});
